"""The benchmark's measurements that run in a process of their own, so that each peak memory
(ru_maxrss) is that piece of work's alone: an export, a donor report, the imports.

    python -m benchmarks.child export csv|xlsx
    python -m benchmarks.child donor-report pdf|xlsx YEAR
    python -m benchmarks.child imports ATTENDANCE_ROWS SEIZURE_ROWS

Each prints one JSON line of figures. The environment is the benchmark's (DATABASE_URL of the
benchmark database, DJANGO_SETTINGS_MODULE=crimjust.settings.bench).
"""

from __future__ import annotations

import datetime
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# A worker's image installs requirements.txt only. The development environment adds pandas for the
# tests, and with it numpy, which openpyxl imports whenever it finds it (16 MB of a peak that a
# worker never has): left out here, so the peak measured is the worker's.
sys.modules.setdefault("numpy", None)


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def export(fmt: str) -> dict:
    """Every seizure as the programme-wide scheduled principal exports it, as the report worker
    writes it (reports.exports.export_write)."""
    from reports.access import ScheduledPrincipal
    from reports.exports import export_write

    before = _peak_rss_mb()
    updates = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as directory:
        path = Path(directory) / f"seizures.{fmt}"
        started = time.perf_counter()
        rows = export_write(
            list_name="seizures",
            principal=ScheduledPrincipal(),
            filters={},
            fmt=fmt,
            path=path,
            created=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            progress=lambda done, total: updates.append(done),
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {
        "format": fmt,
        "rows": rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "file_mb": round(size / 2**20, 1),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_before_mb": before,
        "progress_updates": len(updates),
    }


def donor_report(fmt: str, year: int) -> dict:
    """The donor progress report for a calendar year, generated as the worker generates it."""
    from reports import services
    from reports.access import ScheduledPrincipal
    from reports.models import Report

    media = tempfile.mkdtemp(prefix="bench-report-")
    try:
        from django.conf import settings

        settings.MEDIA_ROOT = media
        # As a scheduled request records it (services.report_request), without queueing it: it
        # is generated here, in this process.
        clean = services.report_parameters_clean(
            principal=ScheduledPrincipal(),
            kind=Report.Kind.DONOR_PROGRESS,
            fmt=fmt,
            parameters={"date_from": f"{year}-01-01", "date_to": f"{year}-12-31"},
        )
        report = Report.objects.create(
            kind=Report.Kind.DONOR_PROGRESS,
            format=fmt,
            parameters=clean.parameters,
            title=clean.title,
            scheduled=True,
            language=settings.LANGUAGE_CODE,
        )
        started = time.perf_counter()
        report = services.report_generate(report_id=report.pk)
        seconds = time.perf_counter() - started
        figures = {
            "format": fmt,
            "year": year,
            "status": report.status,
            "error": report.error,
            "seconds": round(seconds, 2),
            "file_kb": round((report.size or 0) / 1024),
            "peak_rss_mb": _peak_rss_mb(),
        }
        report.file.delete(save=False)
        report.delete()
        return figures
    finally:
        shutil.rmtree(media, ignore_errors=True)


def imports(attendance_rows: int, seizure_rows: int) -> dict:
    """An attendance sheet into a new training and a seizure sheet, each uploaded with a dry run
    (read, validate, preview) then confirmed (validated again, written in one transaction), as a
    user goes through them; then both undone, leaving the database as it was."""
    from django.conf import settings

    from accounts.models import User
    from activities.models import Activity
    from activities.services import activity_create
    from countries.models import Country
    from imports.services import import_job_confirm, import_job_create, import_job_undo

    from .sheets import attendance_sheet, seizure_sheet

    media = tempfile.mkdtemp(prefix="bench-imports-")
    settings.MEDIA_ROOT = media
    settings.IMPORT_SYNC_MAX_BYTES = settings.IMPORT_MAX_FILE_SIZE = 500 * 2**20
    admin = User.objects.get(username="admin")
    figures = {}
    try:
        activity = Activity.objects.filter(title="Benchmark training").first() or activity_create(
            kind=Activity.Kind.TRAINING,
            title="Benchmark training",
            start_date=datetime.date(2024, 5, 6),
            end_date=datetime.date(2024, 5, 8),
            host_country=Country.objects.get(iso2="PE"),
        )
        plans = [
            ("attendance", attendance_sheet(attendance_rows), attendance_rows, {"activity_id": activity.pk}),
            ("seizures", seizure_sheet(seizure_rows), seizure_rows, {"date_order": "day-first"}),
        ]
        for kind, data, rows, options in plans:
            started = time.perf_counter()
            job = import_job_create(
                principal=admin, kind=kind, file_name=f"bench-{kind}.csv", data=data, dry_run=True, **options
            )
            validated = time.perf_counter()
            if job.status != "validated" or job.rows_with_errors:
                raise RuntimeError(f"{kind}: the sheet did not validate: {job.errors[:5]}")
            job = import_job_confirm(job=job, principal=admin, background=False)
            written = time.perf_counter()
            if job.status != "imported":
                raise RuntimeError(f"{kind}: the import failed: {job.errors[:5]}")
            import_job_undo(job=job, user=admin, reason="Benchmark run: leaving the data as it was.")
            figures[kind] = {
                "rows": rows,
                "file_mb": round(len(data) / 2**20, 1),
                "validate_seconds": round(validated - started, 2),
                "confirm_seconds": round(written - validated, 2),
                "seconds": round(written - started, 2),
                "rows_per_second": round(rows / (written - started)),
                "created": job.created_count,
            }
    finally:
        shutil.rmtree(media, ignore_errors=True)
    figures["peak_rss_mb"] = _peak_rss_mb()
    return figures


def main(argv: list[str]) -> None:
    import django

    django.setup()
    command, *arguments = argv
    if command == "export":
        figures = export(arguments[0])
    elif command == "donor-report":
        figures = donor_report(arguments[0], int(arguments[1]))
    elif command == "imports":
        figures = imports(int(arguments[0]), int(arguments[1]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
