"""Issue 15: text typed by staff never runs in a workbook. Every generated XLSX (the three report
documents, the data export of every list, the import templates, the rejected rows) holds each text
as a text cell, never a formula or an error value, and exactly as typed: the CSV's leading
apostrophe is for CSV only."""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest

from activities.models import Activity, Organisation
from core.api.xlsx_stream import XlsxStream
from core.datacache import data_version_increment
from core.xlsx import new_workbook, save_workbook, write_table
from countries.models import Agency, Country
from imports.columns import SEIZURE_COLUMNS
from imports.files import import_template, rejected_rows
from imports.services import import_job_create
from operations.models import Operation, Seizure, Substance
from people.models import Person
from reports.exports import EXPORTABLE_LISTS
from tests.imports.conftest import csv_bytes, seizure_row

from .test_services import generated

pytestmark = pytest.mark.django_db

CREATED = datetime.datetime(2026, 12, 5, 18, 0, tzinfo=datetime.UTC)

# What a spreadsheet would run, or show as an error value, were the cell not a text cell.
DONOR_ACRONYM = "=1+1"
DONOR_NAME = '+HYPERLINK("http://x")'
ACTIVITY_TITLE = "@SUM(A1:A2)"
SECOND_ACTIVITY_TITLE = "-2+3"
ERROR_LOOKING_TITLE = "#N/A"
VENUE = '=HYPERLINK("http://x","venue")'
COUNTRY_NAME = "-Peru"
SUBSTANCE_NAME = "+1"
OPERATION_CODE_NAME = "@Azure"
OPERATION_TARGET = "=cmd|' /C calc'!A0"
SEIZURE_LOCATION = "=HYPERLINK(1)"
FIRST_NAME = "=1+1"
LAST_NAME = "@SUM(A1:A2)"
AGENCY_NAME = "-2+3 Agency"
AGENCY_ACRONYM = "+DIR"

HOSTILE = {
    DONOR_ACRONYM,
    DONOR_NAME,
    ACTIVITY_TITLE,
    SECOND_ACTIVITY_TITLE,
    ERROR_LOOKING_TITLE,
    VENUE,
    COUNTRY_NAME,
    SUBSTANCE_NAME,
    OPERATION_CODE_NAME,
    OPERATION_TARGET,
    SEIZURE_LOCATION,
    FIRST_NAME,
    LAST_NAME,
    AGENCY_NAME,
    AGENCY_ACRONYM,
}


@pytest.fixture
def hostile(db):
    """The demo's donor INL, its 2021 activities in Peru, Peru, operation Azure, a substance it
    seized, people and an agency of Peru, all renamed by a hostile member of staff."""
    peru = Country.objects.get(iso2="PE")
    donor = Organisation.objects.get(acronym="INL")
    azure = Operation.objects.get(code_name="Azure")
    activities = list(
        Activity.objects.filter(donors=donor, countries=peru, start_date__year=2021).order_by("pk")[:3]
    )
    assert len(activities) == 3, "the demo's INL activities in Peru in 2021"
    seizure = Seizure.objects.filter(operation=azure, country=peru).order_by("pk").first()
    agency = Agency.objects.filter(country=peru).order_by("pk").first()
    Organisation.objects.filter(pk=donor.pk).update(acronym=DONOR_ACRONYM, name=DONOR_NAME)
    for activity, title in zip(
        activities, (ACTIVITY_TITLE, SECOND_ACTIVITY_TITLE, ERROR_LOOKING_TITLE), strict=True
    ):
        Activity.objects.filter(pk=activity.pk).update(title=title, venue=VENUE)
    Country.objects.filter(pk=peru.pk).update(name=COUNTRY_NAME)
    Substance.objects.filter(pk=seizure.substance_id).update(name=SUBSTANCE_NAME, synonyms=[SUBSTANCE_NAME])
    Operation.objects.filter(pk=azure.pk).update(code_name=OPERATION_CODE_NAME, target=OPERATION_TARGET)
    Seizure.objects.filter(pk=seizure.pk).update(location=SEIZURE_LOCATION)
    Person.objects.filter(pk=Person.objects.filter(country=peru).order_by("pk").values("pk")[:1]).update(
        first_name=FIRST_NAME, last_name=LAST_NAME
    )
    Agency.objects.filter(pk=agency.pk).update(name=AGENCY_NAME, acronym=AGENCY_ACRONYM)
    # QuerySet.update sends no signal: the cached figures must not keep the old names.
    data_version_increment()
    return {"donor": donor.pk, "operation": azure.pk, "seizure": seizure.pk}


def cells(workbook: openpyxl.Workbook) -> list:
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def texts_of(source) -> set[str]:
    """The texts of a workbook (a path or bytes), after checking that no cell is a formula or an
    error value. Loaded with formulas (not `data_only`): a formula cell shows as one."""
    workbook = openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    found = cells(workbook)
    assert found
    runnable = [(cell.parent.title, cell.coordinate, cell.value) for cell in found if cell.data_type in "fe"]
    assert runnable == []
    texts = {cell.value for cell in found if isinstance(cell.value, str)}
    assert all(cell.data_type == "s" for cell in found if isinstance(cell.value, str))
    # Kept as typed: no CSV apostrophe in front of any hostile text.
    assert not {"'" + text for text in HOSTILE} & texts
    return texts


# --- the report documents --------------------------------------------------------------------------


def test_a_donor_progress_report_holds_the_donors_texts_as_text(users, hostile):
    report = generated(
        users["admin"],
        "donor_progress",
        "xlsx",
        date_from="2021-01-01",
        date_to="2021-12-31",
        donor=str(hostile["donor"]),
    )
    texts = texts_of(report.file.path)
    assert any(text.startswith(f"{DONOR_ACRONYM} – {DONOR_NAME} — ") for text in texts)  # the subtitle
    assert f"{DONOR_ACRONYM} – {DONOR_NAME}" in texts  # the Donor parameter
    assert {ACTIVITY_TITLE, SECOND_ACTIVITY_TITLE, ERROR_LOOKING_TITLE, SUBSTANCE_NAME} <= texts


