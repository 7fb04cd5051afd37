"""An operation's figures kept as a rollup (issue 21): one row per operation, seizure country and
restriction, summed by the operations list over the rows its principal may see.

Statement-level triggers with transition tables on the seizure table apply each statement's net
change in one upsert, so a bulk write (an import, a mass recompute, an UPDATE of many rows) costs
one aggregate over its own rows, and no write path (service, admin, API, import, archive, raw SQL,
COPY) can leave the figures behind. TRUNCATE empties the rollup with the seizures.
"""

from django.db import migrations


# What a seizure row adds to its key; a normal seizure's release date is not part of its key (it
# is released whatever the date says), a restricted one's is.
_CONTRIBUTION = """
    SELECT {sign} AS sign, operation_id, country_id, sensitivity,
           CASE WHEN sensitivity = 'normal' THEN NULL ELSE restricted_until END AS restricted_until,
           coalesce(mass_kg, 0) AS mass_kg, arrests
    FROM {rows} WHERE operation_id IS NOT NULL AND archived_at IS NULL
"""

_APPLY = """
    INSERT INTO operations_operationfigures AS figures
        (operation_id, country_id, sensitivity, restricted_until, seizure_count, seizure_kg, arrests)
    SELECT operation_id, country_id, sensitivity, restricted_until,
           sum(sign), sum(sign * mass_kg), sum(sign * arrests)
    FROM ({rows}) AS contributions
    GROUP BY operation_id, country_id, sensitivity, restricted_until
    HAVING sum(sign) <> 0 OR sum(sign * mass_kg) <> 0 OR sum(sign * arrests) <> 0
    -- One lock order for concurrent writers of the same operations.
    ORDER BY operation_id, country_id, sensitivity, restricted_until
    ON CONFLICT (operation_id, country_id, sensitivity, restricted_until) DO UPDATE SET
        seizure_count = figures.seizure_count + EXCLUDED.seizure_count,
        seizure_kg = figures.seizure_kg + EXCLUDED.seizure_kg,
        arrests = figures.arrests + EXCLUDED.arrests;
    DELETE FROM operations_operationfigures WHERE seizure_count = 0;
"""

_NEW = _CONTRIBUTION.format(sign=1, rows="new_rows")
_OLD = _CONTRIBUTION.format(sign=-1, rows="old_rows")

FUNCTION = f"""
CREATE FUNCTION operations_figures_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_APPLY.format(rows=_NEW)}
    ELSIF TG_OP = 'DELETE' THEN
        {_APPLY.format(rows=_OLD)}
    ELSIF TG_OP = 'UPDATE' THEN
        {_APPLY.format(rows=_NEW + " UNION ALL " + _OLD)}
    ELSE
        DELETE FROM operations_operationfigures;
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER operations_figures_insert AFTER INSERT ON operations_seizure
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_figures_apply();
CREATE TRIGGER operations_figures_delete AFTER DELETE ON operations_seizure
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION operations_figures_apply();
CREATE TRIGGER operations_figures_update AFTER UPDATE ON operations_seizure
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operations_figures_apply();
CREATE TRIGGER operations_figures_truncate AFTER TRUNCATE ON operations_seizure
    FOR EACH STATEMENT EXECUTE FUNCTION operations_figures_apply();
"""

DROP = """
DROP TRIGGER operations_figures_insert ON operations_seizure;
DROP TRIGGER operations_figures_delete ON operations_seizure;
DROP TRIGGER operations_figures_update ON operations_seizure;
DROP TRIGGER operations_figures_truncate ON operations_seizure;
DROP FUNCTION operations_figures_apply();
"""

# The figures of the seizures already there.
BACKFILL = _APPLY.format(rows=_CONTRIBUTION.format(sign=1, rows="operations_seizure"))


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0006_operation_figures"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION + TRIGGERS, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
