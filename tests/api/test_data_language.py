"""The API's data is language-neutral: names as stored whatever Accept-Language says."""

import pytest
from django.utils import translation

from accounts.models import User
from activities.models import Pillar

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client):
    client.force_login(User.objects.get(username="admin"))
    return client


def _all(client, url: str, language: str) -> list[dict]:
    rows = []
    while url:
        body = client.get(url, HTTP_ACCEPT_LANGUAGE=language).json()
        rows += body["results"]
        url = body.get("next")
    return rows


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_substances_and_pillars_have_the_same_names_in_every_language(client_of, language):
    for url, fields in (
        ("/api/v1/substances/", ("id", "name", "category_name")),
        ("/api/v1/pillars/", ("id", "name", "description")),
        ("/api/v1/countries/", ("iso2", "name", "official_name")),
    ):
        english = [{field: row[field] for field in fields} for row in _all(client_of, url, "en")]
        translated = [{field: row[field] for field in fields} for row in _all(client_of, url, language)]
        assert english and translated == english, url
    names = {row["name"] for row in _all(client_of, "/api/v1/substances/", language)}
    assert "Cocaine hydrochloride" in names
    assert "Clorhidrato de cocaína" not in names
    countries = {row["iso2"]: row["name"] for row in _all(client_of, "/api/v1/countries/", language)}
    assert (countries["PE"], countries["BR"]) == ("Peru", "Brazil")


def test_filters_and_search_by_name_work_in_any_language(client_of):
    for language in ("en", "es"):
        found = client_of.get(
            "/api/v1/substances/?search=Cocaine hydrochloride", HTTP_ACCEPT_LANGUAGE=language
        )
        assert [row["name"] for row in found.json()["results"]] == ["Cocaine hydrochloride"], language
        opioids = _all(client_of, "/api/v1/substances/?category=Opioids", language)
        assert {row["category_name"] for row in opioids} == {"Opioids"}
        # A Spanish name names the substance too.
        seizures = client_of.get(
            "/api/v1/seizures/?substance=Clorhidrato de cocaína", HTTP_ACCEPT_LANGUAGE=language
        )
        assert seizures.status_code == 200
        assert {row["substance_name"] for row in seizures.json()["results"]} == {"Cocaine hydrochloride"}


def test_a_pillar_written_through_the_api_in_spanish_keeps_its_spanish_name(client_of):
    pillar = client_of.get("/api/v1/pillars/?number=1", HTTP_ACCEPT_LANGUAGE="es").json()["results"][0]
    response = client_of.patch(
        f"/api/v1/pillars/{pillar['id']}/",
        {"name": "Investigative capacity"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["name"] == "Investigative capacity"
    with translation.override("es"):
        written = Pillar.objects.get(pk=pillar["id"])
        assert (written.name_en, written.name) == ("Investigative capacity", "Capacidades de investigación")


def test_a_pillar_created_without_a_description_has_an_empty_one(client_of):
    response = client_of.post(
        "/api/v1/pillars/", {"number": 9, "name": "Test pillar"}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["name"], response.json()["description"]) == ("Test pillar", "")
    assert client_of.get(f"/api/v1/pillars/{response.json()['id']}/").json()["description"] == ""
