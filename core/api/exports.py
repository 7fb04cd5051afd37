"""A list written to a file in constant memory: the rows of its export (`core.api.rows`), to CSV or
streamed into a workbook's sheet (`core.api.xlsx_stream`). The API's `?format=csv` and the data
exports of the reports app both write a viewset's `export_source`.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from rest_framework import serializers

from .csv import FORMULA_STARTS, as_text, escape_cell
from .links import LinkFilter
from .rows import ExportColumns, export_rows
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
            # Text as it is: the sheet's text cells never run (core.xlsx), and the CSV's apostrophe
            # would change the data.
            self.sheet.append(
                [
                    value
                    if value is None or value.__class__ in _NUMBERS or value.__class__ is str
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
    return as_text(value)


def _numeric_columns(serializer, header: list[str]) -> list[int]:
    fields = serializer.fields
    return [index for index, name in enumerate(header) if isinstance(fields[name], serializers.DecimalField)]


def export_write(
    *,
    source: ExportSource,
    fmt: str,
    path: Path,
    sheet_name: str,
    created: datetime.datetime,
    progress: Callable[[int, int], None],
) -> int:
    """Writes the list to `path` as CSV or XLSX; returns the number of rows."""
    total = source.queryset.count()
    decimals = _numeric_columns(source.serializer, source.header)
    writer = ExportWriter(path, fmt, sheet_name=sheet_name, created=created)
    every = max(1, settings.REPORTS_PROGRESS_EVERY_ROWS)
    written = 0
    try:
        writer.header(source.header)
        progress(0, total)
        for values in source.rows():
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
