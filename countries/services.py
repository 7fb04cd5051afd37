"""Writes to the country list: the reference sync and the profile programme staff manage.

Codes and names come from the installed `pycountry` (ISO 3166-1). Regions come from
`countries/data/m49.csv`, the UN Statistics Division's M49 standard "Standard country or area
codes for statistical use" (https://unstats.un.org/unsd/methodology/m49/): region, sub-region and
intermediate region in their English names, one row per ISO 3166-1 alpha-2 code. The file was
checked row by row against a public copy of the M49 table; when pycountry gains a code, add its
row there (tests/countries/test_services.py fails until every country but Antarctica has one).
"""

import csv
import datetime
from functools import cache
from pathlib import Path

import pycountry
from django.db import transaction
from django.utils import timezone

from core.datacache import data_version_bump
from core.services import validated_save

from .models import Country

M49_CSV = Path(__file__).resolve().parent / "data" / "m49.csv"

# The reference data owns these; route roles and partner status belong to programme staff.
SYNCED_FIELDS = (
    "iso3",
    "numeric_code",
    "name",
    "official_name",
    "region",
    "sub_region",
    "intermediate_region",
)

_NO_REGION = {"region": "", "sub_region": "", "intermediate_region": ""}


@cache
def _m49_regions() -> dict[str, dict[str, str]]:
    with M49_CSV.open(encoding="utf-8", newline="") as csv_file:
        return {row.pop("iso2"): row for row in csv.DictReader(csv_file)}


def _reference_values(record) -> dict[str, str]:
    # Staff know "Bolivia", not "Bolivia, Plurinational State of"; the ISO name stays the official one.
    return {
        "iso3": record.alpha_3,
        "numeric_code": record.numeric,
        "name": getattr(record, "common_name", None) or record.name,
        "official_name": getattr(record, "official_name", None) or "",
        # A code M49 has not placed yet must not block the sync of the others.
        **_m49_regions().get(record.alpha_2, _NO_REGION),
    }


def country_create_missing() -> int:
    """Add every ISO 3166-1 country the table lacks, with its M49 regions; return how many it added.

    Runs after every `migrate` (countries.reference) and at every demo load. It only inserts: a
    country already there keeps whatever staff made of it, so a missing country costs one bulk
    insert and a complete list one query.
    """
    existing = set(Country.objects.values_list("iso2", flat=True))
    missing = [
        Country(iso2=record.alpha_2, **_reference_values(record))
        for record in pycountry.countries
        if record.alpha_2 not in existing
    ]
    if missing:
        Country.objects.bulk_create(missing)
        # bulk_create sends no post_save: the cached aggregates must still see the new rows.
        data_version_bump()
    return len(missing)


@transaction.atomic
def country_sync_all() -> int:
    """Bring every ISO 3166-1 country up to the reference data; return how many rows it wrote.

    Unlike `country_create_missing`, it also rewrites the reference fields of the countries
    already there (names and regions edited by hand included): nothing runs it automatically; call
    it after upgrading `pycountry` or `m49.csv`. It reads the table once, compares in memory and
    writes in two bulk statements at most: an unchanged list costs one query and keeps its
    `updated_at`, which is what tells staff when a country's data last really changed.
    """
    existing = Country.objects.in_bulk(field_name="iso2")
    to_create: list[Country] = []
    to_update: list[Country] = []
    now = timezone.now()
    for record in pycountry.countries:
        values = _reference_values(record)
        country = existing.get(record.alpha_2)
        if country is None:
            to_create.append(Country(iso2=record.alpha_2, **values))
            continue
        if all(getattr(country, field) == value for field, value in values.items()):
            continue
        for field, value in values.items():
            setattr(country, field, value)
        # bulk_update skips auto_now, and a real change must still show in updated_at.
        country.updated_at = now
        to_update.append(country)
    Country.objects.bulk_create(to_create)
    Country.objects.bulk_update(to_update, fields=[*SYNCED_FIELDS, "updated_at"])
    if to_create or to_update:
        data_version_bump()
    return len(to_create) + len(to_update)


@transaction.atomic
def country_set_profile(
    *,
    country: Country,
    is_source: bool,
    is_transit: bool,
    is_destination: bool,
    is_partner: bool,
    partner_since: datetime.date | None = None,
) -> Country:
    """Record where a country sits on the trafficking route and whether it is a programme partner.

    All five values are set together so that a caller cannot leave a partner-since date behind
    when it withdraws partner status; the model's rules then reject an inconsistent profile.
    """
    country.is_source = is_source
    country.is_transit = is_transit
    country.is_destination = is_destination
    country.is_partner = is_partner
    country.partner_since = partner_since
    return validated_save(country)
