"""Every kind of bad input: a clear message naming the row and column, and nothing written."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from imports.models import ImportJob
from imports.services import import_job_confirm

from .conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, counts, csv_bytes, person_row, seizure_row

pytestmark = pytest.mark.django_db


def messages(job) -> list[tuple]:
    return [(error["row"], error["column"], error["message"]) for error in job.errors]


def assert_refused(job, admin_user, before):
    """Nothing written, and confirming all the rows is refused."""
    assert counts() == before
    if job.status == ImportJob.Status.VALIDATED:
        with pytest.raises(ValidationError, match="rows have errors|No row is valid"):
            import_job_confirm(job=job, principal=admin_user)
    assert counts() == before


def xlsx_bytes(header, rows, *, blank_rows=0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    if blank_rows:
        # Formatted but empty rows, as a sheet filled down to row N leaves them.
        sheet.cell(row=len(rows) + 1 + blank_rows, column=1, value=None).number_format = "0.00"
        for number in range(len(rows) + 2, len(rows) + 2 + blank_rows):
            sheet.cell(row=number, column=2).number_format = "0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_missing_columns(upload, admin_user):
    before = counts()
    header = [name for name in ATTENDANCE_HEADER if name not in ("country", "professional_category")]
    job = upload(data=csv_bytes(header, [person_row()]))
    assert job.status == ImportJob.Status.FAILED
    assert messages(job) == [(1, "", "Missing required columns: country, professional_category.")]
    assert_refused(job, admin_user, before)


def test_unknown_columns(upload, admin_user):
    before = counts()
    job = upload(data=csv_bytes([*ATTENDANCE_HEADER, "passport"], [person_row()]))
    assert job.status == ImportJob.Status.FAILED
    [(row, _column, message)] = messages(job)
    assert row == 1 and message.startswith("Unknown columns: passport. The columns accepted are: first_name")
    assert_refused(job, admin_user, before)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
def test_encodings_are_detected(upload, encoding):
    name = "Nuñez Grégoire" if encoding != "cp1252" else "Nuñez “Grégoire” Œuvre"
    data = csv_bytes(
        ATTENDANCE_HEADER, [person_row(last_name=name, email="nunez@example.org")], encoding=encoding
    )
    job = upload(data=data, dry_run=False)
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    assert job.preview[0][2] == f"María {name}"
    assert job.detected_encoding in {"utf-8", "utf-8-sig", "cp1252", "latin-1"}


def test_a_wrong_chosen_encoding_is_refused(upload, admin_user):
    before = counts()
    data = csv_bytes(ATTENDANCE_HEADER, [person_row(last_name="Muñoz")], encoding="latin-1")
    job = upload(data=data, encoding="utf-8")
    assert job.status == ImportJob.Status.FAILED
    assert messages(job) == [
        (None, "", "The file is not valid utf-8 text: choose another encoding, or let it be detected.")
    ]
    assert_refused(job, admin_user, before)


def test_a_chosen_encoding_is_used(upload):
    data = csv_bytes(ATTENDANCE_HEADER, [person_row(last_name="Muñoz")], encoding="latin-1")
    job = upload(data=data, encoding="latin-1")
    assert job.preview[0][2] == "María Muñoz"


@pytest.mark.parametrize(
    ("date_order", "text", "expected"),
    [
        ("day-first", "03/04/2024", "2024-04-03"),
        ("month-first", "03/04/2024", "2024-03-04"),
        ("day-first", "2024-04-03", "2024-04-03"),
        ("month-first", "2024-04-03", "2024-04-03"),
        ("day-first", "3.4.2024", "2024-04-03"),
        ("day-first", "3 Apr 2024", "2024-04-03"),
    ],
)
def test_dates_follow_the_chosen_order(upload, date_order, text, expected):
    job = upload("seizures", [seizure_row(reference="D-1", date=text)], date_order=date_order, dry_run=False)
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    from operations.models import Seizure

    assert Seizure.objects.get(reference="D-1").date.isoformat() == expected


def test_bad_dates(upload, admin_user):
    before = counts()
    rows = [
        seizure_row(date="31/02/2024"),
        seizure_row(date="13/25/2024"),
        seizure_row(date="03/04/24"),
        seizure_row(date="yesterday"),
        seizure_row(date="2999-01-01"),
    ]
    job = upload("seizures", rows, date_order="day-first")
    assert messages(job) == [
        (2, "date", "Not a valid date."),
        (3, "date", "Not a valid date."),
        (4, "date", "Write the year with four digits."),
        (5, "date", "Not a date: write YYYY-MM-DD, or day/month/year or month/day/year as chosen."),
        (6, "date", "A seizure cannot be dated in the future."),
    ]
    assert_refused(job, admin_user, before)


def test_negative_zero_and_absurd_quantities(upload, admin_user):
    before = counts()
    rows = [
        seizure_row(quantity="-5"),
        seizure_row(quantity="0"),
        seizure_row(quantity="250000", unit="kg"),
        seizure_row(quantity="1.23456"),
        seizure_row(quantity="lots"),
    ]
    job = upload("seizures", rows)
    assert messages(job) == [
        (2, "quantity", "The quantity must be greater than zero."),
        (3, "quantity", "The quantity must be greater than zero."),
        (
            4,
            "quantity",
            "250000 kg is beyond what one seizure can plausibly be: check the quantity and unit.",
        ),
        (5, "quantity", "At most 3 decimal places."),
        (6, "quantity", "Not a number."),
    ]
    assert_refused(job, admin_user, before)


def test_unknown_substances_countries_and_units(upload, admin_user):
    before = counts()
    rows = [
        seizure_row(substance="unobtainium"),
        seizure_row(country="Atlantis", transit_countries="EC;Lemuria"),
        seizure_row(unit="bushels"),
    ]
    job = upload("seizures", rows)
    assert messages(job) == [
        (2, "substance", "Unknown substance “unobtainium”."),
        (3, "country", "Unknown country “Atlantis”."),
        (3, "transit_countries", "Unknown country “Lemuria”."),
        (4, "unit", "Unknown unit “bushels”."),
    ]
    assert_refused(job, admin_user, before)


def test_the_same_row_twice(upload, admin_user):
    before = counts()
    rows = [
        person_row(email="a@example.org"),
        person_row(email="b@example.org"),
        person_row(email="a@example.org"),
    ]
    job = upload(rows=rows)
    assert messages(job) == [(4, "", "This row repeats row 2.")]
    seizures = upload("seizures", [seizure_row(reference="R-1"), seizure_row(reference="R-1", quantity="2")])
    assert messages(seizures) == [(3, "reference", "The same reference as row 2.")]
    assert_refused(job, admin_user, before)
    assert_refused(seizures, admin_user, before)


def test_formula_looking_cells(upload, admin_user):
    before = counts()
    rows = [
        person_row(first_name='=HYPERLINK("http://evil")'),
        person_row(last_name="@SUM(A1)", email="x@example.org"),
    ]
    job = upload(rows=rows)
    assert messages(job) == [
        (
            2,
            "first_name",
            '“=HYPERLINK("http://evil")” looks like a spreadsheet formula: type the value itself.',
        ),
        (3, "last_name", "“@SUM(A1)” looks like a spreadsheet formula: type the value itself."),
    ]
    assert_refused(job, admin_user, before)


def test_a_file_above_the_size_limit(upload, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    before = counts()
    data = csv_bytes(ATTENDANCE_HEADER, [person_row(email=f"p{n}@example.org") for n in range(40)])
    with pytest.raises(ValidationError) as error:
        upload(data=data)
    assert error.value.message_dict == {"file": ["The file is larger than the limit of 0.000976562 MB."]} or (
        "larger than the limit" in error.value.message_dict["file"][0]
    )
    assert counts() == before
    assert not ImportJob.objects.exists()


def test_a_file_that_claims_to_be_xlsx_and_is_not(upload, admin_user):
    before = counts()
    job = upload(data=csv_bytes(ATTENDANCE_HEADER, [person_row()]), name="attendance.xlsx")
    assert job.status == ImportJob.Status.FAILED
    assert messages(job) == [(None, "", "The file is not an XLSX workbook, whatever its name says.")]
    assert_refused(job, admin_user, before)


def test_an_empty_file(upload, admin_user):
    before = counts()
    with pytest.raises(ValidationError) as error:
        upload(data=b"")
    assert error.value.message_dict == {"file": ["The file is empty."]}
    job = upload(data=b"\n\n  \n")
    assert messages(job) == [(None, "", "The file is empty.")]
    header_only = upload(data=csv_bytes(ATTENDANCE_HEADER, []))
    assert messages(header_only) == [(2, "", "The file has a header but no data rows.")]
    assert_refused(header_only, admin_user, before)


def test_a_sheet_with_thousands_of_blank_rows(upload, admin_user):
    before = counts()
    job = upload(data=xlsx_bytes(ATTENDANCE_HEADER, [], blank_rows=5000), name="attendance.xlsx")
    assert messages(job) == [(2, "", "The file has a header but no data rows.")]
    assert_refused(job, admin_user, before)
    rows = [person_row(email="one@example.org"), person_row(email="two@example.org")]
    job = upload(data=xlsx_bytes(ATTENDANCE_HEADER, rows, blank_rows=5000), name="attendance.xlsx")
    assert job.status == ImportJob.Status.VALIDATED and job.rows_total == 2, job.errors


def test_other_bad_cells_are_named_by_row_and_column(upload, admin_user, activity):
    before = counts()
    rows = [
        person_row(gender="robot", professional_category="astronaut", email="not-an-email"),
        person_row(days_attended="9", pre_test_score="120", agency="Nope", email="ok@example.org"),
    ]
    job = upload(rows=rows)
    assert messages(job) == [
        (2, "gender", "Unknown gender “robot”."),
        (2, "professional_category", "Unknown category “astronaut”."),
        (2, "email", "Not a valid e-mail address."),
        (3, "agency", "No agency “Nope” of Peru is recorded."),
        (3, "days_attended", "A whole number between 0 and 3."),
        (3, "pre_test_score", "Between 0 and 100."),
    ]
    assert_refused(job, admin_user, before)
    _ = SEIZURE_HEADER


def test_dates_before_the_programme_are_refused_by_row_and_column(upload, admin_user):
    before = counts()
    rows = [seizure_row(date="0001-01-01"), seizure_row(date="2015-12-31")]
    job = upload("seizures", rows, date_order="day-first")
    message = "This date is before 2016, the programme's first year: check the year."
    assert messages(job) == [(2, "date", message), (3, "date", message)]
    assert_refused(job, admin_user, before)
