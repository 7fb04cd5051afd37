"""The record types a client keeps a copy of (the lists of the API's router), as the deletions feed
names them, and the access paths that the feed's triggers mirror (migrations/0001_initial.py, and
0003_restricted_through_activity.py for records withheld through their activity's operation):
the countries of a record and the records whose restriction withholds it, as its app's
`access.py` gives them. tests/sync checks both against the router and the rules."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class SyncedRecord:
    model: str
    countries: tuple[str, ...] = ()
    sensitivity: tuple[str, ...] = ()

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


# Keyed by the type the feed gives: the basename of the record's route (`equipment-handover`).
SYNCED_RECORDS: dict[str, SyncedRecord] = {
    "country": SyncedRecord("countries.Country"),
    "agency": SyncedRecord("countries.Agency", countries=("country",)),
    "organisation": SyncedRecord("activities.Organisation"),
    "pillar": SyncedRecord("activities.Pillar"),
    "substance": SyncedRecord("operations.Substance"),
    "activity": SyncedRecord(
        "activities.Activity", countries=("countries", "host_country"), sensitivity=("operation",)
    ),
    "training": SyncedRecord(
        "trainings.TrainingDetail", countries=("activity__countries",), sensitivity=("activity__operation",)
    ),
    "person": SyncedRecord("people.Person", countries=("country",)),
    "participation": SyncedRecord(
        "people.Participation", countries=("person__country",), sensitivity=("activity__operation",)
    ),
    "operation": SyncedRecord(
        "operations.Operation", countries=("participants__country",), sensitivity=("",)
    ),
    "seizure": SyncedRecord("operations.Seizure", countries=("country",), sensitivity=("", "operation")),
    "case": SyncedRecord("operations.Case", countries=("countries", "lead_country"), sensitivity=("",)),
    "equipment-handover": SyncedRecord(
        "operations.EquipmentHandover",
        countries=("country",),
        sensitivity=("operation", "activity__operation"),
    ),
    # The results framework: programme-wide, no country, nothing restricted (results/migrations/0003).
    "results-framework": SyncedRecord("results.Framework"),
    "results-result": SyncedRecord("results.Result"),
    "results-indicator": SyncedRecord("results.Indicator"),
    "results-target": SyncedRecord("results.Target"),
    "results-reported-actual": SyncedRecord("results.ReportedActual"),
    "results-narrative": SyncedRecord("results.ProgressNarrative"),
}
