"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic

RULES = {
    Pillar: ModelRule(Kind.REFERENCE),
    SDGTarget: ModelRule(Kind.REFERENCE),
    Topic: ModelRule(Kind.WORKING),
    Organisation: ModelRule(Kind.WORKING),
    Activity: ModelRule(
        Kind.WORKING, countries=("countries", "host_country"), sensitivity=("operation",), archive=("",)
    ),
    ActivityLink: ModelRule(
        Kind.WORKING,
        countries=("from_activity__countries",),
        sensitivity=("from_activity__operation", "to_activity__operation"),
        archive=("from_activity", "to_activity"),
    ),
    ActivityDocument: ModelRule(
        Kind.WORKING,
        countries=("activity__countries",),
        sensitivity=("activity__operation",),
        archive=("activity",),
    ),
}
