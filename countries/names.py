"""Country names in the active language, from the ISO 3166-1 catalogues pycountry ships (the
Debian iso-codes translations, gettext domain "iso3166-1").

The database keeps the names as stored (English, countries.services); only what a person reads is
translated: pages, admin lists and pickers, dashboards and documents. The API and the CSV exports
keep the stored name. A name the catalogue does not know (one staff wrote) is shown as stored.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.conf import settings
from django.utils import translation

from core.text import normalise

# The catalogues to read for each interface language, the first that has a name winning: Portuguese
# follows Brazilian usage (shared/GLOSSARY.md), with Portugal's as the fallback.
CATALOGUES = {"es": ("es",), "fr": ("fr",), "pt": ("pt_BR", "pt")}

# Where the iso-codes wording is wrong for our readers (a misspelling), the right one.
CORRECTIONS = {"es": {"Costa de Marfíl": "Costa de Marfil"}}


@cache
def _catalogue(language: str) -> gettext.NullTranslations | None:
    languages = CATALOGUES.get(language)
    if not languages:
        return None
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=list(languages), fallback=True)


@cache
def country_name(stored: str, language: str) -> str:
    """`stored` (a country's name as the database has it) in `language`."""
    catalogue = _catalogue(language)
    if catalogue is None or not stored:
        return stored
    translated = catalogue.gettext(stored)
    return CORRECTIONS.get(language, {}).get(translated, translated)


def display_name(stored: str) -> str:
    """`stored` in the active language (the site's default outside a request)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return country_name(stored, language.split("-")[0])


def by_display_name(items, name=lambda item: item.name):
    """`items` sorted by their names as the reader sees them (accents and case ignored): for the
    short lists a person picks from; a long list keeps the database's order."""
    return sorted(items, key=lambda item: normalise(display_name(name(item))))
