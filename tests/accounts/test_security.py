"""The security baseline: response headers, sign-in logging, lockout, permission-denial logging."""

import datetime
import logging

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.serializers import serialize
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAdminUser
from rest_framework.test import force_authenticate
from rest_framework.views import APIView

from accounts.access import ApiClient
from accounts.middleware import PermissionDeniedLogMiddleware
from accounts.models import SecurityEvent, User
from accounts.security import client_ip_address, security_event_record
from accounts.services import api_key_create
from tests import factories

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "not-the-password-7f3a"
LOGIN_URL = reverse("admin:login")


def _sign_in(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


def _events(kind, **filters):
    return list(SecurityEvent.objects.filter(kind=kind, **filters).order_by("pk"))


# --- headers --------------------------------------------------------------------------------------


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in header.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def test_admin_login_page_sends_the_security_headers(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_pages_have_no_inline_script(client):
    client.force_login(User.objects.get(username="admin"))
    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist"), LOGIN_URL):
        content = client.get(url).content.decode()
        # A <script> that is not data (type="application/json") needs 'unsafe-inline' or a nonce.
        for tag in content.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert " src=" in opening or 'type="application/json"' in opening, (url, opening)


# --- sign-in events -------------------------------------------------------------------------------


def test_sign_in_is_logged_with_username_and_address(client, caplog):
    with caplog.at_level(logging.INFO, logger="crimjust.security"):
        response = _sign_in(client, "admin", settings.DEMO_PASSWORD, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302
    [event] = _events(SecurityEvent.Kind.SIGN_IN)
    assert event.user == User.objects.get(username="admin")
    assert event.username == "admin"
    assert event.ip_address == "192.0.2.10"
    assert event.path == LOGIN_URL
    assert any(
        record.name == "crimjust.security" and "sign_in" in record.getMessage() for record in caplog.records
    )


def test_failed_sign_in_is_logged_without_the_password(client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = _sign_in(client, "admin", WRONG_PASSWORD, REMOTE_ADDR="192.0.2.11")

    assert response.status_code == 200  # the form again, with its error
    [event] = _events(SecurityEvent.Kind.SIGN_IN_FAILED)
    assert event.username == "admin"
    assert event.user is None
    assert event.ip_address == "192.0.2.11"
    assert _events(SecurityEvent.Kind.SIGN_IN) == []
    assert WRONG_PASSWORD not in serialize("json", SecurityEvent.objects.all())
    assert WRONG_PASSWORD not in caplog.text
    assert any(
        record.name == "crimjust.security" and record.levelno == logging.WARNING for record in caplog.records
    )


def test_failed_sign_in_of_an_unknown_username_keeps_what_was_typed(client):
    _sign_in(client, "nobody-by-this-name", WRONG_PASSWORD)

    [event] = _events(SecurityEvent.Kind.SIGN_IN_FAILED)
    assert event.username == "nobody-by-this-name"
    assert event.ip_address == "127.0.0.1"


def test_sign_out_is_logged(client):
    _sign_in(client, "admin", settings.DEMO_PASSWORD)

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    [event] = _events(SecurityEvent.Kind.SIGN_OUT)
    assert event.user == User.objects.get(username="admin")
    assert event.ip_address == "127.0.0.1"


def test_the_session_ends_with_the_browser(client):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    _sign_in(client, "admin", settings.DEMO_PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


# --- lockout --------------------------------------------------------------------------------------


def test_repeated_failures_lock_the_username_out_from_that_address(client):
    user = factories.UserFactory(is_staff=True, role=User.Role.ADMINISTRATOR, password="right-password-0912")
    limit = settings.AXES_FAILURE_LIMIT

    for _attempt in range(limit - 1):
        assert _sign_in(client, user.username, WRONG_PASSWORD).status_code == 200
    assert _events(SecurityEvent.Kind.LOCKED_OUT) == []

    response = _sign_in(client, user.username, WRONG_PASSWORD)

    assert response.status_code == 429
    assert "Sign-in is blocked after" in response.content.decode()
    assert "Content-Security-Policy" in response
    [locked] = _events(SecurityEvent.Kind.LOCKED_OUT)
    assert locked.username == user.username
    assert locked.ip_address == "127.0.0.1"
    assert len(_events(SecurityEvent.Kind.SIGN_IN_FAILED, username=user.username)) == limit

    # Even the right password is refused now.
    response = _sign_in(client, user.username, "right-password-0912")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert _events(SecurityEvent.Kind.SIGN_IN) == []
    assert len(_events(SecurityEvent.Kind.LOCKED_OUT)) == 2

    # The lockout is of that username from that address: another address still signs in.
    response = _sign_in(client, user.username, "right-password-0912", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_successful_sign_in_resets_the_failure_count(client):
    user = factories.UserFactory(is_staff=True, role=User.Role.ADMINISTRATOR, password="right-password-0912")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, user.username, WRONG_PASSWORD)
    assert _sign_in(client, user.username, "right-password-0912").status_code == 302
    client.logout()

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, user.username, WRONG_PASSWORD).status_code == 200

    assert _events(SecurityEvent.Kind.LOCKED_OUT) == []


# --- permission denials ---------------------------------------------------------------------------


def test_an_admin_page_refused_with_403_is_logged(client):
    officer = User.objects.get(username="officer")
    client.force_login(officer)
    url = reverse("admin:accounts_user_changelist")

    response = client.get(url)

    assert response.status_code == 403
    [event] = _events(SecurityEvent.Kind.PERMISSION_DENIED)
    assert event.user == officer
    assert event.username == "officer"
    assert event.path == url
    assert event.detail == {"method": "GET"}


def test_a_drf_403_is_logged():
    class AdminsOnly(APIView):
        permission_classes = [IsAdminUser]

        def get(self, request):
            return HttpResponse("never")

    mission_viewer = User.objects.get(username="mission-pe")
    request = RequestFactory().get("/api/v1/secret/", REMOTE_ADDR="203.0.113.5")
    force_authenticate(request, user=mission_viewer)

    response = PermissionDeniedLogMiddleware(AdminsOnly.as_view())(request)

    assert response.status_code == 403
    [event] = _events(SecurityEvent.Kind.PERMISSION_DENIED)
    assert event.user == mission_viewer
    assert event.ip_address == "203.0.113.5"
    assert event.path == "/api/v1/secret/"


def test_a_drf_403_of_an_api_client_names_its_key():
    class WritersOnly(APIView):
        def get(self, request):
            raise PermissionDenied

    api_key, _raw_key = api_key_create(
        name="Reporting system",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    request = RequestFactory().get("/api/v1/secret/")
    force_authenticate(request, user=ApiClient(api_key), token=api_key)

    response = PermissionDeniedLogMiddleware(WritersOnly.as_view())(request)

    assert response.status_code == 403
    [event] = _events(SecurityEvent.Kind.PERMISSION_DENIED)
    assert event.api_key == api_key
    assert event.user is None


def test_answers_other_than_403_are_not_logged():
    request = RequestFactory().get("/admin/")
    PermissionDeniedLogMiddleware(lambda request: HttpResponse(status=404))(request)
    PermissionDeniedLogMiddleware(lambda request: HttpResponse(status=200))(request)

    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERMISSION_DENIED).exists()


# --- client address -------------------------------------------------------------------------------


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_ip_address(request) == "10.0.0.1"


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # What the client itself put in the header is left of what the trusted proxy appended.
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Fewer entries than proxies, or garbage: the header is not trusted.
        (2, "203.0.113.9", "10.0.0.1"),
        (1, "not-an-address", None),
    ],
)
def test_x_forwarded_for_is_read_through_the_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip_address(request) == expected


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, settings):
    """One trusted proxy (DJANGO_TRUSTED_PROXY_COUNT=1, as docker-compose.yml sets): every request
    comes from the proxy's address, the client's is the last X-Forwarded-For entry."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    user = factories.UserFactory(is_staff=True, password="right-password-0912")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, user.username, WRONG_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    [locked] = _events(SecurityEvent.Kind.LOCKED_OUT)
    assert locked.ip_address == "203.0.113.9"
    # That client is locked out, the right password included; what it puts in the header
    # itself (left of the proxy's entry) does not get it out.
    for forwarded in ("203.0.113.9", "198.51.100.1, 203.0.113.9"):
        response = _sign_in(
            client, user.username, "right-password-0912", HTTP_X_FORWARDED_FOR=forwarded, **proxy
        )
        assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another client behind the same proxy signs in to the same account.
    other_client = Client()
    response = _sign_in(
        other_client, user.username, "right-password-0912", HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy
    )
    assert response.status_code == 302
    assert other_client.session["_auth_user_id"] == str(user.pk)
    [signed_in] = _events(SecurityEvent.Kind.SIGN_IN)
    assert signed_in.ip_address == "203.0.113.10"


# --- the admin's security log ---------------------------------------------------------------------


def test_security_events_are_read_only_in_the_admin(client):
    admin_user = User.objects.get(username="admin")
    event = security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED, username="someone", detail={"locked_out": False}
    )
    client.force_login(admin_user)

    changelist = reverse("admin:accounts_securityevent_changelist")
    assert client.get(changelist, {"q": "someone"}).status_code == 200
    assert client.get(changelist, {"kind__exact": "sign_in_failed"}).status_code == 200
    assert client.get(reverse("admin:accounts_securityevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_securityevent_add")).status_code == 403
    assert client.get(reverse("admin:accounts_securityevent_delete", args=[event.pk])).status_code == 403
    model_admin = admin.site._registry[SecurityEvent]
    request = RequestFactory().get(changelist)
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_the_security_log_search_finds_an_address(client):
    security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED, request=RequestFactory().get("/", REMOTE_ADDR="192.0.2.77")
    )
    client.force_login(User.objects.get(username="admin"))

    response = client.get(reverse("admin:accounts_securityevent_changelist"), {"q": "192.0.2.77"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
