"""Where reports are requested and followed: the API, the pages (progress, download, the
dashboard's briefing-pack button) and the admin; and who may see which."""

import re
from unittest import mock

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from countries.models import Country
from reports import services
from reports.models import Report
from reports.tasks import generate_report

from .conftest import AZURE_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued():
    """Tasks are not sent anywhere: each test runs what it needs itself."""
    with mock.patch("reports.tasks.generate_report.delay") as delay:
        yield delay


def make(principal, kind, fmt, **parameters) -> Report:
    with mock.patch("reports.services.report_enqueue"):
        return services.report_request(principal=principal, kind=kind, fmt=fmt, parameters=parameters)


# --- API -------------------------------------------------------------------------------------------


def test_post_answers_202_with_the_reports_url_then_get_follows_it(
    client, users, queued, django_capture_on_commit_callbacks
):
    client.force_login(users["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api:report-list"),
            {"kind": "donor_progress", "format": "xlsx", **AZURE_2021},
            content_type="application/json",
        )
    assert response.status_code == 202, response.json()
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/reports/{report.pk}/"
    queued.assert_called_once_with(report.pk)
    assert body["status"] == "queued" and body["progress"] == 0 and body["download_url"] is None

    download = client.get(reverse("api:report-download", args=[report.pk]))
    assert download.status_code == 409
    assert "once it has succeeded" in download.json()["detail"]

    services.report_generate(report_id=report.pk)
    detail = client.get(body["url"]).json()
    assert detail["status"] == "succeeded" and detail["progress"] == 100
    assert detail["checksum"] == Report.objects.get(pk=report.pk).checksum
    file = client.get(detail["download_url"])
    assert file.status_code == 200
    assert file["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert b"".join(file.streaming_content)[:2] == b"PK"


def test_the_list_is_filterable_and_shows_only_what_the_caller_may_see(client, users):
    own = make(users["mission-pe"], "country_briefing", "pdf", country="PE")
    staff = make(users["admin"], "donor_progress", "pdf", **AZURE_2021)
    client.force_login(users["mission-pe"])
    assert [row["id"] for row in client.get(reverse("api:report-list")).json()["results"]] == [own.pk]
    assert client.get(reverse("api:report-detail", args=[staff.pk])).status_code == 404
    client.force_login(users["monitoring"])
    listed = client.get(reverse("api:report-list"), {"kind": "donor_progress"}).json()["results"]
    assert [row["id"] for row in listed] == [staff.pk]


def test_a_failed_report_shows_its_error_in_the_api_and_the_admin(client, users):
    report = make(users["admin"], "country_briefing", "pdf", country="PE")
    with mock.patch(
        "reports.services.BUILDERS", {"country_briefing": mock.Mock(side_effect=KeyError("pillar"))}
    ):
        generate_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "The report could not be generated: KeyError: 'pillar'"
    client.force_login(users["admin"])
    detail = client.get(reverse("api:report-detail", args=[report.pk])).json()
    assert detail["status"] == "failed" and detail["error"] == report.error
    changelist = client.get(reverse("admin:reports_report_changelist"))
    assert "Failed" in changelist.content.decode()
    change = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert "KeyError: &#x27;pillar&#x27;" in change
    assert client.get(reverse("api:report-download", args=[report.pk])).status_code == 409


def test_a_mission_viewer_cannot_request_or_download_another_countrys_pack(client, users, queued):
    colombia = make(users["admin"], "country_briefing", "pdf", country="CO")
    services.report_generate(report_id=colombia.pk)
    client.force_login(users["mission-pe"])
    refused = client.post(
        reverse("api:report-list"),
        {"kind": "country_briefing", "format": "pdf", "country": "CO"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert client.post(reverse("reports:briefing-request", args=["CO"])).status_code == 403
    for url in (
        reverse("api:report-download", args=[colombia.pk]),
        reverse("api:report-detail", args=[colombia.pk]),
        reverse("reports:download", args=[colombia.pk]),
        reverse("reports:detail", args=[colombia.pk]),
        reverse("reports:status", args=[colombia.pk]),
    ):
        assert client.get(url).status_code == 404, url
    accepted = client.post(
        reverse("api:report-list"),
        {"kind": "country_briefing", "format": "xlsx", "country": "PE"},
        content_type="application/json",
    )
    assert accepted.status_code == 202
    assert (
        client.post(
            reverse("api:report-list"),
            {"kind": "donor_progress", "format": "pdf", **AZURE_2021},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_an_invalid_request_is_a_400_by_field(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("api:report-list"),
        {"kind": "donor_progress", "format": "pdf"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "date_from" in response.json()["errors"]


# --- pages -----------------------------------------------------------------------------------------


def _briefing_partial(user, country) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "reports/_briefing_request.html" with country=country %}')
    return template.render(Context({"request": request, "country": country, "csrf_token": "x"}))


def test_the_dashboard_button_shows_only_where_the_user_may_request(users):
    peru, colombia = Country.objects.get(iso2="PE"), Country.objects.get(iso2="CO")
    assert 'action="/reports/briefing/PE/"' in _briefing_partial(users["mission-pe"], peru)
    assert "<form" not in _briefing_partial(users["mission-pe"], colombia)
    assert "<form" in _briefing_partial(users["monitoring"], colombia)


def test_the_briefing_button_queues_the_pack_and_shows_its_progress(
    client, users, queued, django_capture_on_commit_callbacks
):
    client.force_login(users["mission-pe"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:briefing-request", args=["PE"]), {"format": "pdf"})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.kind == "country_briefing" and report.country.iso2 == "PE"
    queued.assert_called_once_with(report.pk)

    page = client.get(response["Location"]).content.decode()
    assert f'data-status-url="{reverse("reports:status", args=[report.pk])}"' in page
    assert "reports/progress.js" in page
    # The CSP allows no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and "style=" not in page

    assert client.get(reverse("reports:status", args=[report.pk])).json()["status"] == "queued"
    services.report_generate(report_id=report.pk)
    state = client.get(reverse("reports:status", args=[report.pk])).json()
    assert state["finished"] and state["download_url"] == reverse("reports:download", args=[report.pk])
    download = client.get(state["download_url"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]


def test_report_files_are_not_served_as_public_media(client, users):
    report = make(users["admin"], "country_briefing", "pdf", country="PE")
    report = services.report_generate(report_id=report.pk)
    client.force_login(users["admin"])
    assert client.get("/media/" + report.file.name).status_code == 404


# --- admin -----------------------------------------------------------------------------------------


def test_the_admin_requests_a_report_and_lists_its_progress(
    client, users, queued, django_capture_on_commit_callbacks
):
    client.force_login(users["monitoring"])
    form = client.get(reverse("admin:reports_report_add"))
    assert form.status_code == 200 and "Request a report" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reports_report_add"),
            {"kind": "operation_results", "format": "pdf", "operation": "", "list": ""},
        )
    assert response.status_code == 200 and "Give an operation you may see" in response.content.decode()
    from operations.models import Operation

    azure = Operation.objects.get(code_name="Azure")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reports_report_add"),
            {"kind": "operation_results", "format": "pdf", "operation": azure.pk, "list": ""},
        )
    report = Report.objects.get()
    assert response.status_code == 302
    queued.assert_called_once_with(report.pk)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=40)
    changelist = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "Running" in changelist and "40 %" in changelist
    change = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert reverse("reports:status", args=[report.pk]) in change and "reports/progress.js" in change


def test_the_admin_generates_failed_reports_again(client, users, queued, django_capture_on_commit_callbacks):
    report = make(users["admin"], "country_briefing", "pdf", country="PE")
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="Boom")
    client.force_login(users["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:reports_report_changelist"),
            {"action": "generate_again", "_selected_action": [report.pk]},
        )
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED and report.error == ""
    queued.assert_called_once_with(report.pk)


def test_mission_viewers_have_no_admin(client, users):
    client.force_login(users["mission-pe"])
    assert client.get(reverse("admin:reports_report_changelist")).status_code == 302


def test_an_api_key_requests_an_export_and_sees_only_its_own_reports(client, users, queued):
    import datetime

    from django.utils import timezone

    from accounts.services import api_key_create

    _key, raw = api_key_create(
        name="Donor portal", created_by=users["admin"], expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    other = make(users["admin"], "country_briefing", "pdf", country="PE")
    response = client.post(
        reverse("api:report-list"),
        {"kind": "data_export", "format": "csv", "list": "seizures", "filters": {"country": "PE"}},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 202, response.json()
    assert response.json()["requested_by"].startswith("api:")
    listed = client.get(reverse("api:report-list"), **headers).json()["results"]
    assert [row["id"] for row in listed] == [response.json()["id"]]
    assert client.get(reverse("api:report-detail", args=[other.pk]), **headers).status_code == 404
