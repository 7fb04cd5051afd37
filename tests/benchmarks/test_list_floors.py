"""The lists' bare floors (benchmarks.list_floors) give the API's page: the same body as
/api/v1/<list>/ answers the benchmark's principal (an API key with programme-wide scope, personal
data and restricted clearance), from their SQL run on the test database, on the demo data and on
what the demo lacks (archived records, links, scores, transit countries)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from accounts.services import api_key_create
from activities.models import Activity, ActivityLink
from benchmarks import list_floors
from benchmarks.list_floors import FLOORS, normalised, page, page_equal
from benchmarks.naive import MODELS
from countries.models import Country
from operations.models import Seizure
from people.models import Person
from tests.factories import ActivityFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    """A client signed with the benchmark's kind of key."""
    _api_key, raw = api_key_create(
        name="benchmark",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_see_personal_data=True,
        can_see_restricted=True,
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {raw}"
    return client


def _ours(api, name: str, query: str) -> dict:
    response = api.get(f"/api/v1/{name}/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _floor(name: str, query: str) -> dict:
    with connection.cursor() as cursor:
        body, watermark = page(
            cursor, FLOORS[name], url=f"http://testserver/api/v1/{name}/?{query}", query=query
        )
    assert body["sync_watermark"] == watermark
    # As written on the wire.
    return json.loads(json.dumps(body))


def _assert_same_page(api, name: str, query: str) -> dict:
    ours, floor = _ours(api, name, query), _floor(name, query)
    assert normalised(floor) == normalised(ours), (name, query)
    assert page_equal(ours, floor)
    return ours


def test_every_list_of_the_benchmark_has_a_floor():
    assert set(FLOORS) == set(MODELS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_list_floor_gives_the_endpoints_first_page(api, name):
    ours = _assert_same_page(api, name, "page_size=50")
    assert ours["results"], "the demo has records in every list"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_list_floor_gives_the_endpoints_next_pages(api, name):
    first = _assert_same_page(api, name, "page_size=1")
    assert first["next"], "the demo has more than one record in every list"
    query = first["next"].split("?", 1)[1]
    second = _assert_same_page(api, name, query)
    assert {row["id"] for row in second["results"]}.isdisjoint(row["id"] for row in first["results"])


def test_a_floor_leaves_out_what_the_endpoint_leaves_out(api, azure):
    now = timezone.now()
    peru, colombia = Country.objects.get(iso2="PE"), Country.objects.get(iso2="CO")
    # An archived activity with its participation and its links; a link to a live one shown.
    kept, gone = ActivityFactory(host_country=peru), ActivityFactory(host_country=peru)
    ActivityLink.objects.create(from_activity=kept, to_activity=azure.activity, relation="followed_by")
    ActivityLink.objects.create(from_activity=gone, to_activity=kept, relation="followed_by")
    ParticipationFactory(activity=gone)
    Activity.objects.filter(pk=gone.pk).update(archived_at=now)
    # An archived person; scores (the knowledge gain); a seizure through two countries.
    person = PersonFactory(country=peru)
    ParticipationFactory(person=PersonFactory(country=peru), activity=kept)
    ParticipationFactory(
        person=person, activity=kept, pre_test_score=Decimal("41.50"), post_test_score=Decimal("80")
    )
    Person.objects.filter(pk=person.pk).update(archived_at=now)
    ParticipationFactory(activity=kept, pre_test_score=Decimal("50"), post_test_score=Decimal("72.25"))
    seizure = Seizure.objects.filter(archived_at__isnull=True).order_by("id").first()
    seizure.transit_countries.set([peru, colombia])
    Seizure.objects.filter(pk=Seizure.objects.order_by("id")[1].pk).update(archived_at=now)

    for name in FLOORS:
        _assert_same_page(api, name, "page_size=500")
    activities = {row["id"]: row for row in _floor("activities", "page_size=500")["results"]}
    assert gone.pk not in activities
    assert activities[kept.pk]["links_in"] == []
    assert [link["activity"] for link in activities[kept.pk]["links_out"]] == [azure.pk]
    gains = {row["knowledge_gain"] for row in _floor("participations", "page_size=500")["results"]}
    assert "22.25" in gains
    assert "38.50" not in gains  # the archived person's
    seizures = {row["id"]: row for row in _floor("seizures", "page_size=500")["results"]}
    assert seizures[seizure.pk]["transit_countries"] == ["CO", "PE"]


def test_the_floor_is_served_without_django(api, monkeypatch):
    # The WSGI callable itself, on the test database's connection (its transaction).
    connection.ensure_connection()
    monkeypatch.setattr(list_floors, "_connection", lambda: connection.connection)
    answers = {}

    def start_response(status, headers):
        answers["status"], answers["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/floor/api/v1/people/",
        "QUERY_STRING": "page_size=5",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
    }
    body = json.loads(b"".join(list_floors.application(environ, start_response)))
    assert answers["status"] == "200 OK"
    assert answers["headers"]["X-Sync-Watermark"] == body["sync_watermark"]
    assert answers["headers"]["Content-Type"] == "application/json"
    assert page_equal(_ours(api, "people", "page_size=5"), body)
    # The links are the API's, not the floor's.
    assert body["next"].startswith("http://testserver/api/v1/people/?cursor=")

    for path, query, status in [
        ("/floor/api/v1/nothing/", "", "404 Not Found"),
        ("/floor/api/v1/pillars/", "page_size=zero", "400 Bad Request"),
        ("/floor/api/v1/pillars/", "page=9", "404 Not Found"),
    ]:
        list_floors.application({**environ, "PATH_INFO": path, "QUERY_STRING": query}, start_response)
        assert answers["status"] == status, (path, query)


def test_pages_that_differ_are_told_apart():
    ours = {"count": 1, "next": None, "previous": None, "results": [{"id": 1}], "sync_watermark": "a"}
    assert page_equal(ours, {**ours, "sync_watermark": "b"})
    assert not page_equal(ours, {**ours, "results": [{"id": 2}]})
    assert not page_equal(ours, {**ours, "count": 2})
