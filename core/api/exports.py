"""A list written to a file in constant memory: the rows of its export (`core.api.rows`), to CSV or
streamed into a workbook's sheet (`core.api.xlsx_stream`). The API's `?format=csv` and the data
exports of the reports app both write a viewset's `export_source`.

The rows hold what the serializer shows, the API's JSON values: a date is its ISO text, a decimal
its digits. In the workbook each column is typed by its serializer field's class
(`xlsx_columns`), not guessed from the text: a DateField's text becomes a date cell, a
DateTimeField's a date-time cell in UTC, a DecimalField's a number with the field's places, an
IntegerField's and a record's id a number, a BooleanField's a boolean; any other field's value is
written as it is (a number a number, a text a text cell) and a list as its text.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.settings import api_settings

from core.xlsx import DATE_FORMAT, DATETIME_FORMAT, GENERAL_FORMAT, ID_FORMAT, decimal_format, utc_naive

from .csv import FORMULA_STARTS, as_text, escape_cell
from .links import LinkFilter
from .rows import ExportColumns, export_rows, iso_output
from .xlsx_stream import XlsxStream


@dataclass(frozen=True)
class ExportSource:
    """A list as its principal sees it: the scoped, filtered and ordered queryset, the serializer
    (without the fields hidden from the principal), the columns it shows, and the viewset's
    `export_columns`."""

    queryset: QuerySet
    serializer: serializers.Serializer
    header: list[str]
    export_columns: ExportColumns | None

    def rows(self):
        # The ids of linked records only where the principal may see them (core.api.links).
        return LinkFilter(self.serializer, self.header).stream(
            export_rows(
                export_columns=self.export_columns,
                queryset=self.queryset,
                serializer=self.serializer,
                header=self.header,
            )
        )


@dataclass(frozen=True)
class XlsxColumn:
    """How a column's values go into the workbook: `convert` turns the serializer's value (not
    None) into the cell's (None: as it is), shown with `number_format`."""

    convert: Callable[[Any], Any] | None = None
    number_format: str | None = None
    # A date and time column: its values are in UTC, which the workbook's "About" sheet says.
    utc: bool = False


def xlsx_columns(serializer, header: list[str]) -> list[XlsxColumn]:
    """Each column of `header`'s workbook type, by its serializer field's class."""
    return [_xlsx_column(serializer.fields[name]) for name in header]


def _xlsx_column(field) -> XlsxColumn:
    if isinstance(field, serializers.BooleanField):
        # The serializer gives a bool: a boolean cell as it is (no longer the text "true").
        return XlsxColumn()
    if isinstance(field, serializers.DateTimeField):
        if not iso_output(field, api_settings.DATETIME_FORMAT):
            return XlsxColumn()
        return XlsxColumn(_as_datetime, DATETIME_FORMAT, utc=True)
    if isinstance(field, serializers.DateField):
        if not iso_output(field, api_settings.DATE_FORMAT):
            return XlsxColumn()
        return XlsxColumn(_as_date, DATE_FORMAT)
    if isinstance(field, serializers.DecimalField):
        return XlsxColumn(_as_decimal, decimal_format(field.decimal_places, grouped=False))
    if isinstance(field, serializers.FloatField):
        return XlsxColumn(_as_float, GENERAL_FORMAT)
    if isinstance(field, serializers.IntegerField) or (
        isinstance(field, serializers.PrimaryKeyRelatedField) and field.pk_field is None
    ):
        # Counts, years and ids alike: a number without thousands separators. The serializer gives
        # an int (a big integer it gives as a string stays a text: a spreadsheet's number would
        # round it past 15 digits).
        return XlsxColumn(None, ID_FORMAT)
    return XlsxColumn()


def _as_date(value):
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _as_datetime(value):
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
    return utc_naive(value) if isinstance(value, datetime.datetime) else value


def _as_decimal(value):
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _as_float(value):
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


class ExportWriter:
    """Rows to a CSV file or a workbook's sheet (typed by `columns`, one per header name)."""

    def __init__(
        self,
        path: Path,
        fmt: str,
        *,
        sheet_name: str,
        created: datetime.datetime,
        title: str = "",
        columns: list[XlsxColumn] | None = None,
    ):
        self.format = fmt
        self.path, self.sheet_name, self.created, self.title = path, sheet_name[:31], created, title
        self.columns = columns
        self.converters: list[tuple[int, Callable]] = []
        if fmt == "csv":
            self.file = path.open("w", encoding="utf-8", newline="")
            self.file.write("\ufeff")
            self.writer = csv.writer(self.file)

    def header(self, names: list[str]) -> None:
        if self.format == "csv":
            self.writer.writerow(names)
            return
        columns = self.columns or [XlsxColumn() for _name in names]
        self.converters = [
            (index, column.convert) for index, column in enumerate(columns) if column.convert is not None
        ]
        utc = [name for name, column in zip(names, columns, strict=True) if column.utc]
        about = [
            [self.title or self.sheet_name],
            [_("Requested at (UTC)"), self.created.replace(microsecond=0)],
            [_("Sheet"), self.sheet_name],
        ]
        if utc:
            about.append([_("Dates and times in UTC"), ", ".join(utc)])
        self.sheet = XlsxStream(
            self.path,
            sheet_name=self.sheet_name,
            created=self.created,
            title=self.title or self.sheet_name,
            header=names,
            formats=[column.number_format for column in columns],
            about=about,
            about_name=_("About"),
        )

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
            for index, convert in self.converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
            # Text as it is: the sheet's text cells never run (core.xlsx), and the CSV's apostrophe
            # would change the data.
            self.sheet.append(
                [
                    value if value is None or value.__class__ in _AS_THEY_ARE else _xlsx_cell(value)
                    for value in values
                ]
            )

    def close(self) -> None:
        if self.format == "csv":
            self.file.close()
        else:
            self.sheet.close()


_AS_THEY_ARE = frozenset({int, float, Decimal, str, bool, datetime.date, datetime.datetime})


def _xlsx_cell(value):
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return as_text(value)


def export_write(
    *,
    source: ExportSource,
    fmt: str,
    path: Path,
    sheet_name: str,
    created: datetime.datetime,
    progress: Callable[[int, int], None],
    title: str = "",
) -> int:
    """Writes the list to `path` as CSV or XLSX (titled `title`); returns the number of rows."""
    total = source.queryset.count()
    writer = ExportWriter(
        path,
        fmt,
        sheet_name=sheet_name,
        created=created,
        title=title,
        columns=xlsx_columns(source.serializer, source.header) if fmt == "xlsx" else None,
    )
    every = max(1, settings.REPORTS_PROGRESS_EVERY_ROWS)
    written = 0
    try:
        writer.header(source.header)
        progress(0, total)
        for values in source.rows():
            writer.row(values)
            written += 1
            if written % every == 0:
                progress(written, total)
    finally:
        writer.close()
    progress(written, max(total, written))
    return written
