import datetime

import pycountry
import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from countries.models import Country
from countries.services import country_set_profile, country_sync_all

pytestmark = pytest.mark.django_db

# One SELECT, one INSERT, one UPDATE and the savepoint around them, however many countries change.
SYNC_MAX_QUERIES = 5


def test_sync_creates_every_iso_country_with_its_codes():
    country_sync_all()

    countries = Country.objects.in_bulk(field_name="iso2")
    for record in pycountry.countries:
        country = countries[record.alpha_2]
        assert (country.iso3, country.numeric_code) == (record.alpha_3, record.numeric)
        assert country.name == getattr(record, "common_name", record.name)
        assert country.official_name == getattr(record, "official_name", "")


def test_sync_places_every_country_but_antarctica_in_an_m49_region():
    country_sync_all()

    unplaced = Country.objects.filter(
        Q(region="") | Q(sub_region=""), iso2__in=[record.alpha_2 for record in pycountry.countries]
    )
    assert list(unplaced.values_list("iso2", flat=True)) == ["AQ"]
    antarctica = Country.objects.get(iso2="AQ")
    assert (antarctica.region, antarctica.sub_region, antarctica.intermediate_region) == ("", "", "")


@pytest.mark.parametrize(
    ("iso2", "region", "sub_region", "intermediate_region"),
    [
        ("PE", "Americas", "Latin America and the Caribbean", "South America"),
        ("PA", "Americas", "Latin America and the Caribbean", "Central America"),
        ("DO", "Americas", "Latin America and the Caribbean", "Caribbean"),
        ("US", "Americas", "Northern America", ""),
        ("NG", "Africa", "Sub-Saharan Africa", "Western Africa"),
        ("CV", "Africa", "Sub-Saharan Africa", "Western Africa"),
        ("MA", "Africa", "Northern Africa", ""),
        ("ES", "Europe", "Southern Europe", ""),
        ("JE", "Europe", "Northern Europe", "Channel Islands"),
        ("AF", "Asia", "Southern Asia", ""),
        ("FJ", "Oceania", "Melanesia", ""),
    ],
)
def test_sync_uses_m49_names(iso2, region, sub_region, intermediate_region):
    country_sync_all()

    country = Country.objects.get(iso2=iso2)
    assert (country.region, country.sub_region, country.intermediate_region) == (
        region,
        sub_region,
        intermediate_region,
    )


def test_sync_is_idempotent_and_writes_nothing_the_second_time(django_assert_max_num_queries):
    country_sync_all()
    stamps = dict(Country.objects.values_list("iso2", "updated_at"))

    with django_assert_max_num_queries(SYNC_MAX_QUERIES) as captured:
        assert country_sync_all() == 0

    statements = [query["sql"].split(maxsplit=1)[0].upper() for query in captured.captured_queries]
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)
    assert dict(Country.objects.values_list("iso2", "updated_at")) == stamps


def test_sync_repairs_a_drifted_row_and_stamps_only_that_row():
    country_sync_all()
    Country.objects.filter(iso2="PE").update(region="", sub_region="", name="Peru (old)")
    stamps = dict(Country.objects.values_list("iso2", "updated_at"))

    assert country_sync_all() == 1

    peru = Country.objects.get(iso2="PE")
    assert (peru.name, peru.region, peru.sub_region) == (
        "Peru",
        "Americas",
        "Latin America and the Caribbean",
    )
    assert peru.updated_at > stamps.pop("PE")
    assert dict(Country.objects.exclude(iso2="PE").values_list("iso2", "updated_at")) == stamps


def test_sync_query_count_does_not_grow_with_the_number_of_countries(django_assert_max_num_queries):
    country_sync_all()
    # Countries no programme record points to, so that the sync has rows to create as well as fix.
    Country.objects.filter(iso2__in=["AQ", "BV", "HM"]).delete()
    Country.objects.update(region="", sub_region="", intermediate_region="")

    with django_assert_max_num_queries(SYNC_MAX_QUERIES):
        changed = country_sync_all()

    assert changed == len(pycountry.countries)
    assert Country.objects.get(iso2="HM").sub_region == "Australia and New Zealand"


def test_sync_keeps_the_route_roles_and_partner_status_staff_set():
    country_sync_all()
    since = datetime.date(2016, 3, 1)
    country_set_profile(
        country=Country.objects.get(iso2="PE"),
        is_source=True,
        is_transit=False,
        is_destination=True,
        is_partner=True,
        partner_since=since,
    )
    Country.objects.filter(iso2="PE").update(name="Peru (old)")

    assert country_sync_all() == 1

    peru = Country.objects.get(iso2="PE")
    assert peru.name == "Peru"
    assert (peru.is_source, peru.is_transit, peru.is_destination) == (True, False, True)
    assert (peru.is_partner, peru.partner_since) == (True, since)


def test_set_profile_saves_the_route_roles():
    country_sync_all()

    country_set_profile(
        country=Country.objects.get(iso2="PA"),
        is_source=False,
        is_transit=True,
        is_destination=False,
        is_partner=False,
    )

    panama = Country.objects.get(iso2="PA")
    assert panama.route_roles == ["transit"]
    assert (panama.is_partner, panama.partner_since) == (False, None)


def test_set_profile_rejects_a_partner_since_date_without_partner_status():
    country_sync_all()
    nigeria = Country.objects.get(iso2="NG")
    before = (nigeria.is_partner, nigeria.partner_since)

    with pytest.raises(ValidationError) as error:
        country_set_profile(
            country=nigeria,
            is_source=False,
            is_transit=True,
            is_destination=False,
            is_partner=False,
            partner_since=datetime.date(2020, 1, 1),
        )

    assert list(error.value.message_dict) == ["partner_since"]
    assert error.value.error_dict["partner_since"][0].code == "partner_since_needs_partner"
    nigeria.refresh_from_db()
    assert (nigeria.is_partner, nigeria.partner_since) == before
