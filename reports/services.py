"""Requesting and generating reports.

`report_request` checks and records a request and queues its generation once the request is
committed. `report_generate` (called by the Celery task) is idempotent and safe to run twice or
concurrently: a PostgreSQL advisory lock lets one worker at a time generate a report (a worker
that dies releases it with its connection); a succeeded report is never generated again; the file
goes to a fixed name, replacing what an interrupted run left; and the content is deterministic
(dates inside the files are the request's), so a second run gives the same checksum.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import ApiClient
from activities.models import Organisation
from countries.models import Country
from operations.models import Operation
from stats.filters import stats_filters_parse
from stats.selectors import StatsFilters

from . import access
from .documents import BRIEFING_PARAMETERS, BUILDERS, DONOR_PARAMETERS
from .exports import EXPORTABLE_LISTS, export_filters_clean, export_model, export_write
from .models import Report
from .rendering import write_pdf, write_xlsx

logger = logging.getLogger(__name__)

FORMATS = {
    Report.Kind.DONOR_PROGRESS: (Report.Format.PDF, Report.Format.XLSX),
    Report.Kind.COUNTRY_BRIEFING: (Report.Format.PDF, Report.Format.XLSX),
    Report.Kind.OPERATION_RESULTS: (Report.Format.PDF, Report.Format.XLSX),
    Report.Kind.DATA_EXPORT: (Report.Format.CSV, Report.Format.XLSX),
}
# Advisory lock namespace for report generation ("RPT6").
_LOCK_NAMESPACE = 0x52505436


class TransientError(Exception):
    """A failure worth retrying (the database or the storage was briefly unavailable)."""


# --- requesting ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanRequest:
    parameters: dict
    country: Country | None
    title: str


def _period(filters: StatsFilters) -> dict:
    return {
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
    }


def _given(parameters: dict, name: str) -> bool:
    return str(parameters.get(name) or "").strip() != ""


def report_parameters_clean(*, principal, kind: str, fmt: str, parameters: dict) -> CleanRequest:
    """Checks a request: its kind, format and parameters, and that `principal` may make it. The
    period, donor, country and operation are read by the figures' one parser (stats.filters), as
    the stats API and the dashboards read them: a bad value is the same error, naming its field.

    Raises ValidationError for a malformed request and PermissionDenied for one the principal may
    not make (a country or operation out of its scope is refused the same way as a forbidden kind,
    so the answer does not confirm what exists)."""
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    if fmt not in FORMATS[kind]:
        raise ValidationError(
            {
                "format": _("This report comes as %(formats)s.")
                % {"formats": ", ".join(f.upper() for f in FORMATS[kind])}
            }
        )
    parameters = dict(parameters or {})
    country = None
    if kind == Report.Kind.DONOR_PROGRESS:
        if not (_given(parameters, "date_from") and _given(parameters, "date_to")):
            raise ValidationError(
                {"date_from": _("A donor progress report covers a period: give both dates.")}
            )
        filters = stats_filters_parse(parameters, user=principal, only=DONOR_PARAMETERS)
        if len(filters.donors) > 1:
            raise ValidationError({"donor": _("Give one donor, or none for all donors.")})
        donor = filters.donors[0] if filters.donors else None
        if not access.may_request(principal, kind=kind):
            raise PermissionDenied(_("You may not request a donor progress report."))
        clean = {**_period(filters), "donor": donor.pk if donor else None}
        title = _("Donor progress report: %(donor)s, %(start)s to %(end)s") % {
            "donor": donor.acronym or donor.name if donor else _("all donors"),
            "start": clean["date_from"],
            "end": clean["date_to"],
        }
    elif kind == Report.Kind.COUNTRY_BRIEFING:
        if not _given(parameters, "country"):
            raise ValidationError({"country": _("Give the country as its ISO alpha-2 code.")})
        filters = stats_filters_parse(parameters, user=principal, only=BRIEFING_PARAMETERS)
        if len(filters.countries) != 1:
            raise ValidationError({"country": _("Give one country, as its ISO alpha-2 code.")})
        (country,) = filters.countries
        if not access.may_request(principal, kind=kind, country=country):
            raise PermissionDenied(_("You may not request the briefing pack of this country."))
        clean = {**_period(filters), "country": country.iso2}
        title = _("Country briefing pack: %(country)s") % {"country": country.display_name}
    elif kind == Report.Kind.OPERATION_RESULTS:
        refused = ValidationError({"operation": _("Give an operation you may see, by its id or code name.")})
        if not _given(parameters, "operation"):
            raise refused
        try:
            operation = stats_filters_parse(parameters, user=principal, only=("operation",)).operation
        except Http404:
            # The subject of the report, not a filter of figures: refused on its field.
            raise refused from None
        if not access.may_request(principal, kind=kind, operation=operation):
            raise PermissionDenied(_("You may not request this operation's results report."))
        clean = {"operation": operation.pk}
        title = _("Operation results report: %(operation)s") % {"operation": operation.code_name}
    else:
        list_name = str(parameters.get("list") or "")
        if list_name not in EXPORTABLE_LISTS:
            raise ValidationError(
                {"list": _("Choose a list to export: %(lists)s.") % {"lists": ", ".join(EXPORTABLE_LISTS)}}
            )
        if not access.may_request(principal, kind=kind, model=export_model(list_name)):
            raise PermissionDenied(_("You may not export this list."))
        clean = {
            "list": list_name,
            "filters": export_filters_clean(list_name, parameters.get("filters") or {}, principal),
        }
        title = _("Data export: %(list)s") % {"list": EXPORTABLE_LISTS[list_name][1]}
    return CleanRequest(parameters=clean, country=country, title=str(title)[:300])


def report_language_clean(language: str | None) -> str:
    """The language a report is to be written in: one of settings.LANGUAGES, by default the active
    one (the requester's). Raises ValidationError naming `language` for any other."""
    codes = [code for code, _name in settings.LANGUAGES]
    if language in (None, ""):
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in codes:
            try:
                language = translation.get_supported_language_variant(language)
            except LookupError:
                language = settings.LANGUAGE_CODE
    if language not in codes:
        raise ValidationError(
            {"language": _("Choose one of the languages %(codes)s.") % {"codes": ", ".join(codes)}}
        )
    return language


@transaction.atomic
def report_request(
    *,
    principal,
    kind: str,
    fmt: str,
    parameters: dict | None = None,
    scheduled: bool = False,
    language: str | None = None,
) -> Report:
    """Records a report request and queues its generation when the transaction commits. The file
    is written in `language` (a code of settings.LANGUAGES; None: the active language)."""
    if scheduled:
        principal = access.ScheduledPrincipal()
    language = report_language_clean(language)
    clean = report_parameters_clean(principal=principal, kind=kind, fmt=fmt, parameters=parameters or {})
    api_key = principal.api_key if isinstance(principal, ApiClient) else None
    user = None if scheduled or api_key is not None else principal
    report = Report.objects.create(
        kind=kind,
        format=fmt,
        parameters=clean.parameters,
        title=clean.title,
        country=clean.country,
        requested_by=user,
        requested_by_api_key=api_key,
        scheduled=scheduled,
        language=language,
    )
    report_enqueue(report=report)
    return report


def report_enqueue(*, report: Report) -> None:
    from .tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(report.pk))


