"""A change to what a record shows that leaves its own row as it was — a link removed, a nested record
deleted, a figure moved by another record — brings the record to the next sync (sync_change, read
by every list's `modified_since`), without stamping or locking the record's own row."""

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from activities.models import Activity
from operations.models import Case, EquipmentHandover, Operation, OperationPhase, Seizure
from people.models import Participation
from sync.models import Change
from trainings.models import TrainingDetail

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    client = APIClient()
    client.force_authenticate(User.objects.get(username="admin"))
    return client


def _changed(client, route: str, since: str) -> set[int]:
    ids, response = set(), client.get(f"/api/v1/{route}/", {"modified_since": since, "page_size": 500})
    while True:
        assert response.status_code == 200, response.content[:300]
        ids |= {row["id"] for row in response.json()["results"]}
        if not response.json()["next"]:
            return ids
        response = client.get(response.json()["next"])


def _activity_link_removed():
    activity = Activity.objects.filter(countries__isnull=False, operation__isnull=True).first()
    activity.countries.remove(activity.countries.first())
    return activity


def _participation_deleted():
    participation = Participation.objects.filter(activity__training__isnull=False).first()
    participation.delete()
    return TrainingDetail.objects.get(pk=participation.activity_id)


def _phase_deleted():
    phase = OperationPhase.objects.first()
    phase.delete()
    return Operation.objects.get(pk=phase.operation_id)


def _transit_set():
    seizure = Seizure.objects.filter(archived_at__isnull=True).exclude(origin_country=None).first()
    seizure.transit_countries.set([seizure.origin_country])
    return seizure


def _case_seizure_removed():
    case = Case.objects.filter(seizures__isnull=False, archived_at__isnull=True).first()
    case.seizures.remove(case.seizures.first())
    return case


def _item_deleted():
    handover = EquipmentHandover.objects.filter(items__isnull=False).first()
    handover.items.first().delete()
    return handover


CHANGES = {
    "activities": _activity_link_removed,
    "trainings": _participation_deleted,
    "operations": _phase_deleted,
    "seizures": _transit_set,
    "cases": _case_seizure_removed,
    "equipment-handovers": _item_deleted,
}


@pytest.mark.parametrize("route", CHANGES)
def test_a_nested_change_brings_the_record_to_the_next_sync(client, route):
    since = timezone.now().isoformat().replace("+00:00", "Z")
    before = _changed(client, route, since)
    record = CHANGES[route]()
    stamped = type(record).objects.get(pk=record.pk).updated_at
    assert record.pk not in before
    assert record.pk in _changed(client, route, since)
    # The record's own row was neither stamped nor rewritten: its version stays.
    assert type(record).objects.get(pk=record.pk).updated_at == stamped == record.updated_at


def test_a_bulk_write_costs_one_change_per_record_and_statement():
    activity = Activity.objects.annotate(country_count=Count("countries")).filter(country_count__gt=1).first()
    last = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with connection.cursor() as cursor:  # one statement, as a bulk path writes
        cursor.execute("DELETE FROM activities_activity_countries WHERE activity_id = %s", [activity.pk])
        assert cursor.rowcount > 1
    new = Change.objects.filter(id__gt=last)
    assert list(new.values_list("type", "record_id")) == [("activity", activity.pk)]
