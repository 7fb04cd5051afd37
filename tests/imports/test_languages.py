"""Imports in the partner's language: the templates' instructions and sheet names in the
requester's language with the documented headers kept, and headers written in Spanish, French
or Portuguese accepted as synonyms (case and accents aside); an unknown header still refused by
its name."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from imports.columns import COLUMNS, HEADER_SYNONYMS, column_lookup
from imports.models import ImportJob
from operations.models import Seizure

from .conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, counts, csv_bytes, person_row, seizure_row

pytestmark = pytest.mark.django_db


SPANISH_SEIZURE_HEADER = {
    "reference": "Referencia",
    "date": "FECHA",
    "country": "país",
    "place": "Lugar de incautación",
    "location": "Ciudad",
    "substance": "Sustancia",
    "quantity": "Cantidad",
    "unit": "unidad",
    "conveyance": "Medio de transporte",
    "detection": "Método de detección",
    "origin_country": "País de origen",
    "transit_countries": "Países de tránsito",
    "destination_country": "Pais de destino",
    "arrests": "Detenciones",
}


def spanish_rows(rows):
    return [{SPANISH_SEIZURE_HEADER[name]: value for name, value in row.items()} for row in rows]


def test_a_seizure_sheet_with_spanish_headers_is_accepted(upload):
    rows = [seizure_row(reference="ES-1"), seizure_row(reference="ES-2", quantity="3")]
    before = counts()
    data = csv_bytes(list(SPANISH_SEIZURE_HEADER.values()), spanish_rows(rows))
    job = upload("seizures", data=data, date_order="day-first")
    assert job.status == ImportJob.Status.VALIDATED, job.errors
    assert job.errors == [] and [row[1] for row in job.preview] == ["create", "create"]
    assert counts() == before  # a dry run writes nothing
    job = upload("seizures", data=data, date_order="day-first", dry_run=False)
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    assert Seizure.objects.get(reference="ES-2").quantity == 3


def test_an_attendance_sheet_with_portuguese_and_french_headers_is_accepted(upload):
    headers = {
        "first_name": "Nome",
        "last_name": "Sobrenome",
        "gender": "Gênero",
        "country": "Nacionalidade",
        "professional_category": "catégorie professionnelle",
        "days_attended": "Jours de présence",
    }
    row = person_row()
    data = csv_bytes(list(headers.values()), [{headers[name]: row[name] for name in headers}])
    job = upload(data=data)
    assert job.status == ImportJob.Status.VALIDATED, job.errors


def test_an_unknown_header_is_refused_by_its_name(upload):
    header = [*SPANISH_SEIZURE_HEADER.values(), "Pasaporte del transportista"]
    data = csv_bytes(header, [{**spanish_rows([seizure_row()])[0], "Pasaporte del transportista": "X"}])
    job = upload("seizures", data=data)
    assert job.status == ImportJob.Status.FAILED
    [error] = job.errors
    assert error["row"] == 1 and "Pasaporte del transportista" in error["message"]
    assert "Referencia" not in error["message"]


def test_no_header_names_two_columns():
    for kind, columns in COLUMNS.items():
        lookup = column_lookup(columns)  # raises on a header that would name two columns
        for synonyms in HEADER_SYNONYMS[kind].values():
            assert set(synonyms) <= {column.name for column in columns}
        assert len({column.name for column in lookup.values()}) == len(columns)


@pytest.mark.parametrize(
    ("language", "sheets", "instructions", "synonym"),
    [
        ("es", ["Datos", "Instrucciones"], "Columna", "fecha"),
        ("pt", ["Dados", "Instruções"], "Coluna", "data"),
        ("fr", ["Données", "Instructions"], "Colonne", "date de saisie"),
    ],
)
def test_the_api_template_is_in_the_requesters_language(admin_user, language, sheets, instructions, synonym):
    api = APIClient()
    api.force_authenticate(admin_user)
    response = api.get("/api/v1/imports/templates/seizures.xlsx", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == sheets
    data = list(workbook[sheets[0]].iter_rows(values_only=True))
    assert list(data[0]) == SEIZURE_HEADER  # the documented headers, whatever the language
    rows = [row for row in workbook[sheets[1]].iter_rows(values_only=True) if row and row[0]]
    header = next(row for row in rows if row[0] == instructions)
    assert "Accepted values" not in header
    date = next(row for row in rows if row[0] == "date")
    assert synonym in date[3]
    csv_template = api.get("/api/v1/imports/templates/attendance.csv", HTTP_ACCEPT_LANGUAGE=language)
    assert csv_template.content.decode("utf-8-sig").splitlines()[0] == ",".join(ATTENDANCE_HEADER)


def test_the_admin_template_is_in_the_requesters_language(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:imports_importjob_template", args=["attendance", "xlsx"])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Datos", "Instrucciones"]
    rows = [row for row in workbook["Instrucciones"].iter_rows(values_only=True) if row and row[0]]
    assert not any(row[0] == "How to fill in this sheet" for row in rows)
    gender = next(row for row in rows if row[0] == "gender")
    assert "sexo" in gender[3] and gender[1] == "no"  # "no" is Spanish for no, too
