import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import User
from imports.models import ImportJob
from operations.models import Seizure

from .conftest import SEIZURE_HEADER, counts, csv_bytes, seizure_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def post(api, rows, **fields):
    data = {
        "kind": "seizures",
        "file": SimpleUploadedFile("seizures.csv", csv_bytes(SEIZURE_HEADER, rows), content_type="text/csv"),
        "date_order": "day-first",
        **fields,
    }
    return api.post("/api/v1/imports/", data, format="multipart")


def test_a_dry_run_answers_the_preview_then_confirm_writes(api):
    before = counts()
    response = post(
        api, [seizure_row(reference="API-1"), seizure_row(reference="API-2", substance="nope")], dry_run=True
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "validated" and body["summary"]["create"] == 1 and body["summary"]["error"] == 1
    assert body["errors"] == [{"row": 3, "column": "substance", "message": "Unknown substance “nope”."}]
    assert [row["action"] for row in body["rows"]] == ["create", "error"]
    assert counts() == before
    refused = api.post(f"/api/v1/imports/{body['id']}/confirm/", {}, format="json")
    assert refused.status_code == 400 and "rows have errors" in str(refused.json())
    assert counts() == before
    rejected = api.get(f"/api/v1/imports/{body['id']}/rejected/")
    assert rejected.status_code == 200 and rejected["Content-Type"].startswith("text/csv")
    assert "Unknown substance" in rejected.content.decode("utf-8-sig")
    confirmed = api.post(f"/api/v1/imports/{body['id']}/confirm/", {"valid_rows_only": True}, format="json")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["status"] == "imported" and confirmed.json()["created"] == {
        "operations.seizure": 1
    }
    assert Seizure.objects.filter(reference="API-1").exists()
    detail = api.get(f"/api/v1/imports/{body['id']}/").json()
    assert detail["status"] == "imported" and detail["progress"] == 100


def test_without_a_dry_run_a_file_with_errors_is_refused_whole(api):
    before = counts()
    response = post(api, [seizure_row(reference="W-1"), seizure_row(reference="W-2", quantity="-1")])
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "quantity"
    assert counts() == before
    response = post(
        api, [seizure_row(reference="W-1"), seizure_row(reference="W-2", quantity="-1")], valid_rows_only=True
    )
    assert response.status_code == 201 and response.json()["status"] == "imported"


def test_big_files_are_validated_in_the_background(
    api, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from imports import tasks

    settings.IMPORT_SYNC_MAX_BYTES = 100
    queued = []
    monkeypatch.setattr(tasks.validate_import, "delay", lambda job_id: queued.append(job_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api, [seizure_row(reference=f"BG-{n}") for n in range(20)], dry_run=True)
    assert response.status_code == 202 and response["Location"].endswith(f"/api/v1/imports/{queued[0]}/")
    assert response.json()["status"] == "pending"
    assert tasks.validate_import.run(queued[0]) == "validated"
    job = ImportJob.objects.get(pk=queued[0])
    assert job.rows_total == job.rows_validated == 20 and job.progress_percent == 100
    writes = []
    monkeypatch.setattr(tasks.write_import, "delay", lambda job_id: writes.append(job_id))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/imports/{job.pk}/confirm/", {}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "importing"
    assert tasks.write_import.run(writes[0]) == "imported"
    assert Seizure.objects.filter(reference__startswith="BG-").count() == 20


@pytest.mark.parametrize(("kind", "file_format"), [("attendance", "csv"), ("seizures", "xlsx")])
def test_templates(api, kind, file_format):
    response = api.get(f"/api/v1/imports/templates/{kind}.{file_format}")
    assert response.status_code == 200
    if file_format == "csv":
        header, example = response.content.decode("utf-8-sig").splitlines()
        assert header.startswith("first_name,last_name,gender,country")
    else:
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        assert workbook.sheetnames == ["Data", "Instructions"]
        instructions = [row[0] for row in workbook["Instructions"].iter_rows(values_only=True) if row]
        assert "Cocaine hydrochloride" in instructions and "kg" in instructions and "Peru" in instructions


def test_a_mission_viewer_neither_sees_nor_imports(api, admin_user):
    job_id = post(api, [seizure_row()], dry_run=True).json()["id"]
    mission = APIClient()
    mission.force_authenticate(User.objects.get(username="mission-pe"))
    assert mission.get("/api/v1/imports/").status_code == 403
    assert mission.get(f"/api/v1/imports/{job_id}/").status_code == 403
    response = post(mission, [seizure_row()], dry_run=True)
    assert response.status_code == 403


def test_undo_through_the_api_is_for_administrators(api):
    body = post(api, [seizure_row(reference="AU-1")]).json()
    officer = APIClient()
    officer.force_authenticate(User.objects.get(username="officer"))
    assert officer.post(f"/api/v1/imports/{body['id']}/undo/").status_code == 403
    response = api.post(f"/api/v1/imports/{body['id']}/undo/")
    assert response.status_code == 200 and response.json()["status"] == "undone"
    assert not Seizure.objects.filter(reference="AU-1").exists()


def test_a_file_that_cannot_be_read_is_a_400_with_its_reason(api):
    data = {
        "kind": "seizures",
        "file": SimpleUploadedFile("seizures.xlsx", b"not a workbook"),
        "date_order": "day-first",
        "dry_run": True,
    }
    response = api.post("/api/v1/imports/", data, format="multipart")
    assert response.status_code == 422
    assert response.json()["status"] == "failed"
    assert (
        response.json()["errors"][0]["message"] == "The file is not an XLSX workbook, whatever its name says."
    )
    empty = api.post(
        "/api/v1/imports/",
        {**data, "file": SimpleUploadedFile("seizures.csv", b"")},
        format="multipart",
    )
    assert empty.status_code == 400 and empty.json()["errors"] == {"file": ["The file is empty."]}


def test_an_api_key_with_the_write_scope_imports_within_its_countries(admin_user, client):
    import datetime

    from django.utils import timezone

    from accounts.services import api_key_create
    from countries.models import Country

    _key, raw = api_key_create(
        name="Donor portal",
        created_by=admin_user,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_write=True,
        can_see_personal_data=True,
        countries=[Country.objects.get(iso2="PE")],
    )
    data = {
        "kind": "seizures",
        "file": SimpleUploadedFile(
            "s.csv", csv_bytes(SEIZURE_HEADER, [seizure_row(reference="KEY-1"), seizure_row(country="CO")])
        ),
        "date_order": "day-first",
        "valid_rows_only": True,
    }
    response = client.post("/api/v1/imports/", data, HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "imported" and body["created_by"] is None
    assert body["errors"][0]["row"] == 3 and "countries you are assigned to" in body["errors"][0]["message"]
    assert ImportJob.objects.get(pk=body["id"]).api_key == _key
    assert Seizure.objects.filter(reference="KEY-1").exists()
