"""The capacity-building activities of 2016 to mid-2017, before the briefings of August 2017.

The briefings' source says that by then "over 35 capacity-building activities" had been carried
out, without listing them; the documented institutional integrity workshop of January 2017 is one.
These 36 are the demo's plausible reconstruction, flagged synthetic: national inception workshops
first, then trainings and workshops along the four pillars (integrity work only after the January
2017 kick-off workshop, which opened that series), with every country of the briefings (Argentina,
Brazil, Colombia, Ecuador, the Dominican Republic, Panama) in several of them. A few register
synthetic participants.
"""

import datetime
from dataclasses import dataclass, field

from activities.models import Activity
from people.models import Person

D = datetime.date
K = Activity.Kind
P = Person.Category


@dataclass(frozen=True)
class EarlyActivity:
    kind: str
    title: str
    start: datetime.date
    days: int
    host: str | None  # None: online
    venue: str
    countries: tuple[str, ...]  # those taking part, the host first
    pillars: tuple[int, ...]
    lead_office: str  # a key of data.reference.ORGANISATIONS
    topics: tuple[str, ...]
    partners: tuple[str, ...] = ()
    audience: str = ""
    # country: how many synthetic participants it sends; their professions are drawn from `categories`.
    attendance: dict[str, int] = field(default_factory=dict)
    categories: tuple[str, ...] = ()


