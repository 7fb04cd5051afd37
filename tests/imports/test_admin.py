import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportJob
from people.models import Participation

from .conftest import ATTENDANCE_HEADER, csv_bytes, person_row

pytestmark = pytest.mark.django_db


def no_inline_code(html: str) -> None:
    """The strict CSP: no inline script, style block, style attribute or event handler."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_staff_upload_preview_confirm_and_undo_in_the_admin(client, admin_user, activity):
    client.force_login(admin_user)
    changelist = client.get(reverse("admin:imports_importjob_changelist"))
    assert changelist.status_code == 200
    assert reverse("admin:imports_importjob_upload", args=["attendance"]) in changelist.content.decode()
    form = client.get(reverse("admin:imports_importjob_upload", args=["attendance"]))
    assert form.status_code == 200
    no_inline_code(form.content.decode())
    data = csv_bytes(ATTENDANCE_HEADER, [person_row(email="adm@example.org"), person_row(gender="robot")])
    response = client.post(
        reverse("admin:imports_importjob_upload", args=["attendance"]),
        {
            "file": SimpleUploadedFile("sheet.csv", data),
            "date_order": "day-first",
            "encoding": "",
            "activity": activity.pk,
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:imports_importjob_change", args=[job.pk]
    )
    preview = client.get(response["Location"])
    html = preview.content.decode()
    no_inline_code(html)
    assert "Unknown gender “robot”." in html and "Import valid rows only" in html
    progress = client.get(reverse("admin:imports_importjob_progress", args=[job.pk])).json()
    assert progress["status"] == "validated" and progress["percent"] == 100 and not progress["running"]
    rejected = client.get(reverse("admin:imports_importjob_rejected", args=[job.pk, "xlsx"]))
    assert rejected.status_code == 200 and rejected.content.startswith(b"PK")
    refused = client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]), follow=True)
    assert "rows have errors" in refused.content.decode()
    assert not Participation.objects.filter(activity=activity).exists()
    client.post(reverse("admin:imports_importjob_confirm", args=[job.pk]), {"valid_rows_only": "1"})
    assert Participation.objects.filter(activity=activity).count() == 1
    assert client.get(reverse("admin:imports_importjob_undo", args=[job.pk])).status_code == 200
    client.post(reverse("admin:imports_importjob_undo", args=[job.pk]), {"reason": "Test"})
    assert not Participation.objects.filter(activity=activity).exists()
    template = client.get(reverse("admin:imports_importjob_template", args=["seizures", "xlsx"]))
    assert template.status_code == 200 and template["Content-Disposition"].endswith('.xlsx"')


def test_a_running_import_shows_progress_polled_by_a_static_script(client, admin_user, upload, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 10
    job = upload(rows=[person_row()])
    assert job.status == ImportJob.Status.PENDING
    client.force_login(admin_user)
    html = client.get(reverse("admin:imports_importjob_change", args=[job.pk])).content.decode()
    assert "imports/progress.js" in html and "data-import-progress" in html
    no_inline_code(html)


def test_an_officer_imports_but_does_not_undo(client, officer, admin_user, upload):
    job = upload(rows=[person_row(email="off@example.org")], dry_run=False)
    client.force_login(officer)
    assert client.get(reverse("admin:imports_importjob_change", args=[job.pk])).status_code == 200
    assert client.get(reverse("admin:imports_importjob_upload", args=["seizures"])).status_code == 200
    assert client.get(reverse("admin:imports_importjob_undo", args=[job.pk])).status_code == 403
    client.force_login(admin_user)
    assert (
        "Undo import" in client.get(reverse("admin:imports_importjob_change", args=[job.pk])).content.decode()
    )


def test_the_admin_pages_of_imports_hold_to_the_project_admin_tests(client, admin_user, monkeypatch):
    """What tests/admin/test_admin_pages.py checks of every registered model, with this factory."""
    from django.contrib import admin
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import ImportJobFactory

    job = ImportJobFactory()
    assert job.status == ImportJob.Status.VALIDATED and job.rows_with_errors == 0, job.errors
    client.force_login(admin_user)
    assert client.get(reverse("admin:imports_importjob_changelist")).status_code == 200
    assert client.get(reverse("admin:imports_importjob_add")).status_code == 403
    assert client.get(reverse("admin:imports_importjob_change", args=[job.pk])).status_code == 200
    monkeypatch.setattr(admin.site._registry[ImportJob], "list_per_page", 100_000)
    url = reverse("admin:imports_importjob_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    ImportJobFactory.create_batch(5)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.context["cl"].result_count == 6
    assert len(after) == len(before)