def test_a_country_briefing_pack_holds_the_countrys_texts_as_text(users, hostile):
    report = generated(
        users["admin"], "country_briefing", "xlsx", country="PE", date_from="2021-01-01", date_to="2021-12-31"
    )
    texts = texts_of(report.file.path)
    assert any(text.startswith(f"{COUNTRY_NAME} — ") for text in texts)  # the cover's subtitle
    assert COUNTRY_NAME in texts  # the country parameter, by its name
    assert {ACTIVITY_TITLE, SECOND_ACTIVITY_TITLE, ERROR_LOOKING_TITLE, SUBSTANCE_NAME} <= texts


def test_an_operation_results_report_holds_the_operations_texts_as_text(users, hostile):
    report = generated(users["admin"], "operation_results", "xlsx", operation=hostile["operation"])
    texts = texts_of(report.file.path)
    assert {OPERATION_CODE_NAME, OPERATION_TARGET, COUNTRY_NAME, SUBSTANCE_NAME} <= texts


# --- the data exports ------------------------------------------------------------------------------

# What each list shows of the hostile records, kept to a few rows where its filters allow.
EXPORTS = {
    "activities": ({"country": "PE", "date_from": "2021-01-01", "date_to": "2021-12-31"}, {ACTIVITY_TITLE}),
    "trainings": ({"country": "PE"}, set()),
    "operations": ({}, {OPERATION_CODE_NAME, OPERATION_TARGET}),
    "seizures": ({"country": "PE"}, {SEIZURE_LOCATION}),
    "cases": ({"country": "PE"}, set()),
    "equipment-handovers": ({}, set()),
    "people": ({"country": "PE"}, {FIRST_NAME, LAST_NAME}),
    "participations": ({"country": "PE"}, set()),
    "countries": ({}, {COUNTRY_NAME}),
    "agencies": ({"country": "PE"}, {AGENCY_NAME, AGENCY_ACRONYM}),
    "organisations": ({}, {DONOR_ACRONYM, DONOR_NAME}),
    "substances": ({}, {SUBSTANCE_NAME}),
}


def test_every_exportable_list_is_checked():
    assert set(EXPORTS) == set(EXPORTABLE_LISTS)


@pytest.mark.parametrize("list_name", sorted(EXPORTS))
def test_a_data_export_has_no_formula(users, hostile, list_name):
    filters, _expected = EXPORTS[list_name]
    report = generated(users["admin"], "data_export", "xlsx", list=list_name, filters=filters)
    workbook = openpyxl.load_workbook(report.file.path)
    assert [cell.coordinate for cell in cells(workbook) if cell.data_type in "fe"] == []


@pytest.mark.parametrize("list_name", sorted(name for name, (_f, expected) in EXPORTS.items() if expected))
def test_a_data_export_keeps_the_text_as_typed(users, hostile, list_name):
    filters, expected = EXPORTS[list_name]
    report = generated(users["admin"], "data_export", "xlsx", list=list_name, filters=filters)
    assert expected <= texts_of(report.file.path)


# --- the import files ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["attendance", "seizures"])
def test_an_import_template_holds_the_reference_data_as_text(hostile, kind):
    data, _content_type, _filename = import_template(kind=kind, file_format="xlsx")
    texts = texts_of(data)
    assert COUNTRY_NAME in texts
    if kind == "attendance":
        assert {AGENCY_NAME, AGENCY_ACRONYM} <= texts
    else:
        assert SUBSTANCE_NAME in texts


def test_the_rejected_rows_come_back_as_they_were_typed(users):
    # The importer refuses a cell that looks like a formula: those rows are the rejected ones.
    typed = ["=1+1", "@SUM(A1:A2)", "-2+3", '+HYPERLINK("http://x")', "#N/A"]
    header = [column.name for column in SEIZURE_COLUMNS]
    rows = [seizure_row(location=text, reference=f"XF-{number}") for number, text in enumerate(typed)]
    job = import_job_create(
        principal=users["admin"],
        kind="seizures",
        file_name="seizures.csv",
        data=csv_bytes(header, rows),
        dry_run=True,
    )
    rejected = {error["row"] for error in job.errors}
    assert len(rejected) == 4  # "#N/A" is no formula to the importer: a location like any other
    data, _content_type, _filename = rejected_rows(job=job, file_format="xlsx")
    texts = texts_of(data)
    assert set(typed[:4]) <= texts


# --- the shared writer -----------------------------------------------------------------------------


def _written(path: Path) -> list:
    return [(cell.value, cell.data_type) for cell in cells(openpyxl.load_workbook(path))]


def test_the_streamed_sheet_and_the_shared_writer_agree_on_hostile_text(tmp_path):
    rows = [["id", "text"], *[[number, text] for number, text in enumerate(sorted(HOSTILE))]]
    workbook = new_workbook(created=CREATED, title="Hostile")
    write_table(workbook, "Sheet", rows[0], rows[1:])
    save_workbook(workbook, tmp_path / "openpyxl.xlsx", created=CREATED)
    stream = XlsxStream(
        tmp_path / "streamed.xlsx", sheet_name="Sheet", created=CREATED, title="Hostile", header=rows[0]
    )
    for row in rows[1:]:
        stream.append(row)
    stream.close()
    assert HOSTILE <= texts_of(tmp_path / "openpyxl.xlsx")
    assert _written(tmp_path / "streamed.xlsx") == _written(tmp_path / "openpyxl.xlsx")
