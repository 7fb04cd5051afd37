"""Event 4: Operation Azure, October–November 2021, its 125 seizures and its equipment."""

import datetime

from operations.models import Seizure

D = datetime.date

AZURE_COUNTRIES = ["BO", "CO", "DO", "EC", "PA", "PY", "PE", "UY", "NG", "GH"]
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

# The topics of the operation's trainings (event 3), the controlled delivery (event 6) and the operation.
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

TITLE = "Operation Azure"
TARGET = (
    "Synthetic opioids trafficked in mail and courier parcels, at mail and courier "
    "centres in 10 countries across Africa, Latin America and the Caribbean."
)
EQUIPMENT_PROVIDED = (
    "TruNarc handheld Raman field drug-testing devices and crime-scene kits, "
    "provided to each of the 10 countries (quantities not published)."
)
FOLLOW_UP = (
    "Following seizures, officials in Nigeria and in Peru reached out to counterparts in "
    "other countries to carry out cross-border controlled deliveries and disrupt the networks "
    "responsible. Peru, Colombia, Ecuador and Bolivia, in contact since the Bogotá training, "
    "carried out a separate controlled delivery across the four countries."
)
TOPICS = ["Synthetic opioids", "Mail and courier parcels", TOPIC_PROFILING, TOPIC_RAMAN]
DESCRIPTION = (
    "Coordinated by UNODC under the CRIMJUST Global Programme as part of the UNODC Opioid "
    "Strategy, Operation Azure targeted synthetic opioids trafficked in mail and courier "
    "parcels over two phases of operational activity, in October and November 2021, "
    "simultaneously in Bolivia, Colombia, the Dominican Republic, Ecuador, Panama, Paraguay, "
    "Peru, Uruguay, Nigeria and Ghana. Officers physically searched parcels profiled as at "
    "risk at mail and courier centres, using the Raman field-testing devices provided and "
    "the skills from the CRIMJUST and UNODC Laboratory and Scientific Services trainings. "
    "The source does not name the national coordinating agencies: the demo records each "
    "country's anti-drug police or agency as a plausible assumption."
)
OUTCOMES = (
    "125 illicit drug seizures. Following seizures, officials in Nigeria and Peru reached out "
    "to counterparts abroad for cross-border controlled deliveries. The operation enhanced "
    "criminal justice cooperation between participating countries to coordinate future joint "
    "operations. The seizure records are synthetic: the source gives only their total."
)

# --- The seizures: what a parcel held, by region (relative weights) ---
WEST_AFRICA = ("NG", "GH")
SUBSTANCES_WEST_AFRICA = {
    "Tramadol": 50,
    "Other synthetic opioids": 10,
    "Fentanyl and analogues": 6,
    "Cannabis herb": 16,
    "Cocaine hydrochloride": 8,
    "Methamphetamine": 10,
}
SUBSTANCES_LATIN_AMERICA = {
    "Tramadol": 20,
    "Fentanyl and analogues": 18,
    "Other synthetic opioids": 16,
    "Cocaine hydrochloride": 20,
    "Cannabis herb": 8,
    "MDMA": 10,
    "Synthetic cannabinoids": 8,
}
DETECTIONS = {
    Seizure.Detection.PROFILING: 55,
    Seizure.Detection.RAMAN: 30,
    Seizure.Detection.CANINE: 8,
    Seizure.Detection.SCANNER: 7,
}
# A parcel's quantity in grams (smallest, largest) by substance; tramadol and MDMA are also counted
# in tablets (see events.operation_azure).
PARCEL_GRAMS = {
    "Fentanyl and analogues": (1, 250),
    "Other synthetic opioids": (1, 400),
    "Cocaine hydrochloride": (50, 1500),
    "Cannabis herb": (100, 3000),
    "Methamphetamine": (20, 800),
    "Synthetic cannabinoids": (5, 300),
}
# The origin the demo assumes for inbound tramadol parcels; other inbound parcels have none recorded.
TRAMADOL_ORIGIN = "IN"
# Nigeria and Peru asked counterparts abroad for cross-border controlled deliveries: which
# seizures led to it is not published, so the demo picks some and makes them outbound, to these
# countries; the last of each country's list is the delivery agreed.
ABROAD = {"NG": ["GB", "US", "IT", "GB"], "PE": ["ES", "US", "ES"]}
ABROAD_NOTE = " Synthetic: the source says officials in Nigeria and Peru did so, not after which seizures."
SEIZURE_NOTES = (
    "Synthetic record: Operation Azure made 125 illicit drug seizures at mail and courier centres "
    "in 10 countries in October and November 2021; the source gives only the total, so each "
    "seizure's detail is synthesised to add up to it."
)

# --- The equipment each country received ---
EQUIPMENT_ITEMS = [("TruNarc handheld Raman drug-testing device", 1), ("Crime-scene kit", 1)]
EQUIPMENT_NOTES = (
    "Synthetic record: the source says each Operation Azure country received "
    "TruNarc Raman field-testing devices and crime-scene kits, without quantities, "
    "dates or recipients. Quantity 1 of each stands for 'not published'; the date is "
    "that of the country's national training."
)
