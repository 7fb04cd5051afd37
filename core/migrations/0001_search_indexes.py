"""Indexes for the admin's changelists and the searches at a million rows (issue 21).

In the core app, over other apps' tables, so that every search index is in one place (core.trigram)
and its condition on pg_trgm is written once. The trigram indexes are created only where the server
has pg_trgm (never on the embedded server of `make run`, which lacks it; `manage.py
trigram_indexes` adds them later); the sort index on a seizure's mass is plain b-tree.
"""

from django.db import migrations


def create_trigram_indexes(apps, schema_editor):
    from core.trigram import trigram_indexes_create

    trigram_indexes_create(schema_editor.connection, apps)


def drop_trigram_indexes(apps, schema_editor):
    from core.trigram import trigram_indexes_drop

    trigram_indexes_drop(schema_editor.connection, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0005_seizure_operation_figures_idx"),
        ("people", "0003_audit_triggers"),
        ("activities", "0003_audit_triggers"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        # The seizure changelist sorts by normalised mass, then its date (the list's own order):
        # a page, or page 200, read off the index; the date too, or the 46,000 seizures of no
        # known mass (first in a descending sort) are sorted for every page.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS seizure_mass_kg_idx ON operations_seizure (mass_kg, date)",
            "DROP INDEX IF EXISTS seizure_mass_kg_idx",
        ),
    ]
