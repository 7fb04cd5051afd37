"""Hostile files, each built here and kept small (the limits lowered where a bomb needs them): a
clear message, nothing written even without a dry run, and the reader's peak memory bounded.

Bombs (a part that expands a thousandfold, a part that lies about its size, a sheet declaring
16,384 columns), unreadable XML (a DTD with entities, a truncated part), text in another alphabet's
encoding, control characters, and numbers no column holds.
"""

import io
import re
import struct
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from imports.models import ImportJob

from .conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, counts, csv_bytes, person_row, seizure_row
from .test_bad_input import assert_refused, messages

pytestmark = pytest.mark.django_db

# The reader's peak while refusing a hostile file (Python allocations, tracemalloc): the bombs
# below would take hundreds of MB to GBs if read.
PEAK_BOUND = 40 * 1024 * 1024
DAMAGED = (
    "This file is damaged or not a spreadsheet: open it in a spreadsheet program and save it again as .xlsx."
)


def workbook_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezipped(data: bytes, changes: dict) -> bytes:
    """The workbook with some parts changed (part name -> function of its bytes) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, changes[name](content) if name in changes else content)
        for name, change in changes.items():
            if name not in source.namelist():
                target.writestr(name, change(b""))
    return buffer.getvalue()


def good_attendance_xlsx() -> bytes:
    return workbook_bytes(ATTENDANCE_HEADER, [person_row()])


@pytest.fixture
def hostile_upload(upload, admin_user):
    """Upload without a dry run, measuring the peak; the job must be refused and nothing written."""

    def _upload(data, *, name="attendance.xlsx", kind="attendance", **options):
        before = counts()
        tracemalloc.start()
        try:
            job = upload(kind, data=data, name=name, dry_run=False, **options)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < PEAK_BOUND, f"the reader peaked at {peak / 2**20:.0f} MB"
        # Refused as a whole (failed), or by row (validated with errors, which no one can confirm).
        assert job.status in (ImportJob.Status.FAILED, ImportJob.Status.VALIDATED) and job.errors
        assert_refused(job, admin_user, before)
        return job

    return _upload


# --- bombs ---


def test_a_part_that_expands_beyond_the_limit_is_refused_unread(hostile_upload, settings):
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED = 4 * 1024 * 1024
    padded = b" " * (16 * 1024 * 1024)
    data = rezipped(
        good_attendance_xlsx(),
        {"xl/worksheets/sheet1.xml": lambda c: c.replace(b"</sheetData>", b"</sheetData>" + padded)},
    )
    assert len(data) < 100 * 1024
    job = hostile_upload(data)
    [(row, column, message)] = messages(job)
    assert (row, column) == (None, "")
    assert message.startswith("The workbook expands to more than a spreadsheet of this import can hold")
    assert "xl/worksheets/sheet1.xml" in message


def test_a_part_compressed_a_thousandfold_is_refused_by_its_ratio(hostile_upload):
    # Under the size limit, but no spreadsheet compresses 1,000 to 1.
    data = rezipped(good_attendance_xlsx(), {"xl/sharedStrings.xml": lambda c: b" " * (8 * 1024 * 1024)})
    job = hostile_upload(data)
    assert "xl/sharedStrings.xml" in messages(job)[0][2]


def test_a_part_that_holds_more_than_it_declares_is_damaged(hostile_upload, settings):
    """The check trusts declared sizes because the zip reader never yields more than a part
    declares: a part that lies fails its read, as damaged, without expanding."""
    padded = b" " * (4 * 1024 * 1024)
    data = bytearray(
        rezipped(
            good_attendance_xlsx(),
            {"xl/worksheets/sheet1.xml": lambda c: c.replace(b"</sheetData>", b"</sheetData>" + padded)},
        )
    )
    # The central directory's record of the sheet: its uncompressed size set to 2 KB.
    name = b"xl/worksheets/sheet1.xml"
    record = data.index(b"PK\x01\x02")
    while data[record + 46 : record + 46 + len(name)] != name:
        record = data.index(b"PK\x01\x02", record + 4)
    struct.pack_into("<I", data, record + 24, 2048)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode()).file_size == 2048
    job = hostile_upload(bytes(data))
    assert messages(job) == [(None, "", DAMAGED)]


def test_a_sheet_declaring_16384_columns_is_read_as_its_cells(upload, admin_user, settings):
    """The declared dimension and a cell at column XFD on every row: read as the cells present,
    never padded to the declared width (5,000 such rows padded would take 600 MB)."""
    settings.IMPORT_MAX_ROWS = 10

    def wide(content: bytes) -> bytes:
        rows = b"".join(
            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>'
            b'<c r="XFD%d" t="inlineStr"><is><t>y</t></is></c></row>' % (n, n, n)
            for n in range(3, 3000)
        )
        content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD3000"', content)
        return content.replace(b"</sheetData>", rows + b"</sheetData>")

    before = counts()
    data = rezipped(good_attendance_xlsx(), {"xl/worksheets/sheet1.xml": wide})
    tracemalloc.start()
    try:
        job = upload(data=data, name="attendance.xlsx", dry_run=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BOUND, f"the reader peaked at {peak / 2**20:.0f} MB"
    # Read far enough to count its rows: more than the (lowered) limit, refused as a whole.
    assert messages(job) == [(None, "", "The file has more than 10 rows: split it.")]
    assert_refused(job, admin_user, before)


def test_a_header_wider_than_the_limit_is_refused(hostile_upload, settings):
    settings.IMPORT_MAX_COLUMNS = 20
    header = [*ATTENDANCE_HEADER, *(f"extra_{n}" for n in range(30))]
    job = hostile_upload(workbook_bytes(header, [person_row()]))
    assert messages(job) == [(1, "", "The header has more than 20 columns: keep the import's columns alone.")]


def test_cells_right_of_the_header_are_ignored(upload):
    """A note typed to the right of the table is not a column: the row is read as the header's."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ATTENDANCE_HEADER)
    sheet.append([*(person_row().get(name, "") for name in ATTENDANCE_HEADER), None, "a note to the right"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    job = upload(data=data, name="attendance.xlsx")
    assert job.status == ImportJob.Status.VALIDATED, job.errors


# --- unreadable XML ---

ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&c;</t></si></sst>'
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&x;</workbook>'
)


@pytest.mark.parametrize(
    "part, change",
    [
        ("xl/sharedStrings.xml", lambda content: ENTITIES),
        ("xl/workbook.xml", lambda content: EXTERNAL),
        ("xl/worksheets/sheet1.xml", lambda content: content[: len(content) // 2]),
        ("xl/workbook.xml", lambda content: b"not xml at all \x00\xff"),
        ("[Content_Types].xml", lambda content: b""),
        ("xl/styles.xml", lambda content: content.replace(b"<", b"<<", 3)),
    ],
    ids=["entities", "external-entity", "truncated-sheet", "garbage-workbook", "empty-part", "bad-styles"],
)
def test_unreadable_xml_is_a_damaged_file(hostile_upload, part, change):
    data = rezipped(good_attendance_xlsx(), {part: change})
    job = hostile_upload(data)
    assert messages(job) == [(None, "", DAMAGED)]


def test_a_zip_that_is_not_a_workbook(hostile_upload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    job = hostile_upload(buffer.getvalue())
    [(_row, _column, message)] = messages(job)
    assert message in (DAMAGED, "The file is not an XLSX workbook, whatever its name says.")


# --- encodings ---


@pytest.mark.parametrize(
    "last_name, encoding",
    [
        ("田中太郎", "shift_jis"),
        ("山田花子", "cp932"),
        ("王小明", "gb18030"),
        ("Иванов", "cp1251"),
        ("Παπαδόπουλος", "cp1253"),
        ("田中", "shift_jis"),
        ("김민준", "euc_kr"),
    ],
)
def test_text_in_another_alphabet_is_refused_not_garbled(hostile_upload, last_name, encoding):
    # One name, as a short file has it: still refused.
    rows = [person_row(last_name=last_name, first_name="Ken")]
    job = hostile_upload(csv_bytes(ATTENDANCE_HEADER, rows, encoding=encoding), name="attendance.csv")
    [(_row, column, message)] = messages(job)
    assert column == ""
    assert message.startswith("Read as ")
    assert "Save it as UTF-8 (in a spreadsheet program: CSV UTF-8) and upload it again." in message


@pytest.mark.parametrize("chosen", ["latin-1", "cp1252"])
def test_a_wrong_chosen_encoding_gives_no_garbled_names(hostile_upload, chosen):
    rows = [person_row(first_name="Taro", last_name="田中", email=f"t{n}@example.org") for n in range(2)]
    job = hostile_upload(
        csv_bytes(ATTENDANCE_HEADER, rows, encoding="shift_jis"), name="attendance.csv", encoding=chosen
    )
    [(_row, _column, message)] = messages(job)
    assert "Save it as UTF-8 (in a spreadsheet program: CSV UTF-8) and upload it again." in message


def test_utf8_saved_again_as_windows_1252_is_refused(hostile_upload):
    rows = [person_row(last_name="Núñez", email="n@example.org"), person_row(last_name="Gonçalves")]
    garbled = csv_bytes(ATTENDANCE_HEADER, rows).decode("cp1252").encode("utf-8")
    job = hostile_upload(garbled, name="attendance.csv")
    assert messages(job)[0][2].startswith("Read as utf-8, the file gives garbled names")


WESTERN_NAMES = ["Núñez Ibáñez", "Lefèvre-Çelik", "Conceição Araújo", "Peña ½ ± °", "Hélène Noël"]


@pytest.mark.parametrize(
    "last_name, encoding",
    [(name, "latin-1") for name in WESTERN_NAMES]
    + [(name, "cp1252") for name in [*WESTERN_NAMES, "O’Brien “Zoë” – Œuvre"]],
)
def test_western_names_keep_being_read(upload, last_name, encoding):
    data = csv_bytes(ATTENDANCE_HEADER, [person_row(last_name=last_name)], encoding=encoding)
    job = upload(data=data)
    assert job.status == ImportJob.Status.VALIDATED, job.errors
    assert job.preview[0][2] == f"María {last_name}"


@pytest.mark.parametrize("control", ["\x01", "\x0b", "\x1b", "\x7f"])
def test_control_characters_are_refused_by_line(hostile_upload, control):
    rows = [person_row(email="a@example.org"), person_row(last_name=f"Qui{control}spe")]
    job = hostile_upload(csv_bytes(ATTENDANCE_HEADER, rows), name="attendance.csv")
    [(row, _column, message)] = messages(job)
    assert row == 3
    assert message.startswith(f"Line 3 holds a control character (U+{ord(control):04X})")


def test_c1_controls_read_as_garbled(hostile_upload):
    rows = [person_row(last_name="Qui\x85spe\x96")]
    job = hostile_upload(csv_bytes(ATTENDANCE_HEADER, rows), name="attendance.csv")
    assert messages(job)[0][2].startswith("Read as utf-8, the file gives garbled names")


# --- numbers no column holds ---


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("1e308", "“1e308” is too large: at most 11 digits before the decimal point."),
        ("9" * 400, "is too large: at most 11 digits before the decimal point."),
        ("1e999999999", "“1e999999999” is too large: at most 11 digits before the decimal point."),
        ("1e-999999999", "At most 3 decimal places."),
        ("inf", "Not a number."),
        ("Infinity", "Not a number."),
        ("NaN", "Not a number."),
        ("sNaN", "Not a number."),
    ],
)
def test_quantities_no_column_holds(hostile_upload, quantity, message):
    job = hostile_upload(
        csv_bytes(SEIZURE_HEADER, [seizure_row(quantity=quantity)]), name="seizures.csv", kind="seizures"
    )
    [(row, column, text)] = messages(job)
    assert (row, column) == (2, "quantity")
    assert text.endswith(message)


def test_a_numeric_cell_of_1e308_in_a_workbook(hostile_upload):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(SEIZURE_HEADER)
    row = seizure_row()
    sheet.append([1e308 if name == "quantity" else row.get(name, "") for name in SEIZURE_HEADER])
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = hostile_upload(buffer.getvalue(), name="seizures.xlsx", kind="seizures")
    [(row_number, column, text)] = messages(job)
    assert (row_number, column) == (2, "quantity")
    assert "too large" in text


@pytest.mark.parametrize("value", ["1e308", "inf", "NaN", "9" * 50, "-1e400"])
@pytest.mark.parametrize("column", ["days_attended", "pre_test_score"])
def test_attendance_numbers_no_column_holds(hostile_upload, column, value):
    job = hostile_upload(csv_bytes(ATTENDANCE_HEADER, [person_row(**{column: value})]), name="attendance.csv")
    [(row, named, _text)] = messages(job)
    assert (row, named) == (2, column)
