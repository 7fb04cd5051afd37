"""The bare floor of each API list (issue 21): the same JSON page as /api/v1/<list>/ gives the
benchmark's principal (an API key with programme-wide scope, personal data and restricted
clearance), from ONE hand-written SQL statement, no Django middleware, no DRF, no model instance.

`application` is a WSGI callable answering /floor/api/v1/<list>/ (benchmarks.wsgi mounts it in
the benchmark's gunicorn beside the application): it runs the list's statement through a
psycopg2 connection of its thread, builds the page's dicts in Python and writes them with
orjson. Each statement reads, in one go,

- the sync watermark (core.watermark's query: the start of the oldest open transaction, less
  SYNC_OVERLAP_SECONDS), and for a list paged by number its total count;
- the page in the list's default order (as its selector and pagination order it), with what the
  page shows of related records as ARRAY or json_agg subqueries, ordered as the API orders them.

A floor answers that one principal: it neither authenticates nor scopes beyond what that
principal sees (records not archived, nor of an archived activity or operation). `make bench`
checks each floor's body equal to the endpoint's before timing it (`page_equal`), and
tests/benchmarks/test_list_floors.py holds them to the demo data.

Columns of a statement: `_total` and `_watermark` (internal), `_empty` (true on the one row an
empty page gives), then the record's keys in order; a dotted alias (`activity.title`) is a key of
a nested object. Values are written as DRF writes them: dates and times in ISO 8601 (UTC as
`Z`), decimals as strings with the column's places.
"""

from __future__ import annotations

import base64
import datetime
import os
import threading
from dataclasses import dataclass
from decimal import Decimal
from urllib import parse

import orjson

PREFIX = "/floor"

# core.watermark's query, as a scalar: taken in the page's statement.
_WATERMARK = """(
    SELECT LEAST(clock_timestamp(), min(xact_start)) - make_interval(secs => %(overlap)s)
      FROM pg_stat_activity
     WHERE datname = current_database()
       AND pid <> pg_backend_pid()
       AND (backend_type = 'client backend' OR (backend_type IS NULL AND usesysid IS NOT NULL))
)"""


@dataclass(frozen=True)
class ListFloor:
    """A list's page as one statement. `cursor`: paged by id (DRF's cursor, `page_size + 1` rows
    read to know whether a next page exists, no count); otherwise by number (with the count)."""

    name: str
    sql: str
    cursor: bool = False


def _numbered(*, total: str, page: str, order: str) -> str:
    """A list paged by number: the count and the watermark on every row (one row, marked
    `_empty`, when the page is empty), the page's rows in `order`."""
    return f"""
        SELECT meta._total, meta._watermark, p.id IS NULL AS _empty, p.*
          FROM (SELECT ({total}) AS _total, {_WATERMARK} AS _watermark) meta
          LEFT JOIN LATERAL ({page}) p ON true
         ORDER BY {order}"""


def _by_cursor(page: str) -> str:
    """A list paged by id from `%(after)s` (0 on the first page), `%(limit)s` = page size + 1."""
    return f"""
        SELECT NULL::bigint AS _total, meta._watermark, p.id IS NULL AS _empty, p.*
          FROM (SELECT {_WATERMARK} AS _watermark) meta
          LEFT JOIN LATERAL ({page}) p ON true
         ORDER BY p.id"""


_COUNTRIES = """ARRAY(SELECT c.iso2 FROM {through} m JOIN countries_country c ON c.id = m.country_id
                    WHERE m.{owner} = {row} ORDER BY c.name, c.id)"""

_ACTIVITY_COUNTRIES = _COUNTRIES.format(
    through="activities_activity_countries", owner="activity_id", row="a.id"
)
_TRANSIT_COUNTRIES = _COUNTRIES.format(
    through="operations_seizure_transit_countries", owner="seizure_id", row="s.id"
)

_ORGANISATIONS = """ARRAY(SELECT o.id FROM {through} m
                    JOIN activities_organisation o ON o.id = m.organisation_id
                    WHERE m.activity_id = a.id ORDER BY o.name, o.id)"""

