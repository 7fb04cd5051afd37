"""Country names in the reader's language (countries.names), the stored names unchanged."""

import pytest
from django.urls import reverse
from django.utils import translation

from countries.models import Country
from countries.names import country_name

pytestmark = pytest.mark.django_db


PERU = reverse("dashboards:country", kwargs={"iso2": "PE"})


@pytest.mark.parametrize(
    ("language", "peru", "brazil", "ivory_coast", "bolivia"),
    [
        ("en", "Peru", "Brazil", "Côte d'Ivoire", "Bolivia"),
        ("es", "Perú", "Brasil", "Costa de Marfil", "Bolivia"),
        ("fr", "Pérou", "Brésil", "Côte d'Ivoire", "Bolivie"),
        ("pt", "Peru", "Brasil", "Costa do Marfim", "Bolívia"),
    ],
)
def test_a_country_is_named_in_the_active_language(language, peru, brazil, ivory_coast, bolivia):
    with translation.override(language):
        shown = {iso2: str(Country.objects.get(iso2=iso2)) for iso2 in ("PE", "BR", "CI", "BO")}
    assert shown == {"PE": peru, "BR": brazil, "CI": ivory_coast, "BO": bolivia}
    assert Country.objects.get(iso2="PE").name == "Peru"


def test_portuguese_follows_brazilian_usage_and_unknown_names_stay_as_stored():
    assert country_name("Viet Nam", "pt") == "Vietnã"
    assert country_name("Guinea-Bissau", "pt") == "Guiné-Bissau"
    assert country_name("Republic of Somewhere", "es") == "Republic of Somewhere"


@pytest.mark.parametrize(("language", "name"), [("es", "Perú"), ("fr", "Pérou"), ("en", "Peru")])
def test_the_country_page_is_titled_in_the_language(admin_client, settings, language, name):
    settings.DASHBOARDS_CACHE_SECONDS = 0
    response = admin_client.get(PERU, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.context["title"] == name
    countries = [item["name"] for item in response.context["countries"]]
    if language == "es":
        assert "Perú" in countries and "Brasil" in countries
    # The staff's picker is sorted by the name shown.
    assert countries == sorted(countries, key=lambda shown: shown.casefold().replace("é", "e"))


def test_the_admin_lists_countries_in_the_language(admin_client):
    url = reverse("admin:countries_country_changelist")
    response = admin_client.get(url, {"q": "Peru"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Pérou" in response.content.decode()
    agency = reverse("admin:countries_agency_changelist")
    assert "Pérou" in admin_client.get(agency, {"q": "PE"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
