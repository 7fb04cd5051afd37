"""The logs hold who asked (the principal's kind and id) but no personal data: no username, e-mail
or client address in any line, the request log's nor the security events' nor django-axes' own.
Every captured line is checked as the JSON formatter writes it, extra fields included."""

import datetime
import logging

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.second_factor import second_factor_reset
from accounts.security import client_address_hash
from accounts.services import api_key_create
from core.logging import JsonFormatter
from tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "192.0.2.44"
OTHER_ADDRESS = "198.51.100.61"
PASSWORD = "privacy-probe-password-3310"
LOGIN_URL = reverse("login")


@pytest.fixture
def probe():
    return factories.UserFactory(
        username="privacy-probe-4411", email="privacy-probe-4411@example.org", password=PASSWORD
    )


@pytest.fixture
def staff_probe():
    return factories.UserFactory(
        username="privacy-probe-5522",
        email="privacy-probe-5522@example.org",
        password=PASSWORD,
        is_staff=True,
        second_factor_exempt=False,
    )


@pytest.fixture
def lines(caplog):
    """Every line logged during the test, as JSON text."""
    caplog.set_level(logging.DEBUG)
    formatter = JsonFormatter()
    return lambda: [formatter.format(record) for record in caplog.records]


def _assert_nothing_personal(lines, user: User, *addresses: str) -> None:
    assert lines, "nothing was logged"
    for line in lines:
        for text in (user.username, user.email, *addresses):
            assert text not in line, (text, line)


def _sign_in(client, username, password, address=ADDRESS):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address)


def _security_lines(lines, kind):
    return [
        line for line in lines if '"crimjust.security"' in line and f'"security_event_kind": "{kind}"' in line
    ]


def test_a_failed_and_a_successful_sign_in_log_ids_and_a_hash_of_the_address(client, probe, lines):
    assert _sign_in(client, probe.username, "wrong-password").status_code == 200
    assert _sign_in(client, probe.username, PASSWORD).status_code == 302
    client.get(reverse("dashboards:overview"), REMOTE_ADDR=ADDRESS)

    logged = lines()
    _assert_nothing_personal(logged, probe, ADDRESS)
    (failed,) = _security_lines(logged, "sign_in_failed")
    (signed_in,) = _security_lines(logged, "sign_in")
    client_hash = client_address_hash(ADDRESS)
    assert f'"client": "{client_hash}"' in failed and f'"client": "{client_hash}"' in signed_in
    assert f'"user_id": {probe.pk}' in signed_in
    assert '"user_id": null' in failed  # a failed sign-in names no account, not even by its id
    # The request log: the signed-in page is the user's, by id.
    page = [line for line in logged if '"crimjust.request"' in line and '"GET ' in line]
    assert page and f'"principal_kind": "user", "principal_id": {probe.pk}' in page[-1]
    anonymous = [line for line in logged if '"crimjust.request"' in line and '"POST ' in line]
    assert '"principal_kind": "anonymous", "principal_id": null' in anonymous[0]


def test_a_lockout_logs_no_username_and_no_address_axes_included(client, probe, lines):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, probe.username, "wrong-password")
    assert _sign_in(client, probe.username, PASSWORD).status_code == 429

    logged = lines()
    _assert_nothing_personal(logged, probe, ADDRESS)
    locked = _security_lines(logged, "locked_out")
    assert locked and all(f'"client": "{client_address_hash(ADDRESS)}"' in line for line in locked)
    axes = [line for line in logged if '"logger": "axes.' in line and "login failure" in line.lower()]
    assert axes and all(client_address_hash(ADDRESS) in line for line in axes)


def test_the_hash_tells_clients_apart_and_is_keyed():
    assert client_address_hash(ADDRESS) == client_address_hash(ADDRESS)
    assert client_address_hash(ADDRESS) != client_address_hash(OTHER_ADDRESS)
    assert len(client_address_hash(ADDRESS)) == 12
    assert client_address_hash(None) is None
    import hashlib

    assert client_address_hash(ADDRESS) != hashlib.sha256(ADDRESS.encode()).hexdigest()[:12]


def test_an_api_key_request_logs_the_key_prefix_only(client, admin, lines):
    key, secret = api_key_create(
        name="privacy probe key",
        created_by=admin,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = client.get(
        "/api/v1/pillars/?search=privacy-probe-4411",
        HTTP_AUTHORIZATION=f"Api-Key {secret}",
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 200

    logged = lines()
    (line,) = [line for line in logged if '"crimjust.request"' in line]
    assert f'"principal_kind": "api_key", "principal_id": "{key.prefix}"' in line
    assert '"path": "/api/v1/pillars/"' in line
    for text in (secret, ADDRESS, "privacy-probe-4411", "privacy probe key", admin.username):
        assert all(text not in each for each in logged), text


def test_the_second_factor_failure_and_reset_log_no_username(client, staff_probe, admin, lines):
    probe = staff_probe
    TOTPDevice.objects.create(user=probe, name="phone", confirmed=True)
    assert _sign_in(client, probe.username, PASSWORD).status_code == 302
    response = client.post(reverse("second_factor"), {"code": "000000"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200, response
    second_factor_reset(user=probe, by=admin)

    logged = lines()
    _assert_nothing_personal(logged, probe, ADDRESS)
    (failed,) = _security_lines(logged, "second_factor_failed")
    assert f'"user_id": {probe.pk}' in failed
    (reset,) = _security_lines(logged, "second_factor_reset")
    assert f"'account_id': {probe.pk}" in reset
