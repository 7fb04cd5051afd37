"""Sentry (core.sentry): a real server's error reaches a real HTTP server speaking Sentry's envelope
protocol, and nothing personal goes with it."""

import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from core.sentry import event_scrub
from tests.support import worker
from tests.support.live import free_port

USERNAME = "sentry-probe-7731"
EMAIL = "probe-7731@example.org"
API_KEY = "ck_sentryprobe_notarealkey_5501"
CLIENT_ADDRESS = "198.51.100.23"
SEARCHED_NAME = "Rosalind-Quispe"


class _Envelopes(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        type(self).received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def _events(bodies: list[bytes]) -> list[dict]:
    """The "event" items of the envelopes (a header line, then an item header and payload per item)."""
    events = []
    for body in bodies:
        lines = body.split(b"\n")
        index = 1
        while index + 1 < len(lines):
            header = json.loads(lines[index])
            if header.get("type") == "event":
                events.append(json.loads(lines[index + 1]))
            index += 2
    return events


@pytest.fixture
def probe_user(committed_db):
    user = User.objects.create_user(username=USERNAME, email=EMAIL, password="probe-password-11")
    browser = Client()
    browser.force_login(user)
    try:
        yield browser.cookies[settings.SESSION_COOKIE_NAME].value
    finally:
        browser.logout()
        user.delete()


@pytest.mark.slow
@pytest.mark.django_db
def test_an_error_reaches_sentry_without_personal_data(probe_user, tmp_path):
    _Envelopes.received = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Envelopes)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=worker.test_database_url(),
        DJANGO_SETTINGS_MODULE="tests.support.failing_settings",
        SENTRY_DSN=f"http://public@127.0.0.1:{receiver.server_port}/1",
        SENTRY_ENVIRONMENT="test",
        PYTHONUNBUFFERED="1",
    )
    command = [str(Path(sys.executable).parent / "gunicorn"), "crimjust.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1"]
    process = subprocess.Popen(
        command, cwd=worker.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "gunicorn did not start"
                time.sleep(0.3)
        request = urllib.request.Request(
            f"http://localhost:{port}/failing/?name={SEARCHED_NAME}&email={EMAIL}",
            headers={
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={probe_user}",
                "Authorization": f"Api-Key {API_KEY}",
                "X-Api-Key": API_KEY,
                "X-Forwarded-For": CLIENT_ADDRESS,
                "User-Agent": "sentry-test",
            },
        )
        with pytest.raises(urllib.error.HTTPError) as failed:
            urllib.request.urlopen(request, timeout=30)
        assert failed.value.code == 500, process.stdout.read() if process.poll() is not None else ""

        deadline = time.monotonic() + 20
        while not _events(_Envelopes.received) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        process.terminate()  # the SDK flushes what it still holds at exit
        process.wait(timeout=15)
        process.stdout.close()
        receiver.shutdown()

    (event,) = _events(_Envelopes.received)
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "test"
    assert event["request"]["url"].endswith("/failing/")
    assert event["request"]["query_string"] == "name=%5BFiltered%5D&email=%5BFiltered%5D"
    everything = b"\n".join(_Envelopes.received).decode()
    for secret in (USERNAME, EMAIL, SEARCHED_NAME, API_KEY, probe_user, CLIENT_ADDRESS):
        assert secret not in everything, secret
    # The client's address in no form (the server's own, SERVER_NAME, may stay).
    assert "REMOTE_ADDR" not in event["request"].get("env", {})
    assert "ip_address" not in json.dumps(event)
    assert "cookies" not in event["request"]
    headers = {name.lower() for name in event["request"].get("headers", {})}
    assert not headers & {"authorization", "cookie", "x-api-key", "x-forwarded-for"}
    assert set(event.get("user", {})) <= {"id"}


def test_the_scrubber_keeps_only_what_is_not_personal():
    event = {
        "request": {
            "url": "https://tracker.example.org/api/v1/people/?search=Ana",
            "query_string": "search=Ana&page=2",
            "cookies": {"sessionid": "abc"},
            "headers": {
                "Authorization": "Api-Key k",
                "Cookie": "sessionid=abc",
                "Accept": "application/json",
            },
            "env": {"REMOTE_ADDR": "192.0.2.1", "SERVER_NAME": "web-1"},
            "data": {"first_name": "Ana"},
        },
        "user": {"id": 7, "username": "ana", "email": "ana@example.org", "ip_address": "192.0.2.1"},
    }
    scrubbed = event_scrub(event)
    assert scrubbed["request"] == {
        "url": "https://tracker.example.org/api/v1/people/",
        "query_string": "search=%5BFiltered%5D&page=%5BFiltered%5D",
        "headers": {"Accept": "application/json"},
        "env": {"SERVER_NAME": "web-1"},
    }
    assert scrubbed["user"] == {"id": 7}


def test_sentry_is_off_without_a_dsn():
    import sentry_sdk

    assert settings.SENTRY_DSN == ""
    assert not sentry_sdk.get_client().is_active()
