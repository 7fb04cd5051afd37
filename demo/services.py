"""The demo data set: the programme's documented history with its figures exact.

Sources are the five public UNODC news pages in the project brief. What they state is loaded as
stated; what they give only as a total (50 workshop participants, 18 trainings to 153 officials,
125 seizures) is synthesised into records that add up to exactly that total, flagged
`is_synthetic` and saying so in their notes or description.

`demo_load` is idempotent: every record has a natural key (title and start date, reference, code
name, e-mail, username) and is looked up before it is made, so a second run writes nothing. It is
deterministic: every made-up detail comes from `random.Random` seeded per section, and is drawn
whether or not the record already exists, so a partial database is completed with the same data.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import partial
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from activities.models import Activity, ActivityLink, Organisation, Pillar, SDGTarget
from activities.services import activity_create, activity_link_create
from core.services import validated_save
from countries.models import Agency, Country
from countries.services import country_set_profile, country_sync_all
from operations.models import (
    Case,
    EquipmentHandover,
    Operation,
    Seizure,
    Substance,
    SubstanceCategory,
)
from operations.services import (
    case_create,
    equipment_handover_create,
    operation_create,
    seizure_create,
    substance_save,
)
from people.models import Participation, Person
from people.services import participation_create, person_create
from trainings.services import training_create

M = TypeVar("M", bound=models.Model)

SEED = 20170131
EMAIL_DOMAIN = "demo.crimjust.invalid"

D = datetime.date


@dataclass
class DemoSummary:
    """How many records one run created; a second run reports zero everywhere."""

    countries_written: int = 0
    country_profiles: int = 0
    organisations: int = 0
    agencies: int = 0
    pillars: int = 0
    sdg_targets: int = 0
    substances: int = 0
    activities: int = 0
    activity_links: int = 0
    people: int = 0
    participations: int = 0
    seizures: int = 0
    cases: int = 0
    equipment_handovers: int = 0
    users: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, field.name) for field in fields(self))

    def as_dict(self) -> dict[str, int]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


# --- Reference data ---------------------------------------------------------------------------

# iso2: (source, transit, destination, partner since). Partner-since is the start of the first
# activity the sources show the country taking part in: a documented lower bound, not the date
# of an agreement. Destination countries are not partners; the sources name none of them.
COUNTRY_PROFILES: dict[str, tuple[bool, bool, bool, datetime.date | None]] = {
    "CO": (True, False, False, D(2017, 1, 31)),
    "PE": (True, False, False, D(2017, 1, 31)),
    "BO": (True, False, False, D(2021, 9, 1)),
    "PA": (False, True, False, D(2017, 1, 31)),
    "DO": (False, True, False, D(2017, 1, 31)),
    "BR": (False, True, True, D(2017, 1, 31)),
    "CV": (False, True, False, D(2017, 1, 31)),
    "GH": (False, True, False, D(2017, 1, 31)),
    "GW": (False, True, False, D(2017, 1, 31)),
    "NG": (False, True, False, D(2017, 1, 31)),
    "AR": (False, True, False, D(2017, 8, 17)),
    "EC": (False, True, False, D(2017, 8, 17)),
    "PY": (False, True, False, D(2021, 9, 1)),
    "UY": (False, True, False, D(2021, 9, 1)),
    "GT": (False, True, False, D(2021, 9, 1)),
    "CR": (False, True, False, D(2022, 5, 30)),
    "SV": (False, True, False, D(2022, 5, 30)),
    "HN": (False, True, False, D(2022, 5, 30)),
    "ES": (False, False, True, None),
    "NL": (False, False, True, None),
    "BE": (False, False, True, None),
    "US": (False, False, True, None),
}

# key: (name, acronym, kind, country iso2 or None)
ORGANISATIONS: dict[str, tuple[str, str, str, str | None]] = {
    # The EU funds CRIMJUST through two successive programmes; each is the addressee of its own
    # donor reports, so each is a donor of its own.
    "EU-CRP": (
        "European Union – Cocaine Route Programme",
        "EU CRP",
        Organisation.Kind.DONOR,
        None,
    ),
    "EU-GIFP": (
        "European Union – Global Illicit Flows Programme",
        "GIFP",
        Organisation.Kind.DONOR,
        None,
    ),
    "INL": (
        "US Bureau of International Narcotics and Law Enforcement Affairs",
        "INL",
        Organisation.Kind.DONOR,
        "US",
    ),
    "UNODC-HQ": ("UNODC Headquarters, Vienna", "UNODC HQ", Organisation.Kind.UNODC_OFFICE, "AT"),
    "ROPAN": (
        "UNODC Regional Office for Central America and the Caribbean",
        "ROPAN",
        Organisation.Kind.UNODC_OFFICE,
        "PA",
    ),
    "ROSEN": (
        "UNODC Regional Office for West and Central Africa",
        "ROSEN",
        Organisation.Kind.UNODC_OFFICE,
        "SN",
    ),
    "LSS": (
        "UNODC Laboratory and Scientific Services",
        "LSS",
        Organisation.Kind.UNODC_OFFICE,
        "AT",
    ),
    "SIMCI": (
        "Integrated System for Monitoring Illicit Crops",
        "SIMCI",
        Organisation.Kind.SISTER_PROGRAMME,
        "CO",
    ),
    "INTERPOL": (
        "International Criminal Police Organization",
        "INTERPOL",
        Organisation.Kind.IMPLEMENTING_PARTNER,
        None,
    ),
    "TI": ("Transparency International", "TI", Organisation.Kind.IMPLEMENTING_PARTNER, None),
    "AIRCOP": ("Airport Communication Project", "AIRCOP", Organisation.Kind.SISTER_PROGRAMME, None),
    "CCP": (
        "UNODC-WCO Container Control Programme",
        "CCP",
        Organisation.Kind.SISTER_PROGRAMME,
        None,
    ),
    "EU-DEL-PA": (
        "Delegation of the European Union to Panama",
        "",
        Organisation.Kind.OTHER,
        "PA",
    ),
    "GOV-PA": ("Government of Panama", "", Organisation.Kind.GOVERNMENT, "PA"),
}

# key: (country iso2, name, acronym, category, named in the sources)
AGENCIES: dict[str, tuple[str, str, str, str, bool]] = {
    "CO-DIRAN": (
        "CO",
        "Dirección de Antinarcóticos de la Policía Nacional",
        "DIRAN",
        Agency.Category.ANTINARCOTICS,
        True,
    ),
    "PA-PGN": (
        "PA",
        "Procuraduría General de la Nación (Attorney General's Office)",
        "PGN",
        Agency.Category.PROSECUTION,
        True,
    ),
    "PA-DIJ": (
        "PA",
        "Dirección de Investigación Judicial de la Policía Nacional",
        "DIJ",
        Agency.Category.POLICE,
        False,
    ),
    "BO-FELCN": (
        "BO",
        "Fuerza Especial de Lucha Contra el Narcotráfico",
        "FELCN",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "DO-DNCD": (
        "DO",
        "Dirección Nacional de Control de Drogas",
        "DNCD",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "EC-DNA": (
        "EC",
        "Dirección Nacional Antinarcóticos de la Policía Nacional",
        "DNA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "PY-SENAD": ("PY", "Secretaría Nacional Antidrogas", "SENAD", Agency.Category.ANTINARCOTICS, False),
    "PE-DIRANDRO": (
        "PE",
        "Dirección Antidrogas de la Policía Nacional del Perú",
        "DIRANDRO",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "UY-DGRTID": (
        "UY",
        "Dirección General de Represión al Tráfico Ilícito de Drogas",
        "DGRTID",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "NG-NDLEA": (
        "NG",
        "National Drug Law Enforcement Agency",
        "NDLEA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "GH-NACOC": ("GH", "Narcotics Control Commission", "NACOC", Agency.Category.ANTINARCOTICS, False),
    "CV-PJ": ("CV", "Polícia Judiciária", "PJ", Agency.Category.POLICE, False),
    "GW-PJ": ("GW", "Polícia Judiciária", "PJ", Agency.Category.POLICE, False),
    "BR-PF": ("BR", "Polícia Federal", "PF", Agency.Category.POLICE, False),
    "GT-SGAIA": (
        "GT",
        "Subdirección General de Análisis e Información Antinarcótica de la Policía Nacional Civil",
        "SGAIA",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "HN-DLCN": (
        "HN",
        "Dirección de Lucha Contra el Narcotráfico",
        "DLCN",
        Agency.Category.ANTINARCOTICS,
        False,
    ),
    "CO-FGN": ("CO", "Fiscalía General de la Nación", "FGN", Agency.Category.PROSECUTION, False),
    "PE-MP": (
        "PE",
        "Ministerio Público – Fiscalía de la Nación",
        "MP-FN",
        Agency.Category.PROSECUTION,
        False,
    ),
    "DO-PGR": ("DO", "Procuraduría General de la República", "PGR", Agency.Category.PROSECUTION, False),
    "EC-FGE": ("EC", "Fiscalía General del Estado", "FGE", Agency.Category.PROSECUTION, False),
}

# The country's anti-drug (or judicial) police, and its prosecution service where one is loaded.
LEAD_AGENCY = {
    "CO": "CO-DIRAN",
    "PA": "PA-DIJ",
    "BO": "BO-FELCN",
    "DO": "DO-DNCD",
    "EC": "EC-DNA",
    "PY": "PY-SENAD",
    "PE": "PE-DIRANDRO",
    "UY": "UY-DGRTID",
    "NG": "NG-NDLEA",
    "GH": "GH-NACOC",
    "CV": "CV-PJ",
    "GW": "GW-PJ",
    "BR": "BR-PF",
    "GT": "GT-SGAIA",
    "HN": "HN-DLCN",
}
PROSECUTION_AGENCY = {"CO": "CO-FGN", "PA": "PA-PGN", "PE": "PE-MP", "DO": "DO-PGR", "EC": "EC-FGE"}

# number: (name, description as the programme page words it)
PILLARS = {
    1: (
        "Investigative capacities",
        "Enhancing capacities of law enforcement and judicial agencies to undertake investigations "
        "of transnational drug trafficking cases targeting the organized crime groups carrying out "
        "this criminal activity.",
    ),
    2: (
        "International cooperation",
        "Bolstering international cooperation to promote complementary and effective regional "
        "counter-narcotic strategies.",
    ),
    3: (
        "Institutional integrity",
        "Strengthening institutional integrity to implement anti-corruption measures as well as fair "
        "and transparent internal procedures.",
    ),
    4: (
        "Strategic knowledge",
        "Providing regional and global strategic knowledge of drug production, trafficking and "
        "related organized crime to facilitate evidence-based policymaking.",
    ),
}

# The official wording of the targets (United Nations, A/RES/70/1).
SDG_TARGETS = {
    "3.5": "Strengthen the prevention and treatment of substance abuse, including narcotic drug abuse "
    "and harmful use of alcohol",
    "16.4": "By 2030, significantly reduce illicit financial and arms flows, strengthen the recovery "
    "and return of stolen assets and combat all forms of organized crime",
    "16.5": "Substantially reduce corruption and bribery in all their forms",
    "16.6": "Develop effective, accountable and transparent institutions at all levels",
    "16.a": "Strengthen relevant national institutions, including through international cooperation, "
    "for building capacity at all levels, in particular in developing countries, to prevent "
    "violence and combat terrorism and crime",
    "17.17": "Encourage and promote effective public, public-private and civil society partnerships, "
    "building on the experience and resourcing strategies of partnerships",
}

# category: [(name, synonyms, density kg/l, mass per tablet g)]. A conversion is given only where
# a reference value exists: the densities of pure liquid precursors (at 20 °C), and the typical
# MDMA tablet weight of the US Sentencing Commission's "typical weight per unit" table (250 mg).
# Tramadol tablets range from 50 to 250 mg of active ingredient with no standard tablet weight,
# so tramadol counted in tablets stays unconverted rather than guessed.
SUBSTANCES: dict[str, tuple[str, list[tuple[str, list[str], str | None, str | None]]]] = {
    "Cocaine": (
        "Coca-derived substances, from leaf to hydrochloride.",
        [
            ("Cocaine hydrochloride", ["cocaine HCl", "coke", "cocaine salt"], None, None),
            (
                "Cocaine base and paste",
                ["cocaine base", "coca paste", "pasta básica de cocaína", "PBC", "crack"],
                None,
                None,
            ),
            ("Coca leaf", ["hoja de coca"], None, None),
        ],
    ),
    "Cannabis": (
        "Cannabis herb and resin.",
        [
            ("Cannabis herb", ["marijuana", "marihuana", "ganja"], None, None),
            ("Cannabis resin", ["hashish", "hash"], None, None),
        ],
    ),
    "Opioids": (
        "Natural, semi-synthetic and synthetic opioids.",
        [
            ("Heroin", ["diacetylmorphine"], None, None),
            ("Fentanyl and analogues", ["fentanyl", "carfentanil", "fentanyl analogues"], None, None),
            ("Tramadol", ["tramadol hydrochloride"], None, None),
            ("Other synthetic opioids", ["nitazenes", "isotonitazene", "U-47700"], None, None),
        ],
    ),
    "Amphetamine-type stimulants": (
        "Amphetamine, methamphetamine and ecstasy-group substances.",
        [
            ("Methamphetamine", ["meth", "crystal meth", "ice", "shabu"], None, None),
            ("MDMA", ["ecstasy", "XTC"], None, "0.25"),
            ("Amphetamine", ["speed"], None, None),
        ],
    ),
    "New psychoactive substances": (
        "Substances not controlled by the international conventions when first seen on the market.",
        [
            ("Synthetic cannabinoids", ["spice", "K2"], None, None),
            ("Synthetic cathinones", ["bath salts"], None, None),
            ("Other new psychoactive substances", ["NPS"], None, None),
        ],
    ),
    "Precursor chemicals": (
        "Chemicals frequently used in illicit drug manufacture (1988 Convention, Tables I and II).",
        [
            ("Potassium permanganate", ["KMnO4"], None, None),
            ("Acetic anhydride", ["ethanoic anhydride"], "1.082", None),
            ("Acetone", ["propan-2-one"], "0.791", None),
            ("Ephedrine", [], None, None),
            ("Pseudoephedrine", [], None, None),
            ("N-phenethyl-4-piperidone", ["NPP"], None, None),
            ("4-anilino-N-phenethylpiperidine", ["4-ANPP", "ANPP"], None, None),
        ],
    ),
}

# --- Synthetic names --------------------------------------------------------------------------

_SPANISH = (
    [
        "María", "Ana", "Lucía", "Carmen", "Gabriela", "Patricia", "Rosa", "Daniela", "Verónica",
        "Claudia", "Paola", "Andrea", "Lorena", "Mariela", "Silvia", "Natalia", "Carolina", "Sofía",
    ],
    [
        "José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "Andrés", "Diego", "Fernando",
        "Ricardo", "Javier", "Óscar", "Raúl", "Sergio", "Víctor", "Héctor", "Pablo", "Manuel",
        "Roberto", "Eduardo", "Alejandro", "Marco", "Julio", "Hugo",
    ],
    [
        "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
        "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Vargas", "Castro", "Romero", "Herrera",
        "Medina", "Aguilar", "Rojas", "Morales", "Ortiz", "Mendoza", "Quispe", "Mamani", "Chávez",
        "Ríos", "Vega", "Cruz", "Reyes", "Guzmán", "Salazar", "Paredes", "Benítez", "Acosta",
        "Núñez", "Cabrera", "Villalba", "Suárez", "Espinoza",
    ],
)  # fmt: skip
_PORTUGUESE = (
    ["Ana", "Maria", "Fernanda", "Juliana", "Patrícia", "Carla", "Beatriz", "Luísa", "Mariana", "Rita"],
    [
        "João", "Carlos", "Paulo", "António", "José", "Pedro", "Rui", "Marcelo", "Ricardo",
        "Eduardo", "Bruno", "Nuno", "Sérgio", "Domingos", "Armando", "Mamadu",
    ],
    [
        "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Ferreira", "Almeida", "Gomes", "Lopes",
        "Tavares", "Monteiro", "Fernandes", "Cardoso", "Semedo", "Mendes", "Fortes", "Barbosa",
        "Correia", "Baldé", "Embaló", "Sanhá", "Djaló",
    ],
)  # fmt: skip
_NIGERIAN = (
    ["Ngozi", "Aisha", "Funmilayo", "Chiamaka", "Adaeze", "Halima", "Yetunde", "Bukola", "Zainab", "Amina"],
    [
        "Chukwuemeka", "Oluwaseun", "Ibrahim", "Abubakar", "Emeka", "Babatunde", "Musa", "Tunde",
        "Chinedu", "Yusuf", "Segun", "Ifeanyi", "Aliyu", "Obinna",
    ],
    [
        "Okafor", "Adeyemi", "Bello", "Eze", "Ogunleye", "Abdullahi", "Nwosu", "Adebayo", "Usman",
        "Okonkwo", "Balogun", "Mohammed", "Olawale", "Ibekwe", "Danjuma", "Akinola",
    ],
)  # fmt: skip
_GHANAIAN = (
    ["Akosua", "Abena", "Ama", "Efua", "Adwoa", "Yaa", "Esi", "Afua", "Gifty", "Mercy", "Comfort"],
    ["Kwame", "Kofi", "Kwabena", "Yaw", "Kwaku", "Kojo", "Emmanuel", "Samuel", "Ebenezer", "Isaac"],
    [
        "Mensah", "Owusu", "Boateng", "Asante", "Osei", "Agyeman", "Appiah", "Ansah", "Darko",
        "Addo", "Amoah", "Quaye", "Tetteh", "Ofori", "Sarpong", "Acheampong",
    ],
)  # fmt: skip
_NAMES_BY_COUNTRY = {
    "BR": _PORTUGUESE,
    "CV": _PORTUGUESE,
    "GW": _PORTUGUESE,
    "NG": _NIGERIAN,
    "GH": _GHANAIAN,
}
_TWO_SURNAMES = {"AR", "BO", "CO", "CR", "DO", "EC", "GT", "HN", "PA", "PE", "PY", "SV", "UY"}

_JOB_TITLES = {
    Person.Category.POLICE: "Police officer",
    Person.Category.INVESTIGATOR: "Criminal investigator, anti-narcotics unit",
    Person.Category.CUSTOMS: "Customs officer, postal and courier control",
    Person.Category.FORENSIC: "Forensic chemist",
    Person.Category.PROSECUTOR: "Public prosecutor, drug trafficking unit",
    Person.Category.JUDGE: "Judge, criminal court",
    Person.Category.ANALYST: "Intelligence analyst",
    Person.Category.BORDER: "Border control officer",
}

# --- The events -------------------------------------------------------------------------------

WORKSHOP_TITLE = (
    "Institutional Integrity: A key building block in strengthening criminal investigation and "
    "cooperation along the Cocaine Route"
)
WORKSHOP_PEOPLE = {"PA": 10, "CO": 6, "PE": 5, "BR": 5, "DO": 5, "NG": 5, "GH": 5, "CV": 4, "GW": 5}
BRIEFING_TITLE = (
    "CRIMJUST meets with the Permanent Missions of Latin America and the Caribbean to brief about "
    "project's activities and promote cooperation"
)
BRIEFING_COUNTRIES = ["AR", "BR", "CO", "EC", "DO", "PA"]

AZURE_COUNTRIES = ["BO", "CO", "DO", "EC", "PA", "PY", "PE", "UY", "NG", "GH"]
# The two further training countries are the demo's choice: the source says "twelve countries
# across Africa, Latin America and the Caribbean" without naming the two beyond the operation.
AZURE_TRAINING_COUNTRIES = [*AZURE_COUNTRIES, "CV", "GT"]
AZURE_PEOPLE = {
    "BO": 14, "CO": 16, "DO": 14, "EC": 14, "PA": 13, "PY": 12,
    "PE": 16, "UY": 11, "NG": 16, "GH": 13, "CV": 7, "GT": 7,
}  # fmt: skip
AZURE_WOMEN = 42
AZURE_SEIZURES = {
    "NG": 20,
    "PE": 16,
    "DO": 15,
    "CO": 14,
    "EC": 12,
    "PA": 12,
    "GH": 10,
    "PY": 9,
    "UY": 9,
    "BO": 8,
}
AZURE_CODE_NAME = "Azure"
AZURE_START, AZURE_END = D(2021, 10, 1), D(2021, 11, 30)
AZURE_PHASES = [
    {"name": "Phase 1 – October 2021", "start_date": D(2021, 10, 1), "end_date": D(2021, 10, 31)},
    {"name": "Phase 2 – November 2021", "start_date": D(2021, 11, 1), "end_date": D(2021, 11, 30)},
]
# Nine operational coordinators came to the debrief; the source does not say which country did
# not, so the demo leaves one out and says so.
DEBRIEF_ABSENT = "UY"

TOPIC_PROFILING = "Profiling of synthetic opioids in mail and small parcels"
TOPIC_FORENSIC = "Providing forensic evidence in synthetic opioid cases"
TOPIC_SAFE_HANDLING = "Safe handling of synthetic opioids"
TOPIC_RAMAN = "Use of Raman drug-detecting devices and crime-scene kits"
TOPIC_CONTROLLED_DELIVERY = "Special investigative techniques: controlled deliveries"

CITIES = {
    "BO": ["La Paz", "Santa Cruz de la Sierra"],
    "CO": ["Bogotá", "Medellín"],
    "DO": ["Santo Domingo"],
    "EC": ["Quito", "Guayaquil"],
    "PA": ["Panama City"],
    "PY": ["Asunción"],
    "PE": ["Lima"],
    "UY": ["Montevideo"],
    "NG": ["Lagos", "Abuja"],
    "GH": ["Accra"],
}

COCAINE_TRAINING_TITLE = (
    "Technical Training for Institutional Strengthening in relation to the Production and Trafficking "
    "of Cocaine"
)
CASE_FORUM_TITLE = "Regional Investigative Case Forum"
COCAINE_2022_COUNTRIES = ["PE", "BO", "AR", "EC", "PA", "DO", "GT", "SV", "HN", "CR"]

CONTROLLED_DELIVERY_CODE_NAME = "Controlled delivery PE–CO–EC–BO (2021)"
CONTROLLED_DELIVERY_COUNTRIES = ["PE", "CO", "EC", "BO"]


@dataclass(frozen=True)
class _TrainingSpec:
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


def _azure_trainings() -> list[_TrainingSpec]:
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
        _TrainingSpec(
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
        _TrainingSpec(
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
        _TrainingSpec(
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
        _TrainingSpec(
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
        _TrainingSpec(
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
        _TrainingSpec(
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
        _TrainingSpec(
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


# --- The loader -------------------------------------------------------------------------------


class _Loader:
    def __init__(self, *, password: str):
        self.password = password
        self.summary = DemoSummary()
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, Organisation] = {}
        self.agencies: dict[str, Agency] = {}
        self.pillars: dict[int, Pillar] = {}
        self.sdgs: dict[str, SDGTarget] = {}
        self.substances: dict[str, Substance] = {}
        self.people: dict[str, Person] = {}
        self.participations: set[tuple[int, int]] = set()

    # -- helpers --

    def _first_or_create(self, queryset: models.QuerySet, create: Callable[[], M], counter: str) -> M:
        """The record the natural key finds, or a new one made through its service."""
        existing = queryset.first()
        if existing is not None:
            return existing
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        return create()

    def country(self, iso2: str) -> Country:
        return self.countries[iso2]

    def many(self, iso2s: Iterable[str]) -> list[Country]:
        return [self.countries[iso2] for iso2 in iso2s]

    def activity(self, *, kind: str, title: str, start_date: datetime.date, create: Callable[[], Activity]):
        return self._first_or_create(
            Activity.objects.filter(kind=kind, title=title, start_date=start_date), create, "activities"
        )

    def link(self, from_activity: Activity, to_activity: Activity, relation: str, note: str = "") -> None:
        self._first_or_create(
            ActivityLink.objects.filter(
                from_activity=from_activity, to_activity=to_activity, relation=relation
            ),
            lambda: activity_link_create(
                from_activity=from_activity, to_activity=to_activity, relation=relation, note=note
            ),
            "activity_links",
        )

    def person(
        self,
        *,
        number: int,
        country: str,
        gender: str,
        category: str,
        rng: random.Random,
        notes: str,
        job_title: str = "",
    ) -> Person:
        """Draw a synthetic person's name (always, to keep the sequence stable) and make them if new."""
        female, male, surnames = _NAMES_BY_COUNTRY.get(country, _SPANISH)
        first_name = rng.choice(female if gender == Person.Gender.FEMALE else male)
        last_name = rng.choice(surnames)
        if country in _TWO_SURNAMES:
            last_name = f"{last_name} {rng.choice([name for name in surnames if name != last_name])}"
        email = f"p{number:04d}@{EMAIL_DOMAIN}"
        if email in self.people:
            return self.people[email]
        if category == Person.Category.PROSECUTOR:
            agency_key = PROSECUTION_AGENCY.get(country)
        elif category in (Person.Category.JUDGE, Person.Category.CUSTOMS, Person.Category.BORDER):
            agency_key = None
        else:
            agency_key = LEAD_AGENCY.get(country)
        person = person_create(
            first_name=first_name,
            last_name=last_name,
            country=self.country(country),
            professional_category=category,
            gender=gender,
            agency=self.agencies[agency_key] if agency_key else None,
            job_title=job_title or _JOB_TITLES.get(category, ""),
            email=email,
            notes=notes,
            is_synthetic=True,
        )
        self.people[email] = person
        self.summary.people += 1
        return person

    def attend(self, person: Person, activity: Activity, **fields) -> None:
        if (person.pk, activity.pk) in self.participations:
            return
        participation_create(person=person, activity=activity, is_synthetic=True, **fields)
        self.participations.add((person.pk, activity.pk))
        self.summary.participations += 1

    def seizure(self, *, reference: str, **fields) -> Seizure:
        return self._first_or_create(
            Seizure.objects.filter(reference=reference),
            lambda: seizure_create(reference=reference, **fields),
            "seizures",
        )

    def case(self, *, reference: str, **fields) -> Case:
        return self._first_or_create(
            Case.objects.filter(reference=reference),
            lambda: case_create(reference=reference, **fields),
            "cases",
        )

    # -- reference data --

    def load_reference_data(self) -> None:
        self.summary.countries_written = country_sync_all()
        self.countries = Country.objects.in_bulk(field_name="iso2")
        for iso2, (source, transit, destination, since) in COUNTRY_PROFILES.items():
            country = self.countries[iso2]
            wanted = {
                "is_source": source,
                "is_transit": transit,
                "is_destination": destination,
                "is_partner": since is not None,
                "partner_since": since,
            }
            # Only a country nobody has profiled yet: staff's own judgement is never overwritten.
            unprofiled = not any(getattr(country, field) for field in wanted)
            if unprofiled and any(getattr(country, field) != value for field, value in wanted.items()):
                country_set_profile(country=country, **wanted)
                self.summary.country_profiles += 1

        for key, (name, acronym, kind, iso2) in ORGANISATIONS.items():
            self.organisations[key] = self._first_or_create(
                Organisation.objects.filter(name=name),
                partial(
                    validated_save,
                    Organisation(name=name, acronym=acronym, kind=kind, country=self.countries.get(iso2)),
                ),
                "organisations",
            )

        for key, (iso2, name, acronym, category, _named) in AGENCIES.items():
            self.agencies[key] = self._first_or_create(
                Agency.objects.filter(country=self.countries[iso2], name=name),
                partial(
                    validated_save,
                    Agency(country=self.countries[iso2], name=name, acronym=acronym, category=category),
                ),
                "agencies",
            )

        for number, (name, description) in PILLARS.items():
            self.pillars[number] = self._first_or_create(
                Pillar.objects.filter(number=number),
                partial(validated_save, Pillar(number=number, name=name, description=description)),
                "pillars",
            )

        for code, description in SDG_TARGETS.items():
            self.sdgs[code] = self._first_or_create(
                SDGTarget.objects.filter(code=code),
                partial(validated_save, SDGTarget(code=code, description=description)),
                "sdg_targets",
            )

        for category_name, (category_description, substances) in SUBSTANCES.items():
            category = SubstanceCategory.objects.filter(name=category_name).first()
            if category is None:
                category = validated_save(
                    SubstanceCategory(name=category_name, description=category_description)
                )
            for name, synonyms, density, unit_mass in substances:
                self.substances[name] = self._first_or_create(
                    Substance.objects.filter(name=name),
                    partial(
                        substance_save,
                        substance=Substance(
                            category=category,
                            name=name,
                            synonyms=synonyms,
                            density_kg_per_l=Decimal(density) if density else None,
                            unit_mass_g=Decimal(unit_mass) if unit_mass else None,
                        ),
                    ),
                    "substances",
                )

        self.people = {person.email: person for person in Person.objects.filter(email__endswith=EMAIL_DOMAIN)}
        self.participations = set(
            Participation.objects.filter(person__email__endswith=EMAIL_DOMAIN).values_list(
                "person_id", "activity_id"
            )
        )

    # -- 1. the 2017 institutional integrity workshop --

    def load_workshop_2017(self) -> Activity:
        orgs = self.organisations
        workshop = self.activity(
            kind=Activity.Kind.WORKSHOP,
            title=WORKSHOP_TITLE,
            start_date=D(2017, 1, 31),
            create=lambda: activity_create(
                kind=Activity.Kind.WORKSHOP,
                title=WORKSHOP_TITLE,
                start_date=D(2017, 1, 31),
                end_date=D(2017, 2, 1),
                status=Activity.Status.COMPLETED,
                venue="Panama City",
                host_country=self.country("PA"),
                modality=Activity.Modality.IN_PERSON,
                scope=Activity.Scope.INTER_REGIONAL,
                countries=self.many(WORKSHOP_PEOPLE),
                pillars=[self.pillars[3]],
                sdg_targets=[self.sdgs["16.5"], self.sdgs["16.6"], self.sdgs["16.a"]],
                donors=[orgs["EU-CRP"]],
                partners=[orgs["UNODC-HQ"], orgs["ROSEN"], orgs["EU-DEL-PA"], orgs["GOV-PA"]],
                lead_office=orgs["ROPAN"],
                topics=[
                    "Vulnerabilities of anti-drug units to corruption",
                    "Selection, training and vetting of staff in anti-drug units",
                    "Case management, processes and SOPs through an anti-corruption lens",
                    "Codes of conduct",
                    "Reporting mechanisms",
                    "Internal and external oversight mechanisms",
                    "Disciplinary measures",
                ],
                reported_participants=50,
                description=(
                    "Inter-regional kick-off workshop on the institutional integrity of law enforcement "
                    "units dealing with drug-related organised crime, the first of a series of workshops "
                    "scheduled until 2020 under CRIMJUST. Organised by ROPAN with experts from UNODC "
                    "headquarters and ROSEN, with the support of the European Union Delegation and the "
                    "Government of Panama. Opened by the General Secretary of the Attorney General's "
                    "Office of Panama, the Chargé d'Affaires of the EU Delegation, the Sub-secretary of "
                    "the National Security Council and the UNODC Regional Representative for Central "
                    "America and the Caribbean. 50 participants from 9 countries: police officers, "
                    "intelligence analysts, front-line officers at airports (AIRCOP) and seaports (CCP), "
                    "public prosecutors and border control officers. The 50 participants registered "
                    "here are synthetic records: the source gives only their number, countries and "
                    "professions."
                ),
                outcomes=(
                    "Participants agreed that an array of measures is needed to strengthen integrity "
                    "and accountability, discussed their strengths and weaknesses, shared experience "
                    "and remaining challenges. An outcome document was adopted in the last session: on "
                    "its basis CRIMJUST will assist participating States at national level to improve "
                    "their anti-corruption measures and to seek input from external stakeholders, in "
                    "particular civil society organisations. Panama reported that in 2016 it seized "
                    "nearly 60% more drugs than in 2014, cocaine being 90% of the total."
                ),
            ),
        )
        rng = random.Random(f"{SEED}-workshop-2017")
        professions = [
            (Person.Category.POLICE, "Police officer", 14),
            (Person.Category.ANALYST, "Intelligence analyst", 8),
            (Person.Category.POLICE, "Officer, Joint Airport Interdiction Task Force (AIRCOP)", 8),
            (Person.Category.CUSTOMS, "Officer, Port Control Unit (CCP)", 7),
            (Person.Category.PROSECUTOR, "Public prosecutor", 8),
            (Person.Category.BORDER, "Border control officer", 5),
        ]
        categories = [entry for entry in professions for _ in range(entry[2])]
        rng.shuffle(categories)
        number = 154
        for iso2, count in WORKSHOP_PEOPLE.items():
            for _ in range(count):
                category, job_title, _weight = categories.pop()
                gender = Person.Gender.FEMALE if rng.random() < 0.25 else Person.Gender.MALE
                person = self.person(
                    number=number,
                    country=iso2,
                    gender=gender,
                    category=category,
                    rng=rng,
                    notes="Synthetic record: one of the 50 participants from 9 countries of the "
                    "institutional integrity workshop, Panama City, 31 January – 1 February 2017; "
                    "the source gives only the total, the countries and the professions.",
                    job_title=job_title,
                )
                self.attend(person, workshop, days_attended=2)
                number += 1
        return workshop

    # -- 2. briefings to the permanent missions, Vienna 2017 --

    def load_briefings_2017(self) -> Activity:
        return self.activity(
            kind=Activity.Kind.MEETING,
            title=BRIEFING_TITLE,
            start_date=D(2017, 8, 17),
            create=lambda: activity_create(
                kind=Activity.Kind.MEETING,
                title=BRIEFING_TITLE,
                start_date=D(2017, 8, 17),
                end_date=D(2017, 8, 25),
                status=Activity.Status.COMPLETED,
                # No host country: a host always takes part in its activities, and Austria did not
                # take part in these bilateral meetings at UNODC headquarters.
                venue="Vienna (UNODC headquarters)",
                modality=Activity.Modality.IN_PERSON,
                scope=Activity.Scope.REGIONAL,
                countries=self.many(BRIEFING_COUNTRIES),
                pillars=[self.pillars[2]],
                sdg_targets=[self.sdgs["16.a"], self.sdgs["17.17"]],
                donors=[self.organisations["EU-CRP"]],
                lead_office=self.organisations["UNODC-HQ"],
                topics=["Programme briefing", "National and regional priorities"],
                description=(
                    "Bilateral meetings with the permanent missions of Argentina, Brazil, Colombia, "
                    "Ecuador, the Dominican Republic and Panama to the United Nations in Vienna, to brief "
                    "them on the activities completed and implemented within the last year and to explore "
                    "future avenues of cooperation aligned with national and regional priorities. "
                    "CRIMJUST introduced the project to the Permanent Representative of the Dominican "
                    "Republic. By then over 35 capacity-building activities had been carried out."
                ),
                outcomes=(
                    "National strategies and regional needs were analysed and discussed to keep the "
                    "technical assistance demand-driven; the missions responded positively and showed "
                    "high interest in future cooperation."
                ),
            ),
        )

    # -- 3. the Operation Azure trainings, September–October 2021 --

    def azure_people(self) -> dict[str, list[Person]]:
        rng = random.Random(f"{SEED}-azure-people")
        total = sum(AZURE_PEOPLE.values())
        women = set(rng.sample(range(total), AZURE_WOMEN))
        weighted = [
            (Person.Category.POLICE, 22),
            (Person.Category.INVESTIGATOR, 14),
            (Person.Category.CUSTOMS, 20),
            (Person.Category.FORENSIC, 12),
            (Person.Category.PROSECUTOR, 14),
            (Person.Category.JUDGE, 5),
            (Person.Category.ANALYST, 8),
            (Person.Category.BORDER, 5),
        ]
        people: dict[str, list[Person]] = {}
        number = 1
        for iso2, count in AZURE_PEOPLE.items():
            for _ in range(count):
                category = rng.choices([c for c, _w in weighted], weights=[w for _c, w in weighted])[0]
                gender = Person.Gender.FEMALE if number - 1 in women else Person.Gender.MALE
                people.setdefault(iso2, []).append(
                    self.person(
                        number=number,
                        country=iso2,
                        gender=gender,
                        category=category,
                        rng=rng,
                        notes="Synthetic record: one of the 153 officials (42 of them women) from 12 "
                        "countries trained for Operation Azure in September–October 2021; the source "
                        "gives only these totals.",
                    )
                )
                number += 1
        return people

    def load_azure_trainings(self) -> tuple[dict[str, Activity], dict[str, list[Person]]]:
        orgs = self.organisations
        people = self.azure_people()
        rng = random.Random(f"{SEED}-azure-trainings")
        trainings: dict[str, Activity] = {}
        attendees: dict[str, list[Person]] = {}
        for spec in _azure_trainings():
            countries = list(spec.attendance)
            partners = (
                [orgs["LSS"]] if set(spec.topics) & {TOPIC_RAMAN, TOPIC_SAFE_HANDLING, TOPIC_FORENSIC} else []
            )
            description = SYNTHETIC_TRAINING
            if spec.key == "bogota":
                description += (
                    " The source confirms a training in Bogotá, during which Peru, Colombia, Ecuador and "
                    "Bolivia established the operational contacts and trust to plan and carry out a "
                    "separate controlled delivery across the four countries."
                )
            evaluation = Decimal(rng.randint(41, 48)) / 10
            trainings[spec.key] = self.activity(
                kind=Activity.Kind.TRAINING,
                title=spec.title,
                start_date=spec.start,
                create=partial(
                    _training_activity,
                    title=spec.title,
                    start_date=spec.start,
                    end_date=spec.end,
                    modules=[AZURE_MODULES[topic] for topic in spec.topics],
                    level=spec.level,
                    target_audience=spec.audience,
                    hours=7 * ((spec.end - spec.start).days + 1),
                    evaluation_score=evaluation,
                    evaluation_summary=AZURE_FEEDBACK,
                    status=Activity.Status.COMPLETED,
                    venue=spec.venue,
                    host_country=self.country(spec.host) if spec.host else None,
                    modality=spec.modality,
                    scope=spec.scope,
                    countries=self.many(countries),
                    pillars=[self.pillars[1], self.pillars[2]]
                    if TOPIC_CONTROLLED_DELIVERY in spec.topics
                    else [self.pillars[1]],
                    sdg_targets=[self.sdgs["16.4"], self.sdgs["16.a"], self.sdgs["3.5"]],
                    donors=[orgs["INL"], orgs["EU-GIFP"]],
                    partners=partners,
                    lead_office=orgs["UNODC-HQ"],
                    topics=spec.topics,
                    description=description,
                    is_synthetic=True,
                ),
            )
            activity = trainings[spec.key]
            duration = activity.duration_days
            attendees[spec.key] = []
            for iso2, count in spec.attendance.items():
                pool = people[iso2]
                if count is not None:
                    order = {
                        person.pk: (person.professional_category not in spec.preferred, rng.random())
                        for person in pool
                    }
                    pool = sorted(pool, key=lambda person: order[person.pk])[:count]
                for person in pool:
                    pre = Decimal(rng.randint(60, 140)) / 2
                    post = min(Decimal(100), pre + Decimal(rng.randint(16, 70)) / 2)
                    days = duration - 1 if duration > 1 and rng.random() < 0.08 else duration
                    self.attend(
                        person, activity, days_attended=days, pre_test_score=pre, post_test_score=post
                    )
                    attendees[spec.key].append(person)
        return trainings, attendees

    # -- 4. Operation Azure and its 125 seizures --

    def load_operation_azure(self) -> Operation:
        orgs = self.organisations
        existing = Operation.objects.filter(code_name=AZURE_CODE_NAME).first()
        if existing is not None:
            return existing
        self.summary.activities += 1
        named = [self.agencies[LEAD_AGENCY[iso2]] for iso2 in AZURE_COUNTRIES]
        return operation_create(
            code_name=AZURE_CODE_NAME,
            title="Operation Azure",
            start_date=AZURE_START,
            end_date=AZURE_END,
            target="Synthetic opioids trafficked in mail and courier parcels, at mail and courier "
            "centres in 10 countries across Africa, Latin America and the Caribbean.",
            phases=AZURE_PHASES,
            participants=[
                (self.country(iso2), agency) for iso2, agency in zip(AZURE_COUNTRIES, named, strict=True)
            ],
            coordinating_office=orgs["UNODC-HQ"],
            equipment_provided="TruNarc handheld Raman field drug-testing devices and crime-scene kits, "
            "provided to each of the 10 countries (quantities not published).",
            follow_up="Following seizures, officials in Nigeria and in Peru reached out to counterparts in "
            "other countries to carry out cross-border controlled deliveries and disrupt the networks "
            "responsible. Peru, Colombia, Ecuador and Bolivia, in contact since the Bogotá training, "
            "carried out a separate controlled delivery across the four countries.",
            status=Activity.Status.COMPLETED,
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.INTER_REGIONAL,
            pillars=[self.pillars[1], self.pillars[2]],
            sdg_targets=[self.sdgs["16.4"], self.sdgs["16.a"], self.sdgs["3.5"]],
            donors=[orgs["INL"], orgs["EU-GIFP"]],
            partners=[orgs["LSS"]],
            lead_office=orgs["UNODC-HQ"],
            topics=["Synthetic opioids", "Mail and courier parcels", TOPIC_PROFILING, TOPIC_RAMAN],
            description=(
                "Coordinated by UNODC under the CRIMJUST Global Programme as part of the UNODC Opioid "
                "Strategy, Operation Azure targeted synthetic opioids trafficked in mail and courier "
                "parcels over two phases of operational activity, in October and November 2021, "
                "simultaneously in Bolivia, Colombia, the Dominican Republic, Ecuador, Panama, Paraguay, "
                "Peru, Uruguay, Nigeria and Ghana. Officers physically searched parcels profiled as at "
                "risk at mail and courier centres, using the Raman field-testing devices provided and "
                "the skills from the CRIMJUST and UNODC Laboratory and Scientific Services trainings. "
                "The source does not name the national coordinating agencies: the demo records each "
                "country's anti-drug police or agency as a plausible assumption."
            ),
            outcomes=(
                "125 illicit drug seizures. Following seizures, officials in Nigeria and Peru reached out "
                "to counterparts abroad for cross-border controlled deliveries. The operation enhanced "
                "criminal justice cooperation between participating countries to coordinate future joint "
                "operations. The seizure records are synthetic: the source gives only their total."
            ),
        )

    def azure_seizure_specs(self) -> list[dict]:
        rng = random.Random(f"{SEED}-azure-seizures")
        west_africa = {
            "Tramadol": 50,
            "Other synthetic opioids": 10,
            "Fentanyl and analogues": 6,
            "Cannabis herb": 16,
            "Cocaine hydrochloride": 8,
            "Methamphetamine": 10,
        }
        latin_america = {
            "Tramadol": 20,
            "Fentanyl and analogues": 18,
            "Other synthetic opioids": 16,
            "Cocaine hydrochloride": 20,
            "Cannabis herb": 8,
            "MDMA": 10,
            "Synthetic cannabinoids": 8,
        }
        detections = {
            Seizure.Detection.PROFILING: 55,
            Seizure.Detection.RAMAN: 30,
            Seizure.Detection.CANINE: 8,
            Seizure.Detection.SCANNER: 7,
        }
        specs = []
        for iso2, count in AZURE_SEIZURES.items():
            weights = west_africa if iso2 in ("NG", "GH") else latin_america
            in_phase_one = 2 * count // 5
            for index in range(count):
                phase = AZURE_PHASES[0] if index < in_phase_one else AZURE_PHASES[1]
                span = (phase["end_date"] - phase["start_date"]).days
                day = phase["start_date"] + datetime.timedelta(days=rng.randint(0, span))
                substance = rng.choices(list(weights), weights=list(weights.values()))[0]
                quantity, unit = self._parcel_quantity(substance, rng)
                courier = rng.random() < 0.45
                city = rng.choice(CITIES[iso2])
                inbound = rng.random() < 0.6
                arrests = rng.choices([0, 1, 2], weights=[75, 20, 5])[0]
                follow_up = Seizure.FollowUp.NONE
                if arrests or rng.random() < 0.12:
                    follow_up = Seizure.FollowUp.INVESTIGATION
                detection = rng.choices(list(detections), weights=list(detections.values()))[0]
                if detection == Seizure.Detection.RAMAN and substance == "Cannabis herb":
                    # A handheld Raman analyser identifies powders and tablets, not plant material.
                    detection = Seizure.Detection.PROFILING
                specs.append(
                    {
                        "date": day,
                        "country": iso2,
                        "place": Seizure.Place.COURIER_HUB if courier else Seizure.Place.MAIL_CENTRE,
                        "conveyance": Seizure.Conveyance.COURIER if courier else Seizure.Conveyance.MAIL,
                        "location": f"{city} – {'express courier hub' if courier else 'mail centre'}",
                        "substance": substance,
                        "quantity": quantity,
                        "unit": unit,
                        "detection": detection,
                        "origin": "IN"
                        if inbound and substance == "Tramadol"
                        else (None if inbound else iso2),
                        "destination": iso2 if inbound else None,
                        "arrests": arrests,
                        "follow_up": follow_up,
                        "follow_up_notes": "",
                    }
                )
        # Nigeria and Peru asked counterparts abroad for cross-border controlled deliveries: which
        # seizures led to it is not published, so the demo picks some and makes them outbound.
        abroad = {"NG": ["GB", "US", "IT", "GB"], "PE": ["ES", "US", "ES"]}
        for iso2, destinations in abroad.items():
            own = [spec for spec in specs if spec["country"] == iso2]
            chosen = rng.sample(own, len(destinations))
            for position, (spec, destination) in enumerate(zip(chosen, destinations, strict=True)):
                delivered = position == len(destinations) - 1
                counterpart = self.country(destination).name
                spec.update(
                    origin=iso2,
                    destination=destination,
                    follow_up=Seizure.FollowUp.CONTROLLED_DELIVERY
                    if delivered
                    else Seizure.FollowUp.INTERNATIONAL_REQUEST,
                    follow_up_notes=(
                        f"Cross-border controlled delivery agreed with counterparts in {counterpart}."
                        if delivered
                        else f"Officials contacted counterparts in {counterpart} to arrange a cross-border "
                        "controlled delivery."
                    )
                    + " Synthetic: the source says officials in Nigeria and Peru did so, not after "
                    "which seizures.",
                )
                if iso2 == "PE":
                    spec.update(
                        substance="Cocaine hydrochloride", quantity=Decimal(rng.randint(200, 1500)), unit="g"
                    )
        specs.sort(key=lambda spec: (spec["date"], spec["country"]))
        for number, spec in enumerate(specs, start=1):
            spec["reference"] = f"AZURE-2021-SZ-{number:03d}"
        return specs

    @staticmethod
    def _parcel_quantity(substance: str, rng: random.Random) -> tuple[Decimal, str]:
        if substance == "Tramadol":
            if rng.random() < 0.6:
                return Decimal(rng.randint(2, 100) * 50), Seizure.Unit.TABLET
            return Decimal(rng.randint(2, 50)) / 10, Seizure.Unit.KG
        if substance == "MDMA":
            return Decimal(rng.randint(2, 100) * 10), Seizure.Unit.TABLET
        grams = {
            "Fentanyl and analogues": (1, 250),
            "Other synthetic opioids": (1, 400),
            "Cocaine hydrochloride": (50, 1500),
            "Cannabis herb": (100, 3000),
            "Methamphetamine": (20, 800),
            "Synthetic cannabinoids": (5, 300),
        }[substance]
        return Decimal(rng.randint(*grams)), Seizure.Unit.G

    def load_azure_seizures(self, operation: Operation) -> None:
        notes = (
            "Synthetic record: Operation Azure made 125 illicit drug seizures at mail and courier centres "
            "in 10 countries in October and November 2021; the source gives only the total, so each "
            "seizure's detail is synthesised to add up to it."
        )
        for spec in self.azure_seizure_specs():
            self.seizure(
                reference=spec["reference"],
                operation=operation,
                date=spec["date"],
                country=self.country(spec["country"]),
                place=spec["place"],
                location=spec["location"],
                substance=self.substances[spec["substance"]],
                quantity=spec["quantity"],
                unit=spec["unit"],
                conveyance=spec["conveyance"],
                detection=spec["detection"],
                origin_country=self.country(spec["origin"]) if spec["origin"] else None,
                destination_country=self.country(spec["destination"]) if spec["destination"] else None,
                arrests=spec["arrests"],
                follow_up=spec["follow_up"],
                follow_up_notes=spec["follow_up_notes"],
                notes=notes,
                is_synthetic=True,
            )

    def load_azure_equipment(self, operation: Operation, trainings: dict[str, Activity]) -> None:
        for participant in operation.participants.select_related("country", "coordinating_agency"):
            iso2 = participant.country.iso2
            training = trainings[f"national-{iso2}"]
            self._first_or_create(
                EquipmentHandover.objects.filter(operation=operation, country=participant.country),
                lambda participant=participant, training=training: equipment_handover_create(
                    date=training.start_date,
                    recipient_agency=participant.coordinating_agency,
                    items=[("TruNarc handheld Raman drug-testing device", 1), ("Crime-scene kit", 1)],
                    activity=training,
                    operation=operation,
                    notes="Synthetic record: the source says each Operation Azure country received "
                    "TruNarc Raman field-testing devices and crime-scene kits, without quantities, "
                    "dates or recipients. Quantity 1 of each stands for 'not published'; the date is "
                    "that of the country's national training.",
                    is_synthetic=True,
                ),
                "equipment_handovers",
            )

    # -- 5. the debrief --

    def load_azure_debrief(self, coordinators: list[Person]) -> Activity:
        orgs = self.organisations
        debrief = self.activity(
            kind=Activity.Kind.MEETING,
            title="Operation Azure debrief meeting",
            start_date=D(2021, 12, 7),
            create=lambda: activity_create(
                kind=Activity.Kind.MEETING,
                title="Operation Azure debrief meeting",
                start_date=D(2021, 12, 7),
                end_date=D(2021, 12, 8),
                status=Activity.Status.COMPLETED,
                host_country=self.country("DO"),
                modality=Activity.Modality.IN_PERSON,
                scope=Activity.Scope.INTER_REGIONAL,
                pillars=[self.pillars[2]],
                sdg_targets=[self.sdgs["16.4"], self.sdgs["16.a"]],
                donors=[orgs["INL"], orgs["EU-GIFP"]],
                lead_office=orgs["UNODC-HQ"],
                topics=["Operational outcomes per country", "Recommendations for joint actions"],
                description=(
                    "Debrief of Operation Azure in the Dominican Republic (city not stated in the source), "
                    "bringing together the operational coordinators from nine countries across Latin "
                    "America, the Caribbean and West Africa. The source does not name the nine: the "
                    "coordinators registered here are synthetic, one from each operation country except "
                    "Uruguay, an arbitrary choice."
                ),
                outcomes=(
                    "The main operational outcomes in each country were showcased (125 illicit drug "
                    "seizures in total) and recommendations made for subsequent joint actions."
                ),
            ),
        )
        for person in coordinators:
            if person.country.iso2 != DEBRIEF_ABSENT:
                self.attend(person, debrief, days_attended=2)
        return debrief

    # -- 6. the controlled delivery planned in Bogotá --

    def load_controlled_delivery(self, bogota: Activity, debrief: Activity) -> Case:
        operation = Operation.objects.filter(code_name=CONTROLLED_DELIVERY_CODE_NAME).first()
        if operation is None:
            self.summary.activities += 1
            operation = operation_create(
                code_name=CONTROLLED_DELIVERY_CODE_NAME,
                title="Controlled delivery across Peru, Colombia, Ecuador and Bolivia",
                start_date=D(2021, 10, 4),
                end_date=D(2021, 11, 30),
                target="A drug consignment followed by controlled delivery across Peru, Colombia, Ecuador "
                "and Bolivia to reach the network behind it.",
                participants=[
                    (self.country("PE"), self.agencies["PE-DIRANDRO"]),
                    (self.country("CO"), self.agencies["CO-DIRAN"]),
                    (self.country("EC"), self.agencies["EC-DNA"]),
                    (self.country("BO"), self.agencies["BO-FELCN"]),
                ],
                status=Activity.Status.COMPLETED,
                scope=Activity.Scope.REGIONAL,
                pillars=[self.pillars[1], self.pillars[2]],
                topics=[TOPIC_CONTROLLED_DELIVERY],
                description=(
                    "A separate operation that Peru, Colombia, Ecuador and Bolivia planned and carried out "
                    "after establishing the operational contacts and trust during the Operation Azure "
                    "training in Bogotá. The source gives neither its code name nor its dates: the dates "
                    "here are placeholders between the end of the Bogotá training and the debrief of "
                    "7–8 December 2021 that reported it, and the agencies are plausible assumptions."
                ),
                outcomes="Seizure of 1.1 tonnes of cannabis and arrest of two individuals.",
            )
        seizure = self.seizure(
            reference="CD-2021-SZ-001",
            operation=operation,
            date=D(2021, 11, 30),
            country=self.country("BO"),
            place=Seizure.Place.OTHER,
            substance=self.substances["Cannabis herb"],
            quantity=Decimal("1.1"),
            unit=Seizure.Unit.T,
            conveyance=Seizure.Conveyance.OTHER,
            detection=Seizure.Detection.CONTROLLED_DELIVERY,
            origin_country=self.country("CO"),
            transit_countries=self.many(["EC", "PE"]),
            destination_country=self.country("BO"),
            arrests=2,
            follow_up=Seizure.FollowUp.INVESTIGATION,
            notes=(
                "The seizure of 1.1 tonnes of cannabis and the arrest of two individuals that ended the "
                "controlled delivery across Peru, Colombia, Ecuador and Bolivia (source). Not published, "
                "so assumed here: the date (a placeholder before the debrief that reported it), the "
                "country of seizure and the route, place and conveyance (recorded as 'other')."
            ),
        )
        return self.case(
            reference="CASE-2021-CD-001",
            title="Controlled delivery of 1.1 tonnes of cannabis across Peru, Colombia, Ecuador and Bolivia",
            opened_on=D(2021, 11, 30),
            lead_country=self.country("BO"),
            lead_agency=self.agencies["BO-FELCN"],
            countries=self.many(CONTROLLED_DELIVERY_COUNTRIES),
            seizures=[seizure],
            presented_at=[debrief],
            used_controlled_delivery=True,
            arrests=2,
            summary=(
                "Peru, Colombia, Ecuador and Bolivia established the operational contacts and trust during "
                f"the Operation Azure training in Bogotá ({bogota.title}, {bogota.start_date:%d %B %Y}) to "
                "plan and carry out a separate operation: a controlled delivery across the four countries, "
                "culminating in the seizure of 1.1 tonnes of cannabis and the arrest of two individuals. "
                "Reported at the Operation Azure debrief, 7–8 December 2021. The lead country and the "
                "opening date are assumptions; the source does not give them."
            ),
        )

    # -- 7. and 8. the 2022 cocaine production training and case forum --

    def load_cocaine_training_2022(self) -> Activity:
        orgs = self.organisations
        modules = [
            "Overview of the illicit crop problem (SIMCI)",
            "Extraction and refining of coca leaf",
            "Methodology for estimating the potential for cocaine production and the demand for "
            "associated chemical substances (SIMCI)",
            "Field visit: experimental coca leaf cultivation, extraction and refining processes observed",
            "Cocaine hydrochloride conversion process",
            "Economic flows and infrastructure of cocaine hydrochloride production complexes",
        ]
        return self.activity(
            kind=Activity.Kind.TRAINING,
            title=COCAINE_TRAINING_TITLE,
            start_date=D(2022, 5, 30),
            create=lambda: (
                training_create(
                    title=COCAINE_TRAINING_TITLE,
                    start_date=D(2022, 5, 30),
                    end_date=D(2022, 6, 1),
                    modules=modules,
                    level="intermediate",
                    target_audience="Law enforcement officials and prosecutors",
                    status=Activity.Status.COMPLETED,
                    modality=Activity.Modality.IN_PERSON,
                    scope=Activity.Scope.REGIONAL,
                    countries=self.many(COCAINE_2022_COUNTRIES),
                    pillars=[self.pillars[1], self.pillars[4]],
                    sdg_targets=[self.sdgs["16.4"], self.sdgs["16.a"]],
                    donors=[orgs["EU-GIFP"], orgs["INL"]],
                    partners=[orgs["SIMCI"]],
                    topics=[
                        "Coca cultivation",
                        "Extraction and refining of coca leaf",
                        "Estimating cocaine production potential and chemical demand",
                        "Cocaine hydrochloride conversion",
                        "Economic flows of cocaine production",
                        "Investigation and dismantling of illicit drug laboratories",
                    ],
                    description=(
                        "3-day technical training on cocaine production for law enforcement officials "
                        "and prosecutors of Peru, Bolivia, Argentina, Ecuador, Panama, the Dominican "
                        "Republic, Guatemala, El Salvador, Honduras and Costa Rica, to detect, investigate "
                        "and dismantle illicit drug laboratories, with the support of the Colombian "
                        "Antinarcotics Police (DIRAN) and experts of UNODC's Integrated System for "
                        "Monitoring Illicit Crops (SIMCI). Hands-on: participants visited an experimental "
                        "coca leaf cultivation and observed the extraction and refining processes. The "
                        "source does not state the venue or the number of participants; both are left "
                        "empty."
                    ),
                    outcomes=(
                        "Upgraded technical knowledge of the chemical and technical processes of cocaine "
                        "production; communication channels strengthened between practitioners of producing, "
                        "transit and consumer countries along the Atlantic trafficking route."
                    ),
                ).activity
            ),
        )

    def load_case_forum_2022(self) -> Activity:
        orgs = self.organisations
        return self.activity(
            kind=Activity.Kind.CASE_FORUM,
            title=CASE_FORUM_TITLE,
            start_date=D(2022, 6, 2),
            create=lambda: activity_create(
                kind=Activity.Kind.CASE_FORUM,
                title=CASE_FORUM_TITLE,
                start_date=D(2022, 6, 2),
                end_date=D(2022, 6, 3),
                status=Activity.Status.COMPLETED,
                modality=Activity.Modality.IN_PERSON,
                scope=Activity.Scope.REGIONAL,
                countries=self.many(COCAINE_2022_COUNTRIES),
                pillars=[self.pillars[1], self.pillars[2]],
                sdg_targets=[self.sdgs["16.4"], self.sdgs["16.a"]],
                donors=[orgs["EU-GIFP"], orgs["INL"]],
                topics=[
                    "Cyber drug trafficking",
                    "Chemical substance trafficking",
                    "Air trafficking",
                    "Money laundering",
                    "Illicit economic flows",
                    "Cocaine trafficking trends",
                    "Criminal justice cooperation",
                ],
                description=(
                    "Regional Investigative Case Forum held right after the technical training on cocaine "
                    "production, for the same ten countries, to discuss current cocaine trafficking trends "
                    "and assess the state of criminal justice cooperation. Law enforcement officers and "
                    "prosecutors presented drug cases across the region, detailing key seizures and "
                    "discussing follow-up actions. Five technical round tables with the Colombian "
                    "Antinarcotics Police (DIRAN): cyber drug trafficking, chemical substance trafficking, "
                    "air trafficking, money laundering and illicit economic flows. The source says only "
                    "that the forum followed the training: its dates here are an assumption, and the cases "
                    "recorded as presented are synthetic."
                ),
                outcomes="Cases and key seizures presented by country; possible follow-up actions discussed.",
            ),
        )

    def load_forum_cases(self, forum: Activity) -> None:
        note = (
            "Synthetic record: the source says cases and key seizures were presented by country at the "
            "Regional Investigative Case Forum (June 2022) without describing them; this one is made up."
        )
        cases = [
            {
                "reference": "CASE-2022-PE-001",
                "title": "Cocaine hydrochloride in a fruit container at Callao bound for Belgium",
                "country": "PE",
                "opened_on": D(2021, 8, 16),
                "stage": Case.Stage.CHARGED,
                "arrests": 3,
                "mla": True,
                "assets": Decimal("240000"),
                "assets_description": "Two vehicles and bank balances of the front company.",
                "seizure": {
                    "date": D(2021, 8, 14),
                    "place": Seizure.Place.SEAPORT,
                    "location": "Callao – container terminal",
                    "substance": "Cocaine hydrochloride",
                    "quantity": Decimal("1850"),
                    "unit": Seizure.Unit.KG,
                    "conveyance": Seizure.Conveyance.CONTAINER,
                    "detection": Seizure.Detection.SCANNER,
                    "destination": "BE",
                    "arrests": 3,
                },
            },
            {
                "reference": "CASE-2022-EC-001",
                "title": "Diversion of potassium permanganate through a chemical importer",
                "country": "EC",
                "opened_on": D(2022, 1, 20),
                "stage": Case.Stage.INVESTIGATION,
                "arrests": 2,
                "mla": False,
                "assets": Decimal("0"),
                "assets_description": "",
                "seizure": {
                    "date": D(2022, 1, 18),
                    "place": Seizure.Place.PREMISES,
                    "location": "Guayaquil – chemical warehouse",
                    "substance": "Potassium permanganate",
                    "quantity": Decimal("2400"),
                    "unit": Seizure.Unit.KG,
                    "conveyance": Seizure.Conveyance.NONE,
                    "detection": Seizure.Detection.INTELLIGENCE,
                    "destination": "CO",
                    "arrests": 2,
                },
            },
            {
                "reference": "CASE-2022-HN-001",
                "title": "Light aircraft landing cocaine on a clandestine airstrip",
                "country": "HN",
                "opened_on": D(2021, 11, 3),
                "stage": Case.Stage.TRIAL,
                "arrests": 4,
                "mla": False,
                "assets": Decimal("85000"),
                "assets_description": "Light aircraft and two pick-up trucks.",
                "seizure": {
                    "date": D(2021, 11, 2),
                    "place": Seizure.Place.OTHER,
                    "location": "Clandestine airstrip, Gracias a Dios",
                    "substance": "Cocaine hydrochloride",
                    "quantity": Decimal("650"),
                    "unit": Seizure.Unit.KG,
                    "conveyance": Seizure.Conveyance.OTHER,
                    "detection": Seizure.Detection.INTELLIGENCE,
                    "origin": "CO",
                    "arrests": 4,
                },
            },
            {
                "reference": "CASE-2022-DO-001",
                "title": "Darknet vendor receiving MDMA tablets by express courier",
                "country": "DO",
                "opened_on": D(2022, 3, 9),
                "stage": Case.Stage.CHARGED,
                "arrests": 1,
                "mla": True,
                "assets": Decimal("12000"),
                "assets_description": "Cryptocurrency wallets.",
                "seizure": {
                    "date": D(2022, 3, 8),
                    "place": Seizure.Place.COURIER_HUB,
                    "location": "Santo Domingo – express courier hub",
                    "substance": "MDMA",
                    "quantity": Decimal("5000"),
                    "unit": Seizure.Unit.TABLET,
                    "conveyance": Seizure.Conveyance.COURIER,
                    "detection": Seizure.Detection.PROFILING,
                    "origin": "NL",
                    "destination": "DO",
                    "arrests": 1,
                },
            },
        ]
        for spec in cases:
            iso2 = spec["country"]
            found = spec["seizure"]
            seizure = self.seizure(
                reference=spec["reference"].replace("CASE", "SZ"),
                date=found["date"],
                country=self.country(iso2),
                place=found["place"],
                location=found["location"],
                substance=self.substances[found["substance"]],
                quantity=found["quantity"],
                unit=found["unit"],
                conveyance=found["conveyance"],
                detection=found["detection"],
                origin_country=self.country(found["origin"]) if found.get("origin") else None,
                destination_country=self.country(found["destination"]) if found.get("destination") else None,
                arrests=found["arrests"],
                follow_up=Seizure.FollowUp.PROSECUTION
                if spec["stage"] != Case.Stage.INVESTIGATION
                else Seizure.FollowUp.INVESTIGATION,
                notes=note,
                is_synthetic=True,
            )
            self.case(
                reference=spec["reference"],
                title=spec["title"],
                opened_on=spec["opened_on"],
                lead_country=self.country(iso2),
                lead_agency=self.agencies[LEAD_AGENCY[iso2]],
                seizures=[seizure],
                presented_at=[forum],
                stage=spec["stage"],
                arrests=spec["arrests"],
                used_mutual_legal_assistance=spec["mla"],
                assets_seized_usd=spec["assets"],
                assets_description=spec["assets_description"],
                summary=note,
                is_synthetic=True,
            )

    # -- accounts --

    def load_accounts(self) -> None:
        """The demo's sign-in accounts; what each may do follows from its role (core.access)."""
        User = get_user_model()
        accounts = [
            ("admin", User.Role.ADMINISTRATOR, {"is_staff": True, "is_superuser": True}),
            ("officer", User.Role.OFFICER, {"is_staff": True}),
            ("monitoring", User.Role.MONITORING, {"is_staff": True}),
            ("mission-pe", User.Role.MISSION_VIEWER, {}),
        ]
        hashed_password = None
        for username, role, flags in accounts:
            if User.objects.filter(username=username).exists():
                continue
            # The accounts share one password: hash it once, as each hash costs most of a second.
            hashed_password = hashed_password or make_password(self.password)
            user = User(
                username=username,
                email=f"{username}@{EMAIL_DOMAIN}",
                password=hashed_password,
                role=role,
                **flags,
            )
            user.save()
            if username == "mission-pe":
                user.countries.set([self.country("PE")])
            self.summary.users += 1

    # -- all of it --

    def run(self) -> None:
        self.load_reference_data()
        self.load_workshop_2017()
        self.load_briefings_2017()
        trainings, attendees = self.load_azure_trainings()
        azure = self.load_operation_azure()
        self.load_azure_seizures(azure)
        self.load_azure_equipment(azure, trainings)
        debrief = self.load_azure_debrief(attendees["coordinators"])
        for training in trainings.values():
            self.link(training, azure.activity, ActivityLink.Relation.PREPARED)
        self.link(azure.activity, debrief, ActivityLink.Relation.DEBRIEF)
        case = self.load_controlled_delivery(trainings["bogota"], debrief)
        controlled_delivery = case.seizures.get().operation.activity
        self.link(
            trainings["bogota"],
            controlled_delivery,
            ActivityLink.Relation.LED_TO,
            note="Contacts and trust built during the training led to the joint controlled delivery.",
        )
        cocaine_training = self.load_cocaine_training_2022()
        forum = self.load_case_forum_2022()
        self.link(cocaine_training, forum, ActivityLink.Relation.FOLLOWED_BY)
        self.load_forum_cases(forum)
        self.load_accounts()


def _training_activity(**fields) -> Activity:
    return training_create(**fields).activity


@transaction.atomic
def demo_load(*, password: str) -> DemoSummary:
    """Load the demo data set in one transaction; running it again creates and changes nothing."""
    loader = _Loader(password=password)
    loader.run()
    return loader.summary