# An activity link is shown where both its activities are not archived; ordered as the API
# orders links (by the linking activity's start date, newest first, its title, the relation).
_LINKS = """coalesce((
            SELECT json_agg(json_build_object('relation', l.relation, 'activity', l.{other}_activity_id,
                                              'note', l.note)
                            ORDER BY f.start_date DESC, f.title, l.relation)
              FROM activities_activitylink l
              JOIN activities_activity f ON f.id = l.from_activity_id
              JOIN activities_activity t ON t.id = l.to_activity_id
             WHERE l.{own}_activity_id = a.id AND f.archived_at IS NULL AND t.archived_at IS NULL
        ), '[]')"""

PILLARS = ListFloor(
    "pillars",
    _numbered(
        total="SELECT count(*) FROM activities_pillar",
        page="""
            SELECT id, number, name, description, created_at, updated_at
              FROM activities_pillar
             ORDER BY number, id
             LIMIT %(limit)s OFFSET %(offset)s""",
        order="p.number, p.id",
    ),
)

ACTIVITIES = ListFloor(
    "activities",
    _numbered(
        total="SELECT count(*) FROM activities_activity WHERE archived_at IS NULL",
        page=f"""
            SELECT a.id, a.kind, a.title, a.status, a.start_date, a.end_date, a.venue,
                   hc.iso2 AS host_country, a.modality, a.scope,
                   {_ACTIVITY_COUNTRIES}
                       AS countries,
                   ARRAY(SELECT pi.number FROM activities_activity_pillars m
                           JOIN activities_pillar pi ON pi.id = m.pillar_id
                          WHERE m.activity_id = a.id ORDER BY pi.number) AS pillars,
                   ARRAY(SELECT s.code FROM activities_activity_sdg_targets m
                           JOIN activities_sdgtarget s ON s.id = m.sdgtarget_id
                          WHERE m.activity_id = a.id ORDER BY s.code) AS sdg_targets,
                   {_ORGANISATIONS.format(through="activities_activity_donors")} AS donors,
                   {_ORGANISATIONS.format(through="activities_activity_partners")} AS partners,
                   a.lead_office_id AS lead_office,
                   ARRAY(SELECT t.name FROM activities_activity_topics m
                           JOIN activities_topic t ON t.id = m.topic_id
                          WHERE m.activity_id = a.id ORDER BY t.name) AS topics,
                   a.description, a.outcomes, a.reported_participants, a.source_url, a.is_synthetic,
                   {_LINKS.format(own="from", other="to")} AS links_out,
                   {_LINKS.format(own="to", other="from")} AS links_in,
                   a.archived_at, a.created_at, a.updated_at
              FROM (SELECT id FROM activities_activity WHERE archived_at IS NULL
                     ORDER BY start_date DESC, id LIMIT %(limit)s OFFSET %(offset)s) page
              JOIN activities_activity a ON a.id = page.id
              LEFT JOIN countries_country hc ON hc.id = a.host_country_id""",
        order="p.start_date DESC, p.id",
    ),
)

# Distinct people who took part in the activity (any role), of people not archived.
_PEOPLE_AT = """(SELECT count(DISTINCT pa.person_id) FROM people_participation pa
                   JOIN people_person pe ON pe.id = pa.person_id
                  WHERE pa.activity_id = a.id AND pe.archived_at IS NULL{women})"""

TRAININGS = ListFloor(
    "trainings",
    _numbered(
        total="""SELECT count(*) FROM trainings_trainingdetail d
                   JOIN activities_activity a ON a.id = d.activity_id WHERE a.archived_at IS NULL""",
        page=f"""
            SELECT a.id,
                   a.title AS "activity.title", a.status AS "activity.status",
                   a.start_date AS "activity.start_date", a.end_date AS "activity.end_date",
                   a.venue AS "activity.venue", hc.iso2 AS "activity.host_country",
                   {_ACTIVITY_COUNTRIES}
                       AS "activity.countries",
                   a.modality AS "activity.modality", a.scope AS "activity.scope",
                   a.description AS "activity.description",
                   d.level, d.target_audience, d.hours, d.evaluation_score, d.evaluation_summary,
                   coalesce((SELECT json_agg(json_build_object('order', mo."order", 'title', mo.title,
                                                               'hours', mo.hours::text)
                                             ORDER BY mo."order", mo.id)
                               FROM trainings_trainingmodule mo WHERE mo.training_id = a.id), '[]')
                       AS modules,
                   {_PEOPLE_AT.format(women="")} AS participants,
                   {_PEOPLE_AT.format(women=" AND pe.gender = 'female'")} AS women,
                   a.archived_at, d.created_at, d.updated_at
              FROM (SELECT a.id, a.start_date FROM trainings_trainingdetail d
                      JOIN activities_activity a ON a.id = d.activity_id
                     WHERE a.archived_at IS NULL
                     ORDER BY a.start_date DESC, a.id LIMIT %(limit)s OFFSET %(offset)s) page
              JOIN trainings_trainingdetail d ON d.activity_id = page.id
              JOIN activities_activity a ON a.id = d.activity_id
              LEFT JOIN countries_country hc ON hc.id = a.host_country_id""",
        order='p."activity.start_date" DESC, p.id',
    ),
)

