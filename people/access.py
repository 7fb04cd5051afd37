"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import Participation, Person

RULES = {
    # A person recorded twice is merged into one (people.services.person_merge).
    Person: ModelRule(Kind.PERSONAL, countries=("country",), archive=("",), mergeable=True),
    # Attendance at an operation's activity is withheld with the operation.
    Participation: ModelRule(
        Kind.PERSONAL,
        countries=("person__country",),
        sensitivity=("activity__operation",),
        archive=("person", "activity"),
    ),
}
PERSONAL_FIELDS = {
    Person: frozenset({"first_name", "last_name", "email", "phone", "job_title", "notes"}),
    Participation: frozenset({"person"}),
}
