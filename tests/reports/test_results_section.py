"""The donor progress report's results section: the framework's IPTT per outcome with the staff's
progress narratives, in the PDF and the workbook, for the donor's own framework or the programme's."""

import pytest
from pypdf import PdfReader

from activities.models import Organisation
from reports.documents import donor_progress_document
from results.models import Framework, ProgressNarrative, Result
from tests.factories import OrganisationFactory

from .conftest import AZURE_2021
from .test_services import generated, sheet_rows

pytestmark = pytest.mark.django_db


def _results_titles(document) -> list[str]:
    return [
        section.title
        for section in document.sections
        if section.tables and section.tables[0].name.startswith("IPTT")
    ]


@pytest.fixture
def inl_framework():
    return Framework.objects.get(owner__acronym="INL")


def test_the_inl_report_of_2021_holds_its_iptt_and_narratives_in_both_formats(
    users, report_media, inl_framework
):
    people = inl_framework.indicators.select_related("result").get(measure="people_trained")
    outcome = people.result if people.result.level == Result.Level.OUTCOME else people.result.parent
    # The demo may have written one already: this test's text replaces it.
    ProgressNarrative.objects.update_or_create(
        result=people.result,
        period_type="year",
        year=2021,
        quarter=None,
        defaults={"text": "=Operation Azure's trainings reached 153 officials, 42 of them women."},
    )
    ProgressNarrative.objects.update_or_create(
        result=people.result, period_type="year", year=2019, quarter=None, defaults={"text": "Not this year."}
    )

    pdf = generated(users["admin"], "donor_progress", "pdf", **AZURE_2021)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf.file.path).pages)
    assert f"Results framework: {inl_framework.name}" in text
    assert "reached 153 officials, 42 of them women" in text
    assert "Not this year." not in text

    xlsx = generated(users["admin"], "donor_progress", "xlsx", **AZURE_2021)
    rows = sheet_rows(xlsx, f"IPTT {outcome.code}")
    header = rows[0]
    line = next(row for row in rows[1:] if row[1].startswith(f"{people.code} ") and row[2].startswith("2021"))
    assert line[header.index("Actual")] == 153
    assert isinstance(line[header.index("Target")], int | float)


def test_a_donor_without_a_framework_is_measured_against_the_programmes(admin):
    donor = OrganisationFactory(kind=Organisation.Kind.DONOR)
    programme = Framework.objects.get(owner__isnull=True)
    parameters = {"date_from": "2021-01-01", "date_to": "2021-12-31", "donor": donor.pk}
    document = donor_progress_document(user=admin, parameters=parameters, step=lambda: None)
    assert any(section.title == f"Results framework: {programme.name}" for section in document.sections)
    assert _results_titles(document)


def test_who_may_not_see_the_results_framework_gets_no_results_section(users):
    document = donor_progress_document(
        user=users["mission-pe"],
        parameters={"date_from": "2021-01-01", "date_to": "2021-12-31"},
        step=lambda: None,
    )
    assert not any(section.title.startswith("Results framework") for section in document.sections)
    assert _results_titles(document) == []
