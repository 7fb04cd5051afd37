"""The workbooks the tracker writes (reports, data exports, import templates and rejected rows):
their cells, and the deterministic archive around them.

openpyxl guesses a cell's type from its value: text starting with "=" becomes a formula and text
such as "#N/A" an error value. Text comes from staff and from uploaded files, so a guess would let
a donor's acronym run as a formula when the workbook is opened. Every text therefore goes in as a
text cell (`text_cell`, `append_row`), kept exactly: the CSV's leading apostrophe
(`core.api.csv.escape_cell`) is not used here, since in a workbook the cell type is the
protection and an apostrophe would change the data.
"""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

from openpyxl.cell.cell import Cell, WriteOnlyCell

TEXT = "s"


def text_cell(sheet, text: str) -> Cell:
    """A cell of a write-only `sheet` that holds `text` as text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=text)
    # Set after the value: assigning a value makes openpyxl guess the type again.
    cell.data_type = TEXT
    return cell


def append_row(sheet, values) -> None:
    """Appends a row to a write-only `sheet`: every text a text cell, other values as openpyxl
    stores them (numbers as numbers, dates as dates)."""
    sheet.append([text_cell(sheet, value) if isinstance(value, str) else value for value in values])


def new_workbook(*, created: datetime.datetime):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    naive = created.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "CRIMJUST programme tracker"
    return workbook


def save_workbook(workbook, path: Path, *, created: datetime.datetime) -> None:
    """Saves, then makes the archive deterministic: openpyxl stamps the zip entries and the
    "modified" property with the current time."""
    raw = path.with_name(path.name + ".raw")
    workbook.save(str(raw))
    normalise_zip(raw, path, created=created)
    raw.unlink()


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def normalise_zip(source: Path, target: Path, *, created: datetime.datetime) -> None:
    """Copies the zip entry by entry (constant memory) with fixed timestamps."""
    stamp = created.astimezone(datetime.UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    modified = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(source) as archive_in,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive_out,
    ):
        for entry in archive_in.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            if entry.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    lambda match: (
                        b"<dcterms:modified" + match.group(1) + b">" + modified + b"</dcterms:modified>"
                    ),
                    archive_in.read(entry),
                )
                archive_out.writestr(info, content)
                continue
            with archive_in.open(entry) as reader, archive_out.open(info, "w", force_zip64=True) as writer:
                shutil.copyfileobj(reader, writer, 1024 * 1024)
