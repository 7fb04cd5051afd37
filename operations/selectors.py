"""Reads of operations, seizures, cases, equipment handovers and substances: every surface gets
them from here."""

from django.db.models import DecimalField, F, Prefetch, QuerySet, Sum

from activities.models import Activity
from core.access import get_visible_or_404, scope_queryset, visible
from core.aggregates import related_aggregate
from core.filters import filter_list, includes_tombstones

from .filters import CaseFilter, EquipmentHandoverFilter, OperationFilter, SeizureFilter, SubstanceFilter
from .models import (
    Case,
    EquipmentHandover,
    Operation,
    OperationCountry,
    OperationFigures,
    OperationPhase,
    Seizure,
    Substance,
)

_KG = DecimalField(max_digits=20, decimal_places=6)


def substance_list(*, user, filters=None) -> QuerySet[Substance]:
    """The substance taxonomy, narrowed by `SubstanceFilter`."""
    substances = visible(Substance, user, include_archived=includes_tombstones(filters))
    return filter_list(SubstanceFilter, _substances(substances), filters, user=user)


def _substances(queryset: QuerySet[Substance]) -> QuerySet[Substance]:
    return queryset.select_related("category")


def seizure_list(*, user, filters=None) -> QuerySet[Seizure]:
    """Seizures `user` may see (restricted ones, and those of archived or restricted operations,
    left out), narrowed by `SeizureFilter`."""
    seizures = visible(Seizure, user, include_archived=includes_tombstones(filters))
    return filter_list(SeizureFilter, _seizures(seizures), filters, user=user)


def _seizures(queryset: QuerySet[Seizure]) -> QuerySet[Seizure]:
    return queryset.select_related(
        "country", "origin_country", "destination_country", "substance__category"
    ).prefetch_related("transit_countries")


def operation_list(*, user, filters=None) -> QuerySet[Operation]:
    """Operations `user` may see, narrowed by `OperationFilter`, with their phases and
    participating countries and their figures (`seizure_count`, `seizure_kg`, `arrests`) over
    the seizures `user` may see: restricted and out-of-scope seizures are left out of figures too."""
    include_archived = includes_tombstones(filters)
    operations = visible(Operation, user, include_archived=include_archived)
    return filter_list(
        OperationFilter,
        _operations(operations, user=user, include_archived=include_archived),
        filters,
        user=user,
    )


def operation_get(*, user, pk) -> Operation:
    """One operation `user` may see; 404 otherwise (the answer does not confirm it exists)."""
    return get_visible_or_404(Operation, user, pk)


def operation_written(*, user, pk) -> Operation:
    """An operation just written, as `user` reads it (even where it falls out of `user`'s read
    scope: a restricted operation written by a key without clearance)."""
    return _operations(Operation.objects.filter(pk=pk), user=user, include_archived=False).get()


def _operations(queryset: QuerySet[Operation], *, user, include_archived: bool) -> QuerySet[Operation]:
    # The figures sum the rollup rows `user` may see (OperationFigures: per seizure country and
    # restriction, scoped by the seizures' own rule), a few rows an operation instead of its seizures.
    figures = scope_queryset(OperationFigures.objects.all(), user)
    phases = scope_queryset(OperationPhase.objects.all(), user, include_archived=include_archived)
    participants = scope_queryset(
        OperationCountry.objects.select_related("country", "coordinating_agency"),
        user,
        include_archived=include_archived,
    )
    return (
        queryset.select_related("activity__host_country")
        .annotate(
            # The pk is the activity's id: `id` lets clients order every list by `id`.
            id=F("activity_id"),
            start_date=F("activity__start_date"),
            end_date=F("activity__end_date"),
            seizure_count=related_aggregate(figures, outer_field="operation", aggregate=Sum("seizure_count")),
            seizure_kg=related_aggregate(
                figures, outer_field="operation", aggregate=Sum("seizure_kg"), output_field=_KG
            ),
            arrests=related_aggregate(figures, outer_field="operation", aggregate=Sum("arrests")),
        )
        .prefetch_related(
            Prefetch("phases", queryset=phases.order_by("number")),
            Prefetch("participants", queryset=participants.order_by("country__name")),
        )
    )


def case_list(*, user, filters=None) -> QuerySet[Case]:
    """Cases `user` may see, narrowed by `CaseFilter`, with their countries and the seizures and
    activities `user` may see."""
    cases = visible(Case, user, include_archived=includes_tombstones(filters))
    return filter_list(CaseFilter, _cases(cases, user=user), filters, user=user)


def case_written(*, user, pk) -> Case:
    return _cases(Case.objects.filter(pk=pk), user=user).get()


def _cases(queryset: QuerySet[Case], *, user) -> QuerySet[Case]:
    return queryset.select_related("lead_country").prefetch_related(
        "countries",
        Prefetch("seizures", queryset=scope_queryset(Seizure.objects.only("pk"), user)),
        Prefetch("presented_at", queryset=scope_queryset(Activity.objects.only("pk"), user)),
    )


def equipment_handover_list(*, user, filters=None) -> QuerySet[EquipmentHandover]:
    """Equipment handovers `user` may see, narrowed by `EquipmentHandoverFilter`, with their items."""
    handovers = visible(EquipmentHandover, user, include_archived=includes_tombstones(filters))
    return filter_list(EquipmentHandoverFilter, _handovers(handovers), filters, user=user)


def _handovers(queryset: QuerySet[EquipmentHandover]) -> QuerySet[EquipmentHandover]:
    return queryset.select_related("country", "recipient_agency").prefetch_related("items")
