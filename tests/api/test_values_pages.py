"""A JSON page read straight from the database (ProgrammeViewSet.values_pages) is the page the
serializers give: the same records, fields, values and order, for every list that declares
`export_columns`,
every kind of principal (hidden personal data included), filters, orderings and later pages."""

import json

import pytest
from django.utils import timezone

from accounts.models import User
from core.api.views import ProgrammeViewSet
from reports.exports import EXPORTABLE_LISTS
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

QUERIES = {
    "activities": [
        "?page_size=7",
        "?page_size=5&page=2",
        "?ordering=-start_date&page_size=20",
        "?search=Azure",
    ],
    "people": ["?page_size=9", "?country=PE&page_size=50"],
    "participations": ["?page_size=11"],
    "seizures": ["?page_size=13", "?country=PE&page_size=20"],
    "operations": [
        "?page_size=3",
        "?ordering=-seizure_kg",
        "?modified_since=2000-01-01T00:00:00Z&ordering=arrests",
    ],
    "cases": ["?page_size=5"],
    "equipment-handovers": ["?page_size=4"],
}


@pytest.fixture(autouse=True)
def one_watermark(monkeypatch):
    """The two reads of a page compared byte for byte give the same sync watermark."""
    moment = timezone.now()
    monkeypatch.setattr("core.api.pagination.sync_watermark", lambda: moment)


def _pages(client, url, monkeypatch) -> tuple:
    fast = client.get(url)
    monkeypatch.setattr(ProgrammeViewSet, "values_pages", False)
    slow = client.get(url)
    monkeypatch.setattr(ProgrammeViewSet, "values_pages", True)
    return fast, slow


@pytest.mark.parametrize("username", ["admin", "officer", "monitoring", "mission-pe"])
@pytest.mark.parametrize(
    ("prefix", "query"),
    [
        (prefix, query)
        for prefix, (viewset, _label) in EXPORTABLE_LISTS.items()
        if viewset.export_columns is not None
        for query in QUERIES[prefix]
    ],
)
def test_a_page_read_from_the_database_is_the_serializers_page(monkeypatch, username, prefix, query):
    client = signed_in(User.objects.get(username=username))
    fast, slow = _pages(client, f"/api/v1/{prefix}/{query}", monkeypatch)
    assert fast.status_code == slow.status_code
    if fast.status_code != 200:
        return
    assert json.loads(fast.content) == json.loads(slow.content)
    assert fast.content == slow.content


def test_the_next_cursor_page_is_the_same_too(monkeypatch, admin):
    client = signed_in(admin)
    first = client.get("/api/v1/seizures/?page_size=30").json()
    fast, slow = _pages(client, first["next"], monkeypatch)
    assert fast.json()["results"] and fast.content == slow.content


def test_the_page_does_not_go_through_the_serializer(monkeypatch, admin):
    from operations.api.serializers import SeizureSerializer

    def refuse(self, instance):
        raise AssertionError("serialized record by record")

    monkeypatch.setattr(SeizureSerializer, "to_representation", refuse)
    assert len(signed_in(admin).get("/api/v1/seizures/?page_size=20").json()["results"]) == 20
