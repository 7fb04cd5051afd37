"""Event 2: the briefings to the permanent missions, Vienna, 17–25 August 2017."""

import datetime

TITLE = (
    "CRIMJUST meets with the Permanent Missions of Latin America and the Caribbean to brief about "
    "project's activities and promote cooperation"
)
START, END = datetime.date(2017, 8, 17), datetime.date(2017, 8, 25)
VENUE = "Vienna (UNODC headquarters)"
COUNTRIES = ["AR", "BR", "CO", "EC", "DO", "PA"]
TOPICS = ["Programme briefing", "National and regional priorities"]
DESCRIPTION = (
    "Bilateral meetings with the permanent missions of Argentina, Brazil, Colombia, "
    "Ecuador, the Dominican Republic and Panama to the United Nations in Vienna, to brief "
    "them on the activities completed and implemented within the last year and to explore "
    "future avenues of cooperation aligned with national and regional priorities. "
    "CRIMJUST introduced the project to the Permanent Representative of the Dominican "
    "Republic. By then over 35 capacity-building activities had been carried out."
)
OUTCOMES = (
    "National strategies and regional needs were analysed and discussed to keep the "
    "technical assistance demand-driven; the missions responded positively and showed "
    "high interest in future cooperation."
)
