"""Trigram (pg_trgm) indexes behind the searches of the big tables, when the server has pg_trgm.

A search is `col ILIKE '%term%'` (core.lookups): a plain b-tree cannot serve it, so without these
indexes every search reads the whole table. PostgreSQL's contrib extension pg_trgm provides
`gin (col gin_trgm_ops)`, which can. The embedded server of `make run` (pgserver) ships no contrib
extensions: there the indexes are left out (searches give the same records, only slower), and
`manage.py trigram_indexes` adds them later on a server that has pg_trgm. Migration
core 0001 calls `trigram_indexes_create` and never fails for want of the extension.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

# (app label, model, field): the text columns of the big tables that the admin's and the API's
# searches read directly. A search in a related record's field is resolved to ids on that
# record's (smaller) table first, through these indexes where it is a big one.
TRIGRAM_FIELDS = (
    ("operations", "Seizure", "reference"),
    ("operations", "Seizure", "location"),
    ("operations", "Seizure", "notes"),
    ("operations", "Case", "reference"),
    ("operations", "Case", "title"),
    ("operations", "Case", "summary"),
    ("people", "Person", "first_name"),
    ("people", "Person", "last_name"),
    ("people", "Person", "email"),
    ("people", "Person", "job_title"),
    ("activities", "Activity", "title"),
    ("activities", "Activity", "venue"),
    ("activities", "Activity", "description"),
)


def trigram_available(cursor) -> bool:
    """Whether the server can create pg_trgm (its contrib files are installed)."""
    cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')")
    return cursor.fetchone()[0]


def _indexes(apps) -> list[tuple[str, str, str]]:
    found = []
    for app_label, model_name, field_name in TRIGRAM_FIELDS:
        model = apps.get_model(app_label, model_name)
        column = model._meta.get_field(field_name).column
        table = model._meta.db_table
        found.append((f"{table}_{column}_trgm"[:63], table, column))
    return found


def trigram_indexes_create(connection, apps, *, available: bool | None = None) -> list[str]:
    """Creates pg_trgm and the trigram indexes if the server has the extension (`available`
    overrides the check, for tests); returns the indexes' names, [] when it has not. Idempotent."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        if available is None:
            available = trigram_available(cursor)
        if not available:
            logger.warning(
                "pg_trgm is not available on this PostgreSQL server: searches run without trigram "
                "indexes. Run `manage.py trigram_indexes` once the server has it."
            )
            return []
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:  # available, but this role may not create it
            logger.warning("pg_trgm could not be created (%s): no trigram indexes.", error)
            return []
        names = []
        for name, table, column in _indexes(apps):
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
            )
            names.append(name)
        return names


def trigram_indexes_drop(connection, apps) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, _table, _column in _indexes(apps):
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def trigram_indexes_present(connection, apps) -> list[str]:
    """The trigram indexes the database has."""
    names = [name for name, _table, _column in _indexes(apps)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [names])
        return sorted(row[0] for row in cursor.fetchall())
