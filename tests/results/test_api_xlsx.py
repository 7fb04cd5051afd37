"""/api/v1/results/iptt/xlsx/: the IPTT's rows as a typed workbook, for who may see the IPTT."""

import io

import openpyxl
import pytest

from results.models import Framework
from tests.results.test_api import IPTT, key_headers, signed_in

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
