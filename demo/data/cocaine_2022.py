"""Events 7 and 8: the technical training on cocaine production, 30 May – 1 June 2022, and the
Regional Investigative Case Forum that followed it, with the cases presented there."""

import datetime
from decimal import Decimal

from operations.models import Case, Seizure

D = datetime.date

TRAINING_TITLE = (
    "Technical Training for Institutional Strengthening in relation to the Production and Trafficking "
    "of Cocaine"
)
TRAINING_START, TRAINING_END = D(2022, 5, 30), D(2022, 6, 1)
COUNTRIES = ["PE", "BO", "AR", "EC", "PA", "DO", "GT", "SV", "HN", "CR"]
TRAINING_MODULES = [
    "Overview of the illicit crop problem (SIMCI)",
    "Extraction and refining of coca leaf",
    "Methodology for estimating the potential for cocaine production and the demand for "
    "associated chemical substances (SIMCI)",
    "Field visit: experimental coca leaf cultivation, extraction and refining processes observed",
    "Cocaine hydrochloride conversion process",
    "Economic flows and infrastructure of cocaine hydrochloride production complexes",
]
TRAINING_AUDIENCE = "Law enforcement officials and prosecutors"
TRAINING_TOPICS = [
    "Coca cultivation",
    "Extraction and refining of coca leaf",
    "Estimating cocaine production potential and chemical demand",
    "Cocaine hydrochloride conversion",
    "Economic flows of cocaine production",
    "Investigation and dismantling of illicit drug laboratories",
]
TRAINING_DESCRIPTION = (
    "3-day technical training on cocaine production for law enforcement officials "
    "and prosecutors of Peru, Bolivia, Argentina, Ecuador, Panama, the Dominican "
    "Republic, Guatemala, El Salvador, Honduras and Costa Rica, to detect, investigate "
    "and dismantle illicit drug laboratories, with the support of the Colombian "
    "Antinarcotics Police (DIRAN) and experts of UNODC's Integrated System for "
    "Monitoring Illicit Crops (SIMCI). Hands-on: participants visited an experimental "
    "coca leaf cultivation and observed the extraction and refining processes. The "
    "source does not state the venue or the number of participants; both are left "
    "empty."
)
TRAINING_OUTCOMES = (
    "Upgraded technical knowledge of the chemical and technical processes of cocaine "
    "production; communication channels strengthened between practitioners of producing, "
    "transit and consumer countries along the Atlantic trafficking route."
)

FORUM_TITLE = "Regional Investigative Case Forum"
FORUM_START, FORUM_END = D(2022, 6, 2), D(2022, 6, 3)
FORUM_TOPICS = [
    "Cyber drug trafficking",
    "Chemical substance trafficking",
    "Air trafficking",
    "Money laundering",
    "Illicit economic flows",
    "Cocaine trafficking trends",
    "Criminal justice cooperation",
]
FORUM_DESCRIPTION = (
    "Regional Investigative Case Forum held right after the technical training on cocaine "
    "production, for the same ten countries, to discuss current cocaine trafficking trends "
    "and assess the state of criminal justice cooperation. Law enforcement officers and "
    "prosecutors presented drug cases across the region, detailing key seizures and "
    "discussing follow-up actions. Five technical round tables with the Colombian "
    "Antinarcotics Police (DIRAN): cyber drug trafficking, chemical substance trafficking, "
    "air trafficking, money laundering and illicit economic flows. The source says only "
    "that the forum followed the training: its dates here are an assumption, and the cases "
    "recorded as presented are synthetic."
)
FORUM_OUTCOMES = "Cases and key seizures presented by country; possible follow-up actions discussed."

CASE_NOTES = (
    "Synthetic record: the source says cases and key seizures were presented by country at the "
    "Regional Investigative Case Forum (June 2022) without describing them; this one is made up."
)
# The cases presented, each with the seizure it started from (its reference: SZ for CASE).
CASES = [
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