ACTIVITIES = [
    # --- 2016 ---
    EarlyActivity(
        K.WORKSHOP,
        "CRIMJUST national inception workshop (Panama)",
        D(2016, 3, 14), 2, "PA", "Panama City", ("PA",), (1, 2), "ROPAN",
        ("Programme inception", "National needs assessment"),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "CRIMJUST national inception workshop (Dominican Republic)",
        D(2016, 4, 5), 2, "DO", "Santo Domingo", ("DO",), (1, 2), "ROPAN",
        ("Programme inception", "National needs assessment"),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "CRIMJUST national inception workshop (Colombia)",
        D(2016, 4, 19), 2, "CO", "Bogotá", ("CO",), (1, 2), "ROPAN",
        ("Programme inception", "National needs assessment"),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "CRIMJUST national inception workshop (Ghana)",
        D(2016, 5, 10), 2, "GH", "Accra", ("GH",), (1, 2), "ROSEN",
        ("Programme inception", "National needs assessment"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on financial investigations and asset recovery in drug trafficking cases (Bogotá)",
        D(2016, 5, 24), 4, "CO", "Bogotá", ("CO", "EC", "PE"), (1,), "ROPAN",
        ("Financial investigations", "Asset recovery"),
        partners=("INTERPOL",),
        audience="Investigators, financial analysts and prosecutors",
        attendance={"CO": 5, "EC": 4, "PE": 4},
        categories=(P.INVESTIGATOR, P.ANALYST, P.PROSECUTOR),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on intelligence analysis for drug trafficking investigations (Lima)",
        D(2016, 6, 7), 5, "PE", "Lima", ("PE",), (1,), "ROPAN",
        ("Criminal intelligence analysis", "Investigation of organised crime groups"),
        partners=("INTERPOL",),
        audience="Intelligence analysts and investigators",
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on container profiling and risk analysis at seaports (Santo Domingo)",
        D(2016, 6, 21), 5, "DO", "Santo Domingo", ("DO",), (1,), "ROPAN",
        ("Container profiling", "Risk analysis at seaports"),
        partners=("CCP",),
        audience="Port control unit officers: customs and police",
        attendance={"DO": 12},
        categories=(P.CUSTOMS, P.CUSTOMS, P.POLICE),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "Regional workshop on criminal justice cooperation along the cocaine route in West Africa (Praia)",
        D(2016, 7, 12), 3, "CV", "Praia", ("CV", "GW", "GH", "NG"), (2,), "ROSEN",
        ("Criminal justice cooperation", "Mutual legal assistance"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on special investigative techniques in drug trafficking cases (Panama City)",
        D(2016, 7, 26), 5, "PA", "Panama City", ("PA",), (1,), "ROPAN",
        ("Special investigative techniques", "Controlled deliveries"),
        partners=("INTERPOL",),
        audience="Investigators and prosecutors",
    ),
    EarlyActivity(
        K.MENTORING,
        "Mentoring of the anti-drug unit on post-seizure investigations (Bissau)",
        D(2016, 8, 16), 10, "GW", "Bissau", ("GW",), (1,), "ROSEN",
        ("Post-seizure investigations",),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on passenger profiling at international airports (Lagos)",
        D(2016, 8, 30), 4, "NG", "Lagos", ("NG",), (1,), "ROSEN",
        ("Passenger profiling", "Air cargo and passenger risk analysis"),
        partners=("AIRCOP",),
        audience="Front-line officers at international airports",
    ),
    EarlyActivity(
        K.WORKSHOP,
        "Workshop on drug trafficking trends and threat assessment along the Atlantic route (Brasília)",
        D(2016, 9, 13), 3, "BR", "Brasília", ("BR", "AR", "CO", "PE"), (4,), "UNODC-HQ",
        ("Drug trafficking trends", "Threat assessment"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on maritime interdiction and boarding procedures (Cartagena)",
        D(2016, 9, 27), 5, "CO", "Cartagena", ("CO", "PA", "DO"), (1, 2), "ROPAN",
        ("Maritime interdiction", "Boarding procedures"),
        audience="Coast guard and anti-drug police officers",
    ),
    EarlyActivity(
        K.STUDY_VISIT,
        "Study visit of West African investigators to the Colombian Antinarcotics Police (Bogotá)",
        D(2016, 10, 11), 5, "CO", "Bogotá", ("CO", "GH", "NG", "CV"), (2,), "UNODC-HQ",
        ("Investigation of transnational drug trafficking", "Criminal justice cooperation"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on financial investigations in drug trafficking cases (Accra)",
        D(2016, 10, 25), 5, "GH", "Accra", ("GH",), (1,), "ROSEN",
        ("Financial investigations", "Money laundering"),
        audience="Investigators, financial analysts and prosecutors",
        attendance={"GH": 10},
        categories=(P.INVESTIGATOR, P.ANALYST, P.PROSECUTOR),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "Workshop on inter-agency cooperation in drug trafficking investigations (Santo Domingo)",
        D(2016, 11, 8), 2, "DO", "Santo Domingo", ("DO",), (2,), "ROPAN",
        ("Inter-agency cooperation", "Information sharing"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on mutual legal assistance and extradition in drug trafficking cases (Buenos Aires)",
        D(2016, 11, 22), 3, "AR", "Buenos Aires", ("AR", "BR", "EC"), (2,), "ROPAN",
        ("Mutual legal assistance", "Extradition"),
        audience="Prosecutors and judges",
        attendance={"AR": 5, "BR": 3, "EC": 3},
        categories=(P.PROSECUTOR, P.PROSECUTOR, P.JUDGE),
    ),
    EarlyActivity(
        K.CASE_FORUM,
        "Regional investigative case forum on cocaine trafficking by sea (Panama City)",
        D(2016, 12, 6), 2, "PA", "Panama City", ("PA", "CO", "EC", "DO"), (1, 2), "ROPAN",
        ("Maritime trafficking", "Criminal justice cooperation"),
    ),
    # --- 2017, before the briefings of 17 August ---
    EarlyActivity(
        K.TRAINING,
        "Training on container profiling and risk analysis at seaports (Guayaquil)",
        D(2017, 1, 17), 5, "EC", "Guayaquil", ("EC",), (1,), "ROPAN",
        ("Container profiling", "Risk analysis at seaports"),
        partners=("CCP",),
        audience="Port control unit officers: customs and police",
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on air cargo and passenger profiling (São Paulo)",
        D(2017, 2, 14), 4, "BR", "São Paulo", ("BR",), (1,), "UNODC-HQ",
        ("Passenger profiling", "Air cargo and passenger risk analysis"),
        partners=("AIRCOP",),
        audience="Front-line officers at international airports",
    ),
    EarlyActivity(
        K.MENTORING,
        "Mentoring of the joint airport interdiction task force (Accra)",
        D(2017, 2, 21), 10, "GH", "Accra", ("GH",), (1,), "ROSEN",
        ("Passenger profiling", "Post-seizure investigations"),
        partners=("AIRCOP",),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "National workshop on codes of conduct and internal oversight in anti-drug units (Panama City)",
        D(2017, 3, 7), 2, "PA", "Panama City", ("PA",), (3,), "ROPAN",
        ("Codes of conduct", "Internal and external oversight mechanisms"),
        partners=("TI",),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on drug identification and field testing (Quito)",
        D(2017, 3, 14), 3, "EC", "Quito", ("EC",), (1,), "ROPAN",
        ("Drug identification with field testing",),
        partners=("LSS",),
        audience="Front-line officers and forensic experts",
    ),
    EarlyActivity(
        K.WORKSHOP,
        "Workshop on asset recovery and money laundering linked to drug trafficking (Buenos Aires)",
        D(2017, 3, 28), 3, "AR", "Buenos Aires", ("AR",), (1,), "ROPAN",
        ("Asset recovery", "Money laundering"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on special investigative techniques: controlled deliveries (Abuja)",
        D(2017, 4, 4), 5, "NG", "Abuja", ("NG", "GH"), (1, 2), "ROSEN",
        ("Special investigative techniques", "Controlled deliveries"),
        partners=("INTERPOL",),
        audience="Investigators and prosecutors",
    ),
    EarlyActivity(
        K.EQUIPMENT_HANDOVER,
        "Handover of IT equipment to the anti-drug intelligence analysis team (Santo Domingo)",
        D(2017, 4, 18), 1, "DO", "Santo Domingo", ("DO",), (1,), "ROPAN",
        ("Criminal intelligence analysis",),
    ),
    EarlyActivity(
        K.WORKSHOP,
        "Workshop on selection, vetting and integrity testing of anti-drug unit staff (Bogotá)",
        D(2017, 4, 25), 2, "CO", "Bogotá", ("CO", "PE", "EC"), (3,), "ROPAN",
        ("Selection, training and vetting of staff in anti-drug units", "Integrity testing"),
        partners=("TI",),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on intelligence-led investigations of organised crime groups (Brasília)",
        D(2017, 5, 9), 5, "BR", "Brasília", ("BR", "AR"), (1,), "UNODC-HQ",
        ("Criminal intelligence analysis", "Investigation of organised crime groups"),
        partners=("INTERPOL",),
        audience="Investigators and intelligence analysts",
    ),
    EarlyActivity(
        K.MENTORING,
        "Mentoring of prosecutors on building drug trafficking cases (Panama City)",
        D(2017, 5, 16), 10, "PA", "Panama City", ("PA",), (1,), "ROPAN",
        ("Case building", "Post-seizure investigations"),
        attendance={"PA": 6},
        categories=(P.PROSECUTOR,),
    ),
    EarlyActivity(
        K.CONFERENCE,
        "Inter-regional meeting of heads of anti-drug units on cooperation on the cocaine route (Cartagena)",
        D(2017, 5, 23), 3, "CO", "Cartagena",
        ("CO", "PA", "DO", "BR", "AR", "EC", "PE", "CV", "GH", "GW", "NG"), (2, 4), "UNODC-HQ",
        ("Criminal justice cooperation", "Drug trafficking trends"),
        partners=("INTERPOL",),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on crime-scene management and forensic evidence in drug cases (Praia)",
        D(2017, 6, 6), 4, "CV", "Praia", ("CV",), (1,), "ROSEN",
        ("Crime-scene management", "Forensic evidence"),
        partners=("LSS",),
        audience="Investigators and forensic experts",
    ),
    EarlyActivity(
        K.STUDY_VISIT,
        "Study visit of Dominican and Panamanian investigators to the Brazilian Federal Police (Brasília)",
        D(2017, 6, 13), 5, "BR", "Brasília", ("BR", "DO", "PA"), (2,), "ROPAN",
        ("Investigation of transnational drug trafficking", "Criminal justice cooperation"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Online training on open-source intelligence for drug trafficking investigations",
        D(2017, 6, 20), 2, None, "Online", ("AR", "BR", "CO", "EC", "DO", "PA", "PE"), (1, 4), "UNODC-HQ",
        ("Open-source intelligence", "Digital evidence"),
        audience="Intelligence analysts and investigators",
    ),
    EarlyActivity(
        K.MENTORING,
        "Mentoring of the seaport control unit on post-seizure investigations (Guayaquil)",
        D(2017, 6, 27), 10, "EC", "Guayaquil", ("EC",), (1,), "ROPAN",
        ("Container profiling", "Post-seizure investigations"),
        partners=("CCP",),
    ),
    EarlyActivity(
        K.CASE_FORUM,
        "Regional investigative case forum on cocaine trafficking to West Africa (Accra)",
        D(2017, 7, 11), 3, "GH", "Accra", ("GH", "NG", "CV", "GW", "BR"), (1, 2), "ROSEN",
        ("Cocaine trafficking trends", "Criminal justice cooperation"),
    ),
    EarlyActivity(
        K.TRAINING,
        "Training on drug market data collection and analysis for evidence-based policy (Santo Domingo)",
        D(2017, 7, 25), 3, "DO", "Santo Domingo", ("DO", "PA"), (4,), "ROPAN",
        ("Drug market data collection", "Evidence-based policy"),
        audience="Analysts and policymakers of anti-drug agencies",
    ),
]  # fmt: skip

DONOR = "EU-CRP"
# The SDG targets of each pillar's work.
PILLAR_SDG_TARGETS = {1: ["16.4", "16.a"], 2: ["16.a", "17.17"], 3: ["16.5", "16.6"], 4: ["16.4"]}
FIRST_PERSON_NUMBER = 204
WOMEN_SHARE = 0.3

DESCRIPTION = (
    "Synthetic record: by the briefings to the permanent missions of 17–25 August 2017 CRIMJUST had "
    "carried out over 35 capacity-building activities (source), without listing them. This "
    "activity's title, dates, venue, countries and participants are the demo's plausible "
    "reconstruction of one of them."
)
PERSON_NOTES = (
    "Synthetic record: a participant in one of the 2016–2017 capacity-building activities the demo "
    "reconstructs; the source says only that over 35 had been carried out by August 2017."
)
