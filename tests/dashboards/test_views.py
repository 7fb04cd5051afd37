"""The dashboards' pages and CSV downloads: access, figures, filters, query counts, caching."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from core.access import visible
from core.datacache import data_version
from countries.models import Country
from operations.models import Seizure
from people.models import Person
from stats.selectors import ACTIVITY_GROUPS, StatsFilters, activity_stats
from tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    PersonFactory,
    SeizureFactory,
    SubstanceFactory,
)

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("dashboards:overview")
PERU = reverse("dashboards:country", kwargs={"iso2": "PE"})
COLOMBIA = reverse("dashboards:country", kwargs={"iso2": "CO"})


def _operation_url(operation) -> str:
    return reverse("dashboards:operation", kwargs={"pk": operation.pk})


def _headline(response) -> dict:
    return {figure["key"]: figure["value"] for figure in response.context["dashboard"].headline}


def _csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


# --- who sees what ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (OVERVIEW, PERU, reverse("dashboards:overview_csv", kwargs={"chart": "activities-by-kind"})):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


def test_a_mission_viewer_signs_in_on_the_public_page_and_lands_on_their_country(client):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and b'name="username"' in page.content

    response = client.post(
        reverse("login"), {"username": "mission-pe", "password": "crimjust-demo-2026"}, follow=True
    )

    assert response.redirect_chain[-1][0] == PERU
    assert response.status_code == 200
    assert response.context["country"].iso2 == "PE"


def test_a_wrong_password_is_refused_on_the_sign_in_page(client):
    response = client.post(reverse("login"), {"username": "mission-pe", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert b"did not match" in response.content


def test_signing_out_is_a_post(admin_client):
    assert admin_client.get(reverse("logout")).status_code == 405
    assert admin_client.post(reverse("logout")).status_code == 302
    assert admin_client.get(OVERVIEW).status_code == 302


def test_a_mission_viewer_keeps_the_filters_when_sent_to_their_country(mission_client):
    response = mission_client.get(OVERVIEW + "?date_from=2021-01-01&utm=x")
    assert response.status_code == 302
    assert response["Location"] == PERU + "?date_from=2021-01-01"


@pytest.mark.parametrize(
    "url",
    [
        COLOMBIA,
        reverse("dashboards:country", kwargs={"iso2": "XX"}),
        reverse("dashboards:country_csv", kwargs={"iso2": "CO", "chart": "activities-by-kind"}),
        reverse("dashboards:overview_csv", kwargs={"chart": "activities-by-kind"}),
    ],
)
def test_a_mission_viewer_cannot_open_another_country(mission_client, url):
    assert mission_client.get(url).status_code == 404


def test_a_mission_viewer_cannot_pick_another_country(mission_client):
    response = mission_client.get(reverse("dashboards:country_pick") + "?country=CO")
    assert response["Location"] == PERU


def test_staff_open_every_country_and_pick_one(admin_client):
    assert admin_client.get(COLOMBIA).status_code == 200
    response = admin_client.get(reverse("dashboards:country_pick") + "?country=co&pillar=1")
    assert response["Location"] == COLOMBIA + "?pillar=1"
    assert admin_client.get(reverse("dashboards:country", kwargs={"iso2": "pe"}))["Location"] == PERU


def test_an_operation_out_of_scope_is_a_404(admin_client):
    assert admin_client.get(reverse("dashboards:operation", kwargs={"pk": 2**31 - 1})).status_code == 404


# --- the figures --------------------------------------------------------------------------------


def test_the_peru_page_shows_what_the_database_says(mission_client, mission):
    peru = Country.objects.get(iso2="PE")
    response = mission_client.get(PERU)

    assert response.status_code == 200
    headline = _headline(response)
    seizures = visible(Seizure, mission).filter(country=peru)
    activities = visible(Activity, mission).filter(Q(countries=peru) | Q(host_country=peru)).distinct()
    assert headline["seizures"] == seizures.count() > 0
    assert headline["arrests"] == (seizures.aggregate(n=Sum("arrests"))["n"] or 0)
    assert headline["activities"] == activities.count() > 0
    assert response.context["dashboard"].suppressed is True
    # The briefing-pack request of the reports app is on the country page.
    assert "reports/_briefing_request.html" in [template.name for template in response.templates]


def test_a_mission_viewer_sees_no_personal_data_and_small_counts_hidden(mission_client):
    response = mission_client.get(PERU)
    content = response.content.decode()
    for person in Person.objects.filter(country__iso2="PE")[:50]:
        assert person.last_name not in content
        assert person.email not in content
    people = response.context["dashboard"].chart("people-by-category")
    shown = [row["people"] for row in people.rows]
    assert not any(isinstance(value, int) and 0 < value < 5 for value in shown)

    rows = _csv(
        mission_client.get(
            reverse("dashboards:country_csv", kwargs={"iso2": "PE", "chart": "people-by-category"})
        )
    )
    assert rows and not any(row["People"] in {"1", "2", "3", "4"} for row in rows)


def test_a_mission_viewers_people_are_perturbed_alike_on_the_page_and_in_the_csv(
    mission_client, admin_client
):
    """Issue 15: the chart's CSV gives a mission the page's perturbed figures, never an exact one
    to subtract from them; staff get exact figures in both."""
    url = reverse("dashboards:country_csv", kwargs={"iso2": "PE", "chart": "people-by-gender"})
    page = mission_client.get(PERU)
    shown = {
        row["label"]: str(row["people"]) for row in page.context["dashboard"].chart("people-by-gender").rows
    }
    assert {row["Gender"]: row["People"] for row in _csv(mission_client.get(url))} == shown
    assert "the same way every time" in page.content.decode()
    exact = admin_client.get(PERU)
    assert "the same way every time" not in exact.content.decode()
    exact_rows = exact.context["dashboard"].chart("people-by-gender").rows
    assert all(isinstance(row["people"], int) for row in exact_rows)


def test_the_programme_overview_for_staff(admin_client, azure):
    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    headline = _headline(response)
    assert headline["activities"] == Activity.objects.filter(archived_at__isnull=True).count()
    assert headline["seizures"] == Seizure.objects.filter(archived_at__isnull=True).count()
    assert response.context["dashboard"].suppressed is False
    assert _operation_url(azure).encode() in response.content
    keys = {item["chart"].key for item in response.context["charts"]}
    assert {
        "case-funnel",
        "countries-map",
        "seizures-by-substance",
        "people-by-gender",
        "activities-by-month",
    } <= keys


def test_operation_azure_shows_125_seizures_in_10_countries(admin_client, azure):
    response = admin_client.get(_operation_url(azure))

    assert response.status_code == 200
    headline = _headline(response)
    assert headline["seizures"] == 125
    assert headline["countries"] == 10
    assert response.context["title"] == "Operation Azure"


def test_the_funnel_follows_seizures_to_convictions(admin_client):
    funnel = admin_client.get(OVERVIEW).context["dashboard"].chart("case-funnel")
    counts = [row["count"] for row in funnel.rows]
    assert len(counts) == 4
    assert counts == sorted(counts, reverse=True)


def test_every_chart_has_a_table_and_a_csv_link(admin_client):
    response = admin_client.get(OVERVIEW)
    content = response.content.decode()
    for item in response.context["charts"]:
        assert f'id="figure-{item["chart"].key}"' in content
        assert item["csv_url"] in content
        assert f'id="{item["spec_id"]}" type="application/json"' in content
    assert content.count("<details") == len(response.context["charts"])


def test_pages_carry_no_inline_script_or_style(admin_client, mission_client, azure):
    for client, url in (
        (admin_client, OVERVIEW),
        (mission_client, PERU),
        (admin_client, _operation_url(azure)),
    ):
        content = client.get(url).content.decode()
        assert "style=" not in content and "<style" not in content
        for tag in content.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert " src=" in opening or 'type="application/json"' in opening, opening


# --- filters --------------------------------------------------------------------------------------


def test_filters_narrow_the_figures(admin_client):
    response = admin_client.get(OVERVIEW, {"date_from": "2021-01-01", "date_to": "2021-12-31"})
    seizures = Seizure.objects.filter(
        archived_at__isnull=True, date__range=(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    )
    assert _headline(response)["seizures"] == seizures.count()
    # The filters stay in the links: a view can be bookmarked and shared, its CSV too.
    assert "date_from=2021-01-01&amp;date_to=2021-12-31" in response.content.decode()


def test_pillar_donor_and_region_filters(admin_client):
    for params in ({"pillar": "3"}, {"region": "Americas"}, {"donor": ""}):
        response = admin_client.get(OVERVIEW, params)
        assert response.status_code == 200, params
    pillar_3 = admin_client.get(OVERVIEW, {"pillar": "3"})
    expected = Activity.objects.filter(archived_at__isnull=True, pillars__number=3).distinct().count()
    assert _headline(pillar_3)["activities"] == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2021-13-45"}, "Enter a valid date"),
        ({"date_from": "2022-01-01", "date_to": "2021-01-01"}, "before its start"),
        ({"pillar": "99"}, "Select a valid choice"),
        ({"region": "Atlantis"}, "Select a valid choice"),
        ({"donor": "abc"}, "Select a valid choice"),
    ],
)
def test_bad_filters_give_a_message_not_an_error(admin_client, params, message):
    response = admin_client.get(OVERVIEW, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    csv_response = admin_client.get(
        reverse("dashboards:overview_csv", kwargs={"chart": "activities-by-kind"}), params
    )
    assert csv_response.status_code == 400


# --- CSV ------------------------------------------------------------------------------------------


def test_a_chart_csv_holds_its_numbers(admin_client, azure):
    response = admin_client.get(
        reverse("dashboards:operation_csv", kwargs={"pk": azure.pk, "chart": "seizures-by-substance"})
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert sum(int(row["Seizures"]) for row in rows) == 125
    assert list(rows[0]) == ["Substance", "Seizures", "Kilograms", "Seizures without a mass", "Arrests"]


def test_the_tables_have_csv_too(admin_client):
    for chart in ("operations", "recent-activities", "countries-map", "case-funnel"):
        response = admin_client.get(reverse("dashboards:overview_csv", kwargs={"chart": chart}))
        assert response.status_code == 200 and _csv(response), chart
    assert (
        admin_client.get(reverse("dashboards:overview_csv", kwargs={"chart": "nothing"})).status_code == 404
    )


def test_csv_cells_that_look_like_formulas_are_escaped(admin_client, no_cache):
    substance = SubstanceFactory(name="=HYPERLINK(1)")
    SeizureFactory(substance=substance, country=Country.objects.get(iso2="PE"))
    rows = _csv(
        admin_client.get(reverse("dashboards:overview_csv", kwargs={"chart": "seizures-by-substance"}))
    )
    assert "'=HYPERLINK(1)" in {row["Substance"] for row in rows}


# --- query counts and caching ---------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # the principal cached (accounts.principal_cache), as on every later request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_rows():
    peru = Country.objects.get(iso2="PE")
    substance = SubstanceFactory()
    for number in range(6):
        SeizureFactory(substance=substance, country=peru, date=datetime.date(2020, 1 + number, 3), arrests=1)
        activity = ActivityFactory(
            countries=[peru], host_country=peru, start_date=datetime.date(2020, 1 + number, 5)
        )
        ParticipationFactory(activity=activity, person=PersonFactory(country=peru))


@pytest.mark.parametrize("who", ["admin", "mission"])
def test_query_counts_are_bounded_and_do_not_grow_with_the_rows(request, who, azure, no_cache):
    client = request.getfixturevalue(f"{who}_client")
    urls = [PERU, _operation_url(azure)] + ([OVERVIEW] if who == "admin" else [])
    before = {url: _queries(client, url) for url in urls}
    _more_rows()
    after = {url: _queries(client, url) for url in urls}

    assert after == before
    assert max(before.values()) <= 60, before


def test_query_count_of_a_csv_download(admin_client, no_cache):
    url = reverse("dashboards:country_csv", kwargs={"iso2": "PE", "chart": "seizures-by-month"})
    before = _queries(admin_client, url)
    _more_rows()
    assert _queries(admin_client, url) == before <= 60


def test_a_cached_page_costs_a_few_queries_and_a_write_shows_at_once(
    admin_client, django_capture_on_commit_callbacks
):
    version = data_version()
    first = admin_client.get(PERU)
    with CaptureQueriesContext(connection) as captured:
        again = admin_client.get(PERU)
    assert len(captured) <= 8, [query["sql"] for query in captured]
    assert _headline(again) == _headline(first)

    with django_capture_on_commit_callbacks(execute=True):
        SeizureFactory(country=Country.objects.get(iso2="PE"), arrests=0)
    assert data_version() > version
    assert _headline(admin_client.get(PERU))["seizures"] == _headline(first)["seizures"] + 1


# --- the month breakdown added to the shared activity selector ----------------------------------------


def test_activities_by_month_add_up_to_the_total(admin):
    assert "month" in ACTIVITY_GROUPS
    filters = StatsFilters(date_from=datetime.date(2017, 1, 1))
    stats = activity_stats(user=admin, group_by="month", filters=filters)
    assert sum(row["count"] for row in stats.results) == stats.totals["count"] > 0
    assert all(len(row["key"]) == 7 and row["key"][4] == "-" for row in stats.results)
    assert stats.results[0]["key"] == min(row["key"] for row in stats.results)


def test_seizure_kilograms_are_shown_rounded(admin_client, azure):
    rows = admin_client.get(_operation_url(azure)).context["dashboard"].chart("seizures-by-substance").rows
    assert all(
        isinstance(row["kg"], Decimal) and row["kg"] == row["kg"].quantize(Decimal("0.001")) for row in rows
    )


def test_time_series_keep_their_quiet_months(admin_client):
    dashboard = admin_client.get(OVERVIEW).context["dashboard"]
    activities = dashboard.chart("activities-by-month").rows
    total = _headline(admin_client.get(OVERVIEW))["activities"]
    assert sum(row["count"] for row in activities) == total
    # March 2016 to June 2022, every month, most of them without any activity.
    assert len(activities) == 10 + 5 * 12 + 6
    assert sum(1 for row in activities if row["count"] == 0) > 40
    seizures = dashboard.chart("seizures-by-month").rows
    assert sum(row["count"] for row in seizures) == _headline(admin_client.get(OVERVIEW))["seizures"]
