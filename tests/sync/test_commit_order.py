"""A sync against transactions that commit out of order, with two real connections on committed
rows (not in a test transaction): a record saved in a transaction still open when a client syncs,
and a record deleted for good in it, both reach the client on its next sync, from the watermark
the first sync gave."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from activities.models import Activity, Organisation
from countries.models import Country
from sync.models import Deletion
from tests import factories


@pytest.fixture
def records(committed_db):
    """A committed activity to change and an organisation to delete, removed afterwards."""
    activity = factories.ActivityFactory(
        title="Sync commit order test", host_country=Country.objects.get(iso2="PA")
    )
    organisation = factories.OrganisationFactory(name="Sync commit order test")
    try:
        yield activity, organisation
    finally:
        Activity.objects.filter(pk=activity.pk).delete()
        Organisation.objects.filter(pk=organisation.pk).delete()
        Deletion.objects.filter(
            type__in=["activity", "organisation"], record_id__in=[activity.pk, organisation.pk]
        ).delete()


def _rows(client, url, since) -> list[dict]:
    """Every row of a sync from `since`, following the pages as a client does (the committed test
    database may hold other tests' deletions from the same moment)."""
    rows, response = [], client.get(url, {"modified_since": since, "page_size": 500})
    while True:
        assert response.status_code == 200, response.content[:300]
        rows += response.json()["results"]
        if not response.json()["next"]:
            return rows
        response = client.get(response.json()["next"])


def _ids(client, url, since) -> set[int]:
    return {row["id"] for row in _rows(client, url, since)}


@pytest.mark.slow
def test_a_transaction_committed_after_a_sync_reaches_the_next_sync(records):
    activity, organisation = records
    client = APIClient()
    client.force_authenticate(User.objects.get(username="admin"))
    # After the records were made: a first sync from here sees nothing of them yet.
    since = timezone.now().isoformat().replace("+00:00", "Z")
    written, commit, errors = threading.Event(), threading.Event(), []

    def long_transaction():
        try:
            with transaction.atomic():
                changed = Activity.objects.get(pk=activity.pk)
                changed.venue = "Changed in a long transaction"
                changed.save()
                Organisation.objects.filter(pk=organisation.pk).delete()
                written.set()
                commit.wait(30)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            written.set()
            connection.close()

    writer = threading.Thread(target=long_transaction)
    writer.start()
    assert written.wait(30)
    try:
        # The first sync runs while the writer's transaction is open: it sees neither change.
        first = client.get("/api/v1/activities/", {"modified_since": since, "page_size": 500})
        assert activity.pk not in {row["id"] for row in first.json()["results"]}
        assert ("organisation", organisation.pk) not in {
            (row["type"], row["id"]) for row in _rows(client, "/api/v1/deletions/", since)
        }
        watermark = first.json()["sync_watermark"]
        synced_at = timezone.now()
    finally:
        commit.set()
        writer.join(30)
    assert not errors

    # The change was stamped before the first sync: a client keeping the time of its sync as its
    # watermark would never see it. From the server's watermark, the next sync does.
    assert Activity.objects.get(pk=activity.pk).updated_at < synced_at
    assert activity.pk in _ids(client, "/api/v1/activities/", watermark)
    deletions = _rows(client, "/api/v1/deletions/", watermark)
    assert ("organisation", organisation.pk) in {(row["type"], row["id"]) for row in deletions}
