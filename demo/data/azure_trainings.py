"""Event 3: the 18 Operation Azure trainings, September–October 2021, to 153 officials (42 women)
from 12 countries. The source lists none of them: each is the demo's plausible reconstruction."""

import datetime
from dataclasses import dataclass

from activities.models import Activity
from people.models import Person

from .operation_azure import (
    AZURE_COUNTRIES,
    TOPIC_CONTROLLED_DELIVERY,
    TOPIC_FORENSIC,
    TOPIC_PROFILING,
    TOPIC_RAMAN,
    TOPIC_SAFE_HANDLING,
)

D = datetime.date

# The two further training countries are the demo's choice: the source says "twelve countries
# across Africa, Latin America and the Caribbean" without naming the two beyond the operation.
AZURE_TRAINING_COUNTRIES = [*AZURE_COUNTRIES, "CV", "GT"]
AZURE_PEOPLE = {
    "BO": 14, "CO": 16, "DO": 14, "EC": 14, "PA": 13, "PY": 12,
    "PE": 16, "UY": 11, "NG": 16, "GH": 13, "CV": 7, "GT": 7,
}  # fmt: skip
AZURE_WOMEN = 42
# The officials' professions (relative weights).
AZURE_CATEGORIES = [
    (Person.Category.POLICE, 22),
    (Person.Category.INVESTIGATOR, 14),
    (Person.Category.CUSTOMS, 20),
    (Person.Category.FORENSIC, 12),
    (Person.Category.PROSECUTOR, 14),
    (Person.Category.JUDGE, 5),
    (Person.Category.ANALYST, 8),
    (Person.Category.BORDER, 5),
]
PERSON_NOTES = (
    "Synthetic record: one of the 153 officials (42 of them women) from 12 "
    "countries trained for Operation Azure in September–October 2021; the source "
    "gives only these totals."
)


@dataclass(frozen=True)
class TrainingSpec:
    key: str
    title: str
    start: datetime.date
    end: datetime.date
    venue: str
    host: str | None
    modality: str
    scope: str
    topics: list[str]
    level: str
    audience: str
    # country: how many of its people attend; None means all of them (the national training).
    attendance: dict[str, int | None]
    preferred: tuple[str, ...] = ()


