"""The probes (core.health) against real servers: each failure is a real server not answering."""

import json
import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client, override_settings

from accounts.models import SecurityEvent
from core import health

CHECKS = {"database", "cache", "broker", "storage", "migrations"}


def _closed_port() -> int:
    """A local port nothing listens on: a connection to it is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _migrations_asked_again():
    health._migrations_applied = False
    yield
    health._migrations_applied = False


def _body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def _assert_reveals_nothing(response) -> None:
    body = _body(response)
    assert set(body) <= {"status", "checks"}
    assert body["status"] in {"ok", "unavailable"}
    assert set(body.get("checks", {}).values()) <= {"ok", "unavailable"}
    # Anonymous, and leaves nothing behind: no session, no CSRF cookie.
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_healthz_touches_no_server(client):
    """Not marked django_db: any query would raise. Redis is pointed at a closed port too."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert _body(response) == {"status": "ok"}
    _assert_reveals_nothing(response)


@pytest.mark.django_db
def test_readyz_all_up(client, django_assert_num_queries):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert _body(response) == {"status": "ok", "checks": dict.fromkeys(CHECKS, "ok")}
    _assert_reveals_nothing(response)
    # Once applied, migrations are not asked again: no query on the request's connection.
    with django_assert_num_queries(0):
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_database_down(client, monkeypatch, caplog):
    port = _closed_port()
    monkeypatch.setitem(connection.settings_dict, "PORT", str(port))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = _body(response)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    # The migrations cannot be known without the database; the rest is up.
    assert body["checks"]["migrations"] == "unavailable"
    assert body["checks"]["cache"] == body["checks"]["broker"] == body["checks"]["storage"] == "ok"
    _assert_reveals_nothing(response)
    assert str(port) not in response.content.decode()
    # The failure is a warning of ours, never django.request's server error.
    assert not [r for r in caplog.records if r.levelname in {"ERROR", "CRITICAL"}]
    assert any(r.name == "core.health" and r.levelname == "WARNING" for r in caplog.records)


@pytest.mark.django_db
def test_readyz_redis_down(client, settings):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CELERY_BROKER_URL = url
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    checks = _body(response)["checks"]
    assert checks["cache"] == checks["broker"] == "unavailable"
    assert checks["database"] == checks["storage"] == checks["migrations"] == "ok"
    _assert_reveals_nothing(response)


@pytest.mark.django_db
def test_readyz_broker_down_alone(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = _body(response)["checks"]
    assert checks["broker"] == "unavailable"
    assert checks["cache"] == "ok"


@pytest.mark.django_db
def test_readyz_storage_down(client, settings, tmp_path):
    """A media folder that cannot be made (a file stands where a folder should be) is not ready."""
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    settings.MEDIA_ROOT = str(blocker / "media")
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = _body(response)["checks"]
    assert checks["storage"] == "unavailable"
    assert checks["database"] == checks["cache"] == checks["migrations"] == "ok"
    assert str(blocker) not in response.content.decode()
    blocker.unlink()
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_a_media_folder_not_made_yet_is_made(client, settings, tmp_path):
    """A fresh deployment is ready before its first file: the folder is made as a save would."""
    settings.MEDIA_ROOT = str(tmp_path / "fresh" / "media")
    assert client.get("/readyz").status_code == 200
    assert (tmp_path / "fresh" / "media").is_dir()


@pytest.mark.django_db
def test_readyz_migration_unapplied(client):
    """A leaf migration recorded as unapplied (in the test's transaction, rolled back after)."""
    recorder = MigrationRecorder(connection)
    app_label, name = max(recorder.applied_migrations())
    recorder.record_unapplied(app_label, name)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = _body(response)["checks"]
    assert checks["migrations"] == "unavailable"
    assert checks["database"] == "ok"
    # Not applied is not remembered: applied again, it is ready.
    recorder.record_applied(app_label, name)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_probes_answer_get_only(method):
    """405 through the whole stack, CSRF checked as a browser's request is: not CSRF's 403, which
    would also record a security event."""
    client = Client(enforce_csrf_checks=True)
    events = SecurityEvent.objects.count()
    for url in ("/healthz", "/readyz"):
        assert getattr(client, method)(url).status_code == 405
    assert SecurityEvent.objects.count() == events


PROBE_MIDDLEWARE = "core.health.HealthProbeMiddleware"


@pytest.mark.django_db
def test_probe_by_pod_address_over_http(client, settings):
    """A kubelet probes the pod's address over plain HTTP, behind production's host and HTTPS rules:
    without the probe middleware first, the host is refused; with it (the settings put it first),
    the probes answer."""
    settings.ALLOWED_HOSTS = ["tracker.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    assert settings.MIDDLEWARE[0] == PROBE_MIDDLEWARE
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != PROBE_MIDDLEWARE]
    assert Client().get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 400
    settings.MIDDLEWARE = [PROBE_MIDDLEWARE, *settings.MIDDLEWARE]
    client = Client()  # a client loads the middleware at its first request
    for url in ("/healthz", "/readyz"):
        response = client.get(url, HTTP_HOST="10.1.2.3:8000")
        assert response.status_code == 200
        _assert_reveals_nothing(response)
        assert Client(enforce_csrf_checks=True).post(url, HTTP_HOST="10.1.2.3:8000").status_code == 405
    # Every other path still goes through the whole stack.
    assert client.get("/accounts/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400
    assert client.get("/accounts/login/", HTTP_HOST="tracker.example.org").status_code == 301
