import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from accounts.access import ApiClient
from accounts.authentication import ApiKeyAuthentication
from accounts.models import ApiKey, SecurityEvent, User
from accounts.services import api_key_authenticate, api_key_create, api_key_revoke
from core.access import visible
from core.models import Sensitivity
from countries.models import Country
from operations.models import Seizure
from people.models import Person

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=90)


@pytest.fixture
def admin_user():
    return User.objects.get(username="admin")


def test_a_key_is_shown_once_and_stored_hashed(admin_user):
    api_key, raw_key = api_key_create(name="Data warehouse", created_by=admin_user, expires_at=LATER)
    assert raw_key.startswith(f"cj_{api_key.prefix}_")
    stored = ApiKey.objects.get(pk=api_key.pk)
    assert raw_key not in stored.key_hash and len(stored.key_hash) == 64
    assert SecurityEvent.objects.filter(kind="api_key_created", api_key=api_key, user=admin_user).exists()


def test_only_administrators_create_keys():
    with pytest.raises(PermissionDenied):
        api_key_create(name="x", created_by=User.objects.get(username="officer"), expires_at=LATER)


def test_expiry_must_be_in_the_future(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        api_key_create(
            name="x", created_by=admin_user, expires_at=timezone.now() - datetime.timedelta(days=1)
        )
    assert set(excinfo.value.message_dict) == {"expires_at"}


def test_authenticate_records_the_last_use(admin_user):
    api_key, raw_key = api_key_create(name="BI", created_by=admin_user, expires_at=LATER)
    assert api_key_authenticate(raw_key=raw_key) == api_key
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None


@pytest.mark.parametrize("raw_key", ["", "cj_nothing_here", "cj_deadbeef_wrong", "Basic abc"])
def test_unknown_keys_are_rejected_and_logged(raw_key):
    before = SecurityEvent.objects.filter(kind="api_key_rejected").count()
    assert api_key_authenticate(raw_key=raw_key) is None
    assert SecurityEvent.objects.filter(kind="api_key_rejected").count() == before + 1


def test_revoked_and_expired_keys_are_rejected(admin_user):
    api_key, raw_key = api_key_create(name="Portal", created_by=admin_user, expires_at=LATER)
    api_key_revoke(api_key=api_key, user=admin_user)
    assert api_key_authenticate(raw_key=raw_key) is None
    assert SecurityEvent.objects.filter(kind="api_key_revoked", api_key=api_key).exists()

    expiring, raw_expiring = api_key_create(name="Old", created_by=admin_user, expires_at=LATER)
    ApiKey.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api_key_authenticate(raw_key=raw_expiring) is None
    assert SecurityEvent.objects.filter(kind="api_key_rejected", detail__reason="expired").exists()


@pytest.mark.parametrize("scheme", ["Api-Key", "Bearer"])
def test_rest_framework_authentication(admin_user, scheme):
    api_key, raw_key = api_key_create(name="Sync", created_by=admin_user, expires_at=LATER)
    request = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"{scheme} {raw_key}")
    principal, auth = ApiKeyAuthentication().authenticate(_drf(request))
    assert isinstance(principal, ApiClient) and auth == api_key
    bad = APIRequestFactory().get("/api/v1/", HTTP_AUTHORIZATION=f"{scheme} cj_00000000_nope")
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiKeyAuthentication().authenticate(_drf(bad))


def _drf(request):
    from rest_framework.request import Request

    return Request(request)


def test_country_scope_and_clearance(admin_user):
    peru = Country.objects.get(iso2="PE")
    scoped, _raw = api_key_create(
        name="Peru system", created_by=admin_user, expires_at=LATER, countries=[peru]
    )
    seizures = visible(Seizure, ApiClient(scoped))
    assert seizures.exists() and set(seizures.values_list("country__iso2", flat=True)) == {"PE"}
    assert not visible(Person, ApiClient(scoped)).exists()

    restricted = seizures.first()
    Seizure.objects.filter(pk=restricted.pk).update(sensitivity=Sensitivity.RESTRICTED)
    assert not visible(Seizure, ApiClient(scoped)).filter(pk=restricted.pk).exists()
    cleared, _raw = api_key_create(
        name="Cleared",
        created_by=admin_user,
        expires_at=LATER,
        can_see_restricted=True,
        can_see_personal_data=True,
    )
    assert visible(Seizure, ApiClient(cleared)).filter(pk=restricted.pk).exists()
    assert visible(Person, ApiClient(cleared)).exists()


def test_admin_creates_a_key_and_shows_it_once(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_apikey_add"),
        {
            "name": "Donor portal",
            "can_write": "on",
            "expires_at_0": (timezone.now() + datetime.timedelta(days=30)).strftime("%Y-%m-%d"),
            "expires_at_1": "12:00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    api_key = ApiKey.objects.get(name="Donor portal")
    shown = [str(message) for message in response.context["messages"]]
    assert any(f"cj_{api_key.prefix}_" in message for message in shown)
    again = client.get(reverse("admin:accounts_apikey_change", args=[api_key.pk]))
    assert f"cj_{api_key.prefix}_".encode() not in again.content