OPERATIONS = ListFloor(
    "operations",
    _numbered(
        total="""SELECT count(*) FROM operations_operation o
                   JOIN activities_activity a ON a.id = o.activity_id WHERE a.archived_at IS NULL""",
        page="""
            SELECT o.activity_id AS id, o.code_name,
                   a.id AS "activity.id", a.title AS "activity.title", a.status AS "activity.status",
                   a.start_date AS "activity.start_date", a.end_date AS "activity.end_date",
                   a.venue AS "activity.venue", hc.iso2 AS "activity.host_country",
                   a.modality AS "activity.modality", a.scope AS "activity.scope",
                   a.archived_at AS "activity.archived_at",
                   o.target, o.coordinating_office_id AS coordinating_office, o.equipment_provided,
                   o.follow_up, o.sensitivity, o.restricted_until,
                   coalesce((SELECT json_agg(json_build_object('number', ph.number, 'name', ph.name,
                                                               'start_date', ph.start_date,
                                                               'end_date', ph.end_date)
                                             ORDER BY ph.number, ph.id)
                               FROM operations_operationphase ph WHERE ph.operation_id = o.activity_id),
                            '[]') AS phases,
                   coalesce((SELECT json_agg(json_build_object('country', c.iso2, 'country_name', c.name,
                                                               'coordinating_agency',
                                                               oc.coordinating_agency_id,
                                                               'coordinating_agency_name', ag.name)
                                             ORDER BY c.name, oc.id)
                               FROM operations_operationcountry oc
                               JOIN countries_country c ON c.id = oc.country_id
                               LEFT JOIN countries_agency ag ON ag.id = oc.coordinating_agency_id
                              WHERE oc.operation_id = o.activity_id), '[]') AS participants,
                   coalesce(f.seizure_count, 0) AS seizure_count,
                   coalesce(f.seizure_kg, 0)::numeric(20, 6) AS seizure_kg,
                   coalesce(f.arrests, 0) AS arrests,
                   a.archived_at, o.created_at, o.updated_at
              FROM (SELECT o.activity_id AS id FROM operations_operation o
                      JOIN activities_activity a ON a.id = o.activity_id
                     WHERE a.archived_at IS NULL
                     ORDER BY o.activity_id LIMIT %(limit)s OFFSET %(offset)s) page
              JOIN operations_operation o ON o.activity_id = page.id
              JOIN activities_activity a ON a.id = o.activity_id
              LEFT JOIN countries_country hc ON hc.id = a.host_country_id
              LEFT JOIN LATERAL (
                  SELECT sum(r.seizure_count) AS seizure_count, sum(r.seizure_kg) AS seizure_kg,
                         sum(r.arrests) AS arrests
                    FROM operations_operationfigures r WHERE r.operation_id = o.activity_id
              ) f ON true""",
        order="p.id",
    ),
)

