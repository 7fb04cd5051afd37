"""Data exports: any list of the API, with the API's filters, written to a file in constant memory.

An export is the list as the API serves it to its requester: the viewset's `export_source` (its
app's list selector, scoped and narrowed by the list's FilterSet — search and ordering included —
and its serializer without the fields the requester may not see), written row by row by
`core.api.exports.export_write`, so "a filtered list" means exactly what the API means by it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.api.views import ActivityViewSet, OrganisationViewSet
from core.api.exports import ExportSource
from core.api.exports import export_write as write_source
from core.filters import MAX_FILTER_VALUES, NOT_FILTERS  # noqa: F401 (the limit, for its callers)
from countries.api.views import AgencyViewSet, CountryViewSet
from operations.api.views import (
    CaseViewSet,
    EquipmentHandoverViewSet,
    OperationViewSet,
    SeizureViewSet,
    SubstanceViewSet,
)
from people.api.views import ParticipationViewSet, PersonViewSet
from trainings.api.views import TrainingViewSet

# The lists that may be exported: the API's list endpoints, by their URL prefix.
EXPORTABLE_LISTS = {
    "activities": (ActivityViewSet, gettext_lazy("Activities")),
    "trainings": (TrainingViewSet, gettext_lazy("Trainings")),
    "operations": (OperationViewSet, gettext_lazy("Operations")),
    "seizures": (SeizureViewSet, gettext_lazy("Seizures")),
    "cases": (CaseViewSet, gettext_lazy("Cases")),
    "equipment-handovers": (EquipmentHandoverViewSet, gettext_lazy("Equipment handovers")),
    "people": (PersonViewSet, gettext_lazy("People")),
    "participations": (ParticipationViewSet, gettext_lazy("Participations")),
    "countries": (CountryViewSet, gettext_lazy("Countries")),
    "agencies": (AgencyViewSet, gettext_lazy("Agencies")),
    "organisations": (OrganisationViewSet, gettext_lazy("Organisations")),
    "substances": (SubstanceViewSet, gettext_lazy("Substances")),
}


def export_list_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (_viewset, label) in EXPORTABLE_LISTS.items()]


def export_model(list_name: str):
    return EXPORTABLE_LISTS[list_name][0].serializer_class.Meta.model


def export_filters_clean(list_name: str, filters: dict, principal) -> dict:
    """The filters of an export, checked by the list's FilterSet as the list endpoint checks them
    (core.filters: unknown parameters, values that name nothing, orderings not offered, reversed
    periods, too many values), before anything is queued; raises ValidationError naming them."""
    if list_name not in EXPORTABLE_LISTS:
        raise ValidationError({"list": _("There is no list named %(name)s.") % {"name": list_name}})
    if not isinstance(filters, dict):
        raise ValidationError({"filters": _("Filters are a mapping of query parameters to values.")})
    cleaned = {}
    for key, value in filters.items():
        if key in NOT_FILTERS or value in (None, "", []):
            continue
        if isinstance(value, list):
            cleaned[str(key)] = [str(item) for item in value]
        else:
            cleaned[str(key)] = str(value)
    viewset = EXPORTABLE_LISTS[list_name][0]
    try:
        # The list's own selector (lazy: nothing is read, but its FilterSet validates now), so the
        # FilterSet sees the queryset it filters in the API, annotations included.
        viewset.selector(user=principal, filters=cleaned)
    except ValidationError as error:
        raise ValidationError(
            {"filters": [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]}
        ) from error
    return cleaned


def export_source(*, list_name: str, principal, filters: dict) -> ExportSource:
    """The list as `principal` sees it: its viewset's export source."""
    return EXPORTABLE_LISTS[list_name][0].export_source(principal=principal, filters=filters)


def export_write(
    *,
    list_name: str,
    principal,
    filters: dict,
    fmt: str,
    path: Path,
    created: datetime.datetime,
    progress: Callable[[int, int], None],
) -> int:
    """Writes the list as `principal` sees it to `path`; returns the number of rows."""
    return write_source(
        source=export_source(list_name=list_name, principal=principal, filters=filters),
        fmt=fmt,
        path=path,
        sheet_name=str(EXPORTABLE_LISTS[list_name][1])[:31],
        created=created,
        progress=progress,
        title=_("CRIMJUST data export: %(list)s") % {"list": EXPORTABLE_LISTS[list_name][1]},
    )
