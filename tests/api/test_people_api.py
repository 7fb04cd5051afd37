"""People and participations: personal data, for staff and keys with the personal-data scope only."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.services import api_key_create
from activities.models import Activity
from countries.models import Country
from people.models import Participation, Person

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
PARTICIPATIONS = "/api/v1/participations/"


def _key(**scopes) -> dict:
    _api_key, raw = api_key_create(
        name=f"test {sorted(scopes)}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        **scopes,
    )
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


@pytest.fixture
def login(client):
    def sign_in(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


def _walk(client, url: str, **headers) -> list[dict]:
    rows, seen = [], set()
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        for row in page["results"]:
            assert row["id"] not in seen, f"{row['id']} came twice"
            seen.add(row["id"])
            rows.append(row)
        url = page["next"]
    return rows


def _ids(rows) -> set[int]:
    return {row["id"] for row in rows}


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- who sees people -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mission-pe", "key without personal data"])
def test_people_are_invisible_without_the_personal_data_scope(client, who):
    if who == "mission-pe":
        client.force_login(User.objects.get(username="mission-pe"))
        headers = {}
    else:
        headers = _key(countries=[Country.objects.get(iso2="PE")])
    person = Person.objects.filter(country__iso2="PE").first()
    participation = Participation.objects.filter(person=person).first()
    missing = Person.objects.order_by("pk").last().pk + 1000

    detail = client.get(f"{PEOPLE}{person.pk}/", **headers)
    # Refused the same way whether the record exists or not: the answer confirms nothing.
    assert detail.status_code in (403, 404)
    assert client.get(f"{PEOPLE}{missing}/", **headers).status_code == detail.status_code
    assert person.last_name.encode() not in detail.content
    for url in (PEOPLE, PARTICIPATIONS, f"{PEOPLE}?format=csv", f"{PARTICIPATIONS}?format=csv"):
        response = client.get(url, **headers)
        assert response.status_code == 403 or response.json()["results"] == [], url
    assert client.get(f"{PARTICIPATIONS}{participation.pk}/", **headers).status_code in (403, 404)


@pytest.mark.parametrize("who", ["admin", "monitoring", "key with personal data"])
def test_staff_and_keys_with_the_scope_see_names(client, who):
    if who == "key with personal data":
        headers = _key(can_see_personal_data=True)
    else:
        client.force_login(User.objects.get(username=who))
        headers = {}
    person = Person.objects.order_by("pk").first()

    body = client.get(f"{PEOPLE}{person.pk}/", **headers).json()

    assert (body["first_name"], body["last_name"], body["email"]) == (
        person.first_name,
        person.last_name,
        person.email,
    )
    assert body["country"] == person.country.iso2
    rows = _walk(client, f"{PEOPLE}?page_size=500", **headers)
    assert _ids(rows) == _pks(Person.objects.filter(archived_at__isnull=True))
    first_participation = client.get(f"{PARTICIPATIONS}?page_size=1", **headers).json()["results"][0]
    assert "person" in first_participation


def test_a_key_scoped_to_peru_sees_peruvians_only(client):
    headers = _key(can_see_personal_data=True, countries=[Country.objects.get(iso2="PE")])
    rows = _walk(client, f"{PEOPLE}?page_size=7", **headers)
    assert _ids(rows) == _pks(Person.objects.filter(country__iso2="PE"))
    assert {row["country"] for row in _walk(client, PARTICIPATIONS, **headers)} == {"PE"}
    elsewhere = Person.objects.exclude(country__iso2="PE").first()
    assert client.get(f"{PEOPLE}{elsewhere.pk}/", **headers).status_code == 404


# --- filters and pagination ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=PE,CO", {"country__iso2__in": ["PE", "CO"]}),
        ("region=Western Africa", {"country__intermediate_region": "Western Africa"}),
        ("gender=female", {"gender": "female"}),
        (
            "professional_category=police&professional_category=customs",
            {"professional_category__in": ["police", "customs"]},
        ),
    ],
)
def test_people_filters_match_the_database(login, query, expected):
    rows = _walk(login("admin"), f"{PEOPLE}?page_size=500&{query}")
    in_database = Person.objects.filter(archived_at__isnull=True, **expected)
    assert in_database.exists()
    assert _ids(rows) == _pks(in_database)


def test_people_are_searched_by_name_and_email(login):
    client = login("admin")
    person = Person.objects.order_by("pk").first()
    assert person.pk in _ids(_walk(client, f"{PEOPLE}?search={person.last_name}"))
    assert _ids(_walk(client, f"{PEOPLE}?search={person.email}")) == {person.pk}
    agency_people = Person.objects.filter(agency=person.agency)
    assert _ids(_walk(client, f"{PEOPLE}?agency={person.agency_id}&page_size=500")) == _pks(agency_people)


def test_participation_filters_match_the_database(login):
    client = login("monitoring")
    training = Participation.objects.filter(activity__kind="training").first().activity
    assert _ids(_walk(client, f"{PARTICIPATIONS}?activity={training.pk}")) == _pks(
        training.participations.all()
    )
    person = Participation.objects.first().person
    assert _ids(_walk(client, f"{PARTICIPATIONS}?person={person.pk}")) == _pks(person.participations.all())
    workshops = Participation.objects.filter(activity__kind__in=["workshop", "meeting"])
    assert _ids(_walk(client, f"{PARTICIPATIONS}?activity_kind=workshop&activity_kind=meeting")) == _pks(
        workshops
    )
    peru = Participation.objects.filter(person__country__iso2="PE")
    assert _ids(_walk(client, f"{PARTICIPATIONS}?country=PE")) == _pks(peru)
    assert _walk(client, f"{PARTICIPATIONS}?role=trainer") == []
    in_2019 = Participation.objects.filter(
        activity__start_date__lte=datetime.date(2019, 12, 31),
        activity__end_date__gte=datetime.date(2019, 1, 1),
    )
    assert _ids(_walk(client, f"{PARTICIPATIONS}?date_from=2019-01-01&date_to=2019-12-31")) == _pks(in_2019)


def test_a_participation_shows_scores_and_knowledge_gain(login):
    participation = Participation.objects.exclude(pre_test_score=None).exclude(post_test_score=None).first()
    body = login("admin").get(f"{PARTICIPATIONS}{participation.pk}/").json()
    assert (body["person"], body["activity"], body["role"]) == (
        participation.person_id,
        participation.activity_id,
        participation.role,
    )
    assert Decimal(body["knowledge_gain"]) == participation.post_test_score - participation.pre_test_score
    assert body["days_attended"] == participation.days_attended and body["archived_at"] is None


@pytest.mark.parametrize("url", [PEOPLE, PARTICIPATIONS])
def test_the_cursor_walks_the_whole_list_once(login, url):
    model = Person if url == PEOPLE else Participation
    rows = _walk(login("admin"), f"{url}?page_size=17")
    assert len(rows) == model.objects.count() and _ids(rows) == _pks(model.objects.all())


def test_archiving_a_person_makes_tombstones_of_the_person_and_the_participations(login):
    client = login("officer")
    person = Participation.objects.first().person
    since = timezone.now().isoformat().replace("+00:00", "Z")

    assert client.delete(f"{PEOPLE}{person.pk}/").status_code == 204

    assert client.get(f"{PEOPLE}{person.pk}/").status_code == 404
    people = _walk(client, f"{PEOPLE}?modified_since={since}")
    assert [(row["id"], row["archived_at"] is not None) for row in people] == [(person.pk, True)]
    participations = _walk(client, f"{PARTICIPATIONS}?modified_since={since}")
    assert _ids(participations) == _pks(person.participations.all())
    assert all(row["archived_at"] for row in participations)
    assert not _ids(participations) & _ids(_walk(client, f"{PARTICIPATIONS}?page_size=500"))


# --- writes -----------------------------------------------------------------------------------------------


def test_a_person_and_a_participation_are_written_through_the_services(client):
    headers = _key(can_write=True, can_see_personal_data=True)
    person = client.post(
        PEOPLE,
        {
            "first_name": "  Ana ",
            "last_name": "Quispe",
            "email": "Ana.Quispe@Example.org",
            "country": "PE",
            "professional_category": "customs",
            "gender": "female",
        },
        content_type="application/json",
        **headers,
    )
    assert person.status_code == 201, person.content
    assert (person.json()["first_name"], person.json()["email"]) == ("Ana", "ana.quispe@example.org")

    activity = Activity.objects.filter(kind="training").exclude(countries__iso2="PE").first()
    participation = client.post(
        PARTICIPATIONS,
        {
            "person": person.json()["id"],
            "activity": activity.pk,
            "pre_test_score": "40",
            "post_test_score": "75.5",
        },
        content_type="application/json",
        **headers,
    )
    assert participation.status_code == 201, participation.content
    assert Decimal(participation.json()["knowledge_gain"]) == Decimal("35.5")
    # participation_save brings the person's country into the activity.
    assert activity.countries.filter(iso2="PE").exists()

    duplicate = client.post(
        PARTICIPATIONS,
        {"person": person.json()["id"], "activity": activity.pk},
        content_type="application/json",
        **headers,
    )
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "invalid"


def test_invalid_people_are_refused_naming_the_field(login):
    client = login("officer")
    response = client.post(
        PEOPLE,
        {"first_name": "A", "last_name": "B", "country": "PE", "professional_category": "astronaut"},
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"professional_category"}
    participation = Participation.objects.first()
    too_long = participation.activity.duration_days + 1
    response = client.patch(
        f"{PARTICIPATIONS}{participation.pk}/", {"days_attended": too_long}, content_type="application/json"
    )
    assert response.status_code == 400 and "days_attended" in response.json()["errors"]


def test_monitoring_reads_but_does_not_write(login):
    client = login("monitoring")
    person = Person.objects.first()
    assert client.get(f"{PEOPLE}{person.pk}/").status_code == 200
    assert (
        client.patch(f"{PEOPLE}{person.pk}/", {"notes": "x"}, content_type="application/json").status_code
        == 403
    )


# --- every list ---------------------------------------------------------------------------------------------


def _queries(client, url, **headers) -> int:
    client.get(url, **headers)  # the principal cached (accounts.principal_cache), as on every later request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize("query", ["", "modified_since=2000-01-01T00:00:00Z&"])
@pytest.mark.parametrize("url", [PEOPLE, PARTICIPATIONS])
def test_query_count_does_not_grow_with_the_page(client, url, query):
    headers = _key(can_see_personal_data=True, countries=[Country.objects.get(iso2="PE")])
    client.get(url, **headers)  # the key's first use records it: one more query, once
    assert _queries(client, f"{url}?{query}page_size=1", **headers) == _queries(
        client, f"{url}?{query}page_size=100", **headers
    )
    client.force_login(User.objects.get(username="admin"))
    assert _queries(client, f"{url}?{query}page_size=1") == _queries(client, f"{url}?{query}page_size=100")
