"""The workbooks the tracker writes (reports, data exports, import templates and rejected rows):
their cells, their tables, and the deterministic archive around them.

Every workbook is typed and plainly tabular, so that a program reads it as a person does:

- a cell is typed by its value: a date a date cell, a date and time a date-time cell (in UTC, with
  no zone: a workbook's times have none, so the column's header or the cover says "UTC"), a
  number a number, a yes/no a boolean, each date and number with a number format (`cell`);
- a data sheet is one table: its header on row 1, its rows from row 2, nothing above or below
  them (titles, notes and totals go on the workbook's cover or its "Totals" sheet), marked as an
  Excel table (`write_table`, `add_table`), so `pandas.read_excel(path, sheet_name=...)` reads its
  columns with its defaults;
- the workbook's properties hold its title and the language it was written in (`new_workbook`).

openpyxl guesses a cell's type from its value: text starting with "=" becomes a formula and text
such as "#N/A" an error value. Text comes from staff and from uploaded files, so a guess would let
a donor's acronym run as a formula when the workbook is opened. Every text therefore goes in as a
text cell (`text_cell`, `cell`, `append_row`), kept exactly: the CSV's leading apostrophe
(`core.api.csv.escape_cell`) is not used here, since in a workbook the cell type is the
protection and an apostrophe would change the data.

Dates and numbers show with the number formats below: `#,##0` and `#,##0.000` are written with the
format codes' own placeholders, which Excel and LibreOffice show with the reader's separators;
format 14 (openpyxl's "mm-dd-yy") is the built-in short date, and 22 ("m/d/yy h:mm") the built-in
date and time, that they show in the reader's locale order.
"""

from __future__ import annotations

import datetime
import re
import shutil
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.utils.translation import get_language
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter

TEXT = "s"

DATE_FORMAT = "mm-dd-yy"
DATETIME_FORMAT = "m/d/yy h:mm"
# A count, its thousands grouped.
INTEGER_FORMAT = "#,##0"
# A whole number of a data export (an id, a year, a count alike): no separators, which would make
# an id or a year look like a figure.
ID_FORMAT = "0"
# A number whose decimals vary (a float): Excel's "General" shows them as they are.
GENERAL_FORMAT = "General"


def decimal_format(places: int | None, *, grouped: bool = True) -> str:
    """The format of a number with `places` decimals (None: as many as it has)."""
    if places is None:
        return GENERAL_FORMAT
    whole = "#,##0" if grouped else "0"
    return f"{whole}.{'0' * places}" if places > 0 else whole


def number_format_of(value) -> str | None:
    """The format a value gets when its column names none: by its type (a Decimal keeps its own
    places, "12.500" three); None for text and booleans."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return decimal_format(-exponent if isinstance(exponent, int) and exponent < 0 else 0)
    if isinstance(value, float):
        return GENERAL_FORMAT
    return None


def utc_naive(value: datetime.datetime) -> datetime.datetime:
    """A date and time as a workbook holds it: in UTC, without a zone (a naive one is taken as
    it is)."""
    if value.tzinfo is None:
        return value
    return value.astimezone(datetime.UTC).replace(tzinfo=None)


def text_cell(sheet, text: str) -> Cell:
    """A cell of a write-only `sheet` that holds `text` as text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=text)
    # Set after the value: assigning a value makes openpyxl guess the type again.
    cell.data_type = TEXT
    return cell


def cell(sheet, value, number_format: str | None = None):
    """A typed cell of a write-only `sheet`: text always a text cell, a boolean a boolean, a date
    or a date and time (in UTC) a date cell, a number a number, each date and number with
    `number_format` (or the one of its type: `number_format_of`). None stays an empty cell."""
    if value is None:
        return None
    if isinstance(value, str):
        return text_cell(sheet, value)
    if isinstance(value, datetime.datetime):
        value = utc_naive(value)
    elif not isinstance(value, bool | int | float | Decimal | datetime.date):
        return text_cell(sheet, str(value))
    written = WriteOnlyCell(sheet, value=value)
    if isinstance(value, bool):
        shown = None
    elif isinstance(value, datetime.date):
        shown = number_format if number_format in (DATE_FORMAT, DATETIME_FORMAT) else number_format_of(value)
    else:
        shown = number_format or number_format_of(value)
    if shown:
        written.number_format = shown
    return written


