"""A one-sheet workbook whose rows go straight into the file as they come: the data exports' XLSX.

openpyxl makes a cell object and an XML element of every value, half a millisecond for a row of
thirty. Here openpyxl still writes the workbook around an empty sheet (styles, properties, content
types; made deterministic by `save_workbook`), and the sheet's rows are streamed into
that sheet's part as openpyxl writes them: numbers as numbers, text as inline strings, empty
values left out, the same limits on text (at most 32,767 characters, no control characters).
Every text is a text cell, as `core.xlsx.append_row` writes it: never a formula or an error
value, and kept exactly (no apostrophe). Memory stays constant and the same rows and `created`
time give the same bytes.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from core.xlsx import new_workbook, save_workbook

_SHEET_PART = re.compile(r"xl/worksheets/sheet\d+\.xml")
_EMPTY_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
# As openpyxl: a cell holds at most this much text.
_MAX_TEXT = 32767
_NUMBERS = frozenset({int, float, Decimal})
# Joins a row's texts: an illegal character, so no text holds it.
_SEPARATOR = "\x00"
_PRESERVE = ' xml:space="preserve"'
# Rows written to the archive at a time.
_FLUSH_ROWS = 500


class XlsxStream:
    """`append` a row at a time, then `close`. A text is an inline string whatever it starts with
    ("=", "#N/A"): openpyxl would guess a formula or an error value, `core.xlsx` does not."""

    def __init__(self, path: Path, *, sheet_name: str, created: datetime.datetime):
        workbook = new_workbook(created=created)
        workbook.create_sheet(sheet_name)
        skeleton = path.with_name(path.name + ".skeleton")
        try:
            save_workbook(workbook, skeleton, created=created)
            with zipfile.ZipFile(skeleton) as source:
                parts = [(entry, source.read(entry)) for entry in source.infolist()]
        finally:
            skeleton.unlink(missing_ok=True)
        sheet_entry, sheet_xml = next(part for part in parts if _SHEET_PART.fullmatch(part[0].filename))
        head, tail = _EMPTY_SHEET_DATA.split(sheet_xml)
        self.tail = b"</sheetData>" + tail
        self.archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        for entry, content in parts:
            if entry is not sheet_entry:
                self.archive.writestr(_entry_like(entry), content)
        # The sheet last: a zip archive is written one entry at a time.
        self.stream = self.archive.open(_entry_like(sheet_entry), "w", force_zip64=True)
        self.stream.write(head + b"<sheetData>")
        self.letters: list[str] = []
        self.rows = 0
        self.pending: list[str] = []

    def append(self, values) -> None:
        self.rows += 1
        if len(self.letters) < len(values):
            self.letters = [get_column_letter(number) for number in range(1, len(values) + 1)]
        number = str(self.rows)
        texts = iter(_texts([value for value in values if isinstance(value, str) and value]))
        cells = []
        for letter, value in zip(self.letters, values, strict=False):
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
                    # As openpyxl writes a number: 16 significant digits.
                    cells.append(f'<c r="{letter}{number}" t="n"><v>{float(value):.16g}</v></c>')
            elif kind is bool:
                cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
            else:
                raise TypeError(f"Cannot write {value!r} to a sheet")
        self.pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.pending) >= _FLUSH_ROWS:
            self._flush()

    def close(self) -> None:
        self._flush()
        self.stream.write(self.tail)
        self.stream.close()
        self.archive.close()

    def _flush(self) -> None:
        self.stream.write("".join(self.pending).encode())
        self.pending = []


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
