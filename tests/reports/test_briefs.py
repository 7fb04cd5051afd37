"""The first page of every report is a brief: what the programme did, the figures that matter (the
dashboards' own, for the same country and principal: a mission reads what its dashboard shows),
highlights written from the records, what comes next and, for a country, its map; countries by
name, never by code. The workbook holds the same brief as its first sheets."""

import datetime
import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from pypdf import PdfReader

from activities.models import Activity
from countries.models import Country
from operations.models import Operation
from reports import documents
from reports.maps import country_map_svg
from reports.rendering import write_pdf, write_xlsx
from stats.filters import stats_filters_parse
from stats.labels import figure_label
from stats.selectors import case_funnel_stats, operation_results_stats
from tests.factories import ActivityFactory
from tests.reports.test_languages import dashboard_key_figures, shown

pytestmark = pytest.mark.django_db

CREATED = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


def _step():
    return None


def briefing(user, iso2="PE", **parameters):
    return documents.country_briefing_document(
        user=user, parameters={"country": iso2, **parameters}, step=_step
    )


def brief_of(document):
    (section,) = [section for section in document.sections if section.brief is not None]
    assert document.sections[0] is section
    return section.brief


def first_page(path) -> str:
    return PdfReader(path).pages[0].extract_text()


@pytest.mark.parametrize(
    ("requester", "language"), [("mission-pe", "es"), ("admin", "en"), ("officer", "fr")]
)
def test_the_country_brief_shows_the_dashboards_figures_for_the_same_principal(
    users, tmp_path, requester, language
):
    user, country = users[requester], Country.objects.get(iso2="PE")
    expected = dashboard_key_figures(user, country, language)
    with translation.override(language):
        document = briefing(user)
        brief = brief_of(document)
        figures = {label: value for label, value, _type in brief.figures}
        assert 3 <= len(figures) <= 5
        for label in (
            figure_label("activities", country),
            figure_label("officials_trained", country),
            figure_label("seizures", country),
            translation.gettext("Kilograms seized"),
        ):
            assert figures[str(label)] == expected[str(label)], label
        filters = stats_filters_parse({"country": "PE"}, user=user, only=documents.BRIEFING_PARAMETERS)
        reached = {row["key"]: row["count"] for row in case_funnel_stats(user=user, filters=filters).results}
        assert figures[translation.gettext("Seizures that reached prosecution")] == reached["prosecution"]
        write_pdf(document, tmp_path / "brief.pdf", created=CREATED)

    page = first_page(tmp_path / "brief.pdf")
    assert country.display_name in page or brief.heading in page
    for _label, value, _type in brief.figures:
        assert shown(value, language) in page, value
    for text in brief.highlights:
        # Each highlight is on the first page (lines may wrap: compare without line breaks).
        assert re.sub(r"\s+", " ", text)[:40] in re.sub(r"\s+", " ", page)


def test_the_mission_reads_hidden_counts_as_its_dashboard_does(users):
    country = Country.objects.get(iso2="PE")
    user = users["mission-pe"]
    document = briefing(user)
    brief = brief_of(document)
    expected = dashboard_key_figures(user, country, "en")
    trained = str(figure_label("officials_trained", country))
    assert dict((label, value) for label, value, _type in brief.figures)[trained] == expected[trained]
    # No highlight states a count of people that the dashboard hides.
    assert brief.note  # the disclosure note travels with the figures


def test_the_highlights_are_written_from_the_records(users):
    user = users["admin"]
    country = Country.objects.get(iso2="PE")
    document = briefing(user)
    brief = brief_of(document)
    filters = stats_filters_parse({"country": "PE"}, user=user, only=documents.BRIEFING_PARAMETERS)
    operations = operation_results_stats(user=user, filters=filters).results
    largest = max(operations, key=lambda row: (row["kg"] or Decimal(0), row["seizures"], row["label"]))
    text = " ".join(brief.highlights)
    assert f"The largest operation {country.display_name} took part in: {largest['label']}" in text
    assert "Latest trainings:" in text or "Latest training:" in text
    assert brief.lead.startswith(f"CRIMJUST worked with {country.display_name} in ")
    assert brief.map_code == country.numeric_code


