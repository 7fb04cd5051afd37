"""The substance taxonomy and the pillars per language (django-modeltranslation): translated on
pages, stored in English, matched by any language's name."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from activities.models import Pillar
from core.services import instance_save
from imports.vocabularies import Vocabulary, load_substances
from operations.filters import unknown_substances
from operations.models import Substance, SubstanceCategory
from tests.factories import SubstanceCategoryFactory

pytestmark = pytest.mark.django_db


OVERVIEW = reverse("dashboards:overview")


def _stored_name(model, pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _cocaine() -> Substance:
    return Substance.objects.get(name_en="Cocaine hydrochloride")


def test_the_reference_taxonomy_comes_in_the_partners_languages():
    cocaine = _cocaine()
    assert (cocaine.name_es, cocaine.name_fr, cocaine.name_pt) == (
        "Clorhidrato de cocaína",
        "Chlorhydrate de cocaïne",
        "Cloridrato de cocaína",
    )
    precursors = SubstanceCategory.objects.get(name_en="Precursor chemicals")
    assert (precursors.name_es, precursors.name_fr, precursors.name_pt) == (
        "Precursores químicos",
        "Précurseurs chimiques",
        "Precursores químicos",
    )
    for language, name in (("en", "Cocaine hydrochloride"), ("es", "Clorhidrato de cocaína")):
        with translation.override(language):
            assert _cocaine().name == name
    # Every reference substance and category has its three translations; so have the pillars.
    for model in (Substance, SubstanceCategory, Pillar):
        assert not model.objects.filter(name_es__isnull=True).exists(), model
        assert not model.objects.filter(name_fr__isnull=True).exists(), model
        assert not model.objects.filter(name_pt__isnull=True).exists(), model
    with translation.override("fr"):
        assert str(Pillar.objects.get(number=3)) == "3. Intégrité institutionnelle"


def test_the_stored_name_stays_english_whichever_language_writes():
    cocaine = _cocaine()
    with translation.override("es"):
        cocaine.name_es = "Clorhidrato de cocaína (HCl)"
        instance_save(cocaine)
        # Under Spanish, `name` is the Spanish column; the English one is required all the same.
        category = SubstanceCategoryFactory(name="Categoría de prueba", name_en="Test category")
        with pytest.raises(ValidationError) as refused:
            SubstanceCategoryFactory(name="Sin nombre inglés")
        assert "name_en" in refused.value.message_dict
    assert _stored_name(Substance, cocaine.pk) == "Cocaine hydrochloride"
    category.refresh_from_db()
    assert (category.name_en, category.name_es) == ("Test category", "Categoría de prueba")
    assert _stored_name(SubstanceCategory, category.pk) == "Test category"
    # Whatever writes the row (raw SQL here), the stored name is the English one.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE operations_substancecategory SET name = 'Otra', name_en = 'Another' WHERE id = %s",
            [category.pk],
        )
    assert _stored_name(SubstanceCategory, category.pk) == "Another"


def test_the_admin_edits_a_spanish_name_and_the_spanish_dashboard_shows_it(admin_client, settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0
    cocaine = _cocaine()
    url = reverse("admin:operations_substance_change", args=[cocaine.pk])
    form = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="es").context["adminform"].form
    # One field per language, none loading a script from another host.
    assert {"name_en", "name_es", "name_fr", "name_pt"} <= set(form.fields)
    assert "name" not in form.fields
    assert "ajax.googleapis.com" not in str(form.media)
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data["synonyms"] = ",".join(cocaine.synonyms)

    response = admin_client.post(
        url, {**data, "name_es": "Cocaína en polvo (clorhidrato)"}, HTTP_ACCEPT_LANGUAGE="es"
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _stored_name(Substance, cocaine.pk) == "Cocaine hydrochloride"
    spanish = admin_client.get(OVERVIEW, HTTP_ACCEPT_LANGUAGE="es")
    labels = [row["label"] for row in spanish.context["dashboard"].chart("seizures-by-substance").rows]
    assert "Cocaína en polvo (clorhidrato)" in labels
    assert "Cocaine hydrochloride" not in labels
    english = admin_client.get(OVERVIEW, HTTP_ACCEPT_LANGUAGE="en")
    labels = [row["label"] for row in english.context["dashboard"].chart("seizures-by-substance").rows]
    assert "Cocaine hydrochloride" in labels
    pillars = [row["label"] for row in spanish.context["dashboard"].chart("activities-by-pillar").rows]
    assert "1. Capacidades de investigación" in pillars


def test_the_admin_finds_a_substance_by_any_languages_name(admin_client):
    url = reverse("admin:operations_substance_changelist")
    for term in ("Cocaine hydrochloride", "Clorhidrato", "chlorhydrate"):
        response = admin_client.get(url, {"q": term}, HTTP_ACCEPT_LANGUAGE="es")
        assert list(response.context["cl"].result_list) == [_cocaine()], term


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_imports_match_substances_by_stored_name_synonym_or_translation(language):
    cocaine = _cocaine()
    with translation.override(language):
        vocabulary = Vocabulary()
        load_substances(vocabulary)
        for value in (
            "Cocaine hydrochloride",
            "cocaine HCl",
            "Clorhidrato de cocaína",
            "chlorhydrate de cocaine",
        ):
            assert vocabulary.substance(value) == cocaine, value
        assert vocabulary.substance("Heroína") == Substance.objects.get(name_en="Heroin")
        assert unknown_substances(["Cloridrato de cocaína", "Heroin", "no such drug"]) == ["no such drug"]


def test_the_figures_substance_filter_takes_any_languages_name(admin_client):
    def seizures_of(term: str, language: str) -> int:
        response = admin_client.get(
            "/api/v1/stats/seizures/", {"substance": term}, HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == 200, (language, term, response.content)
        return response.json()["totals"]["count"]

    stored = seizures_of("Cocaine hydrochloride", "en")
    assert stored > 0
    for language, term in (
        ("es", "Cocaine hydrochloride"),
        ("es", "Clorhidrato de cocaína"),
        ("en", "Chlorhydrate de cocaïne"),
        ("pt", "cloridrato de cocaína"),
    ):
        assert seizures_of(term, language) == stored, (language, term)


def test_cached_pages_are_kept_per_language(admin_client):
    """With the caches on, each language has its own figures and fragments: a page in one language
    is never served the other's names, the second time (from the cache) as the first."""
    for _time in range(2):
        spanish = admin_client.get(OVERVIEW, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        english = admin_client.get(OVERVIEW, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Clorhidrato de cocaína" in spanish and "Cocaine hydrochloride" not in spanish
        assert "Cocaine hydrochloride" in english and "Clorhidrato de cocaína" not in english
