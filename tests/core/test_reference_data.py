"""Reference data is there after `migrate`: every ISO 3166-1 country with its UN M49 regions, and the
whole substance taxonomy. The post_migrate receivers (countries.reference, operations.reference)
only add what is missing: what staff edited stays as it is.
"""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import psycopg2
import pycountry
import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState

from countries import reference as countries_reference
from countries.models import Country
from countries.services import country_create_missing
from operations import reference as operations_reference
from operations.models import Substance, SubstanceCategory
from operations.reference import substance_create_missing, substance_taxonomy
from operations.services import substance_save

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ISO2 = {record.alpha_2 for record in pycountry.countries}
# The only ISO 3166-1 entry the UN M49 standard places in no region.
UNPLACED = {"AQ"}


def reference_substances() -> dict[str, tuple[str, list[str], object, object]]:
    return {
        substance.name: (
            category.name,
            list(substance.synonyms),
            substance.density_kg_per_l,
            substance.unit_mass_g,
        )
        for category in substance_taxonomy()
        for substance in category.substances
    }


def assert_reference_data_complete() -> None:
    countries = Country.objects.all()
    assert set(countries.values_list("iso2", flat=True)) == ISO2
    assert set(countries.filter(region="").values_list("iso2", flat=True)) == UNPLACED
    assert countries.get(iso2="PE").sub_region == "Latin America and the Caribbean"
    assert countries.get(iso2="PE").intermediate_region == "South America"
    assert countries.get(iso2="GH").intermediate_region == "Western Africa"

    assert set(SubstanceCategory.objects.values_list("name", flat=True)) == {
        category.name for category in substance_taxonomy()
    }
    stored = {
        substance.name: (
            substance.category.name,
            substance.synonyms,
            substance.density_kg_per_l,
            substance.unit_mass_g,
        )
        for substance in Substance.objects.select_related("category")
    }
    assert stored == reference_substances()


def empty_reference_tables() -> None:
    """What a freshly migrated database holds before post_migrate: no countries, no substances.

    TRUNCATE (with the tables that refer to them) is transactional in PostgreSQL: the test's
    rollback brings the demo data back.
    """
    tables = [Country._meta.db_table, Substance._meta.db_table, SubstanceCategory._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(map(connection.ops.quote_name, tables))} CASCADE")
    assert not Country.objects.exists() and not Substance.objects.exists()


def test_the_taxonomy_file_is_whole():
    substances = reference_substances()
    assert len(substance_taxonomy()) == 6
    assert len(substances) == 22
    assert substances["Acetone"][2] is not None and substances["MDMA"][3] is not None
    assert {"Cocaine hydrochloride", "Cannabis herb", "Fentanyl and analogues", "Tramadol"} <= set(substances)


def test_the_test_database_made_by_migrate_has_the_reference_data():
    assert_reference_data_complete()


@pytest.mark.slow
def test_migrate_on_an_empty_database_loads_the_reference_data():
    """The real thing, as `docker compose up` and `make run` do it: `manage.py migrate` on a new
    database, in a process of its own."""
    database = connection.settings_dict
    name = f"{database['NAME']}_migrate"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    try:
        user = quote(database["USER"] or "", safe="")
        password = f":{quote(database['PASSWORD'], safe='')}" if database["PASSWORD"] else ""
        address = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
        environment = dict(os.environ, DATABASE_URL=f"postgres://{user}{password}@{address}/{name}")
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        migrated = psycopg2.connect(
            dbname=name,
            user=database["USER"],
            password=database["PASSWORD"],
            host=database["HOST"],
            port=database["PORT"],
        )
        try:
            with migrated.cursor() as cursor:
                cursor.execute(f"SELECT iso2, region FROM {Country._meta.db_table}")
                countries = dict(cursor.fetchall())
                cursor.execute(f"SELECT name FROM {Substance._meta.db_table}")
                substances = {name for (name,) in cursor.fetchall()}
                cursor.execute(f"SELECT count(*) FROM {SubstanceCategory._meta.db_table}")
                (categories,) = cursor.fetchone()
        finally:
            migrated.close()
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")

    assert set(countries) == ISO2
    assert {iso2 for iso2, region in countries.items() if not region} == UNPLACED
    assert substances == set(reference_substances())
    assert categories == len(substance_taxonomy())


