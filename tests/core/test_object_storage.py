"""Files in object storage (django-storages' S3 backend) against a real S3-protocol server (moto's
server mode, tests.support.s3): report files and import uploads go to the bucket, never to a local
disk; a download is streamed from the bucket through the access-checked views; /readyz asks the
bucket; and processes that share no folder (a worker, two gunicorn servers) share the files."""

import hashlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from imports.models import ImportJob
from reports import services
from reports.models import Report
from tests.imports.conftest import ATTENDANCE_HEADER, csv_bytes, person_row
from tests.support import worker
from tests.support.live import free_port, wait_for_port
from tests.support.worker import celery_worker, wait_until

SEIZURES_CSV = {"kind": "data_export", "format": "csv", "list": "seizures", "filters": {"country": "PE"}}


def _training_id() -> int:
    from activities.models import Activity

    return (
        Activity.objects.filter(kind=Activity.Kind.TRAINING, archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _attendance(last_name: str) -> bytes:
    return csv_bytes(ATTENDANCE_HEADER, [person_row(first_name="Rosa", last_name=last_name)])


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- In one process ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_file_is_an_object_of_the_bucket_and_its_download_is_streamed(object_storage, admin):
    report = services.report_request(
        principal=admin, kind="data_export", fmt="csv", parameters={"list": "seizures", "filters": {}}
    )
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.SUCCEEDED, report.error
    key = f"tracker/{report.file.name}"
    assert object_storage.keys() == [key]
    stored = object_storage.read(key)
    assert hashlib.sha256(stored).hexdigest() == report.checksum

    client = Client()
    client.force_login(admin)
    for url in (reverse("reports:download", args=[report.pk]), f"/api/v1/reports/{report.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.streaming  # sent as read from the bucket, not copied to a local file first
        assert _body(response) == stored
        assert response["Content-Length"] == str(len(stored))
        assert response["X-Content-SHA256"] == report.checksum
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_a_report_object_gone_from_the_bucket_is_a_404_that_says_so(object_storage, admin):
    report = services.report_request(
        principal=admin, kind="data_export", fmt="csv", parameters={"list": "countries", "filters": {}}
    )
    services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    key = f"tracker/{report.file.name}"
    object_storage.server.client().delete_object(Bucket=object_storage.bucket, Key=key)
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("reports:download", args=[report.pk]))
    assert response.status_code == 404
    response = client.get(f"/api/v1/reports/{report.pk}/download/")
    assert response.status_code == 404
    assert "request the report again" in response.json()["detail"]


@pytest.mark.django_db
def test_a_report_of_another_principal_is_not_downloadable_from_the_bucket(object_storage, admin, mission):
    report = services.report_request(
        principal=admin, kind="data_export", fmt="csv", parameters={"list": "seizures", "filters": {}}
    )
    services.report_generate(report_id=report.pk)
    client = Client()
    client.force_login(mission)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}/download/").status_code == 404
    # Should anything ask the storage for a URL, it is signed and short-lived, never public.
    report.refresh_from_db()
    assert "X-Amz-Signature=" in report.file.url and "X-Amz-Expires=60" in report.file.url


@pytest.mark.django_db
def test_an_import_upload_is_kept_in_the_bucket_and_read_back_from_it(object_storage, admin_client):
    last_name = f"Bucket {uuid.uuid4().hex[:6]}"
    response = admin_client.post(
        "/api/v1/imports/",
        {
            "kind": "attendance",
            "activity": _training_id(),
            "dry_run": "true",
            "date_order": "day-first",
            "file": SimpleUploadedFile("attendance.csv", _attendance(last_name), content_type="text/csv"),
        },
    )
    assert response.status_code in (201, 202), response.content[:500]
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert object_storage.keys() == [f"tracker/{job.file.name}"]
    assert last_name.encode() in object_storage.read(f"tracker/{job.file.name}")
    # The file is read back from the bucket when the import is written.
    confirmed = admin_client.post(f"/api/v1/imports/{job.pk}/confirm/", {}, content_type="application/json")
    assert confirmed.status_code in (200, 202), confirmed.content[:500]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED, job.errors
    from people.models import Person

    assert Person.objects.filter(last_name=last_name).count() == 1


def _reconfigure(settings, **values):
    """New storage settings, as a new process would read them (STORAGES set again: a new storage)."""
    for name, value in values.items():
        setattr(settings, name, value)
    settings.STORAGES = dict(settings.STORAGES)


@pytest.mark.django_db
def test_readyz_asks_the_bucket(object_storage, client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["checks"]["storage"] == "ok"

    # A bucket that does not exist (deleted, misnamed) is not ready, and the answer names nothing.
    _reconfigure(settings, AWS_STORAGE_BUCKET_NAME="crimjust-no-such-bucket")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["storage"] == "unavailable"
    assert b"no-such-bucket" not in response.content

    # A server that does not answer: refused at once, not retried.
    _reconfigure(
        settings,
        AWS_STORAGE_BUCKET_NAME=object_storage.bucket,
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}",
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["storage"] == "unavailable"
    assert body["checks"]["database"] == body["checks"]["cache"] == "ok"

    _reconfigure(settings, AWS_S3_ENDPOINT_URL=object_storage.server.endpoint)
    assert client.get("/readyz").status_code == 200


# --- Across processes that share no folder ----------------------------------------------------------


@pytest.fixture
def committed(committed_db):
    """The admin, what the other processes write committed and removed afterwards."""
    admin = User.objects.get(username="admin")
    reports = set(Report.objects.values_list("pk", flat=True))
    jobs = set(ImportJob.objects.values_list("pk", flat=True))
    try:
        yield admin
    finally:
        Report.objects.exclude(pk__in=reports).delete()
        from django.db import transaction

        from imports.services import import_job_undo

        for job in ImportJob.objects.exclude(pk__in=jobs):
            if job.status == ImportJob.Status.IMPORTED:
                with transaction.atomic():
                    import_job_undo(job=job, user=admin)
            job.delete()


def _own_disk(tmp_path: Path, name: str) -> dict:
    """A process's own media folder, which must stay empty: its files go to the bucket."""
    return {"DJANGO_MEDIA_ROOT": str(tmp_path / name)}


@pytest.mark.slow
def test_a_report_generated_by_a_worker_is_downloaded_by_the_web_process(object_storage, committed, tmp_path):
    env = {**object_storage.env, **_own_disk(tmp_path, "worker")}
    with celery_worker(env=env, queues="reports,exports") as process:
        report = services.report_request(
            principal=committed,
            kind="country_briefing",
            fmt="pdf",
            parameters={"country": "PE"},
        )
        assert wait_until(lambda: Report.objects.get(pk=report.pk).is_finished, timeout=120), "".join(
            process.output[-40:]
        )
    report.refresh_from_db()
    assert report.status == Report.Status.SUCCEEDED, report.error
    assert not (tmp_path / "worker").exists()
    client = Client()
    client.force_login(committed)
    response = client.get(reverse("reports:download", args=[report.pk]))
    body = _body(response)
    assert body.startswith(b"%PDF") and hashlib.sha256(body).hexdigest() == report.checksum
    assert object_storage.keys() == [f"tracker/{report.file.name}"]


class _Server:
    """gunicorn serving the app from its own folder of media (which stays empty)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "crimjust.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
            ],
            cwd=worker.ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def wait(self):
        wait_for_port(self.port, self.process)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stdout.close()


CSRF_TOKEN = "twoserverstwoserverstwoservers12"


def _request(server: _Server, cookie: str, path: str, *, data: bytes | None = None, content_type: str = ""):
    headers = {
        "Cookie": f"{cookie}; {django_settings.CSRF_COOKIE_NAME}={CSRF_TOKEN}",
        "X-CSRFToken": CSRF_TOKEN,
    }
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(
        f"http://127.0.0.1:{server.port}{path}", data=data, headers=headers, method="POST" if data else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.mark.slow
def test_two_web_servers_and_a_worker_share_nothing_but_the_database_redis_and_the_bucket(
    object_storage, committed, tmp_path
):
    from tests.api.test_robustness import _multipart

    browser = Client()
    browser.force_login(committed)
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={session}"
    base = dict(
        os.environ,
        DATABASE_URL=worker.test_database_url(),
        DJANGO_SETTINGS_MODULE="crimjust.settings.local",
        DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
        PYTHONUNBUFFERED="1",
        **object_storage.env,
    )
    first = _Server({**base, **_own_disk(tmp_path, "web-1")})
    second = _Server({**base, **_own_disk(tmp_path, "web-2")})
    try:
        first.wait()
        second.wait()
        with celery_worker(env={**object_storage.env, **_own_disk(tmp_path, "worker")}):
            # An import uploaded on the first server is confirmed on the second.
            last_name = f"Two servers {uuid.uuid4().hex[:6]}"
            body, content_type = _multipart(
                {
                    "kind": "attendance",
                    "activity": _training_id(),
                    "dry_run": "true",
                    "date_order": "day-first",
                },
                "attendance.csv",
                _attendance(last_name),
            )
            status, answer, _ = _request(
                first, cookie, "/api/v1/imports/", data=body, content_type=content_type
            )
            assert status in (201, 202), answer[:500]
            job_id = json.loads(answer)["id"]
            assert wait_until(
                lambda: ImportJob.objects.get(pk=job_id).status == ImportJob.Status.VALIDATED, timeout=60
            ), ImportJob.objects.get(pk=job_id).errors
            status, answer, _ = _request(
                second,
                cookie,
                f"/api/v1/imports/{job_id}/confirm/",
                data=b"{}",
                content_type="application/json",
            )
            assert status in (200, 202), answer[:500]
            assert wait_until(
                lambda: ImportJob.objects.get(pk=job_id).status == ImportJob.Status.IMPORTED, timeout=60
            ), ImportJob.objects.get(pk=job_id).errors
            from people.models import Person

            assert Person.objects.filter(last_name=last_name).count() == 1

            # A report requested on the first server is downloaded from the second.
            status, answer, _ = _request(
                first,
                cookie,
                "/api/v1/reports/",
                data=json.dumps(SEIZURES_CSV).encode(),
                content_type="application/json",
            )
            assert status == 202, answer[:500]
            report_id = json.loads(answer)["id"]
            assert wait_until(lambda: Report.objects.get(pk=report_id).is_finished, timeout=120)
            report = Report.objects.get(pk=report_id)
            assert report.status == Report.Status.SUCCEEDED, report.error
            status, content, headers = _request(second, cookie, f"/api/v1/reports/{report_id}/download/")
            assert status == 200, content[:500]
            assert hashlib.sha256(content).hexdigest() == report.checksum == headers["X-Content-SHA256"]
            assert sorted(object_storage.keys()) == sorted(
                [f"tracker/{ImportJob.objects.get(pk=job_id).file.name}", f"tracker/{report.file.name}"]
            )
    finally:
        first.stop()
        second.stop()
    for name in ("web-1", "web-2", "worker"):
        assert not (tmp_path / name).exists(), f"{name} wrote to its own disk"
