"""A restricted operation is withheld with everything that hangs under it, through every route.

Its seizures, phases, participating countries, its activity, that activity's participations,
documents, links and training details, its equipment handovers (named directly or through its
activity, with their items) and the imports into it: absent from every API list, its CSV, the
lists filtered by the operation or its activity, a sync's `modified_since`; a 404 as a detail; and
out of `core.access.visible` — for an API key with the personal-data scope but no clearance, one
also limited to Peru, and a partner mission. A principal with clearance sees them all.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.access import ApiClient
from accounts.models import ApiKey, User
from accounts.services import api_key_create
from activities.models import Activity, ActivityDocument, ActivityLink
from core.access import visible
from core.archive import record_hard_delete
from core.models import Sensitivity
from countries.models import Country
from imports.models import ImportJob
from imports.services import import_job_create
from operations.models import (
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
)
from people.models import Participation
from tests import factories
from tests.imports.conftest import ATTENDANCE_HEADER, SEIZURE_HEADER, csv_bytes, person_row, seizure_row
from trainings.models import TrainingDetail, TrainingModule

pytestmark = pytest.mark.django_db

UNCLEARED = ("key", "key-peru", "mission")
CLEARED = ("cleared-key", "admin", "monitoring")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def since():
    return (timezone.now() - datetime.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")


def _key_and_secret(*, countries=(), restricted=False, write=False) -> tuple[ApiKey, str]:
    return api_key_create(
        name=f"restricted test {countries} {restricted} {write}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_write=write,
        can_see_personal_data=True,
        can_see_restricted=restricted,
        countries=[Country.objects.get(iso2=code) for code in countries],
    )


def _key_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {secret}")
    return client


def _user_client(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


@pytest.fixture
def principals():
    """name -> (API client, the principal as core.access sees it)."""
    keys = {
        "key": _key_and_secret(),
        "key-peru": _key_and_secret(countries=["PE"]),
        "cleared-key": _key_and_secret(restricted=True),
    }
    found = {name: (_key_client(secret), ApiClient(key)) for name, (key, secret) in keys.items()}
    for username, name in (("mission-pe", "mission"), ("admin", "admin"), ("monitoring", "monitoring")):
        found[name] = (_user_client(username), User.objects.get(username=username))
    return found


@pytest.fixture
def restricted():
    """An operation of Peru and Colombia with a record of each type that hangs under it, then
    restricted: {route or model: ids}."""
    admin = User.objects.get(username="admin")
    peru, colombia = Country.objects.get(iso2="PE"), Country.objects.get(iso2="CO")
    operation = factories.OperationFactory(participants=[(peru, None), (colombia, None)])
    activity = operation.activity
    phase = factories.OperationPhaseFactory(operation=operation)
    seizures = [factories.SeizureFactory(operation=operation) for _ in range(2)]
    participation = factories.ParticipationFactory(
        person=factories.PersonFactory(country=peru), activity=activity
    )
    document = factories.ActivityDocumentFactory(activity=activity)
    link = factories.ActivityLinkFactory(
        from_activity=factories.ActivityFactory(host_country=peru, countries=[peru]), to_activity=activity
    )
    agency = factories.AgencyFactory(country=peru)
    by_operation = factories.EquipmentHandoverFactory(recipient_agency=agency, operation=operation)
    by_activity = factories.EquipmentHandoverFactory(recipient_agency=agency, activity=activity)
    # Only model validation keeps a training off an operation's activity: the database allows it.
    training = TrainingDetail.objects.create(activity=activity, level=TrainingDetail.Level.BASIC, hours=8)
    module = TrainingModule.objects.create(training=training, order=1, title="Controlled deliveries")
    attendance = import_job_create(
        principal=admin,
        kind=ImportJob.Kind.ATTENDANCE,
        file_name="attendance.csv",
        data=csv_bytes(ATTENDANCE_HEADER, [person_row(email="restricted@example.org")]),
        activity_id=activity.pk,
    )
    seizure_import = import_job_create(
        principal=admin,
        kind=ImportJob.Kind.SEIZURES,
        file_name="seizures.csv",
        data=csv_bytes(SEIZURE_HEADER, [seizure_row(reference="RESTRICTED-1")]),
        operation_id=operation.pk,
    )
    Operation.objects.filter(pk=operation.pk).update(
        sensitivity=Sensitivity.RESTRICTED,
        restricted_until=datetime.date.today() + datetime.timedelta(days=30),
    )
    return {
        "operation": operation,
        "routes": {
            "operations": {operation.pk},
            "activities": {activity.pk},
            "seizures": {seizure.pk for seizure in seizures},
            "participations": {participation.pk},
            "equipment-handovers": {by_operation.pk, by_activity.pk},
            "trainings": {training.pk},
            "imports": {attendance.pk, seizure_import.pk},
        },
        "models": {
            Operation: {operation.pk},
            Activity: {activity.pk},
            OperationPhase: {phase.pk},
            OperationCountry: set(operation.participants.values_list("pk", flat=True)),
            Seizure: {seizure.pk for seizure in seizures},
            Participation: {participation.pk},
            ActivityDocument: {document.pk},
            ActivityLink: {link.pk},
            EquipmentHandover: {by_operation.pk, by_activity.pk},
            EquipmentItem: set(
                EquipmentItem.objects.filter(handover__in=[by_operation, by_activity]).values_list(
                    "pk", flat=True
                )
            ),
            TrainingDetail: {training.pk},
            TrainingModule: {module.pk},
            ImportJob: {attendance.pk, seizure_import.pk},
        },
        # Lists filtered by the operation or its activity.
        "filtered": [
            ("seizures", {"operation": operation.pk}, {seizure.pk for seizure in seizures}),
            ("equipment-handovers", {"operation": operation.pk}, {by_operation.pk}),
            ("equipment-handovers", {"activity": activity.pk}, {by_activity.pk}),
            ("participations", {"activity": activity.pk}, {participation.pk}),
        ],
    }


def _list_ids(client: APIClient, route: str, params: dict) -> set[int] | None:
    """The ids a list answers, newest first (the records made here), or None when refused."""
    response = client.get(f"/api/v1/{route}/", {"ordering": "-id", "page_size": 500, **params})
    if response.status_code in (401, 403):
        return None
    assert response.status_code == 200, (route, params, response.content[:300])
    return {row["id"] for row in response.json()["results"]}


def _csv_ids(client: APIClient, route: str) -> set[int] | None:
    response = client.get(f"/api/v1/{route}/", {"ordering": "-id", "format": "csv"})
    if response.status_code in (401, 403):
        return None
    assert response.status_code == 200, (route, response.content[:300])
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    return {int(row["id"]) for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}


def _seen_by(client: APIClient, route: str, ids: set[int], since: str) -> dict[str, set[int]]:
    """Those of `ids` that each form of a list shows: plain, changed since `since`, as CSV."""
    found = {"list": _list_ids(client, route, {})}
    # The imports list is a job's, not a record's: no CSV, no sync.
    if route != "imports":
        found["modified_since"] = _list_ids(client, route, {"modified_since": since})
        found["csv"] = _csv_ids(client, route)
    return {form: (seen or set()) & ids for form, seen in found.items()}


@pytest.mark.parametrize("name", UNCLEARED)
def test_nothing_under_a_restricted_operation_reaches_a_principal_without_clearance(
    name, principals, restricted, since
):
    client, principal = principals[name]
    for route, ids in restricted["routes"].items():
        assert not any(_seen_by(client, route, ids, since).values()), (name, route)
        for pk in ids:
            assert client.get(f"/api/v1/{route}/{pk}/").status_code in (403, 404), (name, route, pk)
    for route, params, ids in restricted["filtered"]:
        assert not (_list_ids(client, route, params) or set()) & ids, (name, route, params)
    for model, ids in restricted["models"].items():
        assert not visible(model, principal).filter(pk__in=ids).exists(), (name, model.__name__)


@pytest.mark.parametrize("name", CLEARED)
def test_a_principal_with_clearance_sees_it_all(name, principals, restricted, since):
    client, principal = principals[name]
    for route, ids in restricted["routes"].items():
        assert all(seen == ids for seen in _seen_by(client, route, ids, since).values()), (name, route)
        for pk in ids:
            assert client.get(f"/api/v1/{route}/{pk}/").status_code == 200, (name, route, pk)
    for route, params, ids in restricted["filtered"]:
        assert _list_ids(client, route, params) >= ids, (name, route, params)
    for model, ids in restricted["models"].items():
        assert set(visible(model, principal).filter(pk__in=ids).values_list("pk", flat=True)) == ids, (
            name,
            model.__name__,
        )


def test_released_the_operation_is_seen_again_without_clearance(principals, restricted):
    client, principal = principals["key"]
    Operation.objects.filter(pk=restricted["operation"].pk).update(restricted_until=datetime.date.today())
    for route, ids in restricted["routes"].items():
        assert _list_ids(client, route, {}) >= ids, route
    for model, ids in restricted["models"].items():
        assert visible(model, principal).filter(pk__in=ids).count() == len(ids), model.__name__


def test_an_import_is_seen_only_by_who_may_see_every_row_country():
    """A job keeps no country of its rows: a principal limited to some countries sees only the
    imports it uploaded, never another uploader's rows."""
    admin = User.objects.get(username="admin")
    others = import_job_create(
        principal=admin,
        kind=ImportJob.Kind.SEIZURES,
        file_name="colombia.csv",
        data=csv_bytes(
            SEIZURE_HEADER,
            [
                seizure_row(reference="CO-ROW-1", country="CO"),
                seizure_row(reference="CO-ROW-2", country="XX"),
            ],
        ),
    )
    peru_key, peru_secret = _key_and_secret(countries=["PE"], write=True)
    own = import_job_create(
        principal=ApiClient(peru_key),
        kind=ImportJob.Kind.SEIZURES,
        file_name="peru.csv",
        data=csv_bytes(SEIZURE_HEADER, [seizure_row(reference="PE-ROW-1")]),
    )
    client = _key_client(peru_secret)
    assert _list_ids(client, "imports", {}) & {others.pk, own.pk} == {own.pk}
    assert client.get(f"/api/v1/imports/{others.pk}/").status_code == 404
    assert client.get(f"/api/v1/imports/{others.pk}/rejected/").status_code == 404
    assert client.get(f"/api/v1/imports/{own.pk}/").json()["rows"]
    # Every country: both, rows and all.
    programme_wide = _key_client(_key_and_secret()[1])
    assert _list_ids(programme_wide, "imports", {}) >= {others.pk, own.pk}
    assert programme_wide.get(f"/api/v1/imports/{others.pk}/").json()["rows"]
    assert programme_wide.get(f"/api/v1/imports/{others.pk}/rejected/").status_code == 200
    # Another key of Peru did not send the rows of the first one.
    other_peru = _key_client(_key_and_secret(countries=["PE"])[1])
    assert not _list_ids(other_peru, "imports", {}) & {others.pk, own.pk}


