"""The deletions table and the triggers that fill it: one statement-level AFTER DELETE trigger per
synced table, so every delete (a cascade, a queryset's, raw SQL) leaves its rows in one INSERT.

Scope is taken as the record goes (sync.records mirrors the access rules): its countries and its
release date. Django deletes what hangs on a record before the record itself (an activity's
country links, an operation's participating countries, the operation of an activity), so those
deletes stage what they take away in a table private to the transaction (`pg_temp`, emptied at
commit), and the record's trigger reads it there. A restriction is a release date: -infinity
never restricted, infinity restricted until changed; the latest of a record's sources wins.
"""

import django.contrib.postgres.fields
from django.db import migrations, models

STAGING = """
CREATE FUNCTION sync_staging() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('pg_temp.sync_lost_scope') IS NULL THEN
        CREATE TEMP TABLE sync_lost_scope (
            owner text NOT NULL, owner_id bigint NOT NULL, country_id bigint, released_on date
        ) ON COMMIT DELETE ROWS;
    END IF;
END $$;

CREATE FUNCTION sync_released_on(sensitivity text, restricted_until date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN sensitivity = 'restricted' THEN COALESCE(restricted_until, 'infinity'::date)
                ELSE '-infinity'::date END
$$;
"""


def _staged_countries(owner: str, owner_id: str) -> str:
    return f"SELECT country_id FROM pg_temp.sync_lost_scope WHERE owner = '{owner}' AND owner_id = {owner_id}"


def _operation_released(operation_id: str) -> str:
    return (
        "(SELECT sync_released_on(sensitivity, restricted_until) FROM operations_operation "
        f"WHERE activity_id = {operation_id})"
    )


# Links removed before their record: (table, owner type, owner column, country column).
STAGED_LINKS = [
    ("activities_activity_countries", "activity", "activity_id", "country_id"),
    ("operations_operationcountry", "operation", "operation_id", "country_id"),
    ("operations_case_countries", "case", "case_id", "country_id"),
]

# (type, table, primary key, countries: one query of country ids or None, release dates, staging)
RECORDS = [
    ("country", "countries_country", "id", None, [], ""),
    ("agency", "countries_agency", "id", "SELECT o.country_id", [], ""),
    ("organisation", "activities_organisation", "id", None, [], ""),
    ("pillar", "activities_pillar", "id", None, [], ""),
    ("substance", "operations_substance", "id", None, [], ""),
    (
        "activity",
        "activities_activity",
        "id",
        "SELECT o.host_country_id UNION SELECT country_id FROM activities_activity_countries "
        f"WHERE activity_id = o.id UNION {_staged_countries('activity', 'o.id')}",
        [
            _operation_released("o.id"),
            "(SELECT max(released_on) FROM pg_temp.sync_lost_scope "
            "WHERE owner = 'activity' AND owner_id = o.id)",
        ],
        "",
    ),
    (
        "training",
        "trainings_trainingdetail",
        "activity_id",
        "SELECT country_id FROM activities_activity_countries WHERE activity_id = o.activity_id "
        f"UNION {_staged_countries('activity', 'o.activity_id')}",
        [],
        "",
    ),
    (
        "person",
        "people_person",
        "id",
        "SELECT o.country_id",
        [],
        # A person deleted before its participations (raw SQL; Django deletes them first).
        "INSERT INTO pg_temp.sync_lost_scope (owner, owner_id, country_id) "
        "SELECT 'person', id, country_id FROM old_rows;",
    ),
    (
        "participation",
        "people_participation",
        "id",
        "SELECT country_id FROM people_person WHERE id = o.person_id "
        f"UNION {_staged_countries('person', 'o.person_id')}",
        [],
        "",
    ),
    (
        "operation",
        "operations_operation",
        "activity_id",
        "SELECT country_id FROM operations_operationcountry WHERE operation_id = o.activity_id "
        f"UNION {_staged_countries('operation', 'o.activity_id')}",
        ["sync_released_on(o.sensitivity, o.restricted_until)"],
        # Its activity, deleted next in a cascade, is withheld by this operation's restriction.
        "INSERT INTO pg_temp.sync_lost_scope (owner, owner_id, released_on) "
        "SELECT 'activity', activity_id, sync_released_on(sensitivity, restricted_until) FROM old_rows;",
    ),
    (
        "seizure",
        "operations_seizure",
        "id",
        "SELECT o.country_id",
        ["sync_released_on(o.sensitivity, o.restricted_until)", _operation_released("o.operation_id")],
        "",
    ),
    (
        "case",
        "operations_case",
        "id",
        "SELECT o.lead_country_id UNION SELECT country_id FROM operations_case_countries "
        f"WHERE case_id = o.id UNION {_staged_countries('case', 'o.id')}",
        ["sync_released_on(o.sensitivity, o.restricted_until)"],
        "",
    ),
    (
        "equipment-handover",
        "operations_equipmenthandover",
        "id",
        "SELECT o.country_id",
        [_operation_released("o.operation_id")],
        "",
    ),
]


