"""The floor of each aggregate the application serves: the same figures from one hand-written SQL
statement, for `make bench` to time beside the endpoint (issue 8: the ratio endpoint / floor).

A floor answers for a principal with programme-wide access who sees personal data and restricted
records (an administrator, or an API key with both flags and no country): `core.access.visible`
then leaves out archived records only, nothing is suppressed and no release date applies. Each
floor is one statement over the real tables, with psycopg2 parameters (`%(country_id)s`,
`%(operation_id)s`), that returns the grouped rows and the totals together, the way a DBA would
write it for PostgreSQL: each table read once, a large one aggregated in parallel and its few
groups rolled up with the totals by `GROUPING SETS`, `FILTER` for the conditional counts, common
table expressions where a scope is read twice. No statement is fast because it skips a rule:
`tests/benchmarks/test_floors.py` holds each one to its selector's figures.

- `floors(country_id=..., operation_id=...)`: the aggregates of a dashboard page in its scope;
- `stats_endpoint_floors()`: one per /api/v1/stats/<name>/ endpoint at its defaults;
- `floor_result(cursor, floor)`, `selector_figures(stats)`, `selector_stats(floor, user=...)`:
  the figures of both sides, to compare.

What a floor returns, by column name:

- `is_total`: true on the one row of totals, false on a grouped row;
- `key`: the group's key as the selector gives it (a string, None for "no country", "no pillar");
- `label`: the stored name of the group where there is one (not compared: labels are not figures);
- any other column is a figure: `name` on the grouped rows and the totals alike, `row:name` on the
  grouped rows only, `total:name` on the totals only (a dotted name stands for a nested total:
  `total:by_stage.closed` for `totals["by_stage"]["closed"]`, which `selector_figures` flattens
  to `by_stage.closed`).

`floor_result` and `selector_figures` bring a floor's answer and a selector's `Stats` to the same
plain shape, so that `floor_result(cursor, floor) == selector_figures(selector_stats(floor, user=...))`
proves the floor computes what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from activities.models import Activity
from countries.models import Country
from operations.models import Case, Operation
from people.models import Person
from stats.selectors import (
    KG_PLACES,
    Stats,
    StatsFilters,
    activity_stats,
    case_funnel_stats,
    officials_trained_stats,
    operation_results_stats,
    participant_stats,
    seizure_stats,
)


@dataclass(frozen=True)
class Floor:
    """One aggregate as one SQL statement: `sql` run with `params` through psycopg2.

    `keys` are the groups the selector always lists, with zeros when no record falls in them (the
    choices of a kind, a gender, a category); the floor leaves them to `floor_result`, as the
    selector leaves them to Python."""

    name: str
    selector: str
    group_by: str | None
    sql: str
    params: dict = field(default_factory=dict)
    keys: tuple[str, ...] = ()


# --- the scopes -----------------------------------------------------------------------------------
# A page's scope is the programme, a country (StatsFilters(countries=(country,))) or an operation
# (StatsFilters(operation=operation)). Each function gives the SQL condition that scope puts on a
# table, in the selector's own terms (stats.selectors._*_filtered).


def _connected_activity_ids() -> str:
    """The operation's activity and the activities linked to it either way (its trainings, its
    debrief): `_connected_activities_q`."""
    return """
        SELECT %(operation_id)s::bigint
        UNION SELECT l.from_activity_id FROM activities_activitylink l
              WHERE l.to_activity_id = %(operation_id)s
        UNION SELECT l.to_activity_id FROM activities_activitylink l
              WHERE l.from_activity_id = %(operation_id)s"""


def _activities_where(country_id: int | None, operation_id: int | None) -> str:
    """Activities not archived; of a country: hosted by it or with it among the participating
    countries; of an operation: connected to it."""
    where = "a.archived_at IS NULL"
    if country_id is not None:
        where += """
          AND (a.host_country_id = %(country_id)s
               OR a.id IN (SELECT ac.activity_id FROM activities_activity_countries ac
                           WHERE ac.country_id = %(country_id)s))"""
    if operation_id is not None:
        where += f"\n          AND a.id IN ({_connected_activity_ids()})"
    return where


def _seizures_where(country_id: int | None, operation_id: int | None) -> str:
    """Seizures not archived, nor of an archived operation (its activity archived); made in the
    country; of the operation."""
    where = """s.archived_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM activities_activity oa
                              WHERE oa.id = s.operation_id AND oa.archived_at IS NOT NULL)"""
    if country_id is not None:
        where += " AND s.country_id = %(country_id)s"
    if operation_id is not None:
        where += " AND s.operation_id = %(operation_id)s"
    return where


def _params(country_id: int | None, operation_id: int | None) -> dict:
    if country_id is not None and operation_id is not None:
        raise ValueError("A page is about a country or an operation, not both.")
    params = {}
    if country_id is not None:
        params["country_id"] = country_id
    if operation_id is not None:
        params["operation_id"] = operation_id
    return params


# --- 1. people: officials trained, people who took part ---------------------------------------------


def _people_sql(group_by: str, country_id: int | None, operation_id: int | None, *, trained: bool) -> str:
    """Participations as a participant (not a trainer, speaker, organiser or observer) of people
    and activities not archived (`trained`: of trainings only), counted per person (parallel hash
    aggregates, no DISTINCT), then per gender or category with the totals: a person has one gender
    and one category, so counting the per-person rows counts distinct people. Grouped by the
    person's primary key, the person's columns come along; the scope's filter on people or
    activities applies before the aggregate, so a country's or an operation's few people are
    found by index."""
    column = {"gender": "gender", "category": "professional_category"}[group_by]
    where = "pa.role = 'participant' AND p.archived_at IS NULL AND a.archived_at IS NULL"
    if trained:
        where += " AND a.kind = 'training'"
    if country_id is not None:
        where += " AND p.country_id = %(country_id)s"
    if operation_id is not None:
        where += f"\n              AND pa.activity_id IN ({_connected_activity_ids()})"
    return f"""
        SELECT GROUPING(t.{column}) = 1 AS is_total,
               t.{column} AS key,
               count(*) AS people,
               coalesce(sum(t.participations), 0)::bigint AS participations
        FROM (
            SELECT p.{column}, count(*) AS participations
            FROM people_participation pa
            JOIN people_person p ON p.id = pa.person_id
            JOIN activities_activity a ON a.id = pa.activity_id
            WHERE {where}
            GROUP BY p.id
        ) t
        GROUP BY GROUPING SETS ((t.{column}), ())"""


# --- 2. activities --------------------------------------------------------------------------------


def _activities_sql(group_by: str, country_id: int | None, operation_id: int | None) -> str:
    where = _activities_where(country_id, operation_id)
    if group_by == "kind":
        # One scan, rows and total by GROUPING SETS.
        return f"""
            SELECT GROUPING(a.kind) = 1 AS is_total, a.kind AS key, count(*) AS count
            FROM activities_activity a
            WHERE {where}
            GROUP BY GROUPING SETS ((a.kind), ())"""
    if group_by == "month":
        return f"""
            SELECT GROUPING(m.month) = 1 AS is_total, m.month AS key, count(*) AS count
            FROM (SELECT to_char(a.start_date, 'YYYY-MM') AS month
                  FROM activities_activity a
                  WHERE {where}) m
            GROUP BY GROUPING SETS ((m.month), ())"""
    # By country or pillar: the many-to-many joined once per activity (left: an activity without
    # any is the None group). A pair is unique in the join table, so count(*) per group counts
    # activities; the total counts the scoped activities themselves, read once through the CTE.
    through, column, table, key, label = {
        "country": ("activities_activity_countries", "country_id", "countries_country", "g.iso2", "g.name"),
        "pillar": (
            "activities_activity_pillars",
            "pillar_id",
            "activities_pillar",
            "g.number::text",
            "g.name",
        ),
    }[group_by]
    return f"""
        WITH scoped AS (
            SELECT a.id FROM activities_activity a WHERE {where}
        ),
        grouped AS (
            SELECT m.{column} AS id, count(*) AS count
            FROM scoped
            LEFT JOIN {through} m ON m.activity_id = scoped.id
            GROUP BY m.{column}
        )
        SELECT false AS is_total, {key} AS key, {label} AS label, grouped.count
        FROM grouped
        LEFT JOIN {table} g ON g.id = grouped.id
        UNION ALL
        SELECT true, NULL, NULL, count(*) FROM scoped"""


# --- 3. seizures ----------------------------------------------------------------------------------


def _seizures_sql(group_by: str, country_id: int | None, operation_id: int | None) -> str:
    """The scoped seizures aggregated in one (parallel) scan by substance, country or month, then
    the few groups named and rolled up with the totals by GROUPING SETS (grouping sets are never
    parallel: aggregating a million rows through them would keep the scan in one process). The
    month is truncated on a timestamp, cheaper per row than to_char, formatted once per group.
    Sums of sums are exact in numeric; round(numeric, 3) rounds half away from zero, which is the
    selector's ROUND_HALF_UP on masses that are positive, and the total is rounded from the
    unrounded sum, as the selector rounds it."""
    group, key, label, names = {
        "substance": ("s.substance_id", "n.id::text", "n.name", "operations_substance"),
        "country": ("s.country_id", "n.iso2", "n.name", "countries_country"),
        "month": ("date_trunc('month', s.date::timestamp)", "to_char(g.id, 'YYYY-MM')", "NULL::text", None),
    }[group_by]
    named = "" if names is None else f"\n            JOIN {names} n ON n.id = g.id"
    return f"""
        WITH grouped AS (
            SELECT {group} AS id,
                   count(*) AS count,
                   sum(s.mass_kg) AS kg,
                   count(*) FILTER (WHERE s.mass_kg IS NULL) AS without_mass,
                   sum(s.arrests) AS arrests
            FROM operations_seizure s
            WHERE {_seizures_where(country_id, operation_id)}
            GROUP BY 1
        )
        SELECT GROUPING(k.key) = 1 AS is_total,
               k.key,
               k.label,
               coalesce(sum(k.count), 0)::bigint AS count,
               round(coalesce(sum(k.kg), 0), 3) AS kg,
               coalesce(sum(k.without_mass), 0)::bigint AS without_mass,
               coalesce(sum(k.arrests), 0)::bigint AS arrests
        FROM (
            SELECT {key} AS key, {label} AS label, g.count, g.kg, g.without_mass, g.arrests
            FROM grouped g{named}
        ) k
        GROUP BY GROUPING SETS ((k.key, k.label), ())"""


# --- 4. operation results -------------------------------------------------------------------------


def _operations_sql(country_id: int | None, operation_id: int | None) -> str:
    """Operations whose activity is not archived (the page's operation; those the page's country
    took part in), each with its participating countries (the page's country only), its seizures
    not archived (made in the page's country) and the cases not archived linked to those seizures.

    The seizures are aggregated per operation without reference to the `ops` CTE, so that the scan
    runs in parallel (a CTE scan would keep it in the leader); the few operations whose activity is
    archived drop out at the join. The totals come from the same CTEs: distinct countries,
    kilograms rounded from the unrounded sum, distinct cases (a case may link seizures of several
    operations)."""
    ops_where = "a.archived_at IS NULL"
    participant_where = "oc.operation_id IN (SELECT id FROM ops)"
    seizure_where = "s.archived_at IS NULL AND s.operation_id IS NOT NULL"
    if operation_id is not None:
        ops_where += " AND o.activity_id = %(operation_id)s"
        seizure_where += " AND s.operation_id = %(operation_id)s"
    if country_id is not None:
        ops_where += """
              AND EXISTS (SELECT 1 FROM operations_operationcountry oc
                          WHERE oc.operation_id = o.activity_id AND oc.country_id = %(country_id)s)"""
        participant_where += " AND oc.country_id = %(country_id)s"
        seizure_where += " AND s.country_id = %(country_id)s"
    return f"""
        WITH ops AS (
            SELECT o.activity_id AS id, o.code_name
            FROM operations_operation o
            JOIN activities_activity a ON a.id = o.activity_id
            WHERE {ops_where}
        ),
        participants AS (
            SELECT oc.operation_id, c.iso2
            FROM operations_operationcountry oc
            JOIN countries_country c ON c.id = oc.country_id
            WHERE {participant_where}
        ),
        seized AS (
            SELECT s.operation_id,
                   count(*) AS seizures,
                   sum(s.mass_kg) AS kg,
                   count(*) FILTER (WHERE s.mass_kg IS NULL) AS without_mass,
                   sum(s.arrests) AS arrests
            FROM operations_seizure s
            WHERE {seizure_where}
            GROUP BY s.operation_id
        ),
        links AS (
            SELECT DISTINCT s.operation_id, cs.case_id
            FROM operations_case_seizures cs
            JOIN operations_seizure s ON s.id = cs.seizure_id
            JOIN operations_case k ON k.id = cs.case_id
            WHERE k.archived_at IS NULL AND {seizure_where} AND s.operation_id IN (SELECT id FROM ops)
        )
        SELECT false AS is_total, ops.id::text AS key, ops.code_name AS label,
               coalesce(p.countries, '{{}}') AS "row:countries",
               NULL::bigint AS "total:operations",
               NULL::bigint AS "total:countries",
               coalesce(sz.seizures, 0) AS seizures,
               round(coalesce(sz.kg, 0), 3) AS kg,
               coalesce(sz.without_mass, 0) AS without_mass,
               coalesce(sz.arrests, 0) AS arrests,
               coalesce(lc.cases, 0) AS cases
        FROM ops
        LEFT JOIN seized sz ON sz.operation_id = ops.id
        LEFT JOIN (SELECT operation_id, array_agg(iso2 ORDER BY iso2) AS countries
                   FROM participants GROUP BY operation_id) p ON p.operation_id = ops.id
        LEFT JOIN (SELECT operation_id, count(*) AS cases
                   FROM links GROUP BY operation_id) lc ON lc.operation_id = ops.id
        UNION ALL
        SELECT true, NULL, NULL, NULL,
               (SELECT count(*) FROM ops),
               (SELECT count(DISTINCT iso2) FROM participants),
               coalesce(sum(sz.seizures), 0),
               round(coalesce(sum(sz.kg), 0), 3),
               coalesce(sum(sz.without_mass), 0),
               coalesce(sum(sz.arrests), 0),
               (SELECT count(DISTINCT case_id) FROM links)
        FROM seized sz
        JOIN ops ON ops.id = sz.operation_id"""


# --- 5. the case funnel ---------------------------------------------------------------------------


def _funnel_sql(country_id: int | None, operation_id: int | None) -> str:
    """The scoped seizures, each at the furthest stage it reached (its follow-up's, or the furthest
    of the cases not archived linked to it: the cases' stages folded per seizure in one GROUP BY
    over the links), counted with a FILTER per stage; one pass over the scoped cases for the case
    totals; the funnel's four rows unfolded from those two one-row answers."""
    cases_where = "k.archived_at IS NULL"
    if country_id is not None:
        cases_where += """
              AND (k.lead_country_id = %(country_id)s
                   OR k.id IN (SELECT cc.case_id FROM operations_case_countries cc
                               WHERE cc.country_id = %(country_id)s))"""
    if operation_id is not None:
        # Through the operation's seizures that are not archived.
        cases_where += """
              AND k.id IN (SELECT cs.case_id
                           FROM operations_case_seizures cs
                           JOIN operations_seizure s ON s.id = cs.seizure_id
                           WHERE s.archived_at IS NULL AND s.operation_id = %(operation_id)s)"""
    stages = Case.Stage.values
    now_at = "".join(
        f""",
                   count(*) FILTER (WHERE k.stage = '{stage}') AS "by_stage.{stage}\""""
        for stage in stages
    )
    no_stage = "".join(f',\n               NULL::bigint AS "total:by_stage.{stage}"' for stage in stages)
    stage_totals = "".join(f',\n               cases."by_stage.{stage}"' for stage in stages)
    return f"""
        WITH cases AS (
            SELECT count(*) AS cases,
                   coalesce(sum(k.arrests), 0) AS arrests,
                   coalesce(sum(k.convictions), 0) AS convictions{now_at}
            FROM operations_case k
            WHERE {cases_where}
        ),
        case_reached AS (
            SELECT cs.seizure_id,
                   max(CASE WHEN k.stage = 'convicted' OR (k.stage = 'closed' AND k.convictions > 0) THEN 3
                            WHEN k.stage IN ('charged', 'trial', 'acquitted') THEN 2
                            ELSE 1 END) AS stage
            FROM operations_case_seizures cs
            JOIN operations_case k ON k.id = cs.case_id
            WHERE k.archived_at IS NULL
            GROUP BY cs.seizure_id
        ),
        seizures AS (
            SELECT count(*) AS seizures,
                   count(*) FILTER (WHERE reached.stage >= 1) AS investigation,
                   count(*) FILTER (WHERE reached.stage >= 2) AS prosecution,
                   count(*) FILTER (WHERE reached.stage >= 3) AS conviction
            FROM (SELECT greatest(CASE WHEN s.follow_up = 'prosecution' THEN 2
                                       WHEN s.follow_up IN ('investigation', 'controlled_delivery',
                                                            'international_request') THEN 1
                                       ELSE 0 END,
                                  coalesce(cr.stage, 0)) AS stage
                  FROM operations_seizure s
                  LEFT JOIN case_reached cr ON cr.seizure_id = s.id
                  WHERE {_seizures_where(country_id, operation_id)}) AS reached
        )
        SELECT false AS is_total, stage.key, stage.count AS "row:count",
               NULL::bigint AS "total:seizures",
               NULL::bigint AS "total:cases",
               NULL::bigint AS "total:arrests",
               NULL::bigint AS "total:convictions"{no_stage}
        FROM cases, seizures,
             LATERAL (VALUES ('seizure', seizures.seizures),
                             ('investigation', seizures.investigation),
                             ('prosecution', seizures.prosecution),
                             ('conviction', seizures.conviction)) AS stage (key, count)
        UNION ALL
        SELECT true, NULL, NULL,
               seizures.seizures,
               cases.cases,
               cases.arrests,
               cases.convictions{stage_totals}
        FROM cases, seizures"""


# --- the floors of a page and of the API ----------------------------------------------------------


def _floor(name: str, selector: str, group_by: str | None, params: dict) -> Floor:
    scope = (params.get("country_id"), params.get("operation_id"))
    keys = ()
    if selector in ("officials_trained_stats", "participant_stats"):
        sql = _people_sql(group_by, *scope, trained=selector == "officials_trained_stats")
        keys = Person.Gender.values if group_by == "gender" else Person.Category.values
    elif selector == "activity_stats":
        sql = _activities_sql(group_by, *scope)
        keys = Activity.Kind.values if group_by == "kind" else ()
    elif selector == "seizure_stats":
        sql = _seizures_sql(group_by, *scope)
    elif selector == "operation_results_stats":
        sql = _operations_sql(*scope)
    else:
        sql = _funnel_sql(*scope)
    return Floor(name, selector, group_by, sql, params, tuple(keys))


def floors(*, country_id: int | None = None, operation_id: int | None = None) -> list[Floor]:
    """The aggregates a dashboard page draws (`dashboards.selectors._dashboard_compute`), in that
    page's scope: the programme (no argument), a country page or an operation page.

    Eleven on a country page; twelve on the overview and an operation page, which also draw the
    seizures by country."""
    params = _params(country_id, operation_id)
    page = [
        _floor("activities by kind", "activity_stats", "kind", params),
        _floor("activities by month", "activity_stats", "month", params),
        _floor("activities by pillar", "activity_stats", "pillar", params),
        _floor("activities by country", "activity_stats", "country", params),
        _floor("officials trained by gender", "officials_trained_stats", "gender", params),
        _floor("officials trained by category", "officials_trained_stats", "category", params),
        _floor("people who took part", "participant_stats", "gender", params),
        _floor("seizures by substance", "seizure_stats", "substance", params),
        _floor("seizures by month", "seizure_stats", "month", params),
        _floor("operation results", "operation_results_stats", None, params),
        _floor("case funnel", "case_funnel_stats", None, params),
    ]
    if country_id is None:
        page.append(_floor("seizures by country", "seizure_stats", "country", params))
    return page


def stats_endpoint_floors() -> dict[str, Floor]:
    """One floor per /api/v1/stats/<name>/ endpoint, at its default group_by and without filters
    (`stats.api.views`, `stats.api.serializers`)."""
    return {
        "people": _floor("people who took part", "participant_stats", "gender", {}),
        "activities": _floor("activities by kind", "activity_stats", "kind", {}),
        "seizures": _floor("seizures by substance", "seizure_stats", "substance", {}),
        "operations": _floor("operation results", "operation_results_stats", None, {}),
        "cases": _floor("case funnel", "case_funnel_stats", None, {}),
    }


# --- the figures, compared ------------------------------------------------------------------------

_SELECTORS = {
    "officials_trained_stats": officials_trained_stats,
    "participant_stats": participant_stats,
    "activity_stats": activity_stats,
    "seizure_stats": seizure_stats,
    "operation_results_stats": operation_results_stats,
    "case_funnel_stats": case_funnel_stats,
}
# Not figures: names, translated labels, an operation's start date (the order of its row).
_NOT_FIGURES = {"key", "label", "start_date"}


def selector_stats(floor: Floor, *, user) -> Stats:
    """What the selector behind `floor` answers `user` in the floor's scope, with the filters the
    dashboard page passes (`dashboards.views._figures`)."""
    filters = StatsFilters(
        countries=(Country.objects.get(pk=floor.params["country_id"]),)
        if "country_id" in floor.params
        else (),
        operation=Operation.objects.get(pk=floor.params["operation_id"])
        if "operation_id" in floor.params
        else None,
    )
    selector = _SELECTORS[floor.selector]
    if floor.group_by is None:
        return selector(user=user, filters=filters)
    return selector(user=user, group_by=floor.group_by, filters=filters)


def _figure(value):
    if isinstance(value, Decimal):
        return value.quantize(KG_PLACES, rounding=ROUND_HALF_UP)
    if isinstance(value, tuple | list):
        return list(value)
    return value


def _flat(figures: dict, prefix: str = "") -> dict:
    flat = {}
    for name, value in figures.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = _figure(value)
    return flat


def selector_figures(stats: Stats) -> dict:
    """A selector's answer as plain figures: {"rows": {key: {figure: value}}, "totals": {figure:
    value}}, nested totals flattened (`by_stage.closed`), kilograms as Decimals to the gram, labels
    left out. For a principal who sees personal data: a suppressed count stays a `Suppressed`."""
    rows = {}
    for row in stats.results:
        if row["key"] in rows:
            raise ValueError(f"Two rows with the key {row['key']!r}")
        rows[row["key"]] = _flat({name: value for name, value in row.items() if name not in _NOT_FIGURES})
    return {"rows": rows, "totals": _flat(stats.totals)}


def floor_result(cursor, floor: Floor) -> dict:
    """Run `floor` on a psycopg2 cursor; its figures in the shape `selector_figures` gives."""
    cursor.execute(floor.sql, floor.params)
    names = [column[0] for column in cursor.description]
    row_figures = [name.removeprefix("row:") for name in names if ":" not in name or name.startswith("row:")]
    row_figures = [name for name in row_figures if name not in _NOT_FIGURES and name != "is_total"]
    rows, totals = {}, None
    for record in cursor.fetchall():
        values = dict(zip(names, record, strict=True))
        is_total = values.pop("is_total")
        key = values.pop("key")
        values.pop("label", None)
        figures = {}
        for name, value in values.items():
            part, _, figure = name.rpartition(":")
            if part in ("", "total" if is_total else "row"):
                figures[figure] = _figure(value)
        if is_total:
            if totals is not None:
                raise ValueError(f"{floor.name}: two rows of totals")
            totals = figures
        elif key in rows:
            raise ValueError(f"{floor.name}: two rows with the key {key!r}")
        else:
            rows[key] = figures
    for key in floor.keys:
        rows.setdefault(key, dict.fromkeys(row_figures, 0))
    return {"rows": rows, "totals": totals}
