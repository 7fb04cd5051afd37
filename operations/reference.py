"""Reference data every database has after `manage.py migrate`: the substance taxonomy, its
categories and substances with their synonyms and mass conversions (the data:
`data/substances.json`, with the sources of its conversions).

`OperationsConfig.ready()` connects `create_reference_data` to `post_migrate` with this app as the
sender, so it runs once per `migrate` and once per test database flush. It only inserts what is
missing, matching categories and substances by name: a substance whose density, unit mass or
synonyms staff changed in the admin stays as it is, and a complete taxonomy costs one query.
Names and descriptions come with their Spanish, French and Portuguese translations (the
per-language columns, operations/translation.py); the English name is the stored one, the one
matched.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import translation

from core.datacache import data_version_bump
from core.translated import STORED_LANGUAGE
from countries.reference import tables_migrated

from .models import Substance, SubstanceCategory

SUBSTANCES_JSON = Path(__file__).resolve().parent / "data" / "substances.json"


@dataclass(frozen=True)
class ReferenceSubstance:
    name: str
    synonyms: tuple[str, ...]
    density_kg_per_l: Decimal | None
    unit_mass_g: Decimal | None
    names: dict[str, str]


@dataclass(frozen=True)
class ReferenceCategory:
    name: str
    description: str
    substances: tuple[ReferenceSubstance, ...]
    names: dict[str, str]
    descriptions: dict[str, str]


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@cache
def substance_taxonomy() -> tuple[ReferenceCategory, ...]:
    """The reference taxonomy, in the file's order."""
    with SUBSTANCES_JSON.open(encoding="utf-8") as json_file:
        data = json.load(json_file)
    return tuple(
        ReferenceCategory(
            name=category["name"],
            description=category["description"],
            substances=tuple(
                ReferenceSubstance(
                    name=substance["name"],
                    synonyms=tuple(substance["synonyms"]),
                    density_kg_per_l=_decimal(substance["density_kg_per_l"]),
                    unit_mass_g=_decimal(substance["unit_mass_g"]),
                    names=substance["names"],
                )
                for substance in category["substances"]
            ),
            names=category["names"],
            descriptions=category["descriptions"],
        )
        for category in data["categories"]
    )


def _translations(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": value for language, value in values.items()}


def substance_create_missing() -> int:
    """Add the reference substances the table lacks, and the categories they need; return how many
    substances it added.

    A category is added only for a missing substance: one staff renamed, with its substances all
    there, does not come back under its old name.
    """
    # Names are matched and written in the stored language, whichever one the caller has active.
    with translation.override(STORED_LANGUAGE):
        return _substance_create_missing()


def _substance_create_missing() -> int:
    taxonomy = substance_taxonomy()
    existing = set(Substance.objects.values_list("name", flat=True))
    missing = [
        (category, substance)
        for category in taxonomy
        for substance in category.substances
        if substance.name not in existing
    ]
    if not missing:
        return 0
    with transaction.atomic():
        categories = SubstanceCategory.objects.in_bulk(field_name="name")
        new_categories = []
        for category, _substance in missing:
            if category.name not in categories:
                categories[category.name] = SubstanceCategory(
                    name=category.name,
                    description=category.description,
                    **_translations("name", category.names),
                    **_translations("description", category.descriptions),
                )
                new_categories.append(categories[category.name])
        substances = [
            Substance(
                category=categories[category.name],
                name=substance.name,
                synonyms=list(substance.synonyms),
                density_kg_per_l=substance.density_kg_per_l,
                unit_mass_g=substance.unit_mass_g,
                **_translations("name", substance.names),
            )
            for category, substance in missing
        ]
        # The fields' rules in memory; uniqueness and the CHECK constraints are the database's.
        for record in [*new_categories, *substances]:
            record.full_clean(exclude=["category"], validate_unique=False, validate_constraints=False)
        SubstanceCategory.objects.bulk_create(new_categories)
        for substance in substances:
            substance.category_id = substance.category.pk
        Substance.objects.bulk_create(substances)
        # bulk_create sends no post_save: the cached aggregates must still see the new rows.
        data_version_bump()
    return len(substances)


def create_reference_data(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: add the substances (and their categories) the tables lack."""
    # The services write through the default database; the project has no other.
    if using != DEFAULT_DB_ALIAS or not tables_migrated(apps, SubstanceCategory, Substance):
        return
    substance_create_missing()
