from django.db.models import QuerySet

from core.access import get_visible_or_404, visible

from .models import Case, EquipmentHandover, Operation, Seizure


def operation_list(*, user) -> QuerySet[Operation]:
    return visible(Operation, user).select_related("activity", "coordinating_office")


def operation_get(*, user, pk) -> Operation:
    return get_visible_or_404(Operation, user, pk)


def seizure_list(*, user) -> QuerySet[Seizure]:
    return visible(Seizure, user).select_related("country", "substance", "operation")


def seizure_get(*, user, pk) -> Seizure:
    return get_visible_or_404(Seizure, user, pk)


def case_list(*, user) -> QuerySet[Case]:
    return visible(Case, user).select_related("lead_country", "lead_agency")


def case_get(*, user, pk) -> Case:
    return get_visible_or_404(Case, user, pk)


def equipment_handover_list(*, user) -> QuerySet[EquipmentHandover]:
    return visible(EquipmentHandover, user).select_related("country", "recipient_agency", "operation")
