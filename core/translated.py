"""Reference vocabularies translated per language (django-modeltranslation) with one stored value.

modeltranslation adds a column per language to a registered field (`name_en`, `name_es`, …) and
makes `obj.name` read the active language's, falling back to English. The field's own column
(`name`) it leaves to whatever language was active at the last save. Here that column is the name
*as stored*: always the English one, kept so by a trigger whatever writes the row (the admin in
Spanish, a bulk insert, a shell), so the API, imports, exports and every query through another
table (`seizure__substance__name`) read one language-neutral value.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

STORED_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def stored_in_default_language(*fields: str, name: str) -> pgtrigger.Trigger:
    """A trigger keeping each field's own column equal to its default-language column, and filling
    the default-language column from it when a write left that one empty (a row created with only
    `name=` while another language was active)."""
    statements = []
    for field in fields:
        default = f"{field}_{STORED_LANGUAGE}"
        statements.append(f"NEW.{default} := COALESCE(NULLIF(NEW.{default}, ''), NEW.{field});")
        statements.append(f"NEW.{field} := NEW.{default};")
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=" ".join([*statements, "RETURN NEW;"]),
    )


def stored_value(instance: models.Model, field: str):
    """The value as stored (the default language's), whatever language is active."""
    return getattr(instance, f"{field}_{STORED_LANGUAGE}") or instance.__dict__.get(field)


def translated_values(instance: models.Model, field: str) -> list[str]:
    """The field's values in every language that has one, the stored one first."""
    values = [stored_value(instance, field)]
    for code, _label in settings.LANGUAGES:
        value = getattr(instance, f"{field}_{code}", None)
        if value and value not in values:
            values.append(value)
    return [value for value in values if value]


def per_language(*paths: str) -> tuple[str, ...]:
    """Each field path once per language (`category__name` → `category__name_en`, …): an admin
    search finds a record by any of its names, whichever language the searcher has active."""
    return tuple(f"{path}_{code}" for path in paths for code, _label in settings.LANGUAGES)


def localized(path: str):
    """The field at `path` (`pillars__name`) in the active language, else as stored: for a query on
    another table, which reads the stored column whatever the language."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == STORED_LANGUAGE or language not in dict(settings.LANGUAGES):
        return F(path)
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))


def stored_serializer_fields(model: type[models.Model], *fields: str) -> dict[str, dict]:
    """A ModelSerializer's `extra_kwargs` for translated fields: read and written as stored (the
    default language's column), so the API's data is the same whatever `Accept-Language` says."""
    extra_kwargs = {}
    for field in fields:
        model_field = model._meta.get_field(field)
        required = not model_field.blank
        extra_kwargs[field] = {
            "source": f"{field}_{STORED_LANGUAGE}",
            "label": model_field.verbose_name,
            "allow_null": False,
            "allow_blank": not required,
            # The per-language column may hold NULL; the field as the API shows it never does.
            **({"required": True} if required else {"default": ""}),
        }
    return extra_kwargs


def stored_lookups(queryset):
    """`queryset` with its lookups, ordering and values on the stored columns whatever language
    is active (modeltranslation rewrites `name` to the active language's column otherwise)."""
    rewrite = getattr(queryset, "rewrite", None)
    return rewrite(False) if rewrite is not None else queryset
