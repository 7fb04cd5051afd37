"""Benchmark of the data exports: rows per second and peak memory of the CSV and XLSX export of
the seizures list, as the report worker writes them (reports.exports.export_write).

Fill a separate database first, e.g.:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/crimjust_bench
    python manage.py migrate && python manage.py load_demo
    python manage.py generate_synthetic --seizures 1000000 --activities 1000 --people 1000 \\
        --participations 1000 --cases 1000

then:

    python scripts/bench_exports.py [--limit N] [--formats csv xlsx] [--tracemalloc] [--donor-report]

Each format runs in a child process of its own, so each peak (ru_maxrss) is that export's alone.
`--limit` exports the first N seizures (by id) through the list's own `id` ordering and a
`date_to` filter far in the future, i.e. through the same filter path as a user's export.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimjust.settings.test")


def _setup():
    import django

    django.setup()


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(fmt: str, limit: int | None, trace: bool) -> dict:
    """One export in this process; prints a JSON line of figures."""
    _setup()
    from django.db import connection

    from reports.access import ScheduledPrincipal
    from reports.exports import export_write

    filters = {}
    if limit:
        from operations.models import Seizure

        last_id = Seizure.objects.order_by("pk").values_list("pk", flat=True)[limit - 1 : limit].get()
        filters = {"ordering": "id"}
        # Through a filter of the list itself: seizures up to the N-th by id.
        cut_off = Seizure.objects.get(pk=last_id).date
        filters["date_to"] = cut_off.isoformat()
    connection.ensure_connection()
    baseline = _peak_rss_mb()
    if trace:
        tracemalloc.start()
    updates = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as directory:
        path = Path(directory) / f"seizures.{fmt}"
        started = time.perf_counter()
        rows = export_write(
            list_name="seizures",
            principal=ScheduledPrincipal(),
            filters=filters,
            fmt=fmt,
            path=path,
            created=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            progress=lambda done, total: updates.append(done),
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    figures = {
        "format": fmt,
        "rows": rows,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "file_mb": round(size / 1024 / 1024, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_before_export_mb": round(baseline, 1),
        "progress_updates": len(updates),
    }
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        figures["tracemalloc_peak_mb"] = round(peak / 1024 / 1024, 1)
    print(json.dumps(figures))
    return figures


def donor_report_time() -> None:
    _setup()
    from unittest import mock

    from reports import services
    from reports.models import Report

    for fmt in ("pdf", "xlsx"):
        with mock.patch("reports.services.report_enqueue"):
            report = services.report_request(
                principal=None,
                kind=Report.Kind.DONOR_PROGRESS,
                fmt=fmt,
                parameters={"date_from": "2016-01-01", "date_to": "2030-12-31"},
                scheduled=True,
            )
        started = time.perf_counter()
        report = services.report_generate(report_id=report.pk)
        seconds = time.perf_counter() - started
        print(json.dumps({"donor_report": fmt, "status": report.status, "seconds": round(seconds, 1)}))
        report.file.delete(save=False)
        report.delete()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx"])
    parser.add_argument("--limit", type=int, default=None, help="export about the first N seizures only")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    parser.add_argument(
        "--donor-report", action="store_true", help="also time a whole-programme donor report"
    )
    parser.add_argument("--one", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.limit, args.tracemalloc)
        return
    for fmt in args.formats:
        command = [sys.executable, __file__, "--one", fmt]
        if args.limit:
            command += ["--limit", str(args.limit)]
        if args.tracemalloc:
            command.append("--tracemalloc")
        subprocess.run(command, check=True, cwd=ROOT)
    if args.donor_report:
        donor_report_time()


if __name__ == "__main__":
    main()