def test_what_comes_next_lists_the_planned_activities_of_the_country_only(users, tmp_path):
    peru, colombia = Country.objects.get(iso2="PE"), Country.objects.get(iso2="CO")
    soon = datetime.date.today() + datetime.timedelta(days=60)
    ActivityFactory(
        title="Regional workshop on port controls",
        status=Activity.Status.PLANNED,
        start_date=soon,
        end_date=soon + datetime.timedelta(days=2),
        host_country=peru,
        countries=[peru, colombia],
    )
    ActivityFactory(
        title="Seminar elsewhere",
        status=Activity.Status.PLANNED,
        start_date=soon,
        end_date=soon,
        host_country=colombia,
        countries=[colombia],
    )
    # A brief of a past period still says what is planned now.
    document = briefing(users["admin"], date_from="2021-01-01", date_to="2021-12-31")
    brief = brief_of(document)
    titles = [row[0] for row in brief.next_rows]
    assert titles == ["Regional workshop on port controls"]
    assert brief.next_rows[0][3] == "Colombia, Peru"  # by name

    write_pdf(document, tmp_path / "brief.pdf", created=CREATED)
    write_xlsx(document, tmp_path / "brief.xlsx", created=CREATED)
    assert "Regional workshop on port controls" in first_page(tmp_path / "brief.pdf")
    cells = {
        cell
        for sheet in openpyxl.load_workbook(tmp_path / "brief.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    }
    # The same brief in the workbook: its lead, highlights and what comes next.
    assert "Regional workshop on port controls" in cells
    assert brief.lead in cells and all(text in cells for text in brief.highlights)


def test_no_planned_activity_says_so(users):
    Activity.objects.filter(status=Activity.Status.PLANNED).update(status=Activity.Status.CANCELLED)
    brief = brief_of(briefing(users["admin"], iso2="GH"))
    assert brief.next_rows == []
    assert brief.next_empty == "No activity with Ghana is planned yet."


def test_documents_name_countries_never_by_code(users, tmp_path):
    document = briefing(users["admin"])
    write_pdf(document, tmp_path / "brief.pdf", created=CREATED)
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "brief.pdf").pages)
    assert "Colombia" in text
    # The activities' and operations' country columns held ISO codes ("CO, EC, PE").
    assert not re.search(r"\b(CO|EC|PE|BR), (CO|EC|PE|BR|AR|DO)\b", text)
    parameters = dict(document.parameters)
    assert parameters["Country"] == "Peru"


@pytest.mark.parametrize("kind", ["donor_progress", "operation_results"])
def test_the_donor_and_operation_reports_open_with_a_page_of_highlights(users, tmp_path, kind):
    user = users["officer"]
    if kind == "donor_progress":
        parameters = {"date_from": "2021-01-01", "date_to": "2021-12-31", "donor": "INL"}
        document = documents.donor_progress_document(user=user, parameters=parameters, step=_step)
    else:
        operation = Operation.objects.get(code_name="Azure")
        document = documents.operation_results_document(
            user=user, parameters={"operation": operation.pk}, step=_step
        )
    brief = brief_of(document)
    assert 3 <= len(brief.figures) <= 5 and brief.highlights
    key = next(
        table for section in document.sections for table in section.tables if table.name == "Key figures"
    )
    annex = {row[0]: row[1] for row in key.rows}
    for label, value, _type in brief.figures:
        if label in annex:
            assert annex[label] == value, label
    write_pdf(document, tmp_path / "report.pdf", created=CREATED)
    page = first_page(tmp_path / "report.pdf")
    assert brief.heading.split()[0] in page and "Highlights" in page
    if kind == "operation_results":
        assert "Azure" in brief.lead and "took part in Operation Azure" in brief.lead


def test_the_map_is_drawn_from_the_atlas_and_titled():
    svg = country_map_svg(numeric_code="604", title="Map of Peru and its neighbours")
    assert svg.startswith("<svg") and "<title>Map of Peru and its neighbours</title>" in svg
    assert svg.count("<path") > 3  # Peru and its neighbours
    # A small island state is ringed so that it can be found.
    assert "<circle" in country_map_svg(numeric_code="052", title="Barbados")
    assert country_map_svg(numeric_code="999", title="Nowhere") == ""
