"""The import templates and the rejected rows as workbooks programs read right: the data sheet
first, its header on row 1, a table over its rows; the template's example a row of typed cells
(its date a date cell, its numbers numbers); the rejected rows as they were read from the upload;
the title and the language in the properties; LibreOffice opens them. In English and in Spanish
(tests/support/workbooks.py)."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from core.xlsx import DATE_FORMAT
from imports.columns import COLUMNS
from imports.files import TEMPLATE_TITLES, import_template, rejected_rows
from imports.services import import_job_create
from tests.support.workbooks import check_workbook, office_csv

from .conftest import SEIZURE_HEADER, seizure_row

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "es"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(COLUMNS))
def test_a_template_is_a_typed_table_with_its_instructions_apart(kind, language):
    with translation.override(language):
        data, _content_type, _filename = import_template(kind=kind, file_format="xlsx")
        data_sheet, instructions = _("Data"), _("Instructions")
        title = str(TEMPLATE_TITLES[kind])
    columns = [column.name for column in COLUMNS[kind]]
    frames = check_workbook(data, title=title, language=language, sheets={data_sheet: columns})
    assert len(frames[data_sheet]) == 1
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [data_sheet, instructions]
    example = {column.name: cell for column, cell in zip(COLUMNS[kind], workbook[data_sheet][2], strict=True)}
    typed = [column for column in COLUMNS[kind] if column.type != "text"]
    assert typed
    for column in typed:
        cell = example[column.name]
        if column.type == "date":
            assert cell.is_date and cell.number_format == DATE_FORMAT
            assert cell.value == datetime.datetime.fromisoformat(column.example)
        else:
            assert cell.data_type == "n" and float(cell.value) == float(column.example), column.name
    for column in COLUMNS[kind]:
        if column.type == "text" and column.example:
            assert example[column.name].data_type == "s" and example[column.name].value == column.example


def test_a_filled_in_template_imports(admin_user):
    """The template's example row, typed, is a row the importer takes as it is."""
    data, _content_type, _filename = import_template(kind="seizures", file_format="xlsx")
    job = import_job_create(
        principal=admin_user, kind="seizures", file_name="template.xlsx", data=data, dry_run=True
    )
    assert job.errors == [] and job.rows_total == 1


def _upload(rows) -> bytes:
    """A workbook as a person fills it in: a date cell, numbers, texts."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(SEIZURE_HEADER)
    for row in rows:
        sheet.append([row.get(name) for name in SEIZURE_HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rejected_rows_keep_the_uploaded_cells_with_the_header_on_row_1(admin_user, language):
    good = seizure_row(reference="RJ-1", date=datetime.datetime(2023, 7, 9), quantity=2.5, arrests=2)
    bad = seizure_row(
        reference="RJ-2", date=datetime.datetime(2023, 7, 10), quantity=-3, arrests=1, location="=1+1"
    )
    job = import_job_create(
        principal=admin_user,
        kind="seizures",
        file_name="seizures.xlsx",
        data=_upload([good, bad]),
        dry_run=True,
    )
    assert {error["row"] for error in job.errors} == {3}
    with translation.override(language):
        data, _content_type, _filename = rejected_rows(job=job, file_format="xlsx")
        sheet_name = _("Rejected rows")
        title = _("Rejected rows of import %(number)s") % {"number": job.pk}
    columns = [*SEIZURE_HEADER, "errors"]
    frames = check_workbook(data, title=title, language=language, sheets={sheet_name: columns})
    frame = frames[sheet_name]
    assert list(frame["reference"]) == ["RJ-2"]
    # As read: the date cell a date again, the numbers numbers, the formula-like text a text.
    assert frame["date"][0] == datetime.datetime(2023, 7, 10)
    assert frame["quantity"][0] == -3 and frame["arrests"][0] == 1
    assert frame["location"][0] == "=1+1"
    assert "location" in frame["errors"][0]
    sheet = openpyxl.load_workbook(io.BytesIO(data))[sheet_name]
    assert sheet["B2"].is_date and sheet["B2"].number_format == DATE_FORMAT
    assert sheet["D2"].data_type == "s"  # never a formula


def test_rejected_rows_under_a_header_unfit_for_a_table_get_an_autofilter(admin_user):
    """An upload's header may repeat a column or leave one empty: the file is refused, and its
    rejected rows' workbook repeats that header on row 1 under an autofilter (an Excel table with
    such a header would be refused by Excel)."""
    header = [*SEIZURE_HEADER, "notes", None, "extra"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    row = seizure_row(reference="RJ-3", date=datetime.datetime(2023, 7, 11), quantity=0, arrests=0)
    sheet.append([*(row.get(name) for name in SEIZURE_HEADER), "again", "", 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = import_job_create(
        principal=admin_user, kind="seizures", file_name="odd.xlsx", data=buffer.getvalue(), dry_run=True
    )
    assert [error["row"] for error in job.errors] == [1]
    data, _content_type, _filename = rejected_rows(job=job, file_format="xlsx")
    rejected = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [cell.value for cell in rejected[1]] == [*SEIZURE_HEADER, "notes", None, "extra", "errors"]
    assert not rejected.tables and rejected.auto_filter.ref == "A1:S2"


def test_an_import_template_and_rejected_rows_open_in_libreoffice(admin_user, tmp_path):
    with translation.override("es"):
        template, _content_type, _filename = import_template(kind="seizures", file_format="xlsx")
        data_sheet = _("Data")
    converted = office_csv(template, tmp_path / "template")
    assert converted[data_sheet].splitlines()[0] == ",".join(SEIZURE_HEADER)
    bad = seizure_row(reference="RJ-4", date=datetime.datetime(2023, 7, 12), quantity=-1, arrests=1)
    job = import_job_create(
        principal=admin_user, kind="seizures", file_name="seizures.xlsx", data=_upload([bad]), dry_run=True
    )
    data, _content_type, _filename = rejected_rows(job=job, file_format="xlsx")
    converted = office_csv(data, tmp_path / "rejected")
    lines = next(iter(converted.values())).splitlines()
    assert lines[0] == ",".join([*SEIZURE_HEADER, "errors"]) and len(lines) == 2