CASES = ListFloor(
    "cases",
    _numbered(
        total="SELECT count(*) FROM operations_case WHERE archived_at IS NULL",
        page=f"""
            SELECT k.id, k.reference, k.title, k.stage, k.opened_on, k.closed_on,
                   lc.iso2 AS lead_country,
                   {_COUNTRIES.format(through="operations_case_countries", owner="case_id", row="k.id")}
                       AS countries,
                   k.lead_agency_id AS lead_agency,
                   ARRAY(SELECT s.id FROM operations_case_seizures m
                           JOIN operations_seizure s ON s.id = m.seizure_id
                           LEFT JOIN activities_activity oa ON oa.id = s.operation_id
                          WHERE m.case_id = k.id AND s.archived_at IS NULL AND oa.archived_at IS NULL
                          ORDER BY s.date DESC, s.reference, s.id) AS seizures,
                   ARRAY(SELECT pa.id FROM operations_case_presented_at m
                           JOIN activities_activity pa ON pa.id = m.activity_id
                          WHERE m.case_id = k.id AND pa.archived_at IS NULL
                          ORDER BY pa.start_date DESC, pa.title, pa.id) AS presented_at,
                   k.used_controlled_delivery, k.used_mutual_legal_assistance,
                   k.used_joint_investigation_team, k.arrests, k.convictions, k.assets_seized_usd,
                   k.assets_description, k.summary, k.sensitivity, k.restricted_until, k.is_synthetic,
                   k.archived_at, k.created_at, k.updated_at
              FROM (SELECT id FROM operations_case WHERE archived_at IS NULL
                     ORDER BY id LIMIT %(limit)s OFFSET %(offset)s) page
              JOIN operations_case k ON k.id = page.id
              JOIN countries_country lc ON lc.id = k.lead_country_id""",
        order="p.id",
    ),
)

EQUIPMENT_HANDOVERS = ListFloor(
    "equipment-handovers",
    _numbered(
        total="SELECT count(*) FROM operations_equipmenthandover",
        page="""
            SELECT h.id, h.date, c.iso2 AS country, h.recipient_agency_id AS recipient_agency,
                   ag.name AS recipient_agency_name, h.activity_id AS activity,
                   h.operation_id AS operation, h.donor_id AS donor,
                   coalesce((SELECT json_agg(json_build_object('id', i.id, 'item', i.item,
                                                               'quantity', i.quantity)
                                             ORDER BY i.item, i.id)
                               FROM operations_equipmentitem i WHERE i.handover_id = h.id), '[]') AS items,
                   h.notes, h.is_synthetic, h.created_at, h.updated_at
              FROM (SELECT id FROM operations_equipmenthandover
                     ORDER BY id LIMIT %(limit)s OFFSET %(offset)s) page
              JOIN operations_equipmenthandover h ON h.id = page.id
              JOIN countries_country c ON c.id = h.country_id
              JOIN countries_agency ag ON ag.id = h.recipient_agency_id""",
        order="p.id",
    ),
)

PEOPLE = ListFloor(
    "people",
    _by_cursor("""
        SELECT pe.id, pe.first_name, pe.last_name, pe.gender, c.iso2 AS country,
               pe.agency_id AS agency, pe.organisation_id AS organisation, pe.professional_category,
               pe.job_title, pe.email, pe.phone, pe.notes, pe.is_synthetic, pe.archived_at,
               pe.created_at, pe.updated_at
          FROM (SELECT id FROM people_person WHERE archived_at IS NULL AND id > %(after)s
                 ORDER BY id LIMIT %(limit)s) page
          JOIN people_person pe ON pe.id = page.id
          JOIN countries_country c ON c.id = pe.country_id"""),
    cursor=True,
)

PARTICIPATIONS = ListFloor(
    "participations",
    _by_cursor("""
        SELECT pa.id, pa.person_id AS person, pa.activity_id AS activity, c.iso2 AS country,
               pa.role, pa.days_attended, pa.pre_test_score, pa.post_test_score,
               (pa.post_test_score - pa.pre_test_score)::numeric(6, 2) AS knowledge_gain,
               pa.completed, pa.is_synthetic, LEAST(pe.archived_at, a.archived_at) AS archived_at,
               pa.created_at, pa.updated_at
          FROM (SELECT pa.id FROM people_participation pa
                  JOIN people_person pe ON pe.id = pa.person_id
                  JOIN activities_activity a ON a.id = pa.activity_id
                 WHERE pe.archived_at IS NULL AND a.archived_at IS NULL AND pa.id > %(after)s
                 ORDER BY pa.id LIMIT %(limit)s) page
          JOIN people_participation pa ON pa.id = page.id
          JOIN people_person pe ON pe.id = pa.person_id
          JOIN activities_activity a ON a.id = pa.activity_id
          JOIN countries_country c ON c.id = pe.country_id"""),
    cursor=True,
)

