"""A one-sheet workbook whose rows go straight into the file as they come: the data exports' XLSX.

openpyxl makes a cell object and an XML element of every value, half a millisecond for a row of
thirty. Here openpyxl still writes the workbook around an empty sheet (styles, properties, content
types, the sheet's table, an "About" sheet; made deterministic by `save_workbook`), and the sheet's
rows are streamed into that sheet's part as openpyxl writes them: numbers as numbers, dates and
times as date cells, booleans as booleans, each date and number with its column's number format
(or its type's, `core.xlsx.number_format_of`), text as inline strings, empty values left out, the
same limits on text (at most 32,767 characters, no control characters). Every text is a text
cell, as `core.xlsx.cell` writes it: never a formula or an error value, and kept exactly (no
apostrophe). The header is row 1 and the rows follow it, marked as an Excel table (its range is
written when the sheet is closed, the rows counted). Memory stays constant and the same rows and
`created` time give the same bytes.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from core.xlsx import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    GENERAL_FORMAT,
    INTEGER_FORMAT,
    add_table,
    append_row,
    decimal_format,
    new_workbook,
    number_format_of,
    save_workbook,
    table_ref,
    utc_naive,
)

# The data sheet: the first of the workbook.
_SHEET_PART = "xl/worksheets/sheet1.xml"
_TABLE_PART = re.compile(r"xl/tables/table\d+\.xml")
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
# As openpyxl: a cell holds at most this much text.
_MAX_TEXT = 32767
_NUMBERS = frozenset({int, float, Decimal})
# Joins a row's texts: an illegal character, so no text holds it.
_SEPARATOR = "\x00"
_PRESERVE = ' xml:space="preserve"'
# Rows written to the archive at a time.
_FLUSH_ROWS = 500
# The number formats a value may get by its type (`number_format_of`) in a column that names none:
# a Decimal's up to this many places (more: "General").
_MAX_PLACES = 10
_TYPE_FORMATS = (
    DATE_FORMAT,
    DATETIME_FORMAT,
    INTEGER_FORMAT,
    GENERAL_FORMAT,
    *(decimal_format(places) for places in range(1, _MAX_PLACES + 1)),
)


class XlsxStream:
    """`append` a row at a time, then `close`. `header` is row 1; `formats` the number format of
    each column (None: by the value's type); `about` the rows of an "About" sheet after the data
    sheet (what the list is, when it was written, that its times are in UTC). A text is an inline
    string whatever it starts with ("=", "#N/A"): openpyxl would guess a formula or an error value,
    `core.xlsx` does not."""

    def __init__(
        self,
        path: Path,
        *,
        sheet_name: str,
        created: datetime.datetime,
        title: str,
        header: Sequence[str],
        formats: Sequence[str | None] = (),
        about: Sequence[Sequence] = (),
        about_name: str = "About",
    ):
        header = list(header)
        workbook = new_workbook(created=created, title=title)
        sheet = workbook.create_sheet(sheet_name)
        sheet.freeze_panes = "A2"
        # The styles of the number formats, in the workbook's styles before the skeleton is saved.
        self.styles = {
            number_format: f' s="{_style_id(sheet, number_format)}"'
            for number_format in dict.fromkeys([*_TYPE_FORMATS, *(f for f in formats if f)])
        }
        self.column_styles = [self.styles[f] if f else None for f in formats]
        self.integer_style = self.styles[INTEGER_FORMAT]
        self.date_styles = (self.styles[DATE_FORMAT], self.styles[DATETIME_FORMAT])
        self.columns = len(header)
        self.placeholder = table_ref(self.columns, 1).encode()
        add_table(workbook, sheet, header, 1)
        if about:
            about_sheet = workbook.create_sheet(about_name[:31])
            for row in about:
                append_row(about_sheet, row)
        skeleton = path.with_name(path.name + ".skeleton")
        try:
            save_workbook(workbook, skeleton, created=created)
            with zipfile.ZipFile(skeleton) as source:
                parts = [(entry, source.read(entry)) for entry in source.infolist()]
        finally:
            skeleton.unlink(missing_ok=True)
        sheet_entry, sheet_xml = next(part for part in parts if part[0].filename == _SHEET_PART)
        head, tail = _EMPTY_SHEET_DATA.split(sheet_xml)
        # The table's range (or the autofilter's, in the tail) once the rows are counted.
        self.tail = b"</sheetData>" + tail
        self.tables = [part for part in parts if _TABLE_PART.fullmatch(part[0].filename)]
        self.archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        for entry, content in parts:
            if entry is not sheet_entry and not _TABLE_PART.fullmatch(entry.filename):
                self.archive.writestr(_entry_like(entry), content)
        # The sheet last: a zip archive is written one entry at a time.
        self.stream = self.archive.open(_entry_like(sheet_entry), "w", force_zip64=True)
        self.stream.write(head + b"<sheetData>")
        self.letters: list[str] = []
        self.rows = 0
        self.pending: list[str] = []
        try:
            self.append(header)
        except Exception:
            self.stream.close()
            self.archive.close()
            raise

    def append(self, values) -> None:
        self.rows += 1
        if len(self.letters) < len(values):
            self.letters = [get_column_letter(number) for number in range(1, len(values) + 1)]
            self.column_styles += [None] * (len(values) - len(self.column_styles))
        number = str(self.rows)
        texts = iter(_texts([value for value in values if isinstance(value, str) and value]))
        cells = []
        for letter, style, value in zip(self.letters, self.column_styles, values, strict=False):
            kind = value.__class__
            if kind is str or isinstance(value, str):
                if not value:
                    continue
                text, space = next(texts)
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif value is None:
                continue
            elif kind in _NUMBERS:
                if math.isfinite(value):
                    if style is None:
                        style = self.integer_style if kind is int else self._style_of(value)
                    # As openpyxl writes a number: 16 significant digits.
                    cells.append(f'<c r="{letter}{number}"{style} t="n"><v>{float(value):.16g}</v></c>')
            elif kind is bool:
                cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime.date):
                if isinstance(value, datetime.datetime):
                    value = utc_naive(value)
                if style not in self.date_styles:
                    style = self._style_of(value)
                cells.append(f'<c r="{letter}{number}"{style} t="n"><v>{to_excel(value)!r}</v></c>')
            else:
                raise TypeError(f"Cannot write {value!r} to a sheet")
        self.pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.pending) >= _FLUSH_ROWS:
            self._flush()

    def _style_of(self, value) -> str:
        return self.styles.get(number_format_of(value), self.styles[GENERAL_FORMAT])

    def close(self) -> None:
        self._flush()
        ref = table_ref(self.columns, self.rows - 1).encode()
        self.stream.write(self.tail.replace(b'"' + self.placeholder + b'"', b'"' + ref + b'"'))
        self.stream.close()
        for entry, content in self.tables:
            content = content.replace(b'"' + self.placeholder + b'"', b'"' + ref + b'"')
            self.archive.writestr(_entry_like(entry), content)
        self.archive.close()

    def _flush(self) -> None:
        self.stream.write("".join(self.pending).encode())
        self.pending = []


def _style_id(sheet, number_format: str) -> int:
    """The index of a style with `number_format` in the workbook's styles (registered there)."""
    cell = WriteOnlyCell(sheet)
    cell.number_format = number_format
    return cell.style_id


def _texts(texts: list[str]) -> list[tuple[str, str]]:
    """A row's texts as cells hold them: cut to the longest a cell holds, escaped for XML, with
    `xml:space` where a reader would otherwise drop their leading or trailing spaces. A row at a
    time: the texts are checked and escaped together, joined by a character no text holds."""
    if not texts:
        return []
    if sum(map(len, texts)) > _MAX_TEXT:
        texts = [text[:_MAX_TEXT] for text in texts]
    if ILLEGAL_CHARACTERS_RE.search("".join(texts)):
        text = next(text for text in texts if ILLEGAL_CHARACTERS_RE.search(text))
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    joined = _SEPARATOR.join(texts)
    joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [
        (text, _PRESERVE if text != (stripped := text.strip()) and stripped else "")
        for text in joined.split(_SEPARATOR)
    ]


def _entry_like(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = entry.external_attr
    return info
