"""Every page writes its figures and dates one way: the active language's (core.formatting).

The expected texts are written out here by hand from the digits, not by the helper under test.
"""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from operations.models import Operation
from reports.models import Report
from results.filters import iptt_parameters
from results.models import Framework
from results.selectors import iptt
from stats.selectors import StatsFilters, seizure_stats
from tests.factories import ReportFactory
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "es", "fr", "pt")
# (thousands, decimal) separators as each language writes a figure on the programme's pages.
SEPARATORS = {"en": (",", "."), "es": (".", ","), "fr": ("\xa0", ","), "pt": (".", ",")}
OCTOBER_4_2021 = {
    "en": "Oct. 4, 2021",
    "es": "4 de octubre de 2021",
    "fr": "4 octobre 2021",
    "pt": "4 de Outubro de 2021",
}
NOVEMBER_30_2021_AT_1405 = {
    "en": "Nov. 30, 2021, 2:05 p.m.",
    "es": "30 de noviembre de 2021 a las 14:05",
    "fr": "30 novembre 2021 14:05",
    "pt": "30 de Novembro de 2021 às 14:05",
}


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0


def written(value: Decimal, language: str, places: int | None = None) -> str:
    """A figure as `language` writes it, grouped by thousands."""
    thousands, decimal = SEPARATORS[language]
    text = f"{value:.{places}f}" if places is not None else str(value)
    whole, _point, fraction = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return thousands.join(groups) + (decimal + fraction if fraction else "")


def every_way(value: Decimal, places: int) -> set[str]:
    """The ways the figure could be written: each language's and Python's own."""
    plain = f"{value:.{places}f}"
    return {written(value, language, places) for language in LANGUAGES} | {plain, plain.replace(".", ",")}


def page(user, url: str, language: str, query: dict | None = None) -> str:
    client = signed_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url, query or {}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    assert f'<html lang="{language}">' in response.content.decode()
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's text without its tags and scripts (the charts' JSON is for the script)."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_dashboard_writes_its_figures_and_dates_in_the_language(admin, language):
    kg = seizure_stats(user=admin, filters=StatsFilters()).totals["kg"]
    assert kg >= 1000  # a figure with thousands: the demo's 6,090.734 kg
    delivery = Operation.objects.get(code_name__startswith="Controlled delivery PE")
    assert delivery.activity.start_date == datetime.date(2021, 10, 4)

    text = text_of(page(admin, reverse("dashboards:overview"), language))

    expected = written(kg, language, 3)
    assert f"{expected} kg" in text
    for other in every_way(kg, 3) - {expected}:
        assert other not in text, (other, language)
    # The operations' table: that operation's 1,100 kg and its start.
    assert written(Decimal("1100.000"), language) in text
    assert OCTOBER_4_2021[language] in text
    assert "2021-10-04" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_country_dashboard_writes_the_headline_mass_in_the_language(admin, language):
    client = signed_in(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("dashboards:country", kwargs={"iso2": "PE"}), HTTP_ACCEPT_LANGUAGE=language)
    dashboard = response.context["dashboard"]
    seizures = next(figure for figure in dashboard.headline if figure["key"] == "seizures")
    peru_kg = sum((row["kg"] for row in dashboard.chart("seizures-by-substance").rows), Decimal(0))
    assert seizures["detail"] == f"{written(peru_kg, language, 3)} kg"
    assert f"{written(peru_kg, language, 3)} kg" in text_of(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_page_writes_its_figures_in_the_language(admin, language):
    framework = Framework.objects.get(owner__isnull=True)
    rows = iptt(
        user=admin, parameters=iptt_parameters({"framework": str(framework.pk)}, user=admin, strict=False)
    )
    percent = next(
        row["percent_of_target"]
        for row in rows
        if row["percent_of_target"] is not None and row["percent_of_target"] != int(row["percent_of_target"])
    )
    shown = percent.normalize()

    text = text_of(page(admin, "/dashboards/results/", language))

    assert f"{written(shown, language)}\xa0%" in text
    if language != "en":
        assert f"{shown}\xa0%" not in text
    assert re.search(r"\d,\d{3}\.\d", text) is None or language == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_pages_write_the_moment_in_the_language(admin, language):
    report = ReportFactory(requested_by=admin)
    Report.objects.filter(pk=report.pk).update(
        requested_at=datetime.datetime(2021, 11, 30, 14, 5, tzinfo=datetime.UTC)
    )

    for url in (reverse("reports:detail", args=[report.pk]), reverse("reports:list")):
        text = text_of(page(admin, url, language))
        assert NOVEMBER_30_2021_AT_1405[language] in text, url
        assert "2021-11-30" not in text, url


def test_the_csv_downloads_stay_machine_readable(admin):
    kg = seizure_stats(user=admin, filters=StatsFilters()).totals["kg"]
    client = signed_in(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(
        reverse("dashboards:overview_csv", kwargs={"chart": "seizures-by-country"}), HTTP_ACCEPT_LANGUAGE="es"
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    # Plain figures ("6090.734", not "6.090,734"): a spreadsheet or a script reads them as numbers.
    assert sum(Decimal(row[2]) for row in rows) == kg