SEIZURES = ListFloor(
    "seizures",
    _by_cursor(f"""
        SELECT s.id, s.reference, s.date, c.iso2 AS country, s.place, s.location,
               s.substance_id AS substance, su.name AS substance_name, sc.name AS substance_category,
               s.operation_id AS operation, s.quantity, s.unit, s.mass_kg, s.mass_status,
               s.conveyance, s.detection, oc.iso2 AS origin_country,
               {_TRANSIT_COUNTRIES}
                   AS transit_countries,
               dc.iso2 AS destination_country, s.arrests, s.follow_up, s.follow_up_notes, s.notes,
               s.sensitivity, s.restricted_until, s.is_synthetic, s.archived_at, s.created_at,
               s.updated_at
          FROM (SELECT s.id FROM operations_seizure s
                  LEFT JOIN activities_activity oa ON oa.id = s.operation_id
                 WHERE s.archived_at IS NULL AND oa.archived_at IS NULL AND s.id > %(after)s
                 ORDER BY s.id LIMIT %(limit)s) page
          JOIN operations_seizure s ON s.id = page.id
          JOIN countries_country c ON c.id = s.country_id
          JOIN operations_substance su ON su.id = s.substance_id
          JOIN operations_substancecategory sc ON sc.id = su.category_id
          LEFT JOIN countries_country oc ON oc.id = s.origin_country_id
          LEFT JOIN countries_country dc ON dc.id = s.destination_country_id"""),
    cursor=True,
)

FLOORS = {
    floor.name: floor
    for floor in (
        PILLARS,
        ACTIVITIES,
        TRAININGS,
        OPERATIONS,
        PEOPLE,
        PARTICIPATIONS,
        SEIZURES,
        CASES,
        EQUIPMENT_HANDOVERS,
    )
}

PAGE_SIZE, MAX_PAGE_SIZE = 50, 500  # core.api.pagination's


# --- the page -----------------------------------------------------------------------------------


def _time_text(moment: datetime.datetime) -> str:
    # DRF's DateTimeField and core.api.pagination's watermark: UTC, `Z`.
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _value(value):
    if isinstance(value, datetime.datetime):
        return _time_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _record(names: list[str], row: tuple) -> dict:
    record: dict = {}
    for name, value in zip(names, row, strict=True):
        *path, key = name.split(".")
        target = record
        for part in path:
            target = target.setdefault(part, {})
        target[key] = _value(value)
    return record