def _trainings() -> list[TrainingSpec]:
    national_topics = [TOPIC_PROFILING, TOPIC_SAFE_HANDLING, TOPIC_RAMAN]
    national = [
        ("BO", "La Paz", D(2021, 9, 6)),
        ("CO", "Medellín", D(2021, 9, 6)),
        ("NG", "Lagos", D(2021, 9, 7)),
        ("DO", "Santo Domingo", D(2021, 9, 13)),
        ("EC", "Quito", D(2021, 9, 13)),
        ("PA", "Panama City", D(2021, 9, 14)),
        ("GH", "Accra", D(2021, 9, 15)),
        ("PY", "Asunción", D(2021, 9, 20)),
        ("PE", "Lima", D(2021, 9, 20)),
        ("UY", "Montevideo", D(2021, 9, 21)),
        ("CV", "Praia", D(2021, 9, 27)),
        ("GT", "Guatemala City", D(2021, 9, 28)),
    ]
    specs = [
        TrainingSpec(
            key=f"national-{iso2}",
            title=f"Operation Azure national training: profiling and safe handling of synthetic opioids "
            f"in mail and small parcels ({city})",
            start=start,
            end=start + datetime.timedelta(days=2),
            venue=city,
            host=iso2,
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.NATIONAL,
            topics=national_topics,
            level="basic",
            audience="Front-line officers at mail and courier centres, investigators, forensic experts "
            "and prosecutors",
            attendance={iso2: None},
        )
        for iso2, city, start in national
    ]
    latin_america = [iso2 for iso2 in AZURE_TRAINING_COUNTRIES if iso2 not in ("NG", "GH", "CV")]
    specs += [
        TrainingSpec(
            key="bogota",
            title="Operation Azure regional training: use of special investigative techniques – "
            "controlled deliveries (Bogotá)",
            start=D(2021, 9, 27),
            end=D(2021, 10, 1),
            venue="Bogotá",
            host="CO",
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.REGIONAL,
            topics=[TOPIC_CONTROLLED_DELIVERY],
            level="advanced",
            audience="Investigators and prosecutors of Peru, Colombia, Ecuador and Bolivia",
            attendance={"PE": 4, "CO": 4, "EC": 4, "BO": 4},
            preferred=(Person.Category.INVESTIGATOR, Person.Category.POLICE, Person.Category.PROSECUTOR),
        ),
        TrainingSpec(
            key="forensic-latam",
            title="Operation Azure online training: providing forensic evidence in synthetic opioid cases "
            "(Latin America and the Caribbean)",
            start=D(2021, 10, 4),
            end=D(2021, 10, 5),
            venue="Online",
            host=None,
            modality=Activity.Modality.ONLINE,
            scope=Activity.Scope.REGIONAL,
            topics=[TOPIC_FORENSIC],
            level="intermediate",
            audience="Prosecutors, judges and forensic experts",
            attendance=dict.fromkeys(latin_america, 2),
            preferred=(Person.Category.PROSECUTOR, Person.Category.JUDGE, Person.Category.FORENSIC),
        ),
        TrainingSpec(
            key="forensic-west-africa",
            title="Operation Azure online training: providing forensic evidence in synthetic opioid cases "
            "(West Africa)",
            start=D(2021, 10, 6),
            end=D(2021, 10, 7),
            venue="Online",
            host=None,
            modality=Activity.Modality.ONLINE,
            scope=Activity.Scope.REGIONAL,
            topics=[TOPIC_FORENSIC],
            level="intermediate",
            audience="Prosecutors, judges and forensic experts",
            attendance={"NG": 4, "GH": 4, "CV": 2},
            preferred=(Person.Category.PROSECUTOR, Person.Category.JUDGE, Person.Category.FORENSIC),
        ),
        TrainingSpec(
            key="controlled-delivery-west-africa",
            title="Operation Azure regional training: use of special investigative techniques – "
            "controlled deliveries (Abuja)",
            start=D(2021, 10, 11),
            end=D(2021, 10, 13),
            venue="Abuja",
            host="NG",
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.REGIONAL,
            topics=[TOPIC_CONTROLLED_DELIVERY],
            level="advanced",
            audience="Investigators and prosecutors of Nigeria, Ghana and Cabo Verde",
            attendance={"NG": 3, "GH": 3, "CV": 2},
            preferred=(Person.Category.INVESTIGATOR, Person.Category.POLICE, Person.Category.PROSECUTOR),
        ),
        TrainingSpec(
            key="raman-central-america",
            title="Operation Azure practical training: Raman drug-detecting devices and crime-scene kits "
            "(Panama City)",
            start=D(2021, 10, 18),
            end=D(2021, 10, 19),
            venue="Panama City",
            host="PA",
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.REGIONAL,
            topics=[TOPIC_RAMAN, TOPIC_SAFE_HANDLING],
            level="intermediate",
            audience="Front-line officers and forensic experts of Panama, the Dominican Republic and "
            "Guatemala",
            attendance={"PA": 3, "DO": 3, "GT": 3},
            preferred=(Person.Category.CUSTOMS, Person.Category.FORENSIC, Person.Category.POLICE),
        ),
        TrainingSpec(
            key="coordinators",
            title="Operation Azure online briefing for national operational coordinators: safe handling "
            "and operational procedures",
            start=D(2021, 10, 25),
            end=D(2021, 10, 25),
            venue="Online",
            host=None,
            modality=Activity.Modality.ONLINE,
            scope=Activity.Scope.INTER_REGIONAL,
            topics=[TOPIC_SAFE_HANDLING, TOPIC_PROFILING],
            level="advanced",
            audience="National operational coordinators of Operation Azure",
            attendance=dict.fromkeys(AZURE_COUNTRIES, 1),
            preferred=(Person.Category.INVESTIGATOR, Person.Category.POLICE),
        ),
    ]
    return specs


# In the order they are loaded (a participant's scores are drawn in this order).
AZURE_TRAININGS: list[TrainingSpec] = _trainings()


AZURE_MODULES = {
    TOPIC_PROFILING: "Profiling of synthetic opioids in mail and small parcels: risk indicators",
    TOPIC_SAFE_HANDLING: "Safe handling of synthetic opioids: protective equipment and exposure response",
    TOPIC_RAMAN: "Use of Raman drug-detecting devices (TruNarc) and crime-scene kits",
    TOPIC_FORENSIC: "Providing forensic evidence in synthetic opioid cases: admissibility and "
    "international standards",
    TOPIC_CONTROLLED_DELIVERY: "Use of special investigative techniques: controlled deliveries to trace "
    "and map criminal structures after a seizure",
}

AZURE_FEEDBACK = (
    "Feedback reported across the Operation Azure trainings: judicial officials commended the "
    "sharing of international standards and jurisprudence on admissible evidence in synthetic opioid "
    "cases; front-line officials and forensic experts found the trainings on profiling and safe "
    "handling extremely relevant; some had been unaware of the risks of some controlled substances "
    "or chemicals."
)

SYNTHETIC_TRAINING = (
    "Synthetic record: the source reports that between September and October 2021 CRIMJUST delivered "
    "18 trainings to some 153 officials, 42 of them women, from twelve countries across Africa, Latin "
    "America and the Caribbean, without listing the trainings. This training's title, dates, venue "
    "and participants are the demo's plausible reconstruction; the 18 add up to those totals."
)

BOGOTA_NOTE = (
    " The source confirms a training in Bogotá, during which Peru, Colombia, Ecuador and "
    "Bolivia established the operational contacts and trust to plan and carry out a "
    "separate controlled delivery across the four countries."
)
