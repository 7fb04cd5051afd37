"""Requesting and generating reports, in process (the worker tests run them through Celery)."""

import csv
import datetime
import hashlib
import importlib
import io
import re
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from accounts.access import ApiClient
from accounts.models import ApiKey
from activities.models import Activity, Pillar
from core.archive import record_archive
from countries.models import Country
from operations.models import Operation, Seizure
from reports import services
from reports.documents import donor_progress_document
from reports.models import Report
from reports.tasks import generate_report
from tests import factories

from .conftest import AZURE_2021

pytestmark = pytest.mark.django_db


def request(principal, kind, fmt, **parameters) -> Report:
    with mock.patch("reports.services.report_enqueue"):
        return services.report_request(principal=principal, kind=kind, fmt=fmt, parameters=parameters)


def generated(principal, kind, fmt, **parameters) -> Report:
    report = request(principal, kind, fmt, **parameters)
    return services.report_generate(report_id=report.pk)


def sheet_rows(report: Report, name: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(report.file.path, read_only=True)
    return [tuple(row) for row in workbook[name].iter_rows(values_only=True)]


def pdf_figure(text: str, label: str) -> str:
    """The first number after `label` at the start of a line of the PDF's text."""
    return re.search(rf"^{re.escape(label)} ([\d,.]+)", text, re.MULTILINE).group(1)


def row_labelled(rows, label):
    return next(row for row in rows if row and row[0] == label)


# --- requests --------------------------------------------------------------------------------------


def test_a_request_is_queued_once_committed(users, django_capture_on_commit_callbacks):
    with mock.patch("reports.tasks.generate_report.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(
                principal=users["officer"], kind="donor_progress", fmt="pdf", parameters=AZURE_2021
            )
            assert not delay.called  # not before the request is committed
    delay.assert_called_once_with(report.pk)
    assert report.status == Report.Status.QUEUED
    assert report.parameters["date_from"] == "2021-01-01"
    assert report.parameters["donor"] is not None
    assert report.requested_by == users["officer"]


@pytest.mark.parametrize(
    ("kind", "fmt", "parameters", "field"),
    [
        ("donor_progress", "pdf", {"date_from": "2021-01-01"}, "date_from"),
        ("donor_progress", "csv", AZURE_2021, "format"),
        ("donor_progress", "pdf", {**AZURE_2021, "date_to": "2020-01-01"}, "date_to"),
        ("donor_progress", "pdf", {**AZURE_2021, "donor": "NOBODY"}, "donor"),
        ("country_briefing", "pdf", {"country": "ZZ"}, "country"),
        ("operation_results", "pdf", {"operation": "Nothing"}, "operation"),
        ("data_export", "pdf", {"list": "seizures"}, "format"),
        ("data_export", "csv", {"list": "nothing"}, "list"),
        ("data_export", "csv", {"list": "seizures", "filters": {"colour": "blue"}}, "filters"),
        ("data_export", "csv", {"list": "seizures", "filters": {"date_from": "yesterday"}}, "filters"),
    ],
)
def test_a_malformed_request_is_refused_on_its_field(users, kind, fmt, parameters, field):
    with pytest.raises(ValidationError) as error:
        request(users["admin"], kind, fmt, **parameters)
    assert field in error.value.message_dict


def test_who_may_request_what(users):
    peru, colombia = Country.objects.get(iso2="PE"), Country.objects.get(iso2="CO")
    azure = Operation.objects.get(code_name="Azure")
    mission = users["mission-pe"]
    assert request(mission, "country_briefing", "pdf", country="PE").country == peru
    for kind, parameters in [
        ("country_briefing", {"country": colombia.iso2}),
        ("donor_progress", AZURE_2021),
        ("data_export", {"list": "seizures"}),
    ]:
        with pytest.raises(PermissionDenied):
            request(mission, kind, "xlsx", **parameters)
    for name in ("admin", "officer", "monitoring"):
        assert request(users[name], "donor_progress", "xlsx", **AZURE_2021).pk
        assert request(users[name], "operation_results", "pdf", operation=azure.pk).pk
        assert request(users[name], "country_briefing", "pdf", country="CO").pk
    assert Report.objects.count() == 10


def test_a_scheduled_request_covers_the_last_complete_quarter(db):
    # The data migration's schedule (run again here: a transactional test may have flushed it).
    migration = importlib.import_module("reports.migrations.0002_quarterly_donor_report_schedule")
    migration.create_schedule(django_apps, None)
    migration.create_schedule(django_apps, None)
    schedule = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert (schedule.task, schedule.crontab.month_of_year, schedule.enabled) == (
        "reports.request_quarterly_donor_report",
        "1,4,7,10",
        True,
    )
    with mock.patch("reports.services.report_enqueue"):
        report = services.scheduled_donor_report_request(today=datetime.date(2022, 1, 2))
    assert report.scheduled and report.requested_by is None
    assert (report.parameters["date_from"], report.parameters["date_to"]) == ("2021-10-01", "2021-12-31")


# --- generation ------------------------------------------------------------------------------------


def test_the_donor_report_holds_operation_azure_in_both_formats(users):
    pdf = generated(users["admin"], "donor_progress", "pdf", **AZURE_2021)
    assert pdf.status == Report.Status.SUCCEEDED and pdf.progress == 100
    reader = PdfReader(pdf.file.path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Contents" in text and "Page 2 / " in text
    assert pdf_figure(text, "Seizures") == "125"
    assert pdf_figure(text, "Countries in operations") == "10"
    # The label the dashboards give the same figure (was "People trained (distinct)").
    assert pdf_figure(text, "Officials trained") == "153"
    assert pdf_figure(text, "Female") == "42"
    # The start date by the language's short format (English: month/day/year).
    assert re.search(r"^Azure 10/01/2021 10 ", text, re.MULTILINE)

    xlsx = generated(users["admin"], "donor_progress", "xlsx", **AZURE_2021)
    operations = sheet_rows(xlsx, "Operations")
    # A plain table: the header on row 1, the rows below it, the totals on their own sheet.
    header = operations[0]
    azure = row_labelled(operations, "Azure")
    assert azure[header.index("Seizures")] == 125 and azure[header.index("Countries")] == 10
    # A date cell (the reader's Excel writes it in its locale's order), not a text.
    assert azure[header.index("Start")] == datetime.datetime(2021, 10, 1)
    gender = sheet_rows(xlsx, "People by gender")
    assert row_labelled(gender, "Female")[1] == 42
    assert not any(row[0] == "Total" for row in gender)
    totals = sheet_rows(xlsx, "Totals")
    assert totals[0] == ("Sheet", "Total", "Column", "Value")
    assert ("People by gender", "Total", "Officials trained", 153) in totals
    cover = sheet_rows(xlsx, "Cover")
    assert cover[0][0] == "Donor progress report"
    assert ("Period", "1 January 2021 to 31 December 2021") in cover or any(
        row and row[0] == "Period" for row in cover
    )


def test_generating_twice_gives_one_file_and_the_same_checksum(users, report_media):
    report = request(users["admin"], "operation_results", "xlsx", operation="Azure")
    first = services.report_generate(report_id=report.pk)
    # As if a worker died after writing the file but before acknowledging the task.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    second = services.report_generate(report_id=report.pk)
    assert second.status == Report.Status.SUCCEEDED and second.attempts == 2
    assert second.checksum == first.checksum
    assert hashlib.sha256(Path(second.file.path).read_bytes()).hexdigest() == second.checksum
    assert [path.name for path in Path(second.file.path).parent.iterdir()] == [
        f"operation-results-{report.pk}.xlsx"
    ]
    # A succeeded report is not generated again.
    third = services.report_generate(report_id=report.pk)
    assert third.attempts == 2


def test_the_pdf_is_the_same_when_generated_again(users):
    report = generated(users["admin"], "country_briefing", "pdf", country="PE")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    assert services.report_generate(report_id=report.pk).checksum == report.checksum


def test_a_report_held_by_another_worker_is_left_to_it(users):
    report = request(users["admin"], "country_briefing", "pdf", country="PE")
    with services._generation_lock(report.pk) as acquired:
        assert acquired
        from django.db import connections

        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [services._LOCK_NAMESPACE, report.pk])
                assert cursor.fetchone()[0] is False
        finally:
            other.close()


def test_a_mission_briefing_pack_is_its_countrys_with_small_counts_suppressed(users):
    report = generated(users["mission-pe"], "country_briefing", "xlsx", country="PE")
    operations = sheet_rows(report, "Operations")
    azure = row_labelled(operations, "Azure")
    assert azure[3] == "Peru"  # only the mission's own country among the participants shown (by name)
    categories = sheet_rows(report, "People by category")
    assert any(
        isinstance(value, str) and value.startswith("<") for row in categories[1:] for value in row[1:]
    )
    staff = generated(users["admin"], "country_briefing", "xlsx", country="PE")
    staff_categories = sheet_rows(staff, "People by category")
    assert all(isinstance(value, int) for row in staff_categories[1:] for value in row[1:])


def test_a_failed_generation_records_a_readable_error(users):
    operation = Operation.objects.get(code_name="Azure")
    report = request(users["admin"], "operation_results", "pdf", operation=operation.pk)
    # Archived after the request, before a worker picks it up.
    record_archive(record=Activity.objects.get(pk=operation.pk), user=users["admin"])
    generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "no longer exists" in report.error


def test_document_queries_do_not_grow_with_the_records(users):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            donor_progress_document(
                user=users["admin"],
                parameters={"date_from": "2021-01-01", "date_to": "2021-12-31"},
                step=lambda: None,
            )
        return len(captured)

    before = queries()
    peru = Country.objects.get(iso2="PE")
    azure = Operation.objects.get(code_name="Azure")
    for number in range(3):
        factories.ActivityFactory(
            start_date=datetime.date(2021, 3, 1 + number),
            countries=[peru],
            pillars=[Pillar.objects.order_by("number").first()],
        )
        factories.SeizureFactory(date=datetime.date(2021, 10, 5), country=peru, operation=azure)
    assert queries() == before


# --- data exports ----------------------------------------------------------------------------------


def test_a_seizure_export_has_the_api_lists_rows_and_columns(users, client):
    report = generated(users["officer"], "data_export", "csv", list="seizures", filters={"country": "PE,CO"})
    with open(report.file.path, encoding="utf-8-sig", newline="") as content:
        rows = list(csv.DictReader(content))
    expected = Seizure.objects.filter(country__iso2__in=["PE", "CO"], archived_at__isnull=True).count()
    assert len(rows) == expected > 0
    assert {row["country"] for row in rows} == {"PE", "CO"}
    client.force_login(users["officer"])
    api = client.get("/api/v1/seizures/?country=PE,CO&format=csv")
    api_rows = list(csv.DictReader(io.StringIO(b"".join(api.streaming_content).decode("utf-8-sig"))))
    assert api_rows == rows


def test_an_xlsx_export_stores_numbers_as_numbers_and_formulas_as_text(users):
    seizure = Seizure.objects.filter(country__iso2="PE").order_by("pk").first()
    Seizure.objects.filter(pk=seizure.pk).update(location="=HYPERLINK(1)")
    report = generated(users["admin"], "data_export", "xlsx", list="seizures", filters={"country": "PE"})
    rows = sheet_rows(report, "Seizures")
    header = rows[0]
    first = next(row for row in rows[1:] if row[header.index("id")] == seizure.pk)
    assert first[header.index("location")] == "=HYPERLINK(1)"
    assert isinstance(first[header.index("quantity")], int | float)
    assert isinstance(first[header.index("arrests")], int)
    assert first[header.index("date")] == datetime.datetime.combine(seizure.date, datetime.time())


def test_an_export_follows_the_requesters_access(users):
    key = ApiKey.objects.create(
        name="Scoped",
        prefix="rep00001",
        key_hash="7" * 64,
        created_by=users["admin"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    key.countries.set([Country.objects.get(iso2="PE")])
    principal = ApiClient(key)
    report = generated(principal, "data_export", "csv", list="seizures")
    with open(report.file.path, encoding="utf-8-sig", newline="") as content:
        countries = {row["country"] for row in csv.DictReader(content)}
    assert countries == {"PE"}
    assert report.requested_by_api_key == key and report.requested_by is None
    with pytest.raises(PermissionDenied):
        request(principal, "data_export", "csv", list="people")  # no personal-data scope


def test_a_report_whose_worker_keeps_dying_is_failed_not_looped(users, settings):
    settings.REPORTS_MAX_ATTEMPTS = 2
    report = request(users["admin"], "country_briefing", "pdf", country="PE")
    # Two runs started and never finished (their workers died: the task came back each time).
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, attempts=2)
    report = services.report_generate(report_id=report.pk)
    assert report.status == Report.Status.FAILED and "interrupted 2 times" in report.error
    assert not report.file
    retried = services.report_retry(report=report)
    assert (retried.status, retried.attempts) == (Report.Status.QUEUED, 0)


def test_a_report_is_written_in_its_requesters_language(users):
    from django.utils import translation

    with translation.override("es"):
        report = request(users["admin"], "country_briefing", "xlsx", country="PE")
    assert report.language == "es"


def test_a_requester_who_lost_access_gets_a_readable_error(users):
    mission = users["mission-pe"]
    report = request(mission, "country_briefing", "pdf", country="PE")
    mission.countries.clear()
    generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == (
        "The requester may no longer see what this report is about (their access has changed)."
    )
