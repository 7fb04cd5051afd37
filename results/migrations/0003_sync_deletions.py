"""The results framework's records in the deletions feed (/api/v1/deletions/), like every list of
the router: a trigger per table, made by the sync app's own generator (sync 0001). Programme-wide
records: no countries, never restricted; the feed shows them only to who may see them."""

import importlib

from django.db import migrations

initial = importlib.import_module("sync.migrations.0001_initial")

RECORDS = [
    ("results-framework", "results_framework"),
    ("results-result", "results_result"),
    ("results-indicator", "results_indicator"),
    ("results-target", "results_target"),
    ("results-reported-actual", "results_reportedactual"),
    ("results-narrative", "results_progressnarrative"),
]

FORWARD = "".join(initial._record_sql(kind, table, "id", "", [], "") for kind, table in RECORDS)
BACKWARD = "".join(
    f"DROP TRIGGER sync_deleted ON {table}; DROP FUNCTION sync_deleted_{initial._function_name(kind)}();"
    for kind, table in RECORDS
)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0002_audit_triggers"),
        ("sync", "0003_restricted_through_activity"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