def test_post_migrate_fills_empty_tables():
    empty_reference_tables()

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert_reference_data_complete()


def test_each_receiver_runs_once_per_migrate():
    with (
        mock.patch("countries.services.country_create_missing", return_value=0) as countries,
        mock.patch.object(operations_reference, "substance_create_missing", return_value=0) as substances,
    ):
        emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert countries.call_count == 1
    assert substances.call_count == 1


def test_nothing_missing_costs_one_query_each(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert country_create_missing() == 0
    with django_assert_num_queries(1):
        assert substance_create_missing() == 0


def test_staff_edits_are_kept_and_only_what_is_missing_comes_back():
    acetone = Substance.objects.get(name="Acetone")
    acetone.density_kg_per_l = "0.790"
    acetone.synonyms = ["dimethyl ketone"]
    substance_save(substance=acetone)
    peru = Country.objects.get(iso2="PE")
    peru.name = "Perú"
    peru.save()
    opioids = SubstanceCategory.objects.get(name="Opioids")
    opioids.name = "Opioid drugs"
    opioids.save()
    Substance.objects.filter(name="Pseudoephedrine").delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    acetone.refresh_from_db()
    assert str(acetone.density_kg_per_l) == "0.790"
    assert acetone.synonyms == ["dimethyl ketone"]
    assert Country.objects.get(iso2="PE").name == "Perú"
    assert Country.objects.count() == len(ISO2)
    # A renamed category whose substances are all there does not come back under its old name.
    assert not SubstanceCategory.objects.filter(name="Opioids").exists()
    assert Substance.objects.get(name="Heroin").category.name == "Opioid drugs"
    # What was missing is back, as the reference has it.
    restored = Substance.objects.get(name="Pseudoephedrine")
    assert restored.category.name == "Precursor chemicals"
    assert substance_create_missing() == 0


def test_missing_categories_come_back_with_their_missing_substances():
    empty_reference_tables()
    cocaine = SubstanceCategory.objects.create(name="Cocaine", description="Staff's own wording.")
    Substance.objects.create(category=cocaine, name="Cocaine hydrochloride", synonyms=["perico"])

    assert substance_create_missing() == 21

    assert SubstanceCategory.objects.filter(name="Cocaine").get().description == "Staff's own wording."
    assert Substance.objects.get(name="Cocaine hydrochloride").synonyms == ["perico"]
    assert set(cocaine.substances.values_list("name", flat=True)) == {
        "Cocaine hydrochloride",
        "Cocaine base and paste",
        "Coca leaf",
    }
    cannabis = SubstanceCategory.objects.get(name="Cannabis")
    assert set(cannabis.substances.values_list("name", flat=True)) == {"Cannabis herb", "Cannabis resin"}
    assert Substance.objects.get(name="Cannabis herb").synonyms == ["marijuana", "marihuana", "ganja"]
    assert str(Substance.objects.get(name="MDMA").unit_mass_g) == "0.2500"


def test_receivers_skip_tables_the_migration_state_does_not_have(django_assert_num_queries):
    empty_reference_tables()
    unmigrated = ProjectState().apps  # as after `migrate countries zero`, or before the first migration
    only_countries = (
        MigrationLoader(connection).project_state(("countries", "0002_audit_triggers")).apps
    )  # operations not migrated yet

    with django_assert_num_queries(0):
        countries_reference.create_reference_data(sender=None, apps=unmigrated, using=connection.alias)
        operations_reference.create_reference_data(sender=None, apps=unmigrated, using=connection.alias)
        operations_reference.create_reference_data(sender=None, apps=only_countries, using=connection.alias)
    assert not Country.objects.exists() and not Substance.objects.exists()

    countries_reference.create_reference_data(sender=None, apps=only_countries, using=connection.alias)
    assert Country.objects.count() == len(ISO2)
