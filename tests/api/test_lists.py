"""What every list of the API shares: query counts that do not grow with the page, CSV, sync."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from core.api.views import ProgrammeViewSet
from crimjust.api import router
from operations.models import Seizure

pytestmark = pytest.mark.django_db

# The programme's records (reports and imports are jobs on the same router, tested on their own).
ROUTES = [prefix for prefix, viewset, _basename in router.registry if issubclass(viewset, ProgrammeViewSet)]


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.get(username="admin"))
    return client


def _queries(client, url) -> int:
    client.get(url)  # the principal cached (accounts.principal_cache), as on every later request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


@pytest.mark.parametrize("prefix", ROUTES)
def test_query_count_is_the_same_for_page_sizes_1_and_100(admin_client, prefix):
    assert _queries(admin_client, f"/api/v1/{prefix}/?page_size=1") == _queries(
        admin_client, f"/api/v1/{prefix}/?page_size=100"
    )


@pytest.mark.parametrize("prefix", ROUTES)
def test_every_list_streams_csv(admin_client, prefix):
    response = admin_client.get(f"/api/v1/{prefix}/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines and "id" in lines[0].split(",")


def test_a_page_size_above_500_is_refused_not_capped(admin_client):
    response = admin_client.get("/api/v1/countries/?page_size=10000")
    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["A whole number from 1 to 500."]}
    assert len(admin_client.get("/api/v1/countries/?page_size=500").json()["results"]) == 249


def test_incremental_sync_returns_exactly_the_changes_and_the_tombstone(admin_client):
    since = timezone.now()
    edited, archived, untouched = Seizure.objects.filter(archived_at__isnull=True).order_by("pk")[:3]
    response = admin_client.patch(
        f"/api/v1/seizures/{edited.pk}/", {"notes": "Checked again"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert admin_client.delete(f"/api/v1/seizures/{archived.pk}/").status_code == 204

    changed, url = {}, f"/api/v1/seizures/?modified_since={since.isoformat().replace('+00:00', 'Z')}"
    while url:
        page = admin_client.get(url).json()
        for row in page["results"]:
            assert row["id"] not in changed, "a record came twice"
            changed[row["id"]] = row
        url = page["next"]
    assert set(changed) == {edited.pk, archived.pk}
    assert changed[archived.pk]["archived_at"] is not None
    assert changed[edited.pk]["archived_at"] is None and changed[edited.pk]["notes"] == "Checked again"
    # Without modified_since an archived record is simply gone.
    assert admin_client.get(f"/api/v1/seizures/{archived.pk}/").status_code == 404
    assert untouched.pk not in changed


def test_errors_have_one_shape_naming_the_field(admin_client):
    missing = admin_client.post("/api/v1/seizures/", {}, content_type="application/json").json()
    assert missing["code"] == "invalid" and {"reference", "date", "country"} <= set(missing["errors"])

    existing = Seizure.objects.filter(operation__isnull=True).order_by("pk").first()
    body = admin_client.get(f"/api/v1/seizures/{existing.pk}/").json()
    body = {key: value for key, value in body.items() if value is not None}
    body.update(reference="API-NEGATIVE-1", quantity="-1")
    response = admin_client.post("/api/v1/seizures/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "quantity" in response.json()["errors"]
    assert not Seizure.objects.filter(reference="API-NEGATIVE-1").exists()


def test_an_etag_answers_304(admin_client):
    first = admin_client.get("/api/v1/countries/?iso2=PE").json()["results"][0]
    response = admin_client.get(f"/api/v1/countries/{first['id']}/")
    again = admin_client.get(f"/api/v1/countries/{first['id']}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_only_session_and_api_keys_authenticate(client):
    import base64

    basic = base64.b64encode(b"admin:crimjust-demo-2026").decode()
    assert client.get("/api/v1/countries/", HTTP_AUTHORIZATION=f"Basic {basic}").status_code in (401, 403)


def test_throttling_is_per_principal(client, monkeypatch):
    from django.core.cache import cache

    from core.api.throttling import PrincipalRateThrottle

    monkeypatch.setattr(PrincipalRateThrottle, "THROTTLE_RATES", {"principal": "3/minute"})
    cache.clear()
    client.force_login(User.objects.get(username="monitoring"))
    statuses = [client.get("/api/v1/pillars/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    client.force_login(User.objects.get(username="officer"))
    assert client.get("/api/v1/pillars/").status_code == 200
    cache.clear()


@pytest.mark.parametrize("prefix", ROUTES)
def test_modified_since_with_an_offset_postgresql_refuses_is_no_server_error(admin_client, prefix):
    response = admin_client.get(f"/api/v1/{prefix}/", {"modified_since": "2026-01-01T00:00:00-20:21"})
    assert response.status_code == 200, response.content[:300]
    out_of_range = admin_client.get(f"/api/v1/{prefix}/", {"modified_since": "9999-12-31T23:59:59-20:00"})
    assert out_of_range.status_code == 400
    assert "modified_since" in out_of_range.json()["errors"]


def test_a_mission_viewer_asking_for_a_person_gets_404(client):
    from people.models import Person

    client.force_login(User.objects.get(username="mission-pe"))
    person = Person.objects.filter(country__iso2="PE").first()
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 404
    assert client.get("/api/v1/people/999999999/").status_code == 404


def test_an_anonymous_request_is_challenged_for_a_key(client):
    response = client.get("/api/v1/seizures/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
