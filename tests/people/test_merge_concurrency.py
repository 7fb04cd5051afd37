"""A merge and a concurrent writer, each in its own thread and database connection, on committed
rows (not in a test transaction): the merge locks the people it merges, so a writer that records the
person being merged away as attending waits for the merge, then fails; nothing points at a person
who is gone. Run with other django_db tests (`committed_db`)."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from accounts.models import SecurityEvent, User
from activities.models import Activity
from activities.services import activity_create
from countries.models import Country
from people.models import Participation, Person
from people.services import participation_create, person_create, person_merge
from sync.models import Deletion

DAY = datetime.date(2021, 9, 6)


def _training(title: str) -> Activity:
    return activity_create(kind=Activity.Kind.TRAINING, title=title, start_date=DAY, end_date=DAY)


@pytest.fixture
def committed_twins(committed_db):
    """Two records of one person and an activity, committed: another connection can read them."""
    peru = Country.objects.get(iso2="PE")
    person = {"country": peru, "professional_category": Person.Category.JUDGE}
    first = person_create(first_name="Lucía", last_name="Concurrent Merge", **person)
    second = person_create(first_name="Lucia", last_name="Concurrent Merge", **person)
    activity = _training("Concurrent merge training")
    try:
        yield first, second, activity
    finally:
        Participation.objects.filter(activity=activity).delete()
        Activity.objects.filter(pk=activity.pk).delete()
        Person.objects.filter(pk__in=[first.pk, second.pk]).delete()
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.HARD_DELETE, detail__pk=second.pk).delete()
        Deletion.objects.filter(type="person", record_id=second.pk).delete()


def test_a_writer_adding_to_the_merged_person_waits_and_fails(committed_twins):
    first, second, activity = committed_twins
    admin = User.objects.get(username="admin")
    outcome = {}

    def attend():
        # Another connection records the person being merged away as attending.
        try:
            participation_create(person=Person.objects.get(pk=second.pk), activity=activity)
            outcome["result"] = "written"
        except Exception as error:  # noqa: BLE001  (the outcome under test)
            outcome["result"] = type(error).__name__
        finally:
            connection.close()

    with transaction.atomic():
        person_merge(keep=first, other=second, user=admin)
        writer = threading.Thread(target=attend)
        writer.start()
        writer.join(1.5)
        # The merge holds the person's row: the writer waits for it to end.
        assert writer.is_alive()
    writer.join(30)
    assert not writer.is_alive()
    assert outcome["result"] in ("IntegrityError", "ValidationError", "DoesNotExist")
    assert not Person.objects.filter(pk=second.pk).exists()
    assert not Participation.objects.filter(activity=activity).exists()
