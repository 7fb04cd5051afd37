"""Concurrent writers of different fields of one record, each in its own thread and database
connection, on committed rows (not in a test transaction): both win, none gets an error."""

import threading

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from activities.models import Activity
from countries.models import Country
from tests import factories


@pytest.fixture
def workshop(committed_db):
    """A committed activity the writers' connections can read, removed afterwards."""
    activity = factories.ActivityFactory(
        kind=Activity.Kind.WORKSHOP,
        title="Concurrent writers test",
        host_country=Country.objects.get(iso2="PA"),
    )
    try:
        yield activity
    finally:
        Activity.objects.filter(pk=activity.pk).delete()


@pytest.mark.slow
def test_concurrent_writers_of_different_fields_both_win(workshop):
    admin = User.objects.get(username="admin")
    url = f"/api/v1/activities/{workshop.pk}/"
    statuses, errors = [], []
    venues = [f"Venue {index}" for index in range(6)]
    descriptions = [f"Description {index}" for index in range(6)]

    def write(field, value):
        try:
            client = Client()
            client.force_login(admin)
            response = client.patch(url, {field: value}, content_type="application/json")
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=("venue", value)) for value in venues] + [
        threading.Thread(target=write, args=("description", value)) for value in descriptions
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert statuses == [200] * len(threads)
    after = Activity.objects.values("venue", "description").get(pk=workshop.pk)
    # Neither field was put back by a writer of the other one.
    assert after["venue"] in venues and after["description"] in descriptions