@transaction.atomic
def report_retry(*, report: Report) -> Report:
    """A failed report, queued once more (the admin's "generate again")."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        return report
    report.status, report.progress, report.error, report.attempts = Report.Status.QUEUED, 0, "", 0
    report.save(update_fields=["status", "progress", "error", "attempts"])
    report_enqueue(report=report)
    return report


def scheduled_donor_report_request(
    *,
    donor: str | None = None,
    fmt: str = "pdf",
    language: str | None = None,
    today: datetime.date | None = None,
) -> Report:
    """The donor progress report of the last complete quarter (what the celery beat schedule asks),
    in `language`, by default settings.REPORTS_QUARTERLY_LANGUAGE."""
    today = today or timezone.localdate()
    quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = quarter_start - datetime.timedelta(days=1)
    start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return report_request(
        principal=None,
        kind=Report.Kind.DONOR_PROGRESS,
        fmt=fmt,
        parameters={"date_from": start.isoformat(), "date_to": end.isoformat(), "donor": donor},
        scheduled=True,
        language=language or settings.REPORTS_QUARTERLY_LANGUAGE,
    )


# --- generating ------------------------------------------------------------------------------------


@contextmanager
def _generation_lock(report_id: int):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, report_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, report_id])


class Progress:
    """Writes a report's progress as the work goes (committed at once, so pages see it)."""

    def __init__(self, report_id: int, *, start: int = 0, end: int = 95, steps: int = 1):
        self.report_id, self.start, self.end, self.steps, self.done = report_id, start, end, max(1, steps), 0
        self.last = -1

    def set(self, percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent != self.last:
            Report.objects.filter(pk=self.report_id, status=Report.Status.RUNNING).update(progress=percent)
            self.last = percent
        if settings.REPORTS_STEP_PAUSE:
            time.sleep(settings.REPORTS_STEP_PAUSE)

    def step(self) -> None:
        self.done += 1
        self.set(self.start + (self.end - self.start) * min(self.done, self.steps) / self.steps)

    def rows(self, done: int, total: int) -> None:
        self.set(self.start + (self.end - self.start) * (done / total if total else 1))


DOCUMENT_STEPS = 7


def report_generate(*, report_id: int) -> Report | None:
    """Generates the report's file, once. Returns the report, or None when another worker holds it."""
    with _generation_lock(report_id) as acquired:
        if not acquired:
            logger.info("Report %s is being generated by another worker", report_id)
            return None
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            if (
                report.status == Report.Status.SUCCEEDED
                and report.file
                and default_storage.exists(report.file.name)
            ):
                return report
            if report.status == Report.Status.FAILED:
                return report
            if report.attempts >= settings.REPORTS_MAX_ATTEMPTS:
                report.status = Report.Status.FAILED
                report.error = _(
                    "The report was interrupted %(count)s times (its worker stopped or ran out of time): "
                    "not trying again. Request it again, or narrow it down."
                ) % {"count": report.attempts}
                report.finished_at = timezone.now()
                report.save(update_fields=["status", "error", "finished_at"])
                return report
            report.status = Report.Status.RUNNING
            report.progress = 0
            report.error = ""
            report.started_at = timezone.now()
            report.attempts = F("attempts") + 1
            report.save(update_fields=["status", "progress", "error", "started_at", "attempts"])
        report.refresh_from_db()
        principal = access.report_principal(report)
        if principal is None:
            raise ValueError(_("The user who requested this report no longer exists."))
        with tempfile.TemporaryDirectory(prefix="report-") as directory:
            path = Path(directory) / report.download_name
            # In the requester's language, whatever the worker's.
            with translation.override(report.language or settings.LANGUAGE_CODE):
                _write(report, principal, path)
            digest, size = _sha256(path)
            name = report.file_name()
            if default_storage.exists(name):
                default_storage.delete(name)
            with path.open("rb") as content:
                saved = default_storage.save(name, File(content))
        with transaction.atomic():
            Report.objects.filter(pk=report_id).update(
                status=Report.Status.SUCCEEDED,
                progress=100,
                file=saved,
                checksum=digest,
                size=size,
                error="",
                finished_at=timezone.now(),
            )
        return Report.objects.get(pk=report_id)


def _write(report: Report, principal, path: Path) -> None:
    created = report.requested_at
    if report.kind == Report.Kind.DATA_EXPORT:
        progress = Progress(report.pk, start=1, end=99)
        export_write(
            list_name=report.parameters["list"],
            principal=principal,
            filters=report.parameters.get("filters") or {},
            fmt=report.format,
            path=path,
            created=created,
            progress=progress.rows,
        )
        return
    progress = Progress(report.pk, start=1, end=80, steps=DOCUMENT_STEPS)
    document = BUILDERS[report.kind](user=principal, parameters=report.parameters, step=progress.step)
    progress.set(85)
    if report.format == Report.Format.PDF:
        write_pdf(document, path, created=created)
    else:
        write_xlsx(document, path, created=created)
    progress.set(95)


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as content:
        while chunk := content.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def report_fail(*, report_id: int, error: BaseException | str) -> None:
    """Records why a report failed, in words a reader can act on."""
    message = error if isinstance(error, str) else readable_error(error)
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.SUCCEEDED).update(
        status=Report.Status.FAILED, error=message[:4000], finished_at=timezone.now()
    )


def report_retrying(*, report_id: int, error: BaseException) -> None:
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
        status=Report.Status.QUEUED,
        error=_("Interrupted (%(error)s); trying again.") % {"error": readable_error(error)},
    )


def readable_error(error: BaseException) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(error, SoftTimeLimitExceeded):
        return _("The report took longer than %(seconds)s seconds and was stopped.") % {
            "seconds": settings.REPORTS_TASK_SOFT_TIME_LIMIT
        }
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, Http404 | PermissionDenied):
        return _("The requester may no longer see what this report is about (their access has changed).")
    if isinstance(
        error, Report.DoesNotExist | Organisation.DoesNotExist | Country.DoesNotExist | Operation.DoesNotExist
    ):
        return _("A record the report is about no longer exists or is no longer visible to its requester.")
    text = str(error) or error.__class__.__name__
    return _("The report could not be generated: %(error)s") % {
        "error": f"{error.__class__.__name__}: {text}"
    }