def _deletions(client: APIClient, since: str) -> set[tuple[str, int]]:
    """Every deletion the client is told of, page after page."""
    found, url, params = set(), "/api/v1/deletions/", {"modified_since": since}
    while url:
        body = client.get(url, params).json()
        found |= {(row["type"], row["id"]) for row in body["results"]}
        url, params = body["next"], None
    return found


def test_a_deletion_under_a_restricted_operation_is_told_only_to_those_cleared(principals, since):
    """The deletions feed takes a record's restriction from its rule's paths, as it goes: one
    record at a time, and in a cascade that takes the operation along first."""
    admin = User.objects.get(username="admin")
    peru = Country.objects.get(iso2="PE")
    operation = factories.OperationFactory(participants=[(peru, None)])
    activity = operation.activity
    person = factories.PersonFactory(country=peru)
    alone = factories.ParticipationFactory(person=person, activity=activity)
    along = factories.ParticipationFactory(person=factories.PersonFactory(country=peru), activity=activity)
    handover = factories.EquipmentHandoverFactory(
        recipient_agency=factories.AgencyFactory(country=peru), activity=activity
    )
    training = TrainingDetail.objects.create(activity=activity, level=TrainingDetail.Level.BASIC, hours=8)
    Operation.objects.filter(pk=operation.pk).update(sensitivity=Sensitivity.RESTRICTED)
    admin_client = _user_client("admin")
    assert admin_client.delete(f"/api/v1/participations/{alone.pk}/").status_code == 204
    assert admin_client.delete(f"/api/v1/equipment-handovers/{handover.pk}/").status_code == 204
    record_hard_delete(record=activity, user=admin, reason="Entered twice")

    gone = {
        ("participation", alone.pk),
        ("participation", along.pk),
        ("equipment-handover", handover.pk),
        ("training", training.pk),
        ("operation", operation.pk),
    }
    assert gone <= _deletions(principals["cleared-key"][0], since)
    for name in ("key", "key-peru", "mission"):
        assert not gone & _deletions(principals[name][0], since), name
