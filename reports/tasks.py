"""Celery tasks of the reports: thin, they load by id and call the services.

`generate_report` is acknowledged only once it has finished (`acks_late`), and put back on the
queue if its worker dies (`reject_on_worker_lost`; with Redis, a task left unacknowledged comes
back after the visibility timeout), so a report survives a lost worker; the service makes a second
run harmless. Transient failures (the database or the broker briefly away) are retried with
exponential backoff up to REPORTS_TASK_MAX_RETRIES times; any other failure, or the last retry,
is recorded on the report with a readable message.
"""

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .services import (
    TransientError,
    report_fail,
    report_generate,
    report_retrying,
    scheduled_donor_report_request,
)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError, TransientError)


def _report_id(args, kwargs) -> int:
    return kwargs["report_id"] if "report_id" in kwargs else args[0]


class ReportTask(Task):
    def on_retry(self, exc, task_id, args, kwargs, einfo):
        report_retrying(report_id=_report_id(args, kwargs), error=exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_fail(report_id=_report_id(args, kwargs), error=exc)


@shared_task(
    bind=True,
    base=ReportTask,
    name="reports.generate_report",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=settings.REPORTS_TASK_MAX_RETRIES,
    soft_time_limit=settings.REPORTS_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TASK_TIME_LIMIT,
)
def generate_report(self, report_id: int) -> str:
    report = report_generate(report_id=report_id)
    return "busy" if report is None else report.status


@shared_task(name="reports.request_quarterly_donor_report", acks_late=True)
def request_quarterly_donor_report(
    donor: str | None = None, format: str = "pdf", language: str | None = None
) -> int:
    """Requests the donor progress report of the last complete quarter (scheduled in celery beat),
    in `language` (the periodic task's kwargs), by default settings.REPORTS_QUARTERLY_LANGUAGE."""
    return scheduled_donor_report_request(donor=donor, fmt=format, language=language).pk
