import pytest
from django.test import override_settings

from accounts.models import User
from imports.models import ImportJob
from imports.services import import_job_confirm, import_job_create
from operations.models import Seizure
from tests.support.worker import celery_worker, wait_until

from .conftest import SEIZURE_HEADER, csv_bytes, seizure_row


@pytest.fixture
def committed(committed_db):
    """Committed writes the worker process can read, removed afterwards."""
    before = set(ImportJob.objects.values_list("pk", flat=True))
    try:
        yield
    finally:
        Seizure.objects.filter(reference__startswith="WRK-").delete()
        ImportJob.objects.exclude(pk__in=before).delete()


@pytest.mark.slow
def test_a_real_worker_validates_and_writes_a_big_file(committed):
    """Above the synchronous size, a Celery worker validates (with progress) and then writes."""
    admin = User.objects.get(username="admin")
    rows = [seizure_row(reference=f"WRK-{n}", quantity=str(n + 1)) for n in range(300)]
    with override_settings(IMPORT_SYNC_MAX_BYTES=1000), celery_worker():
        job = import_job_create(
            principal=admin, kind="seizures", file_name="big.csv", data=csv_bytes(SEIZURE_HEADER, rows)
        )
        assert job.status == ImportJob.Status.PENDING
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == "validated")
        job.refresh_from_db()
        assert job.rows_total == job.rows_validated == 300 and job.rows_with_errors == 0
        import_job_confirm(job=job, principal=admin)
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == "imported")
        assert Seizure.objects.filter(reference__startswith="WRK-").count() == 300