def append_row(sheet, values: Iterable, formats: Sequence[str | None] = ()) -> None:
    """Appends a row of typed cells (`cell`) to a write-only `sheet`; `formats`: the number
    format of each column, where it has one."""
    formats = list(formats)
    sheet.append(
        [
            cell(sheet, value, formats[index] if index < len(formats) else None)
            for index, value in enumerate(values)
        ]
    )


# --- tables ----------------------------------------------------------------------------------------

# As Excel: a table's column name is at most this long.
_MAX_COLUMN_NAME = 255


def table_header_ok(header: Sequence) -> bool:
    """Whether `header` may head an Excel table: texts, none empty, none twice (whatever the
    case), none with a control character. An uploaded file's header may fail this: its sheet
    then gets an autofilter, not a table."""
    seen = set()
    for name in header:
        if not isinstance(name, str) or not name.strip() or len(name) > _MAX_COLUMN_NAME:
            return False
        if ILLEGAL_CHARACTERS_RE.search(name) or "\n" in name or "\r" in name or "\t" in name:
            return False
        if name.casefold() in seen:
            return False
        seen.add(name.casefold())
    return bool(seen)


def table_ref(columns: int, rows: int) -> str:
    """The range of a table of `columns` columns and `rows` data rows below its header (a table
    holds at least one row, empty if there is none)."""
    return f"A1:{get_column_letter(max(1, columns))}{max(rows, 1) + 1}"


def add_table(workbook, sheet, header: Sequence, rows: int) -> None:
    """Marks `sheet`'s header (row 1) and its `rows` data rows as an Excel table (sorting and
    filters in Excel and LibreOffice, a named range for formulas), or, where the header cannot
    head a table (`table_header_ok`), as an autofilter over the same range."""
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    ref = table_ref(len(header), rows)
    if not table_header_ok(header):
        sheet.auto_filter.ref = ref
        return
    number = 1 + sum(len(other.tables) for other in workbook.worksheets)
    table = Table(
        displayName=f"Table{number}",
        ref=ref,
        tableStyleInfo=TableStyleInfo(name="TableStyleLight1", showRowStripes=True),
    )
    table.tableColumns = [TableColumn(id=index, name=name) for index, name in enumerate(header, start=1)]
    table.autoFilter = AutoFilter(ref=ref)
    with warnings.catch_warnings():
        # "In write-only mode you must add table columns manually": they are, above.
        warnings.simplefilter("ignore", UserWarning)
        sheet.add_table(table)


def write_table(
    workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    formats: Sequence[str | None] = (),
):
    """A data sheet named `title`: `header` on row 1 (frozen), then one row of typed cells per
    row of `rows` (each column with its number format of `formats`), marked as a table."""
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    append_row(sheet, header)
    count = 0
    for row in rows:
        append_row(sheet, row, formats)
        count += 1
    add_table(workbook, sheet, list(header), count)
    return sheet


# --- the workbook ----------------------------------------------------------------------------------


def new_workbook(*, created: datetime.datetime, title: str, language: str | None = None):
    """A write-only workbook whose properties say what it is (`title`), in which language it was
    written (the active one unless `language`), by whom and when (`created`, in UTC)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    naive = utc_naive(created).replace(microsecond=0)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "CRIMJUST programme tracker"
    workbook.properties.title = str(title)
    workbook.properties.language = language or get_language() or "en"
    return workbook


def save_workbook(workbook, path: Path, *, created: datetime.datetime) -> None:
    """Saves, then makes the archive deterministic: openpyxl stamps the zip entries and the
    "modified" property with the current time."""
    raw = path.with_name(path.name + ".raw")
    workbook.save(str(raw))
    normalise_zip(raw, path, created=created)
    raw.unlink()


def workbook_bytes(workbook, *, created: datetime.datetime) -> bytes:
    """`save_workbook` into memory: a small workbook answered to a request."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="workbook-") as folder:
        path = Path(folder) / "workbook.xlsx"
        save_workbook(workbook, path, created=created)
        return path.read_bytes()


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
