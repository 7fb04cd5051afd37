"""/api/v1/results/iptt/xlsx/: the IPTT's rows as a typed workbook, for who may see the IPTT."""

import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from core.xlsx import DATETIME_FORMAT
from results.exports import iptt_columns
from results.models import Framework
from tests.results.test_api import IPTT, key_headers, signed_in
from tests.support.workbooks import check_workbook, office_csv

pytestmark = pytest.mark.django_db

XLSX = "/api/v1/results/iptt/xlsx/"


@pytest.fixture
def inl():
    return Framework.objects.get(owner__acronym="INL")


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_workbook_holds_the_iptts_rows(client, inl):
    staff = signed_in(client, "monitoring")
    parameters = {"framework": inl.pk, "frequency": "annual", "disaggregate": "sex"}
    rows = staff.get(IPTT, parameters).json()["results"]
    response = staff.get(XLSX, parameters)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"crimjust-iptt-{inl.pk}-annual.xlsx" in response["Content-Disposition"]
    values = [
        cell
        for sheet in _workbook(response).worksheets
        for line in sheet.iter_rows(values_only=True)
        for cell in line
    ]
    people = next(row for row in rows if row["measure"] == "people_trained" and row["period"] == "2021")
    # Numbers are number cells, not text.
    assert people["actual"] in values
    assert str(people["actual"]) not in [value for value in values if isinstance(value, str)]


def test_a_client_asking_for_bytes_gets_them(client, inl):
    response = client.get(
        XLSX, {"framework": inl.pk}, HTTP_ACCEPT="application/octet-stream", **key_headers()
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert _workbook(response).worksheets


def test_who_may_not_see_the_iptt_gets_no_workbook(client, inl):
    assert signed_in(client, "mission-pe").get(XLSX, {"framework": inl.pk}).status_code == 403


def test_a_bad_parameter_is_a_400_naming_it_in_json(client, inl):
    response = signed_in(client, "monitoring").get(XLSX, {"framework": inl.pk, "frequency": "weekly"})
    assert response.status_code == 400
    assert "frequency" in response.json()["errors"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_workbook_is_a_typed_table_that_programs_read(client, inl, language, tmp_path):
    """The IPTT alone on its sheet, header on row 1, typed cells ("To date" a boolean, the period's
    dates date cells), the title and the language in the properties; pandas reads it with its
    defaults, LibreOffice opens it (tests/support/workbooks.py)."""
    staff = signed_in(client, "monitoring")
    parameters = {"framework": inl.pk, "frequency": "quarterly", "disaggregate": "sex"}
    rows = staff.get(IPTT, parameters).json()["results"]
    response = staff.get(XLSX, parameters, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    with translation.override(language):
        columns = iptt_columns()
        sheet, about = _("IPTT"), _("About")
        title = _("Indicator performance tracking table")
        requested = _("Requested at (UTC)")
        # Result and indicator codes ("1", "1.2") and periods ("2021", "2021-Q3"): texts.
        codes = frozenset({_("Result"), _("Indicator code"), _("Period")})
    frames = check_workbook(
        response.content, title=title, language=language, sheets={sheet: columns}, text_columns=codes
    )
    frame = frames[sheet]
    assert len(frame) == len(rows)
    assert frame[columns[8]].dtype == bool  # "To date"
    assert str(frame[columns[6]].dtype).startswith("datetime64")  # "Period start"
    workbook = _workbook(response)
    assert workbook.sheetnames == [about, sheet]
    stamp = next(line[1] for line in workbook[about].iter_rows() if line[0].value == requested)
    assert stamp.is_date and stamp.number_format == DATETIME_FORMAT
    converted = office_csv(response.content, tmp_path / "office")
    assert len(converted[sheet].splitlines()) == 1 + len(rows)
