"""Benchmark of the imports: 10,000 attendance rows and 100,000 seizure rows, validated and written.

Runs against a database of its own with the demo loaded, created and dropped here:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crimjust_h7bench REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python scripts/bench_imports.py [--keep]

For each file: the upload with a dry run (read + validate + preview stored), then the confirm
(validated again, since the data may have changed, then written in one transaction with
bulk_create), as a user would go through them. Targets: 10,000 attendance rows in under 10 s,
100,000 seizure rows in under 60 s.
"""

import argparse
import csv
import io
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimjust.settings.test")

ATTENDANCE_ROWS = 10_000
SEIZURE_ROWS = 100_000
COUNTRIES = ["PE", "CO", "EC", "BO", "PA", "DO", "PY", "UY", "NG", "GH"]


def _database_name() -> str:
    return urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")


def _admin_url() -> str:
    parsed = urlparse(os.environ["DATABASE_URL"])
    return parsed._replace(path="/postgres").geturl()


def _psql(sql: str) -> None:
    subprocess.run(["psql", _admin_url(), "-q", "-c", sql], check=True)


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def attendance_file() -> bytes:
    rng = random.Random(7)
    categories = ["police", "customs", "prosecutor", "judge", "analyst", "border officer", "Forensic expert"]
    header = [
        "first_name", "last_name", "gender", "country", "agency", "professional_category", "email",
        "role", "days_attended", "pre_test_score", "post_test_score",
    ]  # fmt: skip
    rows = [
        [
            f"Nombre{n}",
            f"Apellido Pérez {n}",
            rng.choice(["F", "M", "female", "masculino"]),
            rng.choice(COUNTRIES),
            "",
            rng.choice(categories),
            f"bench.person{n}@example.org" if n % 4 else "",
            "participant",
            rng.randint(1, 3),
            rng.randint(20, 60),
            f"{rng.randint(60, 99)}.5",
        ]
        for n in range(ATTENDANCE_ROWS)
    ]
    return _csv(header, rows)


def seizure_file() -> bytes:
    rng = random.Random(11)
    substances = [
        "cocaine HCl", "Cocaine base and paste", "marijuana", "fentanyl", "Tramadol", "MDMA", "acetone",
    ]  # fmt: skip
    units = {"acetone": ["l", "litres"], "MDMA": ["tablets", "kg"], "Tramadol": ["tablets", "g"]}
    header = [
        "reference", "date", "country", "place", "location", "substance", "quantity", "unit", "conveyance",
        "detection", "origin_country", "transit_countries", "destination_country", "arrests",
    ]  # fmt: skip
    rows = []
    for n in range(SEIZURE_ROWS):
        substance = rng.choice(substances)
        rows.append(
            [
                f"BENCH-{n:06d}",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2019, 2024)}",
                rng.choice(COUNTRIES),
                rng.choice(["mail_centre", "Courier hub", "airport", "seaport"]),
                "Lima",
                substance,
                f"{rng.randint(1, 5000)}.{rng.randint(0, 999):03d}",
                rng.choice(units.get(substance, ["kg", "kgs", "g", "grams"])),
                rng.choice(["mail", "courier", "air_cargo", "container"]),
                rng.choice(["raman", "profiling", "canine", "scanner"]),
                rng.choice(["CO", "Bolivia", "Perú", ""]),
                rng.choice(["", "EC", "PA;EC"]),
                rng.choice(["ES", "Países Bajos", "US", ""]),
                rng.randint(0, 3),
            ]
        )
    return _csv(header, rows)


def measure(label: str, rows: int, run) -> dict:
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    print(f"  {label:<34} {seconds:7.2f} s  {rows / seconds:10,.0f} rows/s")
    return {"seconds": seconds, "result": result}


def bench(kind: str, data: bytes, rows: int, target: float, **options) -> float:
    from accounts.models import User
    from imports.services import import_job_confirm, import_job_create

    admin = User.objects.get(username="admin")
    print(f"{kind}: {rows:,} rows, {len(data) / 2**20:.1f} MB CSV")
    upload = measure(
        "upload + validate (dry run)",
        rows,
        lambda: import_job_create(
            principal=admin, kind=kind, file_name=f"bench-{kind}.csv", data=data, dry_run=True, **options
        ),
    )
    job = upload["result"]
    assert job.status == "validated" and job.rows_with_errors == 0, job.errors[:5]
    confirm = measure(
        "confirm (validate again + write)",
        rows,
        lambda: import_job_confirm(job=job, principal=admin, background=False),
    )
    job = confirm["result"]
    assert job.status == "imported", job.errors[:5]
    total = upload["seconds"] + confirm["seconds"]
    verdict = "OK" if total < target else "OVER TARGET"
    print(f"  {'total':<34} {total:7.2f} s  {rows / total:10,.0f} rows/s", end="")
    print(f"  (target < {target:.0f} s: {verdict})")
    print(f"  created {job.created_count:,}, matched {job.matched_count:,}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()
    name = _database_name()
    if not name.endswith("bench"):
        sys.exit(f"Refusing to create and drop {name!r}: use a database whose name ends in 'bench'.")
    _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{name}"')
    media_root = tempfile.mkdtemp(prefix="bench-imports-")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        settings.IMPORT_SYNC_MAX_BYTES = settings.IMPORT_MAX_FILE_SIZE = 200 * 2**20
        # The uploaded files go to a temporary folder, removed at the end.
        settings.MEDIA_ROOT = media_root

        import datetime

        from activities.models import Activity
        from activities.services import activity_create
        from countries.models import Country

        print(f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        activity = activity_create(
            kind=Activity.Kind.TRAINING,
            title="Benchmark training",
            start_date=datetime.date(2024, 5, 6),
            end_date=datetime.date(2024, 5, 8),
            host_country=Country.objects.get(iso2="PE"),
        )
        attendance = attendance_file()
        bench("attendance", attendance, ATTENDANCE_ROWS, 10, activity_id=activity.pk)
        print("attendance again (every row matches, nothing new):")
        bench("attendance", attendance, ATTENDANCE_ROWS, 10, activity_id=activity.pk)
        bench("seizures", seizure_file(), SEIZURE_ROWS, 60, date_order="day-first")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(media_root, ignore_errors=True)
        if not args.keep:
            _psql(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
