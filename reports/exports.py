"""Data exports: any list of the API, with the API's filters, written to a file in constant memory.

An export is the list endpoint run as the requester (`/api/v1/<list>/?<filters>&format=csv`): the
same viewset's scoped queryset, FilterSet, search and ordering, and serializer (which drops the
fields the requester may not see), so "a filtered list" means exactly what the API means by it.
Rows are fetched in chunks (`.iterator(chunk_size=...)`) and written one at a time, to CSV or to
an openpyxl write-only workbook, so memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.request import Request

from core.api.csv import CSVRenderer, escape_cell

from .rendering import new_workbook, save_workbook

# The lists that may be exported: the API's list endpoints, by their URL prefix.
EXPORTABLE_LISTS: dict[str, tuple[str, str]] = {
    "activities": ("activities.api.views.ActivityViewSet", gettext_lazy("Activities")),
    "trainings": ("trainings.api.views.TrainingViewSet", gettext_lazy("Trainings")),
    "operations": ("operations.api.views.OperationViewSet", gettext_lazy("Operations")),
    "seizures": ("operations.api.views.SeizureViewSet", gettext_lazy("Seizures")),
    "cases": ("operations.api.views.CaseViewSet", gettext_lazy("Cases")),
    "equipment-handovers": (
        "operations.api.views.EquipmentHandoverViewSet",
        gettext_lazy("Equipment handovers"),
    ),
    "people": ("people.api.views.PersonViewSet", gettext_lazy("People")),
    "participations": ("people.api.views.ParticipationViewSet", gettext_lazy("Participations")),
    "countries": ("countries.api.views.CountryViewSet", gettext_lazy("Countries")),
    "agencies": ("countries.api.views.AgencyViewSet", gettext_lazy("Agencies")),
    "organisations": ("activities.api.views.OrganisationViewSet", gettext_lazy("Organisations")),
    "substances": ("operations.api.views.SubstanceViewSet", gettext_lazy("Substances")),
}
# Query parameters of a list that are not filters of its data.
_NOT_FILTERS = {"format", "page", "page_size", "cursor"}


def export_list_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, (_path, label) in EXPORTABLE_LISTS.items()]


def export_model(list_name: str):
    return import_string(EXPORTABLE_LISTS[list_name][0]).queryset.model


def _view(list_name: str, principal, filters: dict):
    viewset_class = import_string(EXPORTABLE_LISTS[list_name][0])
    http_request = HttpRequest()
    http_request.method = "GET"
    http_request.GET = QueryDict(urlencode(filters, doseq=True))
    request = Request(http_request)
    request.user = principal
    # As for `?format=csv`: a list with a flat CSV serializer (trainings) uses it.
    request.accepted_renderer = CSVRenderer()
    request.accepted_media_type = CSVRenderer.media_type
    view = viewset_class(request=request, args=(), kwargs={}, action="list", format_kwarg=None)
    view.headers = {}
    return view, request


def export_filters_clean(list_name: str, filters: dict, principal) -> dict:
    """The filters of an export, checked as the list endpoint checks them; raises ValidationError."""
    if list_name not in EXPORTABLE_LISTS:
        raise ValidationError({"list": _("There is no list named %(name)s.") % {"name": list_name}})
    if not isinstance(filters, dict):
        raise ValidationError({"filters": _("Filters are a mapping of query parameters to values.")})
    cleaned = {}
    for key, value in filters.items():
        if key in _NOT_FILTERS or value in (None, "", []):
            continue
        if isinstance(value, list):
            cleaned[str(key)] = [str(item) for item in value]
        else:
            cleaned[str(key)] = str(value)
    view, request = _view(list_name, principal, cleaned)
    known = set(view.filterset_class.base_filters) if view.filterset_class else set()
    for backend in view.filter_backends:
        known |= {getattr(backend, "search_param", ""), getattr(backend, "ordering_param", "")}
    unknown = sorted(set(cleaned) - known)
    if unknown:
        raise ValidationError(
            {
                "filters": _("Unknown filters for this list: %(names)s. Known: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(sorted(name for name in known if name))}
            }
        )
    if view.filterset_class:
        filterset = view.filterset_class(
            data=request.query_params, queryset=view.get_queryset(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(
                {
                    "filters": [
                        f"{name}: {' '.join(map(str, errors))}" for name, errors in filterset.errors.items()
                    ]
                }
            )
    ordering = cleaned.get("ordering")
    if ordering:
        allowed = set(view.ordering_fields or [])
        asked = {part.strip().lstrip("-") for part in str(ordering).split(",") if part.strip()}
        if asked - allowed:
            raise ValidationError(
                {
                    "filters": _("This list cannot be ordered by %(names)s.")
                    % {"names": ", ".join(sorted(asked - allowed))}
                }
            )
    return cleaned


class ExportWriter:
    """Rows to a CSV file or a write-only workbook."""

    def __init__(self, path: Path, fmt: str, *, sheet_name: str, created: datetime.datetime):
        self.path, self.format, self.created = path, fmt, created
        if fmt == "csv":
            self.file = path.open("w", encoding="utf-8", newline="")
            self.file.write("\ufeff")
            self.writer = csv.writer(self.file)
        else:
            self.workbook = new_workbook(created=created)
            self.sheet = self.workbook.create_sheet(sheet_name[:31])

    def header(self, names: list[str]) -> None:
        if self.format == "csv":
            self.writer.writerow(names)
        else:
            self.sheet.append(names)

    def row(self, values: list) -> None:
        if self.format == "csv":
            self.writer.writerow([escape_cell(value) for value in values])
        else:
            self.sheet.append([_xlsx_cell(value) for value in values])

    def close(self) -> None:
        if self.format == "csv":
            self.file.close()
        else:
            save_workbook(self.workbook, self.path, created=self.created)


def _xlsx_cell(value):
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_cell(value)


def _numeric_columns(serializer, header: list[str]) -> set[str]:
    fields = serializer.fields
    return {name for name in header if isinstance(fields[name], serializers.DecimalField)}


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
    view, _request = _view(list_name, principal, filters)
    queryset = view.filter_queryset(view.get_queryset())
    total = queryset.count()
    serializer = view.get_serializer()
    header = [name for name, field in serializer.fields.items() if not field.write_only]
    decimals = _numeric_columns(serializer, header)
    writer = ExportWriter(path, fmt, sheet_name=str(EXPORTABLE_LISTS[list_name][1]), created=created)
    every = max(1, settings.REPORTS_PROGRESS_EVERY_ROWS)
    written = 0
    try:
        writer.header(header)
        progress(0, total)
        for record in queryset.iterator(chunk_size=settings.REPORTS_EXPORT_CHUNK_SIZE):
            data = serializer.to_representation(record)
            values = []
            for name in header:
                value = data.get(name)
                if fmt == "xlsx" and name in decimals and isinstance(value, str):
                    try:
                        value = Decimal(value)
                    except InvalidOperation:
                        pass
                values.append(value)
            writer.row(values)
            written += 1
            if written % every == 0:
                progress(written, total)
    finally:
        writer.close()
    progress(written, max(total, written))
    return written
