"""A participation, a training and an equipment handover are withheld with the restricted operation
of their activity (their rules' `activity__operation`): their deletions take that restriction too.

The triggers of 0001 are replaced by the same generator with the new release dates. The operation
may go first in a cascade (Django deletes an activity's operation and its participations in no
fixed order): 0001's operation trigger stages its restriction for its activity, read here as the
activity's trigger reads it.
"""

import importlib

from django.db import migrations

initial = importlib.import_module("sync.migrations.0001_initial")


def _staged_released(activity_ids: str) -> str:
    return (
        "(SELECT max(released_on) FROM pg_temp.sync_lost_scope "
        f"WHERE owner = 'activity' AND owner_id IN ({activity_ids}))"
    )


def _through_activity(activity_id: str) -> list[str]:
    return [initial._operation_released(activity_id), _staged_released(activity_id)]


# The new release dates of the records concerned, by type.
RELEASED = {
    "training": _through_activity("o.activity_id"),
    "participation": _through_activity("o.activity_id"),
    # An operation's pk is its activity's: the operation it names directly is staged under it too.
    "equipment-handover": [
        initial._operation_released("o.operation_id"),
        initial._operation_released("o.activity_id"),
        _staged_released("o.operation_id, o.activity_id"),
    ],
}


def _replaced(released_by_kind: dict[str, list[str]]) -> str:
    sql = ""
    for kind, table, pk, countries, released, staging in initial.RECORDS:
        if kind not in RELEASED:
            continue
        name = initial._function_name(kind)
        sql += f"DROP TRIGGER sync_deleted ON {table}; DROP FUNCTION sync_deleted_{name}();"
        sql += initial._record_sql(kind, table, pk, countries, released_by_kind.get(kind, released), staging)
    return sql


class Migration(migrations.Migration):
    dependencies = [("sync", "0002_nested_changes")]

    operations = [migrations.RunSQL(_replaced(RELEASED), _replaced({}))]
