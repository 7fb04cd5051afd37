"""The deletions feed: every record deleted for good reaches the clients that could see it, by any
path (the API, a cascade, an import undone), and no one else; archiving is not a deletion."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_key_create
from activities.models import Activity
from core.access import rule_for
from core.api.views import ProgrammeViewSet
from core.archive import record_archive, record_hard_delete
from countries.models import Country
from crimjust.api import router
from imports.services import import_job_create, import_job_undo
from operations.models import Operation, Seizure
from people.models import Participation, Person
from sync.models import Deletion
from sync.records import SYNCED_RECORDS
from tests import factories
from tests.imports.conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, csv_bytes, person_row, seizure_row

pytestmark = pytest.mark.django_db

DELETIONS = "/api/v1/deletions/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def since():
    return (timezone.now() - datetime.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")


def client_of(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def key_client(*, countries=(), personal=False, restricted=False) -> APIClient:
    _key, raw = api_key_create(
        name=f"sync test key {countries} {personal} {restricted}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_see_personal_data=personal,
        can_see_restricted=restricted,
        countries=[Country.objects.get(iso2=code) for code in countries],
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def feed(client: APIClient, **params) -> set[tuple[str, int]]:
    """Every deletion the client is told of, page after page."""
    found, url = set(), DELETIONS
    while url:
        response = client.get(url, params if url == DELETIONS else None)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        found |= {(row["type"], row["id"]) for row in body["results"]}
        url = body["next"]
    return found


@pytest.fixture
def admin():
    return User.objects.get(username="admin")


@pytest.fixture
def peruvian_participation():
    peru = Country.objects.get(iso2="PE")
    activity = factories.ActivityFactory(host_country=peru, countries=[peru])
    person = factories.PersonFactory(country=peru)
    return factories.ParticipationFactory(person=person, activity=activity)


def test_a_participation_deleted_for_good_reaches_whoever_could_see_it(admin, peruvian_participation, since):
    participation_id = peruvian_participation.pk
    response = client_of(admin).delete(f"/api/v1/participations/{participation_id}/")
    assert response.status_code == 204
    assert not Participation.objects.filter(pk=participation_id).exists()

    gone = ("participation", participation_id)
    assert gone in feed(client_of(admin), modified_since=since)
    assert gone in feed(key_client(countries=["PE"], personal=True), modified_since=since)
    # Out of the key's countries; no personal data for the mission and a key without the scope.
    assert gone not in feed(key_client(countries=["CO"], personal=True), modified_since=since)
    assert gone not in feed(client_of(User.objects.get(username="mission-pe")), modified_since=since)
    assert gone not in feed(key_client(), modified_since=since)


def test_the_rows_of_an_undone_import_reach_the_feed(admin, since):
    peru = Country.objects.get(iso2="PE")
    activity = factories.ActivityFactory(host_country=peru, countries=[peru])
    attendance = import_job_create(
        principal=admin,
        kind="attendance",
        file_name="attendance.csv",
        data=csv_bytes(
            ATTENDANCE_HEADER, [person_row(email="a@example.org"), person_row(email="b@example.org")]
        ),
        activity_id=activity.pk,
        dry_run=False,
    )
    seizures = import_job_create(
        principal=admin,
        kind="seizures",
        file_name="seizures.csv",
        data=csv_bytes(
            SEIZURE_HEADER, [seizure_row(reference="SYNC-U-1"), seizure_row(reference="SYNC-U-2")]
        ),
        dry_run=False,
    )
    people = set(
        Person.objects.filter(email__in=["a@example.org", "b@example.org"]).values_list("pk", flat=True)
    )
    participations = set(Participation.objects.filter(person__in=people).values_list("pk", flat=True))
    seizure_ids = set(Seizure.objects.filter(reference__startswith="SYNC-U-").values_list("pk", flat=True))
    assert len(people) == 2 and len(participations) == 2 and len(seizure_ids) == 2

    import_job_undo(job=attendance, user=admin)
    import_job_undo(job=seizures, user=admin)

    undone = (
        {("person", pk) for pk in people}
        | {("participation", pk) for pk in participations}
        | {("seizure", pk) for pk in seizure_ids}
    )
    assert undone <= feed(client_of(admin), modified_since=since)
    assert undone <= feed(key_client(countries=["PE"], personal=True), modified_since=since)
    assert not undone & feed(key_client(countries=["CO"], personal=True), modified_since=since)
    # A key without personal data is told of the seizures only.
    assert feed(key_client(), modified_since=since) & undone == {("seizure", pk) for pk in seizure_ids}


def test_a_cascade_keeps_the_scope_of_what_it_takes_along(admin, since):
    """Django deletes an activity's country links and its operation before the activity: the
    deletions still know the activity's countries and its operation's restriction."""
    peru, panama = Country.objects.get(iso2="PE"), Country.objects.get(iso2="PA")
    training = factories.TrainingDetailFactory(host_country=panama, countries=[peru])
    operation = factories.OperationFactory(participants=[(peru, None)])
    Operation.objects.filter(pk=operation.pk).update(sensitivity="restricted")
    training_id, operation_id = training.pk, operation.pk
    record_hard_delete(record=training.activity, user=admin, reason="Entered twice")
    record_hard_delete(record=operation.activity, user=admin, reason="Entered twice")

    everything = feed(client_of(admin), modified_since=since)
    assert {("activity", training_id), ("training", training_id)} <= everything
    assert {("activity", operation_id), ("operation", operation_id)} <= everything
    mission = feed(client_of(User.objects.get(username="mission-pe")), modified_since=since)
    assert {("activity", training_id), ("training", training_id)} <= mission
    # Withheld from those without clearance, as the restricted operation was, and its activity.
    assert not {("activity", operation_id), ("operation", operation_id)} & mission
    cleared = feed(key_client(countries=["PE"], restricted=True), modified_since=since)
    assert {("activity", operation_id), ("operation", operation_id)} <= cleared
    assert not {("activity", training_id)} & feed(key_client(countries=["CO"]), modified_since=since)


def test_a_restricted_seizure_is_told_only_to_those_cleared(admin, since):
    seizure = factories.SeizureFactory(country=Country.objects.get(iso2="PE"))
    Seizure.objects.filter(pk=seizure.pk).update(
        sensitivity="restricted", restricted_until=datetime.date.today() + datetime.timedelta(days=30)
    )
    seizure.refresh_from_db()
    gone = ("seizure", seizure.pk)
    record_hard_delete(record=seizure, user=admin, reason="Entered twice")
    assert gone in feed(key_client(restricted=True), modified_since=since)
    assert gone not in feed(key_client(), modified_since=since)
    deletion = Deletion.objects.get(type="seizure", record_id=gone[1])
    assert deletion.restricted and deletion.restricted_until == seizure.restricted_until
    assert deletion.country_ids == [seizure.country_id]


def test_archiving_is_not_a_deletion(admin, since):
    seizure = factories.SeizureFactory()
    record_archive(record=seizure, user=admin)
    assert ("seizure", seizure.pk) not in feed(client_of(admin), modified_since=since)
    assert Seizure.objects.filter(pk=seizure.pk).exists()


def test_type_narrows_the_feed_and_an_unknown_type_is_refused(admin, since):
    organisation = factories.OrganisationFactory()
    pillar = factories.PillarFactory()
    gone = {("organisation", organisation.pk), ("pillar", pillar.pk)}
    organisation.delete()
    pillar.delete()
    client = client_of(admin)
    assert feed(client, modified_since=since, type="pillar") == {kind for kind in gone if kind[0] == "pillar"}
    assert feed(client, modified_since=since, type="pillar,organisation") == gone
    response = client.get(DELETIONS, {"type": "seizures"})
    assert response.status_code == 400
    assert "type" in response.json()["errors"]
    # Before the deletions: nothing.
    assert not feed(client, modified_since=timezone.now().isoformat().replace("+00:00", "Z"), type="pillar")


def test_every_page_gives_the_watermark_and_a_run_keeps_its_first(admin):
    for pillar in factories.PillarFactory.create_batch(3):
        pillar.delete()
    client = client_of(admin)
    before = timezone.now()
    first = client.get(DELETIONS, {"page_size": 1})
    body = first.json()
    watermark = datetime.datetime.fromisoformat(body["sync_watermark"])
    assert first["X-Sync-Watermark"] == body["sync_watermark"]
    assert watermark <= before
    second = client.get(body["next"])
    assert second.json()["sync_watermark"] == body["sync_watermark"]
    # A list paged by number says it too.
    page = client.get("/api/v1/activities/", {"page_size": 1}).json()
    assert datetime.datetime.fromisoformat(page["sync_watermark"]) <= timezone.now()


def test_the_types_are_the_lists_of_the_router_and_mirror_their_rules():
    listed = {
        basename: viewset.serializer_class.Meta.model
        for _prefix, viewset, basename in router.registry
        if issubclass(viewset, ProgrammeViewSet)
    }
    assert {kind: record.model_class() for kind, record in SYNCED_RECORDS.items()} == listed
    for record in SYNCED_RECORDS.values():
        rule = rule_for(record.model_class())
        # The triggers of sync's migration take these paths: a rule changed needs them changed.
        assert (record.countries, record.sensitivity) == (rule.countries, rule.sensitivity), record.model


def test_the_feed_queries_do_not_grow_with_the_page(admin):
    for pillar in factories.PillarFactory.create_batch(4):
        pillar.delete()
    client = client_of(admin)

    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DELETIONS, {"page_size": page_size}).status_code == 200
        return len(captured)

    assert queries(1) == queries(4)


def test_a_sync_of_a_list_paged_by_number_misses_nothing_deleted_mid_run(admin, since):
    """Numbered pages shift when a record of a page already read goes: a sync pages by id."""
    activities = sorted(activity.pk for activity in factories.ActivityFactory.create_batch(6))
    client = client_of(admin)
    first = client.get("/api/v1/activities/", {"modified_since": since, "page_size": 2}).json()
    assert [row["id"] for row in first["results"]] == activities[:2]
    assert first["count"] == 6 and "cursor=" in first["next"]
    record_hard_delete(record=Activity.objects.get(pk=activities[0]), user=admin, reason="Entered twice")
    seen, url = {row["id"] for row in first["results"]}, first["next"]
    while url:
        page = client.get(url).json()
        assert page["sync_watermark"] == first["sync_watermark"]
        seen |= {row["id"] for row in page["results"]}
        url = page["next"]
    assert seen == set(activities)
    # Asked by number, as before.
    numbered = client.get("/api/v1/activities/", {"modified_since": since, "page_size": 2, "page": 2}).json()
    assert "page=3" in numbered["next"]
