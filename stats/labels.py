"""What a figure is called wherever it is shown (the dashboards, the reports), so that one label
always means one figure (`stats.selectors`) and says what it counts.

About one country, a label says how the country is counted: people by their nationality
("Officials trained from Peru"), activities by the country taking part or hosting them
("Activities with Peru"), seizures by the seizing country ("Seizures in Peru").
"""

from django.utils.translation import gettext_lazy

# name: (the programme's label, the label about one country)
LABELS = {
    # officials_trained_stats: distinct participants of trainings
    "officials_trained": (
        gettext_lazy("Officials trained"),
        gettext_lazy("Officials trained from %(country)s"),
    ),
    # officials_trained_stats: their participations
    "participations_in_trainings": (
        gettext_lazy("Participations in trainings"),
        gettext_lazy("Participations in trainings of officials from %(country)s"),
    ),
    # participant_stats: distinct participants of activities of any kind
    "people_who_took_part": (
        gettext_lazy("People who took part"),
        gettext_lazy("People from %(country)s who took part"),
    ),
    # activity_stats
    "activities": (gettext_lazy("Activities"), gettext_lazy("Activities with %(country)s")),
    # seizure_stats
    "seizures": (gettext_lazy("Seizures"), gettext_lazy("Seizures in %(country)s")),
}


def figure_label(name: str, country=None) -> str:
    """The label of figure `name`, about `country` (a Country) when given."""
    programme, about_country = LABELS[name]
    if country is None:
        return str(programme)
    return str(about_country) % {"country": country.display_name}
