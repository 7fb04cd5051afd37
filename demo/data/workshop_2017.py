"""Event 1: the institutional integrity workshop, Panama City, 31 January – 1 February 2017."""

import datetime

from people.models import Person

TITLE = (
    "Institutional Integrity: A key building block in strengthening criminal investigation and "
    "cooperation along the Cocaine Route"
)
START, END = datetime.date(2017, 1, 31), datetime.date(2017, 2, 1)
VENUE = "Panama City"
HOST = "PA"
# The 50 participants by country (the source gives only the total and the nine countries).
PEOPLE = {"PA": 10, "CO": 6, "PE": 5, "BR": 5, "DO": 5, "NG": 5, "GH": 5, "CV": 4, "GW": 5}
# The synthetic participants' numbers (their e-mail p0154@… and up).
FIRST_PERSON_NUMBER = 154
# (category, job title, how many of the 50): the professions the source names.
PROFESSIONS = [
    (Person.Category.POLICE, "Police officer", 14),
    (Person.Category.ANALYST, "Intelligence analyst", 8),
    (Person.Category.POLICE, "Officer, Joint Airport Interdiction Task Force (AIRCOP)", 8),
    (Person.Category.CUSTOMS, "Officer, Port Control Unit (CCP)", 7),
    (Person.Category.PROSECUTOR, "Public prosecutor", 8),
    (Person.Category.BORDER, "Border control officer", 5),
]
WOMEN_SHARE = 0.25

TOPICS = [
    "Vulnerabilities of anti-drug units to corruption",
    "Selection, training and vetting of staff in anti-drug units",
    "Case management, processes and SOPs through an anti-corruption lens",
    "Codes of conduct",
    "Reporting mechanisms",
    "Internal and external oversight mechanisms",
    "Disciplinary measures",
]
DESCRIPTION = (
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
)
OUTCOMES = (
    "Participants agreed that an array of measures is needed to strengthen integrity "
    "and accountability, discussed their strengths and weaknesses, shared experience "
    "and remaining challenges. An outcome document was adopted in the last session: on "
    "its basis CRIMJUST will assist participating States at national level to improve "
    "their anti-corruption measures and to seek input from external stakeholders, in "
    "particular civil society organisations. Panama reported that in 2016 it seized "
    "nearly 60% more drugs than in 2014, cocaine being 90% of the total."
)
PARTICIPANT_NOTES = (
    "Synthetic record: one of the 50 participants from 9 countries of the "
    "institutional integrity workshop, Panama City, 31 January – 1 February 2017; "
    "the source gives only the total, the countries and the professions."
)
