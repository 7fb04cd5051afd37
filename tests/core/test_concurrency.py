"""No lost update: a write starts from the row as it is under a lock (two writers of different
fields both win), and a writer that names the version it read (`If-Match`, the admin change form)
is refused when someone wrote the record since (412 / a form error), never silently undone."""

import pytest

from accounts.models import User
from activities.api.serializers import ActivitySerializer
from activities.models import Activity
from countries.models import Agency
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db


def _url(activity) -> str:
    return f"/api/v1/activities/{activity.pk}/"


@pytest.fixture
def activity():
    return Activity.objects.filter(kind=Activity.Kind.TRAINING).order_by("pk").first()


def test_a_stale_read_does_not_put_back_the_other_writers_field(activity, admin):
    # Client A read the activity; client B changed its venue; A then sends only its description.
    stale = Activity.objects.get(pk=activity.pk)
    response = signed_in(admin).patch(
        _url(activity), {"venue": "Venue by B"}, content_type="application/json"
    )
    assert response.status_code == 200
    serializer = ActivitySerializer(stale, data={"description": "Description by A"}, partial=True)
    assert serializer.is_valid(), serializer.errors
    serializer.save()
    activity.refresh_from_db()
    assert (activity.venue, activity.description) == ("Venue by B", "Description by A")


def test_if_match_with_an_old_version_is_412_and_changes_nothing(activity, admin):
    client = signed_in(admin)
    etag = client.get(_url(activity))["ETag"]
    first = client.patch(
        _url(activity), {"venue": "First"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200
    stale = client.patch(
        _url(activity), {"venue": "Second"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    activity.refresh_from_db()
    assert activity.venue == "First"
    assert client.delete(_url(activity), HTTP_IF_MATCH=etag).status_code == 412
    assert Activity.objects.filter(pk=activity.pk, archived_at__isnull=True).exists()

    fresh = client.get(_url(activity))["ETag"]
    assert fresh != etag
    again = client.patch(
        _url(activity), {"venue": "Second"}, content_type="application/json", HTTP_IF_MATCH=fresh
    )
    assert again.status_code == 200
    newest = client.get(_url(activity))["ETag"]
    listed = client.patch(
        _url(activity), {"venue": "Third"}, content_type="application/json", HTTP_IF_MATCH=f"{etag}, {newest}"
    )
    assert listed.status_code == 200
    anything = client.patch(
        _url(activity), {"venue": "Fourth"}, content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert anything.status_code == 200


def test_without_if_match_a_write_still_goes_through(activity, admin):
    client = signed_in(admin)
    response = client.patch(_url(activity), {"venue": "Anywhere"}, content_type="application/json")
    assert response.status_code == 200


def test_the_etag_still_answers_if_none_match(activity, admin):
    client = signed_in(admin)
    etag = client.get(_url(activity))["ETag"]
    assert client.get(_url(activity), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_admin_refuses_to_save_over_a_newer_version(admin):
    agency = Agency.objects.order_by("pk").first()
    client = signed_in(admin)
    url = f"/admin/countries/agency/{agency.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    version = page.content.decode().split('name="_record_version" value="', 1)[1].split('"', 1)[0]
    assert version

    # Someone else saves the agency after the page was opened.
    other = signed_in(User.objects.get(username="officer"))
    other_page = other.get(url)
    other_data = {**data, "_record_version": version, "acronym": "OTHER"}
    assert other_page.status_code == 200
    assert other.post(url, other_data).status_code == 302

    response = client.post(url, {**data, "_record_version": version, "name": "Stale name"})
    assert response.status_code == 200
    refusal = response.content.decode()
    officer = User.objects.get(username="officer")
    assert f"{officer} saved this agency at " in refusal
    assert "after you opened it, changing: Acronym." in refusal
    assert f"/admin/countries/agency/{agency.pk}/history/" in response.content.decode()
    agency.refresh_from_db()
    assert (agency.acronym, agency.name) == ("OTHER", page.context["original"].name)
