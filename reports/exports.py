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
from core.filters import NOT_FILTERS, country_filter
from countries.api.views import AgencyViewSet, CountryViewSet
from countries.models import Country
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
# The most values one filter of an export takes (e.g. country=PE,CO,…): a longer list is a mistake
# or an attack, not a question the tracker's lists answer.
MAX_FILTER_VALUES = 500


def export_list_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (_viewset, label) in EXPORTABLE_LISTS.items()]


def export_model(list_name: str):
    return EXPORTABLE_LISTS[list_name][0].serializer_class.Meta.model


def export_filters_clean(list_name: str, filters: dict, principal) -> dict:
    """The filters of an export, checked by the list's FilterSet as the list endpoint checks them;
    raises ValidationError naming the list's unknown or bad parameters."""
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
    filterset_class = viewset.filterset_class
    known = set(filterset_class.base_filters)
    unknown = sorted(set(cleaned) - known)
    if unknown:
        named = unknown[:10] + (["…"] if len(unknown) > 10 else [])
        raise ValidationError(
            {
                "filters": _("Unknown filters for this list: %(names)s. Known: %(known)s.")
                % {"names": ", ".join(named), "known": ", ".join(sorted(known))}
            }
        )
    _refuse_long_lists(cleaned)
    try:
        # The list's own selector (lazy: nothing is read), so its FilterSet sees the queryset it
        # filters in the API, annotations included (a training list orders by its activity's dates).
        viewset.selector(user=principal, filters=cleaned)
        # What a list ignores, an export that runs later must not: it would "succeed" with no rows.
        _refuse_unknown_countries(filterset_class, cleaned)
        _refuse_reversed_period(filterset_class, cleaned)
    except ValidationError as error:
        raise ValidationError(
            {"filters": [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]}
        ) from error
    ordering = cleaned.get("ordering")
    if ordering:
        allowed = set(filterset_class.ordering_fields)
        asked = {part.strip().lstrip("-") for part in str(ordering).split(",") if part.strip()}
        if asked - allowed:
            raise ValidationError(
                {
                    "filters": _("This list cannot be ordered by %(names)s.")
                    % {"names": ", ".join(sorted(asked - allowed))}
                }
            )
    return cleaned


def _values(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _refuse_long_lists(filters: dict) -> None:
    for name, value in filters.items():
        if len(_values(value)) > MAX_FILTER_VALUES:
            raise ValidationError(
                {
                    "filters": _("%(name)s: give at most %(limit)s values.")
                    % {"name": name, "limit": MAX_FILTER_VALUES}
                }
            )


def _is_country_filter(filter_) -> bool:
    return getattr(filter_.method, "__qualname__", "").startswith(f"{country_filter.__qualname__}.")


def _refuse_unknown_countries(filterset_class, filters: dict) -> None:
    errors = {}
    for name, value in filters.items():
        if not _is_country_filter(filterset_class.base_filters[name]):
            continue
        codes = {code.upper() for code in _values(value)}
        unknown = codes - set(Country.objects.filter(iso2__in=codes).values_list("iso2", flat=True))
        if unknown:
            errors[name] = _("Unknown country codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)


def _refuse_reversed_period(filterset_class, filters: dict) -> None:
    fields = filterset_class.base_filters
    if not {"date_from", "date_to"} <= set(filters) & set(fields):
        return
    start, end = (_last(filters[name]) for name in ("date_from", "date_to"))
    start, end = fields["date_from"].field.clean(start), fields["date_to"].field.clean(end)
    if start and end and start > end:
        raise ValidationError({"date_to": _("The end of the period is before its start.")})


def _last(value: str | list[str]) -> str:
    """The value a list reads when a parameter is repeated: the last (QueryDict's)."""
    return value[-1] if isinstance(value, list) else value


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
    )
