"""The accepted values of an import, loaded once per file: a few queries, whatever the row count.

Every value is looked up by its normalised form (casefolded, accents stripped, punctuation and
whitespace collapsed), so "Perú", "peru" and "PERU " are one country and "Cocaine HCl" a synonym.
"""

import functools
import gettext
from dataclasses import dataclass, field

import pycountry
from django.db.models import TextChoices

from core.text import normalise
from core.translated import stored_value, translated_values
from countries.models import Agency, Country
from operations.models import Seizure, Substance
from people.models import Participation, Person

_LANGUAGES = ("es", "fr", "pt")


def _name_variants(name: str) -> set[str]:
    """A country name and its short forms: 'Bolivia, Plurinational State of' -> 'Bolivia'."""
    variants = {name}
    for separator in (",", " ("):
        if separator in name:
            variants.add(name.split(separator, 1)[0])
    return {normalise(variant) for variant in variants if variant.strip()}


@functools.cache
def _pycountry_names() -> dict[str, set[str]]:
    """ISO alpha-2 code -> its names in English, Spanish, French and Portuguese (pycountry)."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in _LANGUAGES
    ]
    names: dict[str, set[str]] = {}
    for entry in pycountry.countries:
        english = [getattr(entry, attr, None) for attr in ("name", "common_name", "official_name")]
        english = [name for name in english if name]
        found = set()
        for name in english:
            found |= _name_variants(name)
            for translation in translations:
                found |= _name_variants(translation.gettext(name))
        names[entry.alpha_2] = found
    return names


def _choice_lookup(choices: type[TextChoices], synonyms: dict[str, tuple[str, ...]] | None = None) -> dict:
    lookup = {}
    for value, label in choices.choices:
        lookup[normalise(value)] = value
        lookup[normalise(str(label))] = value
    for value, words in (synonyms or {}).items():
        for word in words:
            lookup[normalise(word)] = value
    return lookup


UNIT_SYNONYMS = {
    Seizure.Unit.KG: (
        "kgs",
        "kilo",
        "kilos",
        "kilogram",
        "kilograms",
        "kilogramme",
        "kilogrammes",
        "kilogramo",
        "kilogramos",
        "quilograma",
        "quilogramas",
    ),
    Seizure.Unit.G: ("gr", "grs", "gram", "grams", "gramme", "grammes", "gramo", "gramos", "grama", "gramas"),
    Seizure.Unit.MG: ("milligram", "milligrams", "milligramme", "miligramo", "miligramos", "miligrama"),
    Seizure.Unit.T: ("ton", "tons", "tonne", "tonnes", "mt", "tonelada", "toneladas"),
    Seizure.Unit.L: ("lt", "lts", "ltr", "litre", "litres", "liter", "liters", "litro", "litros"),
    Seizure.Unit.ML: ("millilitre", "millilitres", "milliliter", "milliliters", "mililitro", "mililitros"),
    Seizure.Unit.TABLET: (
        "tab",
        "tabs",
        "tablets",
        "pill",
        "pills",
        "comprimido",
        "comprimidos",
        "pastilla",
        "pastillas",
        "comprime",
        "comprimes",
    ),
    Seizure.Unit.UNIT: ("units", "dose", "doses", "unidad", "unidades", "unidade", "unite", "unites"),
}
GENDER_SYNONYMS = {
    Person.Gender.FEMALE: (
        "f",
        "w",
        "woman",
        "women",
        "femenino",
        "mujer",
        "feminin",
        "femme",
        "feminino",
        "mulher",
    ),
    Person.Gender.MALE: ("m", "man", "men", "masculino", "hombre", "masculin", "homme", "homem"),
    Person.Gender.ANOTHER: ("other", "x", "otro", "autre", "outro"),
    Person.Gender.NOT_RECORDED: ("", "not recorded", "unknown", "n a", "na"),
}
CATEGORY_SYNONYMS = {
    Person.Category.POLICE: ("police officer", "policia", "policier"),
    Person.Category.BORDER: ("border officer", "border police", "migracion", "immigration officer"),
    Person.Category.FORENSIC: ("forensic", "perito", "forensic scientist"),
    Person.Category.INVESTIGATOR: ("investigador", "enqueteur"),
    Person.Category.CUSTOMS: ("aduanas", "aduana", "douane", "douanes", "alfandega"),
    Person.Category.PROSECUTOR: ("fiscal", "procureur", "promotor", "public prosecutor"),
    Person.Category.JUDGE: ("juez", "jueza", "juge", "juiz"),
    Person.Category.ANALYST: ("analyst", "analista", "analyste"),
}


@dataclass
class Vocabulary:
    countries: dict[str, int] = field(default_factory=dict)
    country_names: dict[int, str] = field(default_factory=dict)
    agencies: dict[tuple[int, str], int] = field(default_factory=dict)
    substances: dict[str, Substance] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=lambda: _choice_lookup(Seizure.Unit, UNIT_SYNONYMS))
    places: dict[str, str] = field(default_factory=lambda: _choice_lookup(Seizure.Place))
    conveyances: dict[str, str] = field(default_factory=lambda: _choice_lookup(Seizure.Conveyance))
    detections: dict[str, str] = field(default_factory=lambda: _choice_lookup(Seizure.Detection))
    genders: dict[str, str] = field(default_factory=lambda: _choice_lookup(Person.Gender, GENDER_SYNONYMS))
    categories: dict[str, str] = field(
        default_factory=lambda: _choice_lookup(Person.Category, CATEGORY_SYNONYMS)
    )
    roles: dict[str, str] = field(default_factory=lambda: _choice_lookup(Participation.Role))

    def country(self, value: str) -> int | None:
        return self.countries.get(normalise(value))

    def agency(self, country_id: int, value: str) -> int | None:
        return self.agencies.get((country_id, normalise(value)))

    def substance(self, value: str) -> Substance | None:
        return self.substances.get(normalise(value))


def load_countries(vocabulary: Vocabulary) -> None:
    """Countries by ISO alpha-2, alpha-3 or numeric code, or by name in en/es/fr/pt (one query).

    A name that would point at two countries ("Korea", "Guinea" shortened) is left out.
    """
    names = _pycountry_names()
    found: dict[str, set[int]] = {}
    for pk, iso2, iso3, numeric, name, official in Country.objects.values_list(
        "pk", "iso2", "iso3", "numeric_code", "name", "official_name"
    ):
        vocabulary.country_names[pk] = name
        keys = {normalise(iso2), normalise(iso3), numeric.lstrip("0") or "0", numeric}
        keys |= _name_variants(name)
        if official:
            keys |= _name_variants(official)
        keys |= names.get(iso2, set())
        for key in keys:
            found.setdefault(key, set()).add(pk)
    vocabulary.countries = {key: next(iter(pks)) for key, pks in found.items() if len(pks) == 1}


def load_agencies(vocabulary: Vocabulary, country_ids=None) -> None:
    queryset = Agency.objects.all()
    if country_ids is not None:
        queryset = queryset.filter(country_id__in=country_ids)
    for pk, country_id, name, acronym in queryset.values_list("pk", "country_id", "name", "acronym"):
        vocabulary.agencies[(country_id, normalise(name))] = pk
        if acronym:
            vocabulary.agencies.setdefault((country_id, normalise(acronym)), pk)


def load_substances(vocabulary: Vocabulary) -> None:
    """Substances by their stored (English) name, then by synonym or by their Spanish, French or
    Portuguese name where no stored name is the same (one query)."""
    substances = list(Substance.objects.only("pk", "name", "synonyms", "density_kg_per_l", "unit_mass_g"))
    for substance in substances:
        vocabulary.substances[normalise(stored_value(substance, "name"))] = substance
    for substance in substances:
        for other_name in [*substance.synonyms, *translated_values(substance, "name")[1:]]:
            vocabulary.substances.setdefault(normalise(other_name), substance)