def _with_query(url: str, key: str, value) -> str:
    # DRF's replace_query_param: the parameter set, the query's parameters sorted.
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    params = parse.parse_qs(query, keep_blank_values=True)
    params[key] = [str(value)]
    query = parse.urlencode(sorted(params.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


def _with_cursor(url: str, tokens: dict) -> str:
    encoded = base64.b64encode(parse.urlencode(tokens).encode("ascii")).decode("ascii")
    return _with_query(url, "cursor", encoded)


def _without_query(url: str, key: str) -> str:
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    params = parse.parse_qs(query, keep_blank_values=True)
    params.pop(key, None)
    query = parse.urlencode(sorted(params.items()), doseq=True)
    return parse.urlunsplit((scheme, netloc, path, query, fragment))


class BadRequest(ValueError):
    pass


def _positive(params: dict, name: str, default: int) -> int:
    text = params.get(name, [str(default)])[0]
    if not text.isdigit() or int(text) < 1:
        raise BadRequest(name)
    return int(text)


def page(cursor, floor: ListFloor, *, url: str, query: str) -> tuple[dict, str]:
    """The list's page as the API answers it at `url` (absolute, its query `query`): the body and
    the watermark's text. `cursor`: a psycopg2 cursor of a connection in UTC."""
    from django.conf import settings

    params = parse.parse_qs(query)
    size = min(_positive(params, "page_size", PAGE_SIZE), MAX_PAGE_SIZE)
    arguments = {"overlap": settings.SYNC_OVERLAP_SECONDS}
    if floor.cursor:
        after = 0
        if "cursor" in params:
            tokens = parse.parse_qs(base64.b64decode(params["cursor"][0].encode("ascii")).decode("ascii"))
            if "p" not in tokens or not tokens["p"][0].isdigit() or "r" in tokens or "o" in tokens:
                raise BadRequest("cursor")  # forward pages from a position only
            after = int(tokens["p"][0])
        arguments |= {"after": after, "limit": size + 1}
    else:
        number = _positive(params, "page", 1)
        arguments |= {"limit": size, "offset": (number - 1) * size}
    cursor.execute(floor.sql, arguments)
    rows = cursor.fetchall()
    names = [column.name for column in cursor.description][3:]
    total, watermark = rows[0][0], _time_text(rows[0][1])
    results = [_record(names, row[3:]) for row in rows if not row[2]]
    if floor.cursor:
        # DRF's CursorPagination going forward by a unique id: the next page after the page's
        # last id; the previous one (reversed) before its first, from the second page on.
        following = previous = None
        if len(results) > size:
            results = results[:size]
            following = _with_cursor(url, {"p": str(results[-1]["id"]), "w": watermark})
        if "cursor" in params:
            first = results[0]["id"] if results else after
            previous = _with_cursor(url, {"r": "1", "p": str(first), "w": watermark})
        body = {"next": following, "previous": previous, "results": results}
    else:
        if number > 1 and not results:
            raise LookupError("page")
        pages = max(1, -(-total // size))
        following = _with_query(url, "page", number + 1) if number < pages else None
        if number <= 1:
            previous = None
        elif number == 2:
            previous = _without_query(url, "page")
        else:
            previous = _with_query(url, "page", number - 1)
        body = {"count": total, "next": following, "previous": previous, "results": results}
    body["sync_watermark"] = watermark
    return body, watermark


# --- the WSGI application -----------------------------------------------------------------------

_local = threading.local()


def _connection():
    connection = getattr(_local, "connection", None)
    if connection is None or connection.closed:
        import psycopg2

        connection = psycopg2.connect(os.environ["DATABASE_URL"])
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
        _local.connection = connection
    return connection


def application(environ, start_response):
    """/floor/api/v1/<list>/: the list's page, as the API's body."""
    path = environ.get("PATH_INFO", "")
    name = path.removeprefix(f"{PREFIX}/api/v1/").strip("/")
    floor = FLOORS.get(name)
    if floor is None or environ.get("REQUEST_METHOD") != "GET":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such floor"]
    query = environ.get("QUERY_STRING", "")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    # The API's own address in the links: the floor's body is the endpoint's.
    url = f"{environ.get('wsgi.url_scheme', 'http')}://{host}{path.removeprefix(PREFIX)}"
    url = f"{url}?{query}" if query else url
    try:
        with _connection().cursor() as cursor:
            body, watermark = page(cursor, floor, url=url, query=query)
    except BadRequest as error:
        start_response("400 Bad Request", [("Content-Type", "application/json")])
        return [orjson.dumps({str(error): ["Invalid value."]})]
    except LookupError:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [orjson.dumps({"detail": "Invalid page."})]
    content = orjson.dumps(body)
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(content))),
            ("X-Sync-Watermark", watermark),
        ],
    )
    return [content]


# --- the check ----------------------------------------------------------------------------------


def normalised(body: dict) -> dict:
    """A page without what differs from one request to the next: the watermark (taken per
    request, in `sync_watermark` and in a cursor's `w`) and the links' scheme and host."""
    found = {key: value for key, value in body.items() if key != "sync_watermark"}
    for key in ("next", "previous"):
        if found.get(key):
            _scheme, _netloc, path, query, _fragment = parse.urlsplit(found[key])
            params = parse.parse_qs(query, keep_blank_values=True)
            if "cursor" in params:
                tokens = parse.parse_qs(base64.b64decode(params["cursor"][0].encode("ascii")).decode("ascii"))
                tokens.pop("w", None)
                params["cursor"] = [sorted(tokens.items())]
            found[key] = (path, sorted(params.items()))
    return found


def page_equal(ours: dict, floor: dict) -> bool:
    return normalised(ours) == normalised(floor)