def _function_name(kind: str) -> str:
    return kind.replace("-", "_")


def _link_sql(table, owner, owner_column, country_column) -> str:
    return f"""
CREATE FUNCTION sync_stage_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sync_staging();
    INSERT INTO pg_temp.sync_lost_scope (owner, owner_id, country_id)
    SELECT '{owner}', {owner_column}, {country_column} FROM old_rows;
    RETURN NULL;
END $$;
CREATE TRIGGER sync_stage AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sync_stage_{table}();
"""


def _record_sql(kind, table, pk, countries, released, staging) -> str:
    country_ids = f"array_remove(ARRAY({countries}), NULL)" if countries else "'{}'::bigint[]"
    released_on = f"COALESCE(GREATEST({', '.join(released)}), '-infinity')" if released else "'-infinity'::date"
    name = _function_name(kind)
    return f"""
CREATE FUNCTION sync_deleted_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM sync_staging();
    {staging}
    INSERT INTO sync_deletion (type, record_id, deleted_at, country_ids, restricted, restricted_until)
    SELECT '{kind}', o.{pk}, clock_timestamp(), {country_ids},
           r.released_on > '-infinity',
           CASE WHEN r.released_on IN ('-infinity', 'infinity') THEN NULL ELSE r.released_on END
      FROM old_rows o CROSS JOIN LATERAL (SELECT {released_on}::date AS released_on) r;
    RETURN NULL;
END $$;
CREATE TRIGGER sync_deleted AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sync_deleted_{name}();
"""


FORWARD = STAGING + "".join(_link_sql(*link) for link in STAGED_LINKS) + "".join(
    _record_sql(*record) for record in RECORDS
)
BACKWARD = (
    "".join(
        f"DROP TRIGGER sync_deleted ON {table}; DROP FUNCTION sync_deleted_{_function_name(kind)}();"
        for kind, table, *_ in RECORDS
    )
    + "".join(
        f"DROP TRIGGER sync_stage ON {table}; DROP FUNCTION sync_stage_{table}();" for table, *_ in STAGED_LINKS
    )
    + "DROP FUNCTION sync_released_on(text, date); DROP FUNCTION sync_staging();"
)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("countries", "0002_audit_triggers"),
        ("activities", "0003_audit_triggers"),
        ("people", "0003_audit_triggers"),
        ("trainings", "0002_audit_triggers"),
        ("operations", "0005_seizure_operation_figures_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="Deletion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "type",
                    models.CharField(
                        choices=[
                            ("country", "country"),
                            ("agency", "agency"),
                            ("organisation", "organisation"),
                            ("pillar", "pillar"),
                            ("substance", "substance"),
                            ("activity", "activity"),
                            ("training", "training"),
                            ("person", "person"),
                            ("participation", "participation"),
                            ("operation", "operation"),
                            ("seizure", "seizure"),
                            ("case", "case"),
                            ("equipment-handover", "equipment-handover"),
                        ],
                        db_index=True,
                        max_length=40,
                        verbose_name="type",
                    ),
                ),
                ("record_id", models.BigIntegerField(verbose_name="record id")),
                ("deleted_at", models.DateTimeField(db_index=True, verbose_name="deleted at")),
                (
                    "country_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="countries",
                    ),
                ),
                ("restricted", models.BooleanField(default=False, verbose_name="restricted")),
                ("restricted_until", models.DateField(blank=True, null=True, verbose_name="restricted until")),
            ],
            options={"verbose_name": "deletion", "verbose_name_plural": "deletions"},
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
