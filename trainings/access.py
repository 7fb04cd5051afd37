"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import TrainingDetail, TrainingModule

RULES = {
    TrainingDetail: ModelRule(Kind.WORKING, countries=("activity__countries",), archive=("activity",)),
    TrainingModule: ModelRule(
        Kind.WORKING, countries=("training__activity__countries",), archive=("training__activity",)
    ),
}
# A module's trainer is a person.
PERSONAL_FIELDS = {TrainingModule: frozenset({"trainer"})}
