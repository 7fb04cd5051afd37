"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import (
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationFigures,
    OperationPhase,
    Seizure,
    Substance,
    SubstanceCategory,
)

RULES = {
    SubstanceCategory: ModelRule(Kind.REFERENCE),
    Substance: ModelRule(Kind.REFERENCE),
    Operation: ModelRule(
        Kind.WORKING, countries=("participants__country",), sensitivity=("",), archive=("activity",)
    ),
    OperationPhase: ModelRule(
        Kind.WORKING,
        countries=("operation__participants__country",),
        sensitivity=("operation",),
        archive=("operation__activity",),
    ),
    OperationCountry: ModelRule(
        Kind.WORKING, countries=("country",), sensitivity=("operation",), archive=("operation__activity",)
    ),
    # Archiving an operation archives its activity: its seizures leave lists and figures with it,
    # as they are withheld with a restricted operation.
    Seizure: ModelRule(
        Kind.WORKING,
        countries=("country",),
        sensitivity=("", "operation"),
        archive=("", "operation__activity"),
    ),
    # An operation's figures per seizure country and restriction: scoped as the seizures they sum
    # (archived seizures are never in them).
    OperationFigures: ModelRule(
        Kind.WORKING,
        countries=("country",),
        sensitivity=("", "operation"),
        archive=("operation__activity",),
    ),
    Case: ModelRule(Kind.WORKING, countries=("countries", "lead_country"), sensitivity=("",), archive=("",)),
    # A handover hangs under an operation either directly or through the operation's activity.
    EquipmentHandover: ModelRule(
        Kind.WORKING, countries=("country",), sensitivity=("operation", "activity__operation")
    ),
    EquipmentItem: ModelRule(
        Kind.WORKING,
        countries=("handover__country",),
        sensitivity=("handover__operation", "handover__activity__operation"),
    ),
}
