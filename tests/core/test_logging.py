"""Structured logs (core.logging): one JSON line per request, with its principal and no personal
data; exceptions with their traceback; Celery workers logging through Django's LOGGING."""

import datetime
import io
import json
import logging

import pytest
from celery.signals import setup_logging
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from accounts.services import api_key_create
from core.logging import JsonFormatter, logging_config
from tests.support.clients import signed_in
from tests.support.worker import celery_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the root logger writes, as the JSON console handler of production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "crimjust.request"]


def test_a_request_is_one_json_line_with_its_principal_and_no_personal_data(json_lines, admin):
    admin.email = "admin.person@example.org"
    admin.save(update_fields=["email"])
    response = signed_in(admin).get("/api/v1/pillars/", {"search": "Secret Name"})
    assert response.status_code in (200, 400)

    [line] = _request_lines(json_lines())
    assert line["level"] == "INFO"
    assert line["time"].endswith("+00:00")
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/pillars/"
    assert line["status"] == response.status_code
    assert line["duration_ms"] >= 0
    assert line["view"].endswith("pillar-list")
    assert line["principal_kind"] == "user"
    assert line["principal_id"] == admin.pk
    raw = json.dumps(line)
    for personal in (admin.username, admin.email, "Secret", "search", "127.0.0.1"):
        assert personal not in raw


def test_an_api_key_request_names_the_key_prefix(json_lines, admin):
    api_key, raw = api_key_create(
        name="Donor portal", created_by=admin, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = Client().get("/api/v1/pillars/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 200

    [line] = _request_lines(json_lines())
    assert line["principal_kind"] == "api_key"
    assert line["principal_id"] == api_key.prefix
    assert raw not in json.dumps(line)


def test_an_anonymous_request_is_logged_as_anonymous(json_lines):
    response = Client().get("/api/v1/pillars/")
    assert response.status_code == 401

    [line] = _request_lines(json_lines())
    assert (line["status"], line["principal_kind"], line["principal_id"]) == (401, "anonymous", None)


def test_the_probes_are_not_logged(json_lines):
    Client().get("/healthz")
    assert _request_lines(json_lines()) == []


def test_an_exception_is_logged_as_json_with_its_traceback(json_lines):
    try:
        raise ValueError("broken import row")
    except ValueError:
        logging.getLogger("crimjust.imports").exception("Import failed", extra={"import_id": 7})

    [line] = [line for line in json_lines() if line["logger"] == "crimjust.imports"]
    assert line["level"] == "ERROR"
    assert line["message"] == "Import failed"
    assert line["import_id"] == 7
    assert "Traceback (most recent call last)" in line["traceback"]
    assert "ValueError: broken import row" in line["traceback"]


def test_the_log_format_is_one_of_json_or_text():
    assert logging_config(log_format="json", level="INFO")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")


def test_celery_workers_log_through_django_logging():
    # A receiver of setup_logging stops Celery from configuring logging itself.
    receivers = [receiver() for _key, receiver in setup_logging.receivers]
    assert any(getattr(receiver, "__module__", "") == "crimjust.celery" for receiver in receivers)


def test_a_real_worker_logs_json_lines(committed_db):
    with celery_worker(env={"DJANGO_LOG_FORMAT": "json"}) as process:
        output = list(process.output)
    logged = [line for line in output if line.startswith("{")]
    assert logged, "".join(output)
    entries = [json.loads(line) for line in logged]
    assert any("ready" in entry["message"] for entry in entries)
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
