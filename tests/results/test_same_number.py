"""One figure, one number: a measure of the IPTT equals the same figure on the results page, the
IPTT API, the dashboards, the stats API and the donor report, for the same principal and period."""

import pytest
from django.urls import reverse

from activities.models import Organisation
from reports.documents import donor_progress_document
from results.models import Framework
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

YEAR_2021 = {"date_from": "2021-01-01", "date_to": "2021-12-31"}


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0
    settings.FIGURES_CACHE_SECONDS = 0


def _iptt_api(client, framework) -> dict:
    response = client.get("/api/v1/results/iptt/", {"framework": framework.pk, **YEAR_2021})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {
        row["measure"]: row["actual"]
        for row in rows
        if row["period"] == "2021" and row["disaggregation"] is None and row["measure"]
    }


def _results_page(client, framework) -> dict:
    response = client.get(reverse("dashboards:results"), {"framework": framework.pk, **YEAR_2021})
    assert response.status_code == 200
    measures = {indicator.code: indicator.measure for indicator in framework.indicators.all()}
    return {
        measures[line.code]: line.cells[0]["actual"]
        for line in response.context["lines"]
        if not line.breakdown and measures[line.code]
    }


def _dashboard(client, donor, period) -> dict:
    params = {**period, **({"donor": str(donor.pk)} if donor else {})}
    response = client.get(reverse("dashboards:overview"), params)
    assert response.status_code == 200
    headline = {figure["key"]: figure["value"] for figure in response.context["dashboard"].headline}
    return {"people_trained": str(headline["people"]), "seizures": str(headline["seizures"])}


def _stats_api(client, donor, period) -> dict:
    params = {**period, **({"donor": str(donor.pk)} if donor else {})}
    people = client.get(reverse("api:stats-people-list"), {**params, "kind": "training"}).json()
    seizures = client.get(reverse("api:stats-seizures-list"), params).json()
    return {"people_trained": str(people["totals"]["people"]), "seizures": str(seizures["totals"]["count"])}


def _donor_report(admin, donor, framework) -> dict:
    parameters = {**YEAR_2021, **({"donor": donor.pk} if donor else {})}
    document = donor_progress_document(user=admin, parameters=parameters, step=lambda: None)
    codes = {indicator.code: indicator.measure for indicator in framework.indicators.all()}
    found = {}
    titles = [section.title for section in document.sections]
    assert any(framework.name in title for title in titles), titles
    for section in document.sections:
        for table in section.tables:
            if not table.name.startswith("IPTT"):
                continue
            for _result, indicator, period, _baseline, _target, actual, _percent in table.rows:
                code = indicator.split(" ", 1)[0]
                if period.startswith("2021") and codes.get(code):
                    found[codes[code]] = str(actual)
    return found


@pytest.mark.parametrize("owner", ["INL", None], ids=["inl", "programme"])
def test_people_trained_and_seizures_of_2021_are_one_number_everywhere(admin, owner):
    donor = Organisation.objects.get(acronym=owner) if owner else None
    framework = Framework.objects.get(owner=donor)
    client = signed_in(admin)

    api = {measure: str(value) for measure, value in _iptt_api(client, framework).items()}
    page = _results_page(client, framework)
    report = _donor_report(admin, donor, framework)
    for measure in ("people_trained", "seizures"):
        # A cumulative indicator's 2021 counts from the framework's start to the end of 2021.
        indicator = framework.indicators.get(measure=measure)
        start = framework.start_date.isoformat() if indicator.cumulative else YEAR_2021["date_from"]
        period = {**YEAR_2021, "date_from": start}
        dashboard = _dashboard(client, donor, period)
        stats = _stats_api(client, donor, period)
        figures = [surface[measure] for surface in (api, page, report, dashboard, stats)]
        assert len(set(figures)) == 1, (measure, figures)
    if owner == "INL":
        assert api["people_trained"] == "153" and api["seizures"] == "125"
