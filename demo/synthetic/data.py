"""What the synthetic records are drawn from: vocabularies, weights and shares."""

import datetime

from activities.models import Activity
from operations.models import Case, Seizure
from people.models import Participation, Person

FIRST_DAY = datetime.date(2016, 1, 1)
OPERATION_SHARE = 0.03  # of activities; a few hundred operations in the default set
SEIZURES_IN_OPERATIONS = 0.25
SEIZURES_WITH_TRANSIT = 0.3
SEIZURES_SAMPLED_PER_CASE = 3

SPANISH = {"AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI", "PA"}
SPANISH |= {"PE", "PR", "PY", "SV", "UY", "VE"}
PORTUGUESE = {"AO", "BR", "CV", "GW", "MZ", "PT", "ST", "TL"}
FRENCH = {"BE", "BF", "BJ", "CI", "CM", "FR", "GA", "GF", "GN", "GP", "HT", "MF", "ML", "MQ", "NE", "SN"}
FRENCH |= {"TD", "TG", "BL", "MR"}
NAMES = {
    "es": (
        ("María", "Ana", "Lucía", "Carmen", "Rosa", "Paola", "Daniela", "Gabriela", "Sofía", "Valeria"),
        ("José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "Andrés", "Diego", "Fernando", "Ricardo"),
        ("García", "Rodríguez", "Martínez", "López", "Pérez", "Gómez", "Sánchez", "Ramírez", "Torres")
        + ("Flores", "Rojas", "Vargas", "Castillo", "Mendoza", "Quispe", "Herrera", "Morales", "Silva"),
    ),
    "pt": (
        ("Ana", "Maria", "Beatriz", "Juliana", "Fernanda", "Camila", "Patrícia", "Mariana", "Luana"),
        ("João", "Pedro", "Paulo", "Lucas", "Rafael", "Tiago", "Marcos", "Bruno", "António", "Carlos"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Lima")
        + ("Gomes", "Ribeiro", "Carvalho", "Monteiro", "Tavares", "Mendes", "Barbosa", "Cardoso"),
    ),
    "fr": (
        ("Aminata", "Fatou", "Awa", "Mariam", "Aïssatou", "Marie", "Adjoa", "Khady", "Nafi", "Sophie"),
        ("Mamadou", "Ibrahima", "Moussa", "Abdoulaye", "Ousmane", "Jean", "Kofi", "Cheikh", "Issa"),
        ("Diop", "Ndiaye", "Traoré", "Diallo", "Koné", "Ouédraogo", "Sow", "Camara", "Coulibaly")
        + ("Sylla", "Touré", "Kaboré", "Mensah", "Fall", "Diarra", "Bamba", "Kouassi", "Sanogo"),
    ),
    "en": (
        ("Grace", "Abena", "Esther", "Patience", "Joy", "Sarah", "Janelle", "Keisha", "Mary", "Ruth"),
        ("Kwame", "Emmanuel", "Samuel", "Daniel", "John", "Michael", "Chinedu", "Andre", "David"),
        ("Mensah", "Owusu", "Boateng", "Okafor", "Adeyemi", "Campbell", "Williams", "Brown", "Johnson")
        + ("Asante", "Okonkwo", "Bello", "Thompson", "Clarke", "Baptiste", "Phillips", "Osei", "Eze"),
    ),
}

ACTIVITY_KINDS = (  # (kind, weight, shortest, longest days, mean participants)
    (Activity.Kind.TRAINING, 35, 2, 10, 28),
    (Activity.Kind.WORKSHOP, 15, 1, 5, 25),
    (Activity.Kind.MEETING, 12, 1, 2, 14),
    (Activity.Kind.CASE_FORUM, 6, 2, 4, 20),
    (Activity.Kind.MENTORING, 8, 5, 30, 6),
    (Activity.Kind.EQUIPMENT_HANDOVER, 4, 1, 1, 5),
    (Activity.Kind.STUDY_VISIT, 4, 3, 7, 8),
    (Activity.Kind.CONFERENCE, 4, 2, 4, 60),
    (Activity.Kind.OTHER, 2, 1, 5, 10),
)
STATUSES = (Activity.Status.COMPLETED, Activity.Status.CANCELLED, Activity.Status.POSTPONED)
MODALITIES = (Activity.Modality.IN_PERSON, Activity.Modality.ONLINE, Activity.Modality.HYBRID)
OPERATION_DAYS = (5, 60)
OPERATION_PARTICIPANTS = 10
KIND_TITLES = {
    Activity.Kind.TRAINING: "Training",
    Activity.Kind.WORKSHOP: "Workshop",
    Activity.Kind.MEETING: "Coordination meeting",
    Activity.Kind.CASE_FORUM: "Case forum",
    Activity.Kind.MENTORING: "Mentoring",
    Activity.Kind.EQUIPMENT_HANDOVER: "Equipment handover",
    Activity.Kind.STUDY_VISIT: "Study visit",
    Activity.Kind.CONFERENCE: "Conference",
    Activity.Kind.OTHER: "Activity",
}
TOPICS = (
    "container profiling",
    "air cargo and passenger risk analysis",
    "postal and courier interdiction",
    "maritime interdiction",
    "financial investigations",
    "controlled deliveries",
    "mutual legal assistance",
    "drug identification with field testing",
    "precursor control",
    "joint investigation teams",
    "digital evidence",
    "asset recovery",
)
SCORED_KINDS = {Activity.Kind.TRAINING, Activity.Kind.WORKSHOP, Activity.Kind.MENTORING}
OPERATION_NAMES = (
    "Andes",
    "Atlantic Bridge",
    "Cóndor",
    "Harmattan",
    "Baobab",
    "Caribe",
    "Mangrove",
    "Sahel Shield",
    "Pacífico",
    "Amazonas",
)
OPERATION_TARGETS = (
    "Cocaine consignments in maritime containers",
    "Drug couriers on transatlantic flights",
    "Cocaine and synthetic drugs in postal and courier parcels",
    "Go-fast boats and semi-submersibles on the sea route",
    "Precursor chemicals diverted from licit trade",
    "Overland trafficking across the border",
)

PERSON_CATEGORIES = (  # (category, weight, job title, agency categories to work for)
    (Person.Category.POLICE, 26, "Police officer", ("police", "antinarcotics")),
    (Person.Category.CUSTOMS, 18, "Customs officer", ("customs",)),
    (Person.Category.BORDER, 7, "Border control officer", ("border",)),
    (Person.Category.PROSECUTOR, 14, "Prosecutor", ("prosecution",)),
    (Person.Category.JUDGE, 5, "Judge", ("judiciary",)),
    (Person.Category.FORENSIC, 4, "Forensic chemist", ("forensic",)),
    (Person.Category.ANALYST, 8, "Intelligence analyst", ("antinarcotics", "police", "fiu")),
    (Person.Category.INVESTIGATOR, 9, "Investigator", ("antinarcotics", "police")),
    (Person.Category.POLICYMAKER, 3, "Adviser", ("ministry",)),
    (Person.Category.DIPLOMAT, 1, "Attaché", ("ministry",)),
    (Person.Category.EXPERT, 3, "Expert", ()),
    (Person.Category.OTHER, 2, "", ()),
)
GENDERS = (
    (Person.Gender.MALE, 62),
    (Person.Gender.FEMALE, 31),
    (Person.Gender.ANOTHER, 0.5),
    (Person.Gender.NOT_RECORDED, 6.5),
)
ROLES = (
    (Participation.Role.PARTICIPANT, 88),
    (Participation.Role.TRAINER, 5),
    (Participation.Role.SPEAKER, 3),
    (Participation.Role.ORGANISER, 2),
    (Participation.Role.OBSERVER, 2),
)

UNITS = (  # (unit, weight, median quantity, spread, whole numbers)
    (Seizure.Unit.KG, 52, 2.0, 1.8, False),
    (Seizure.Unit.G, 30, 50.0, 1.5, False),
    (Seizure.Unit.TABLET, 8, 200.0, 1.8, True),
    (Seizure.Unit.L, 5, 20.0, 1.5, False),
    (Seizure.Unit.UNIT, 2, 50.0, 1.5, True),
    (Seizure.Unit.ML, 1, 200.0, 1.0, False),
    (Seizure.Unit.T, 1, 1.5, 0.8, False),
    (Seizure.Unit.MG, 1, 500.0, 1.0, False),
)
LARGEST_QUANTITY = 100_000  # in any unit: even in tonnes, far within the normalised mass's numeric(16, 6)
PLACES = (  # (place, conveyance, weight)
    (Seizure.Place.SEAPORT, Seizure.Conveyance.CONTAINER, 14),
    (Seizure.Place.SEAPORT, Seizure.Conveyance.VESSEL, 3),
    (Seizure.Place.AT_SEA, Seizure.Conveyance.VESSEL, 5),
    (Seizure.Place.AIRPORT, Seizure.Conveyance.AIR_PASSENGER, 16),
    (Seizure.Place.AIRPORT, Seizure.Conveyance.AIR_CARGO, 6),
    (Seizure.Place.MAIL_CENTRE, Seizure.Conveyance.MAIL, 12),
    (Seizure.Place.COURIER_HUB, Seizure.Conveyance.COURIER, 9),
    (Seizure.Place.LAND_BORDER, Seizure.Conveyance.VEHICLE, 8),
    (Seizure.Place.LAND_BORDER, Seizure.Conveyance.ON_FOOT, 2),
    (Seizure.Place.ROAD, Seizure.Conveyance.VEHICLE, 12),
    (Seizure.Place.PREMISES, Seizure.Conveyance.NONE, 8),
    (Seizure.Place.LABORATORY, Seizure.Conveyance.NONE, 2),
    (Seizure.Place.PLANTATION, Seizure.Conveyance.NONE, 2),
    (Seizure.Place.OTHER, Seizure.Conveyance.OTHER, 1),
)
DETECTIONS = (
    (Seizure.Detection.PROFILING, 30),
    (Seizure.Detection.INTELLIGENCE, 18),
    (Seizure.Detection.SCANNER, 14),
    (Seizure.Detection.CANINE, 10),
    (Seizure.Detection.ROUTINE, 16),
    (Seizure.Detection.RAMAN, 6),
    (Seizure.Detection.CONTROLLED_DELIVERY, 3),
    (Seizure.Detection.OTHER, 3),
)
FOLLOW_UPS = (
    (Seizure.FollowUp.NONE, 45),
    (Seizure.FollowUp.INVESTIGATION, 35),
    (Seizure.FollowUp.PROSECUTION, 12),
    (Seizure.FollowUp.INTERNATIONAL_REQUEST, 5),
    (Seizure.FollowUp.CONTROLLED_DELIVERY, 3),
)
SUBSTANCE_WEIGHTS = (("cocaine", 10), ("cannabis", 6), ("marijuana", 6), ("heroin", 2), ("tramadol", 2))
CASE_STAGES = (  # the funnel: many investigations, fewer charged or on trial, fewer convicted
    (Case.Stage.INVESTIGATION, 45),
    (Case.Stage.CHARGED, 20),
    (Case.Stage.TRIAL, 13),
    (Case.Stage.CONVICTED, 12),
    (Case.Stage.ACQUITTED, 4),
    (Case.Stage.CLOSED, 6),
)
DECIDED_STAGES = {Case.Stage.CONVICTED, Case.Stage.ACQUITTED, Case.Stage.CLOSED}
CASE_AGENCY_CATEGORIES = ("prosecution", "antinarcotics", "police")
