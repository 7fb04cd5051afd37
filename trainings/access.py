"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import TrainingDetail, TrainingModule

# Only model validation (not the database) keeps a training's activity from being an operation's:
# the rule does not rely on it.
RULES = {
    TrainingDetail: ModelRule(
        Kind.WORKING,
        countries=("activity__countries",),
        sensitivity=("activity__operation",),
        archive=("activity",),
    ),
    TrainingModule: ModelRule(
        Kind.WORKING,
        countries=("training__activity__countries",),
        sensitivity=("training__activity__operation",),
        archive=("training__activity",),
    ),
}
# A module's trainer is a person.
PERSONAL_FIELDS = {TrainingModule: frozenset({"trainer"})}
