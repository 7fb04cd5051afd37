"""Event 5: the Operation Azure debrief, Dominican Republic, 7–8 December 2021."""

import datetime

TITLE = "Operation Azure debrief meeting"
START, END = datetime.date(2021, 12, 7), datetime.date(2021, 12, 8)
HOST = "DO"
# Nine operational coordinators came to the debrief; the source does not say which country did
# not, so the demo leaves one out and says so.
DEBRIEF_ABSENT = "UY"
TOPICS = ["Operational outcomes per country", "Recommendations for joint actions"]
DESCRIPTION = (
    "Debrief of Operation Azure in the Dominican Republic (city not stated in the source), "
    "bringing together the operational coordinators from nine countries across Latin "
    "America, the Caribbean and West Africa. The source does not name the nine: the "
    "coordinators registered here are synthetic, one from each operation country except "
    "Uruguay, an arbitrary choice."
)
OUTCOMES = (
    "The main operational outcomes in each country were showcased (125 illicit drug "
    "seizures in total) and recommendations made for subsequent joint actions."
)
