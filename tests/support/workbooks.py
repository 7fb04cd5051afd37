"""What every workbook the tracker writes must be (core.xlsx), checked the way programs read it:
openpyxl for each cell's type and number format, pandas with its defaults for each data sheet,
LibreOffice (headless) for the whole file.

`check_workbook` takes a workbook (a path or bytes), its expected title and language, and its
data sheets with their expected columns; it returns each data sheet as pandas read it.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from core.xlsx import DATE_FORMAT, DATETIME_FORMAT, GENERAL_FORMAT

# A text that a program would take for a date, a date and time, a boolean or a number: a typed
# value written as text, the defect these checks are for.
_LOOKS_TYPED = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?"
    r"|true|false|True|False|-?\d+(\.\d+)?"
)


def _source(workbook) -> io.BytesIO | Path:
    return io.BytesIO(workbook) if isinstance(workbook, bytes) else Path(workbook)


def check_properties(workbook, *, title: str, language: str) -> None:
    """The title and the language in the workbook's properties, as written in docProps/core.xml."""
    loaded = openpyxl.load_workbook(_source(workbook))
    assert loaded.properties.title == title
    assert loaded.properties.language == language
    with zipfile.ZipFile(_source(workbook)) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f"<dc:language>{language}</dc:language>" in core
    assert "<dc:title>" in core


def check_cells(sheet, *, text_columns: frozenset[str] = frozenset()) -> dict[str, int]:
    """Every cell below the header typed: a date a date cell with a date format, a number a number
    with a number format, a boolean a boolean, a text a text cell that does not hold a date, a
    number or a boolean (`text_columns`: the columns whose texts may look so, an ISO code "604" or
    a period "2021"). Returns how many cells of each kind there are."""
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    kinds = {"date": 0, "number": 0, "boolean": 0, "text": 0}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            value = cell.value
            if value is None:
                continue
            column = header[cell.column - 1]
            if isinstance(value, bool):
                assert cell.data_type == "b", (sheet.title, cell.coordinate)
                kinds["boolean"] += 1
            elif isinstance(value, datetime.datetime):
                assert cell.is_date and cell.number_format in (DATE_FORMAT, DATETIME_FORMAT), (
                    sheet.title,
                    cell.coordinate,
                    cell.number_format,
                )
                kinds["date"] += 1
            elif isinstance(value, int | float):
                assert cell.data_type == "n" and cell.number_format, (sheet.title, cell.coordinate)
                if isinstance(value, int):
                    # A whole number has a format of its own ("0", "#,##0", "#,##0.000"), not "General".
                    assert cell.number_format != GENERAL_FORMAT, (sheet.title, cell.coordinate, column)
                kinds["number"] += 1
            else:
                assert isinstance(value, str) and cell.data_type == "s", (sheet.title, cell.coordinate)
                if column not in text_columns:
                    assert not _LOOKS_TYPED.fullmatch(value.strip()), (
                        sheet.title,
                        cell.coordinate,
                        column,
                        value,
                    )
                kinds["text"] += 1
    return kinds


def check_data_sheet(
    workbook, sheet_name: str, columns: list[str], *, text_columns: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """A plain table: `columns` on row 1, rows from row 2, a table (or an autofilter) over exactly
    that range, typed cells (`check_cells`); and pandas, with its defaults, reads those columns and
    only the data rows."""
    loaded = openpyxl.load_workbook(_source(workbook))
    sheet = loaded[sheet_name]
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == columns
    rows = sheet.max_row - 1
    ref = f"A1:{get_column_letter(len(columns))}{max(rows, 1) + 1}"
    tables = dict(sheet.tables.items())
    assert list(tables.values()) == [ref] or (not tables and sheet.auto_filter.ref == ref), (tables, ref)
    check_cells(sheet, text_columns=text_columns)
    frame = pd.read_excel(_source(workbook), sheet_name=sheet_name)
    assert list(frame.columns) == columns
    assert len(frame) == rows
    return frame


def check_workbook(
    workbook,
    *,
    title: str,
    language: str,
    sheets: dict[str, list[str]],
    text_columns: frozenset[str] = frozenset(),
) -> dict[str, pd.DataFrame]:
    check_properties(workbook, title=title, language=language)
    return {
        name: check_data_sheet(workbook, name, columns, text_columns=text_columns)
        for name, columns in sheets.items()
    }


OFFICE_MISSING = (
    "LibreOffice (soffice) is missing: `make office` installs Debian's libreoffice-calc-nogui "
    "(as root, with apt), or install it with `apt-get install --no-install-recommends libreoffice-calc-nogui`"
)
# Every sheet to CSV (the last field: -1), each cell as shown, UTF-8.
_CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def office_csv(workbook, folder: Path) -> dict[str, str]:
    """Converts the workbook headless with LibreOffice, every sheet to CSV: the exit code must be
    0 and there must be one CSV per sheet. Returns each sheet's CSV text by sheet name. Skips
    where LibreOffice is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(OFFICE_MISSING)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "workbook.xlsx"
    path.write_bytes(workbook if isinstance(workbook, bytes) else Path(workbook).read_bytes())
    out = folder / "csv"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            _CSV_FILTER,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    converted = {}
    for name in names:
        csv_path = out / f"workbook-{name}.csv"
        assert csv_path.exists(), (name, sorted(p.name for p in out.iterdir()), completed.stdout)
        converted[name] = csv_path.read_text(encoding="utf-8")
    return converted
