"""Event 6: the controlled delivery across Peru, Colombia, Ecuador and Bolivia that the countries
planned at the Bogotá training, ending in the seizure of 1.1 tonnes of cannabis and 2 arrests."""

import datetime
from decimal import Decimal

D = datetime.date

CODE_NAME = "Controlled delivery PE–CO–EC–BO (2021)"
COUNTRIES = ["PE", "CO", "EC", "BO"]
TITLE = "Controlled delivery across Peru, Colombia, Ecuador and Bolivia"
START, END = D(2021, 10, 4), D(2021, 11, 30)
TARGET = (
    "A drug consignment followed by controlled delivery across Peru, Colombia, Ecuador "
    "and Bolivia to reach the network behind it."
)
# country: the agency (data.reference.AGENCIES) that took part for it, an assumption.
PARTICIPANTS = {"PE": "PE-DIRANDRO", "CO": "CO-DIRAN", "EC": "EC-DNA", "BO": "BO-FELCN"}
DESCRIPTION = (
    "A separate operation that Peru, Colombia, Ecuador and Bolivia planned and carried out "
    "after establishing the operational contacts and trust during the Operation Azure "
    "training in Bogotá. The source gives neither its code name nor its dates: the dates "
    "here are placeholders between the end of the Bogotá training and the debrief of "
    "7–8 December 2021 that reported it, and the agencies are plausible assumptions."
)
OUTCOMES = "Seizure of 1.1 tonnes of cannabis and arrest of two individuals."

SEIZURE_REFERENCE = "CD-2021-SZ-001"
SEIZURE_DATE = D(2021, 11, 30)
SEIZURE_COUNTRY = "BO"
SEIZURE_SUBSTANCE = "Cannabis herb"
SEIZURE_QUANTITY = Decimal("1.1")  # tonnes
ORIGIN, TRANSIT, DESTINATION = "CO", ["EC", "PE"], "BO"
ARRESTS = 2
SEIZURE_NOTES = (
    "The seizure of 1.1 tonnes of cannabis and the arrest of two individuals that ended the "
    "controlled delivery across Peru, Colombia, Ecuador and Bolivia (source). Not published, "
    "so assumed here: the date (a placeholder before the debrief that reported it), the "
    "country of seizure and the route, place and conveyance (recorded as 'other')."
)

CASE_REFERENCE = "CASE-2021-CD-001"
CASE_TITLE = "Controlled delivery of 1.1 tonnes of cannabis across Peru, Colombia, Ecuador and Bolivia"
CASE_OPENED = D(2021, 11, 30)
CASE_LEAD_COUNTRY, CASE_LEAD_AGENCY = "BO", "BO-FELCN"
# Filled with the Bogotá training's title and start date.
CASE_SUMMARY = (
    "Peru, Colombia, Ecuador and Bolivia established the operational contacts and trust during "
    "the Operation Azure training in Bogotá ({title}, {start:%d %B %Y}) to "
    "plan and carry out a separate operation: a controlled delivery across the four countries, "
    "culminating in the seizure of 1.1 tonnes of cannabis and the arrest of two individuals. "
    "Reported at the Operation Azure debrief, 7–8 December 2021. The lead country and the "
    "opening date are assumptions; the source does not give them."
)
LED_TO_NOTE = "Contacts and trust built during the training led to the joint controlled delivery."
