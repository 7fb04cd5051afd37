"""/dashboards/results/: the IPTT page for staff, its CSV and its workbook; nothing for a mission."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from results.models import Framework
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

PAGE = "/dashboards/results/"
YEAR_2021 = {"date_from": "2021-01-01", "date_to": "2021-12-31"}


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0


@pytest.fixture
def inl():
    return Framework.objects.get(owner__acronym="INL")


@pytest.fixture
def staff(admin):
    return signed_in(admin)


def _row(rows, measure, period="2021"):
    return next(
        row
        for row in rows
        if row["measure"] == measure and row["period"] == period and not row["disaggregation"]
    )


def test_the_page_shows_the_programmes_framework_by_default(staff):
    response = staff.get(PAGE)
    assert response.status_code == 200
    programme = Framework.objects.get(owner__isnull=True)
    assert response.context["framework"] == programme
    assert programme.name in response.content.decode()
    assert response.context["lines"] and response.context["periods"][-1]["key"] == "life"


def test_the_inl_framework_of_2021_shows_operation_azure(staff, inl):
    response = staff.get(PAGE, {"framework": inl.pk, **YEAR_2021})
    assert response.status_code == 200
    assert [period["key"] for period in response.context["periods"]] == ["2021", "life"]
    content = response.content.decode()
    lines = {line.code: line for line in response.context["lines"] if not line.breakdown}
    indicators = {indicator.measure: indicator.code for indicator in inl.indicators.all()}
    assert lines[indicators["people_trained"]].cells[0]["actual"] == "153"
    assert lines[indicators["women_trained"]].cells[0]["actual"] == "42"
    assert lines[indicators["seizures"]].cells[0]["actual"] == "125"
    for item in response.context["charts"]:
        assert f'id="figure-{item["chart"].key}"' in content
        assert item["csv_url"].replace("&", "&amp;") in content
        assert item["drawable"]
    assert reverse("dashboards:results_xlsx") in content


def test_a_breakdown_adds_rows_under_their_indicator(staff, inl):
    response = staff.get(PAGE, {"framework": inl.pk, "disaggregate": "sex", **YEAR_2021})
    assert response.status_code == 200
    lines = response.context["lines"]
    people = next(indicator for indicator in inl.indicators.all() if indicator.measure == "people_trained")
    groups = [line for line in lines if line.code == people.code and line.breakdown]
    assert len(groups) >= 2
    women = next(line for line in groups if line.breakdown.lower() in ("female", "women"))
    assert women.cells[0]["actual"] == "42"


def test_a_bad_choice_is_a_message_naming_it(staff, inl):
    response = staff.get(PAGE, {"framework": inl.pk, "frequency": "monthly"})
    assert response.status_code == 400
    assert "frequency" in response.context["errors"]
    assert "frequency" in response.content.decode()
    response = staff.get(reverse("dashboards:results_csv", kwargs={"chart": "iptt"}), {"framework": "999999"})
    assert response.status_code == 400 and b"framework" in response.content


def test_the_csv_and_the_workbook_hold_the_rows(staff, inl, admin):
    from results.selectors import iptt_from_query

    query = {"framework": str(inl.pk), **YEAR_2021}
    _parameters, rows = iptt_from_query(user=admin, query=query)
    csv = staff.get(reverse("dashboards:results_csv", kwargs={"chart": "iptt"}), query)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == len(rows) + 1

    answer = staff.get(reverse("dashboards:results_xlsx"), query)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content))["IPTT"]
    header, *body = list(sheet.iter_rows(values_only=True))
    assert len(body) == len(rows)
    by_code = {(line[1], line[5]): dict(zip(header, line, strict=True)) for line in body}
    people = _row(rows, "people_trained")
    cells = by_code[(people["code"], "2021")]
    # Typed cells: a count is a number, not its text.
    assert cells["Actual"] == 153 and isinstance(cells["Actual"], int)
    assert cells["Target"] == float(people["target"])


@pytest.mark.parametrize("url", [PAGE, "/dashboards/results/csv/iptt/", "/dashboards/results/xlsx/"])
def test_a_mission_viewer_gets_nothing(mission, url, inl):
    response = signed_in(mission).get(url, {"framework": inl.pk})
    assert response.status_code == 404


def test_the_navigation_links_it_for_staff_only(staff, mission):
    assert 'href="/dashboards/results/"' in staff.get("/dashboards/").content.decode()
    page = signed_in(mission).get("/dashboards/country/PE/")
    assert page.status_code == 200
    assert "/dashboards/results/" not in page.content.decode()


def test_monitoring_and_officers_see_it(inl):
    for username in ("officer", "monitoring"):
        response = signed_in(User.objects.get(username=username)).get(PAGE, {"framework": inl.pk})
        assert response.status_code == 200, username


def test_the_page_costs_as_many_queries_however_many_records(staff, inl, azure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ParticipationFactory, PersonFactory, SeizureFactory

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert (
                staff.get(PAGE, {"framework": inl.pk, "disaggregate": "sex", **YEAR_2021}).status_code == 200
            )
        return len(captured)

    before = queries()
    training = azure.activity.links_in.filter(relation="prepared").first().from_activity
    for _number in range(5):
        ParticipationFactory(activity=training, person=PersonFactory())
        SeizureFactory(operation=azure)
    assert queries() == before
