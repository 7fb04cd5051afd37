"""The interface's language: Accept-Language on a first visit, the account's preferred language from
sign-in on, the switch on every page (the site's, the admin's, the sign-in pages), and the API's
messages and OpenAPI descriptions in the request's language while its data stays neutral."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from accounts.models import User

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME
DEMO_PASSWORD = settings.DEMO_PASSWORD


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["es", "fr", "pt"])
def test_a_first_visit_follows_accept_language(language):
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    body = page.content.decode()
    assert f'<html lang="{language}">' in body
    assert _in(language, "Sign in") in body and _in(language, "Sign in") != "Sign in"
    assert _in(language, "Programme staff and partner missions sign in here to see the dashboards.") in body


def test_the_peruvian_mission_signs_in_in_spanish_whatever_the_browser_says():
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    response = browser.post("/accounts/login/", {"username": "mission-pe", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "es"
    page = browser.get(response["Location"], follow=True)
    body = page.content.decode()
    assert '<html lang="es">' in body
    assert _in("es", "Sign out") in body and ">Sign out<" not in body


def test_an_account_without_a_preference_keeps_the_browsers_language():
    browser = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = browser.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert '<html lang="fr">' in browser.get("/dashboards/", follow=True).content.decode()


def test_the_switch_sets_the_cookie_and_the_signed_in_accounts_preference():
    admin = User.objects.get(username="admin")
    browser = Client()
    browser.force_login(admin)
    response = browser.post("/i18n/setlang/", {"language": "pt", "next": "/dashboards/"})
    assert response.status_code == 302 and response["Location"] == "/dashboards/"
    assert response.cookies[COOKIE].value == "pt"
    admin.refresh_from_db()
    assert admin.preferred_language == "pt"
    # Another device: the next sign-in is in Portuguese.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in = other.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert signed_in.cookies[COOKIE].value == "pt"


def test_an_anonymous_switch_sets_only_the_cookie_and_an_unknown_language_changes_nothing():
    browser = Client()
    response = browser.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})
    assert response.cookies[COOKIE].value == "es"
    assert '<html lang="es">' in browser.get("/accounts/login/").content.decode()

    officer = User.objects.get(username="officer")
    browser.force_login(officer)
    before = officer.preferred_language
    browser.post("/i18n/setlang/", {"language": "xx", "next": "/dashboards/"})
    officer.refresh_from_db()
    assert officer.preferred_language == before
    # A redirect elsewhere is refused: back to the site's own page.
    away = browser.post("/i18n/setlang/", {"language": "fr", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_the_switch_is_on_the_site_the_sign_in_page_and_the_admin():
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    for path in ("/dashboards/", "/admin/", "/admin/operations/seizure/"):
        body = admin.get(path, follow=True).content.decode()
        assert 'action="/i18n/setlang/"' in body, path
        assert 'lang="es"' in body and ">Español<" in body, path
    for path in ("/accounts/login/", "/admin/login/"):
        assert 'action="/i18n/setlang/"' in Client().get(path).content.decode(), path


def test_the_admin_answers_in_the_chosen_language():
    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(User.objects.get(username="admin"))
    admin.post("/i18n/setlang/", {"language": "fr", "next": "/admin/"})
    body = admin.get("/admin/operations/seizure/").content.decode()
    assert '<html lang="fr"' in body
    assert _in("fr", "seizures").capitalize() in body or _in("fr", "Seizures") in body


def test_the_api_answers_errors_in_the_requests_language_and_its_data_stays_neutral():
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    english = client.get("/api/v1/seizures/999999999/", HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get("/api/v1/seizures/999999999/", HTTP_ACCEPT_LANGUAGE="es")
    assert english.status_code == spanish.status_code == 404
    assert english.json()["detail"] != spanish.json()["detail"]
    data_en = client.get("/api/v1/countries/?page_size=5", HTTP_ACCEPT_LANGUAGE="en").json()
    data_es = client.get("/api/v1/countries/?page_size=5", HTTP_ACCEPT_LANGUAGE="es").json()
    assert data_en["results"] == data_es["results"]


def test_the_openapi_descriptions_follow_accept_language():
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    summary = "Request a report: queued, answered 202 with its URL"
    english = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert summary in english
    assert _in("es", summary) in spanish and summary not in spanish


def _texts(schema: dict):
    """(where, text) of every operation's summary and description and every parameter's description."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            for key in ("summary", "description"):
                if operation.get(key):
                    yield f"{method.upper()} {path} {key}", operation[key]
            for parameter in operation.get("parameters", []):
                if parameter.get("description"):
                    yield f"{method.upper()} {path} ?{parameter['name']}", parameter["description"]


def test_no_openapi_text_is_frozen_in_english():
    """A summary or description translated in the catalogue but written in English in the Spanish
    schema was evaluated once, at import (gettext where gettext_lazy belongs)."""
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    english = dict(_texts(client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()))
    spanish = dict(_texts(client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="es").json()))
    assert english.keys() == spanish.keys()
    frozen = [where for where, text in english.items() if spanish[where] == text and _in("es", text) != text]
    assert not frozen, [(where, spanish[where]) for where in frozen[:3]]
    # The YAML form too (its writer takes lazy texts as well).
    yaml_schema = client.get("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="es")
    assert yaml_schema.status_code == 200
    assert _in("es", "Request a report: queued, answered 202 with its URL") in yaml_schema.content.decode()
