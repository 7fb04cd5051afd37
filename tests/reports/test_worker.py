"""Reports through a real Celery worker process and the real Redis (not eager mode).

The worker only sees committed rows: the test writes outside a test transaction
(`committed_db`) and removes its reports afterwards.
"""

import hashlib
import re
from pathlib import Path

import openpyxl
import pytest
import redis
from django.conf import settings
from pypdf import PdfReader

from accounts.models import User
from reports import services
from reports.models import Report
from tests.support.worker import celery_worker, wait_until

from .conftest import AZURE_2021

pytestmark = [pytest.mark.slow]


@pytest.fixture
def demo(report_media, committed_db):
    # Messages left in this Redis database by an earlier, interrupted run are not ours.
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*(queue.name for queue in settings.CELERY_TASK_QUEUES), "unacked", "unacked_index")
    before = set(Report.objects.values_list("pk", flat=True))
    try:
        yield {"admin": User.objects.get(username="admin"), "media": report_media, "before": before}
    finally:
        Report.objects.exclude(pk__in=before).delete()


def _worker_env(media: Path, **extra) -> dict:
    return {"DJANGO_MEDIA_ROOT": str(media), **extra}


def _finished(report_id: int):
    def check():
        return Report.objects.get(pk=report_id).status in (Report.Status.SUCCEEDED, Report.Status.FAILED)

    return check


def test_reports_through_real_workers_one_of_them_killed_mid_report(demo):
    """A worker is killed (SIGKILL) in the middle of a report; the next worker finishes it, once,
    with one file, then generates the 2021 donor report in both formats."""
    # Slow steps for the first worker, so it can be killed mid-report; a short visibility timeout,
    # so Redis hands the unacknowledged task to the next worker at once instead of after 40 minutes.
    recovery = {"CELERY_VISIBILITY_TIMEOUT": "2", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    with celery_worker(env=_worker_env(demo["media"], REPORTS_STEP_PAUSE="0.6", **recovery)) as first:
        killed = services.report_request(
            principal=demo["admin"], kind="donor_progress", fmt="xlsx", parameters=AZURE_2021
        )

        def mid_way():
            current = Report.objects.get(pk=killed.pk)
            return current.status == Report.Status.RUNNING and current.progress >= 20

        assert wait_until(mid_way, timeout=60), "".join(first.output[-40:])
        first.kill()  # SIGKILL: no clean-up, no acknowledgement
        first.wait(timeout=10)
    interrupted = Report.objects.get(pk=killed.pk)
    assert interrupted.status == Report.Status.RUNNING and 0 < interrupted.progress < 100

    with celery_worker(env=_worker_env(demo["media"], **recovery)) as second:
        assert wait_until(_finished(killed.pk), timeout=90), "".join(second.output[-40:])
        pdf = services.report_request(
            principal=demo["admin"], kind="donor_progress", fmt="pdf", parameters=AZURE_2021
        )
        xlsx = services.report_request(
            principal=demo["admin"], kind="donor_progress", fmt="xlsx", parameters=AZURE_2021
        )
        for report in (pdf, xlsx):
            assert wait_until(_finished(report.pk), timeout=90), "".join(second.output[-40:])
        # The short visibility timeout redelivers tasks still running: give a duplicate the time
        # to show itself (it must find the report done and leave it alone).
        wait_until(lambda: False, timeout=3)

    # The killed report: succeeded, generated exactly once more, one file.
    killed.refresh_from_db()
    assert killed.status == Report.Status.SUCCEEDED, killed.error
    assert killed.attempts == 2  # the killed run and the one that finished it
    folder = Path(killed.file.path).parent
    assert [path.name for path in folder.iterdir()] == [f"donor-progress-{killed.pk}.xlsx"]
    assert hashlib.sha256(Path(killed.file.path).read_bytes()).hexdigest() == killed.checksum

    pdf.refresh_from_db()
    xlsx.refresh_from_db()
    assert (pdf.status, xlsx.status) == (Report.Status.SUCCEEDED, Report.Status.SUCCEEDED), (
        pdf.error,
        xlsx.error,
    )
    assert (pdf.progress, pdf.attempts, xlsx.attempts) == (100, 1, 1)
    _assert_azure_in_pdf(pdf.file.path)
    _assert_azure_in_xlsx(xlsx.file.path)
    assert Report.objects.exclude(pk__in=demo["before"]).count() == 3


def _assert_azure_in_pdf(path):
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)

    def figure(label):
        return re.search(rf"^{re.escape(label)} ([\d,.]+)", text, re.MULTILINE).group(1)

    assert figure("Seizures") == "125"
    assert figure("Countries in operations") == "10"
    # The label the dashboards give the same figure (was "People trained (distinct)").
    assert figure("Officials trained") == "153"
    assert figure("Female") == "42"
    # The start date by the language's short format (English: month/day/year).
    assert re.search(r"^Azure 10/01/2021 10 ", text, re.MULTILINE)


def _assert_azure_in_xlsx(path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    operations = workbook["Operations"]
    assert [cell.value for cell in operations[1]][:5] == [
        "Operation",
        "Start",
        "Countries",
        "Participating countries",
        "Seizures",
    ]
    assert operations["A2"].value == "Azure"
    assert operations["C2"].value == 10 and operations["E2"].value == 125
    gender = {row[0]: row for row in workbook["People by gender"].iter_rows(min_row=2, values_only=True)}
    assert gender["Female"][1] == 42 and "Total" not in gender
    totals = {row[:3]: row[3] for row in workbook["Totals"].iter_rows(min_row=2, values_only=True)}
    assert totals["People by gender", "Total", "Officials trained"] == 153
    key = {row[0]: row[1] for row in workbook["Key figures"].iter_rows(min_row=2, values_only=True)}
    assert key["Seizures"] == 125 and key["Officials trained"] == 153
    assert all(isinstance(key[name], int) for name in ("Seizures", "Countries in operations", "Operations"))
