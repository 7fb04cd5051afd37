"""Data exports: any list of the API, with the API's filters, written to a file in constant memory.

An export is the list endpoint run as the requester (`/api/v1/<list>/?<filters>&format=csv`): the
same viewset's scoped queryset, FilterSet, search and ordering, and serializer (which drops the
fields the requester may not see), so "a filtered list" means exactly what the API means by it.
Rows are fetched in chunks (`.iterator(chunk_size=...)`), read straight from the database for the
big lists and shown as the serializer shows them (`reports.export_rows`), and written one at a
time, to CSV or streamed into a workbook's sheet (`reports.xlsx_stream`), so memory does not grow
with the number of rows.
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.request import Request

from core.api.csv import FORMULA_STARTS, CSVRenderer, escape_cell

from .export_rows import export_rows
from .xlsx_stream import XlsxStream

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


def export_list_name(viewset_class) -> str | None:
    """The name of the list a viewset serves, if it is exportable."""
    return _list_names().get(viewset_class)


@functools.cache
def _list_names() -> dict:
    return {import_string(path): name for name, (path, _label) in EXPORTABLE_LISTS.items()}


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
    """Rows to a CSV file or a workbook's sheet."""

    def __init__(self, path: Path, fmt: str, *, sheet_name: str, created: datetime.datetime):
        self.format = fmt
        if fmt == "csv":
            self.file = path.open("w", encoding="utf-8", newline="")
            self.file.write("\ufeff")
            self.writer = csv.writer(self.file)
        else:
            self.sheet = XlsxStream(path, sheet_name=sheet_name[:31], created=created)

    def header(self, names: list[str]) -> None:
        if self.format == "csv":
            self.writer.writerow(names)
        else:
            self.sheet.append(names)

    def row(self, values: list) -> None:
        # `escape_cell` only where it may change what the writer writes (csv writes None as an
        # empty field and a number as its digits): not for most text, figures and empty values.
        if self.format == "csv":
            self.writer.writerow(
                [
                    value
                    if value is None
                    or (value.__class__ is str and not value.startswith(FORMULA_STARTS))
                    or (value.__class__ is int and value >= 0)
                    else escape_cell(value)
                    for value in values
                ]
            )
        else:
            self.sheet.append(
                [
                    value
                    if value is None
                    or value.__class__ in _NUMBERS
                    or (value.__class__ is str and not value.startswith(FORMULA_STARTS))
                    else _xlsx_cell(value)
                    for value in values
                ]
            )

    def close(self) -> None:
        if self.format == "csv":
            self.file.close()
        else:
            self.sheet.close()


_NUMBERS = frozenset({int, float, Decimal})


def _xlsx_cell(value):
    if value is None or isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_cell(value)


def _numeric_columns(serializer, header: list[str]) -> list[int]:
    fields = serializer.fields
    return [index for index, name in enumerate(header) if isinstance(fields[name], serializers.DecimalField)]


@dataclass(frozen=True)
class ExportSource:
    queryset: QuerySet
    serializer: serializers.Serializer
    header: list[str]


def export_source(*, list_name: str, principal, filters: dict) -> ExportSource:
    """The list as `principal` sees it: the viewset's scoped, filtered and ordered queryset, its
    serializer, and the columns that serializer shows (not the fields hidden from `principal`)."""
    view, _request = _view(list_name, principal, filters)
    serializer = view.get_serializer()
    return ExportSource(
        queryset=view.filter_queryset(view.get_queryset()),
        serializer=serializer,
        header=[name for name, field in serializer.fields.items() if not field.write_only],
    )


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
    source = export_source(list_name=list_name, principal=principal, filters=filters)
    queryset, serializer, header = source.queryset, source.serializer, source.header
    total = queryset.count()
    decimals = _numeric_columns(serializer, header)
    writer = ExportWriter(path, fmt, sheet_name=str(EXPORTABLE_LISTS[list_name][1]), created=created)
    every = max(1, settings.REPORTS_PROGRESS_EVERY_ROWS)
    written = 0
    try:
        writer.header(header)
        progress(0, total)
        rows = export_rows(list_name=list_name, queryset=queryset, serializer=serializer, header=header)
        for values in rows:
            if fmt == "xlsx":
                for index in decimals:
                    if isinstance(values[index], str):
                        try:
                            values[index] = Decimal(values[index])
                        except InvalidOperation:
                            pass
            writer.row(values)
            written += 1
            if written % every == 0:
                progress(written, total)
    finally:
        writer.close()
    progress(written, max(total, written))
    return written
