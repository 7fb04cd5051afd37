"""A report's parameters are checked when it is requested, before anything is queued: a bad one is
a 400 naming its field, never a 500 and never a queued report that "succeeds" with an empty file."""

from unittest import mock

import pytest
from django.urls import reverse

from reports.exports import EXPORTABLE_LISTS, MAX_FILTER_VALUES
from reports.models import Report

from .conftest import AZURE_2021

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, users):
    client.force_login(users["officer"])
    return client


@pytest.fixture
def queued():
    with mock.patch("reports.tasks.generate_report.delay") as delay:
        yield delay


def request_report(client, **body):
    return client.post(reverse("api:report-list"), body, content_type="application/json")


def refused(response, field: str) -> list[str]:
    """The messages of a 400 in the API's error shape, for `field`."""
    assert response.status_code == 400, (response.status_code, response.content[:500])
    body = response.json()
    assert body["code"] == "invalid" and body["detail"], body
    assert field in body["errors"], body
    return [str(message) for message in body["errors"][field]]


@pytest.mark.parametrize("donor", ["²", "1²", "٣", "¹²³"])
def test_a_donor_of_non_ascii_digits_is_a_400_naming_donor(officer_client, queued, donor):
    before = Report.objects.count()
    response = request_report(
        officer_client, kind="donor_progress", format="xlsx", **{**AZURE_2021, "donor": donor}
    )
    assert refused(response, "donor")
    assert Report.objects.count() == before and not queued.called


@pytest.mark.parametrize("operation", ["²", "١٢"])
def test_an_operation_of_non_ascii_digits_is_a_400_naming_operation(officer_client, queued, operation):
    response = request_report(officer_client, kind="operation_results", format="pdf", operation=operation)
    assert refused(response, "operation")
    assert not queued.called


def export(client, list_name="seizures", **filters):
    return request_report(client, kind="data_export", format="csv", list=list_name, filters=filters)


@pytest.mark.parametrize(
    ("list_name", "filters", "named"),
    [
        ("seizures", {"country": "XX"}, "country: Unknown country codes: XX."),
        ("seizures", {"country": "PE,zz"}, "country: Unknown country codes: zz."),
        ("seizures", {"origin": "Peru"}, "origin: Unknown country codes: Peru."),
        ("people", {"country": "QQ"}, "country: Unknown country codes: QQ."),
        ("countries", {"iso2": "XX"}, "iso2: Unknown country codes: XX."),
        ("cases", {"lead_country": "XY"}, "lead_country: Unknown country codes: XY."),
    ],
)
def test_an_export_of_an_unknown_country_is_a_400_naming_the_filter(
    officer_client, queued, list_name, filters, named
):
    before = Report.objects.count()
    assert refused(export(officer_client, list_name, **filters), "filters") == [named]
    assert Report.objects.count() == before and not queued.called


@pytest.mark.parametrize("list_name", ["seizures", "activities", "trainings", "participations", "cases"])
def test_an_export_over_a_reversed_period_is_a_400_naming_date_to(officer_client, queued, list_name):
    response = export(officer_client, list_name, date_from="2022-01-01", date_to="2021-01-01")
    assert refused(response, "filters") == ["date_to: The end of the period is before its start."]
    assert not queued.called


def test_an_export_of_too_many_values_is_a_400_naming_the_filter(officer_client, queued):
    response = export(officer_client, country=",".join(["PE"] * 50_000))
    assert refused(response, "filters") == [f"country: Give at most {MAX_FILTER_VALUES} values."]
    response = export(officer_client, substance=",".join(str(n) for n in range(MAX_FILTER_VALUES + 1)))
    assert refused(response, "filters") == [f"substance: Give at most {MAX_FILTER_VALUES} values."]
    assert not queued.called


def test_an_export_of_20000_unknown_filters_is_a_short_400(officer_client, queued):
    response = export(officer_client, **{f"unknown{n}": "1" for n in range(20_000)})
    messages = refused(response, "filters")
    assert len(messages) == 11
    assert messages[0].startswith("unknown0: Unknown parameter. This list takes: ")
    assert messages[-1] == "parameters: 19990 more unknown parameters."
    assert sum(map(len, messages)) < 5000
    assert not queued.called


def test_good_export_filters_still_queue(officer_client, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = export(
            officer_client, country="pe,CO", date_from="2021-01-01", date_to="2021-12-31", origin="BO"
        )
    assert response.status_code == 202, response.json()
    report = Report.objects.get(pk=response.json()["id"])
    assert report.parameters["filters"] == {
        "country": "pe,CO",
        "date_from": "2021-01-01",
        "date_to": "2021-12-31",
        "origin": "BO",
    }
    queued.assert_called_once_with(report.pk)
    same_day = export(officer_client, date_from="2021-05-01", date_to="2021-05-01")
    assert same_day.status_code == 202, same_day.json()


@pytest.mark.parametrize("list_name", list(EXPORTABLE_LISTS))
def test_every_list_can_be_requested_with_its_period_or_none(officer_client, queued, list_name):
    """The filters are checked on the list's own selector (a training list orders by its
    activity's dates, which its bare model does not have)."""
    assert export(officer_client, list_name).status_code == 202


@pytest.mark.parametrize(
    "filters",
    [
        {"country": "P\x00"},
        {"search": "a\x00b"},
        {"date_from": "2021-13-01"},
        {"country": ["PE", "CO"]},
        {"country": {"nested": "PE"}},
        {"ordering": "password"},
    ],
)
def test_odd_export_filters_are_a_400_on_filters(officer_client, queued, filters):
    before = Report.objects.count()
    response = request_report(
        officer_client, kind="data_export", format="csv", list="seizures", filters=filters
    )
    assert refused(response, "filters")
    assert Report.objects.count() == before and not queued.called
