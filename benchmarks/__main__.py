"""`make bench`: the tracker at scale, measured beside the database's own floor.

    python -m benchmarks [--quick] [--reuse] [--activities N] [--people N] [--participations N]
                         [--seizures N] [--cases N] [--only SECTION ...] [--output PATH]

Builds a scale database with `generate_synthetic` (a database of its own: BENCH_DATABASE_URL, or
DATABASE_URL's server with "_bench" added to the database's name; dropped and filled again unless
--reuse finds it filled with the same sizes), then measures on that data, in one run:

- lists: every main API list (a page of 50) under concurrent load from wrk against gunicorn
  (workers and threads as in production), beside its bare floor (benchmarks.list_floors: one
  hand-written SQL statement and orjson, no Django, the same body, checked equal before it is
  timed) and the naive baseline (benchmarks.naive), both served by the same gunicorn
  (benchmarks.wsgi); queries per request at two page sizes;
- stats: every /api/v1/stats/ endpoint under the same load, computed (a gunicorn of its own with
  FIGURES_CACHE_SECONDS=0: nothing cached) and cached (the data version unchanged); its server
  time one request after another, computed (the cache invalidated before each request) and
  cached; and the floor: the same figures as one hand-written SQL query through psycopg2
  (benchmarks.floors), checked equal to the endpoint's before they are timed;
- dashboards: every dashboard page's server time, computed (the cache invalidated before each
  request) and cached, beside the sum of the floors of the figures it draws;
- admin: each big changelist's default page, a search, a sort, a deep page and a filter
  (benchmarks.admin_pages);
- exports: CSV and XLSX of every seizure (rows/s, peak memory); the donor report for a year;
- imports: attendance and seizure sheets validated and written (then undone).

Prints Markdown tables and writes every figure to a JSON file. Targets are printed beside the
figures; a missed target does not fail the run (an error, or figures that disagree, does).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "crimjust.settings.bench"

FULL_SIZES = {
    "activities": 10_000,
    "people": 100_000,
    "participations": 300_000,
    "seizures": 1_000_000,
    "cases": 20_000,
}
QUICK_SIZES = {"activities": 200, "people": 2_000, "participations": 5_000, "seizures": 20_000, "cases": 500}
FULL_IMPORTS = {"attendance": 10_000, "seizures": 100_000}
QUICK_IMPORTS = {"attendance": 500, "seizures": 2_000}
SECTIONS = ("lists", "stats", "dashboards", "admin", "exports", "reports", "imports")

LISTS = (
    "pillars",
    "activities",
    "trainings",
    "operations",
    "people",
    "participations",
    "seizures",
    "cases",
    "equipment-handovers",
)
STATS = ("people", "activities", "seizures", "operations", "cases")

TARGETS = {
    # Lists: the floor's req/s at most this many times ours; ours at least this many times the
    # naive baseline's for lists of at least `list_naive_min_rows` rows.
    "list_over_floor": 2.0,
    "list_over_naive": 3.0,
    "list_naive_min_rows": 10_000,
    # Stats: computed server time (p50) at most this many times the SQL floor's; the floor at
    # least this many times the cached server time (p50).
    "stats_over_floor": 1.5,
    "stats_cached_under_floor": 10.0,
    # Dashboards: a cached page's server time (p50).
    "dashboard_cached_p50_ms": 15,
    "export_peak_rss_mb": 300,
    # A year's donor progress report (issue: documents people hand over), PDF and XLSX alike.
    "report_peak_rss_mb": 200,
    "attendance_seconds": 10,
    "seizure_import_seconds": 60,
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make bench ARGS=...", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs: a smoke test")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds these sizes")
    for name in FULL_SIZES:
        parser.add_argument(f"--{name}", type=int, default=None, help=f"default {FULL_SIZES[name]:,}")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--duration", type=float, default=None, help="seconds of load per endpoint (10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's concurrent connections (8)")
    parser.add_argument("--samples", type=int, default=None, help="requests per server-time figure (15)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (3, as in production)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker (2)")
    parser.add_argument(
        "--output", type=Path, default=None, help="JSON file (benchmarks/results/latest.json)"
    )
    args = parser.parse_args()
    defaults = QUICK_SIZES if args.quick else FULL_SIZES
    args.sizes = {
        name: getattr(args, name) if getattr(args, name) is not None else defaults[name] for name in defaults
    }
    args.imports = QUICK_IMPORTS if args.quick else FULL_IMPORTS
    args.duration = args.duration or (1 if args.quick else 10)
    args.samples = args.samples or (3 if args.quick else 15)
    if args.output is None:
        args.output = (
            (ROOT / ".data" / "bench" / "quick.json")
            if args.quick
            else (ROOT / "benchmarks" / "results" / "latest.json")
        )
    return args


# --- the database --------------------------------------------------------------------------------


def bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = urlparse(os.environ["DATABASE_URL"])
    return url._replace(path=f"{url.path.rstrip('/')}_bench").geturl()


def _server(url: str):
    import psycopg2

    connection = psycopg2.connect(urlparse(url)._replace(path="/postgres").geturl())
    connection.autocommit = True
    return connection


def database_prepare(url: str, sizes: dict, *, reuse: bool, env: dict) -> dict:
    """The scale database, filled with `sizes` (kept when --reuse finds the same sizes there)."""
    name = urlparse(url).path.lstrip("/")
    marker = json.dumps({"sizes": sizes, "seed": 0}, sort_keys=True)
    server = _server(url)
    with server.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        )
        found = cursor.fetchone()
        if reuse and found and found[0] == marker:
            log(f"database {name}: reused (same sizes), migrations applied")
            # The scale database holds the demo's accounts, exempt from the second factor:
            # production's check that refuses them (accounts.E001) is for a deployment, not here.
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "--skip-checks", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            return {"database": name, "reused": True}
        log(f"database {name}: building {', '.join(f'{k} {v:,}' for k, v in sizes.items())}")
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    timings = {}
    steps = [
        ("migrate", ["migrate", "--noinput", "-v0"]),
        ("load_demo", ["load_demo", "-v0"]),
        ("generate_synthetic", ["generate_synthetic", "-v0", *[f"--{k}={v}" for k, v in sizes.items()]]),
    ]
    for step, command in steps:
        started = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        timings[f"{step}_seconds"] = round(time.perf_counter() - started, 1)
        log(f"  {step}: {timings[f'{step}_seconds']} s")
    with server.cursor() as cursor:
        cursor.execute(f'COMMENT ON DATABASE "{name}" IS %s', [marker])
    server.close()
    return {"database": name, "reused": False, **timings}


# --- the server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(env: dict, *, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    """The tracker with the lists' floors (benchmarks.wsgi) under gunicorn, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "benchmarks.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--log-level=warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )  # fmt: skip
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


# --- the measurements ----------------------------------------------------------------------------


class Bench:
    def __init__(self, args, *, env: dict, port: int, api_key: str, session: str):
        from django.conf import settings

        self.args, self.env, self.port = args, env, port
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        # Over HTTP (wrk, the sequential client) and in this process (queries counted).
        self.api_headers = {"Authorization": f"Api-Key {api_key}"}
        self.page_headers = {"Cookie": cookie}
        self.client_headers = {"HTTP_AUTHORIZATION": f"Api-Key {api_key}"}
        self.page_client_headers = {"HTTP_COOKIE": cookie}

    def url(self, path: str, port: int | None = None) -> str:
        return f"http://127.0.0.1:{port or self.port}{path}"

    def load(self, path: str, headers: dict, port: int | None = None):
        from .load import sequential, wrk

        # Warm-up, not counted: every worker thread has served the endpoint once (imports done,
        # connections to PostgreSQL and Redis open) before the measured run.
        warm = self.args.workers * self.args.threads
        sequential("127.0.0.1", port or self.port, path, headers=headers, samples=warm)
        if not self.args.quick:
            wrk(
                self.url(path, port), headers=headers, seconds=1, connections=self.args.connections, threads=2
            )
        return wrk(
            self.url(path, port),
            headers=headers,
            seconds=self.args.duration,
            connections=self.args.connections,
            threads=2,
        )

    def sequential(self, path: str, headers: dict, before=None, samples: int | None = None):
        from .load import sequential

        return sequential(
            "127.0.0.1", self.port, path, headers=headers, samples=samples or self.args.samples, before=before
        )

    def fetch(self, path: str, headers: dict) -> dict:
        """The JSON body of one GET (any answer but 200 is an error)."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return json.loads(body)

    def queries(self, path: str, **headers) -> int:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client(HTTP_HOST="127.0.0.1", **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return len(captured)

    # lists

    def lists(self) -> list[dict]:
        from .list_floors import PREFIX, normalised, page_equal
        from .naive import MODELS

        results = []
        for name in LISTS:
            model = MODELS[name]
            ours, naive, floor = f"/api/v1/{name}/", f"/naive/api/v1/{name}/", f"{PREFIX}/api/v1/{name}/"
            log(f"list {name}")
            # The floor's body is the endpoint's (but for the watermark a request takes), or the
            # run stops: a floor that shows less would be no floor.
            for query in ("?page_size=50", "?page_size=10"):
                expected = self.fetch(f"{ours}{query}", self.api_headers)
                found = self.fetch(f"{floor}{query}", {})
                if not page_equal(expected, found):
                    raise RuntimeError(
                        f"the floor of {name} disagrees with the endpoint ({query}):\n"
                        f"{normalised(expected)}\n{normalised(found)}"
                    )
            row = {
                "list": name,
                "rows": model._default_manager.count(),
                "queries": {
                    "page_size_10": self.queries(f"{ours}?page_size=10", **self.client_headers),
                    "page_size_100": self.queries(f"{ours}?page_size=100", **self.client_headers),
                },
                "naive_queries": {
                    "page_size_10": self.queries(f"{naive}?page_size=10", **self.client_headers),
                    "page_size_100": self.queries(f"{naive}?page_size=100", **self.client_headers),
                },
                "ours": self.load(f"{ours}?page_size=50", self.api_headers).as_dict(),
                "floor": self.load(f"{floor}?page_size=50", {}).as_dict(),
                "naive": self.load(f"{naive}?page_size=50", self.api_headers).as_dict(),
            }
            served = max(row["ours"]["requests_per_second"], 0.1)
            row["over_floor"] = round(row["floor"]["requests_per_second"] / served, 2)
            row["over_naive"] = round(served / max(row["naive"]["requests_per_second"], 0.1), 1)
            row["constant_queries"] = row["queries"]["page_size_10"] == row["queries"]["page_size_100"]
            # The naive baseline is a target for the big lists only: on a few rows it is no slower.
            row["naive_target"] = row["rows"] >= TARGETS["list_naive_min_rows"]
            row["meets_targets"] = (
                row["ours"]["errors"] == 0
                and row["floor"]["errors"] == 0
                and row["over_floor"] <= TARGETS["list_over_floor"]
                and (not row["naive_target"] or row["over_naive"] >= TARGETS["list_over_naive"])
                and row["constant_queries"]
            )
            results.append(row)
        return results

    # floors

    def floor_timing(self, cursor, floor):
        from .load import timing

        spent = []
        for _ in range(self.args.samples):
            started = time.perf_counter()
            cursor.execute(floor.sql, floor.params)
            cursor.fetchall()
            spent.append(time.perf_counter() - started)
        return timing(spent)

    def floors_checked(self, cursor, pairs) -> None:
        """Each floor gives the same figures as its selector, or the run stops."""
        from .floors import floor_result, selector_figures

        for floor, stats in pairs:
            expected, found = selector_figures(stats), floor_result(cursor, floor)
            if expected != found:
                raise RuntimeError(
                    f"the floor {floor.name!r} disagrees with its selector:\n{expected}\n{found}"
                )

    def stats(self, principal, cursor) -> list[dict]:
        from core.datacache import data_version_increment

        from .floors import selector_stats, stats_endpoint_floors

        floors = stats_endpoint_floors()
        paths = {name: f"/api/v1/stats/{name}/" for name in STATS}
        # Computed under load: a gunicorn of its own that caches no figures (FIGURES_CACHE_SECONDS=0),
        # every request computing them as after a write; stopped before the cached runs.
        log("stats computed under load (a gunicorn that caches no figures)")
        uncached, port = gunicorn_start(
            {**self.env, "FIGURES_CACHE_SECONDS": "0"}, workers=self.args.workers, threads=self.args.threads
        )
        try:
            computed = {name: self.load(paths[name], self.api_headers, port=port) for name in STATS}
        finally:
            uncached.terminate()
            uncached.wait(timeout=30)
        results = []
        for name in STATS:
            path = paths[name]
            log(f"stats {name}")
            floor = floors[name]
            self.floors_checked(cursor, [(floor, selector_stats(floor, user=principal))])
            # Cached under load: the data version does not change during the run.
            cached = self.load(path, self.api_headers)
            served = self.sequential(path, self.api_headers, before=data_version_increment)
            served_cached = self.sequential(path, self.api_headers)
            floor_time = self.floor_timing(cursor, floor)
            over = round(served.p50_ms / max(floor_time.p50_ms, 0.01), 2)
            under = round(floor_time.p50_ms / max(served_cached.p50_ms, 0.01), 1)
            data_version_increment()  # the queries of a computed answer, not of a cached one
            results.append(
                {
                    "endpoint": path,
                    "queries": self.queries(path, **self.client_headers),
                    "computed": computed[name].as_dict(),
                    "cached": cached.as_dict(),
                    "server": served.as_dict(),
                    "server_cached": served_cached.as_dict(),
                    "floor": floor_time.as_dict(),
                    "over_floor": over,
                    "cached_under_floor": under,
                    "meets_targets": (
                        computed[name].errors == 0
                        and cached.errors == 0
                        and over <= TARGETS["stats_over_floor"]
                        and under >= TARGETS["stats_cached_under_floor"]
                    ),
                }
            )
        data_version_increment()
        return results

    # dashboards

    def dashboards(self, user, cursor) -> list[dict]:
        from core.datacache import data_version_increment
        from countries.models import Country
        from demo.services import AZURE_CODE_NAME
        from operations.models import Operation

        from .floors import floors, selector_stats

        country = Country.objects.get(iso2="PE")
        azure = Operation.objects.get(code_name=AZURE_CODE_NAME)
        pages = [
            ("overview", "/dashboards/", floors()),
            ("country (Peru)", "/dashboards/country/PE/", floors(country_id=country.pk)),
            ("operation (Azure)", f"/dashboards/operations/{azure.pk}/", floors(operation_id=azure.pk)),
        ]
        results = []
        for name, path, page_floors in pages:
            log(f"dashboard {name}")
            self.floors_checked(cursor, [(floor, selector_stats(floor, user=user)) for floor in page_floors])
            computed = self.sequential(path, self.page_headers, before=data_version_increment)
            cached = self.sequential(path, self.page_headers)
            floor_times = [self.floor_timing(cursor, floor) for floor in page_floors]
            floor_p50 = round(sum(timing.p50_ms for timing in floor_times), 1)
            data_version_increment()
            over = round(computed.p50_ms / max(floor_p50, 0.01), 2)
            results.append(
                {
                    "page": name,
                    "path": path,
                    "queries": self.queries(path, **self.page_client_headers),
                    "computed": computed.as_dict(),
                    "cached": cached.as_dict(),
                    "floor_p50_ms": floor_p50,
                    "floors": {
                        floor.name: timing.as_dict()
                        for floor, timing in zip(page_floors, floor_times, strict=True)
                    },
                    "over_floor": over,
                    "meets_targets": cached.p50_ms <= TARGETS["dashboard_cached_p50_ms"],
                }
            )
        return results


def child(env: dict, *arguments: str) -> dict:
    """A measurement in a process of its own (benchmarks.child), its JSON line."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    args = arguments()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    url = bench_database_url()
    static_root = ROOT / ".data" / "bench" / "static"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    started = time.perf_counter()
    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "sizes": args.sizes,
        "setup": {
            "gunicorn": {"workers": args.workers, "threads": args.threads},
            "wrk": {"connections": args.connections, "threads": 2, "seconds": args.duration},
            "samples": args.samples,
        },
        "targets": TARGETS,
    }
    results["database"] = database_prepare(url, args.sizes, reuse=args.reuse, env=env)
    os.environ.update(env)
    import django

    django.setup()
    import psycopg2
    from django.db import connection

    from accounts.access import ApiClient
    from accounts.models import User
    from accounts.services import api_key_create, api_key_revoke

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        results["machine"]["postgresql"] = cursor.fetchone()[0]
        # As autovacuum leaves a table after a bulk load: statistics, and a visibility map that
        # lets index-only scans skip the heap.
        cursor.execute("VACUUM (ANALYZE)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )

    admin = User.objects.get(username="admin")
    api_key, raw_key = api_key_create(
        name="Benchmark",
        created_by=admin,
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1),
        can_see_personal_data=True,
        can_see_restricted=True,
    )
    from django.test import Client

    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(admin)
    from django.conf import settings
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Production settings ignore the demo's second-factor exemption: the benchmark's administrator
    # has an authenticator and a session that has given its code, as after the second step.
    device, _ = TOTPDevice.objects.get_or_create(user=admin, name="benchmark", defaults={"confirmed": True})
    session_store = signed_in.session
    session_store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session_store.save()
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    server, port = gunicorn_start(env, workers=args.workers, threads=args.threads)
    floor_connection = psycopg2.connect(url)
    floor_connection.autocommit = True
    try:
        bench = Bench(args, env=env, port=port, api_key=raw_key, session=session)
        with floor_connection.cursor() as cursor:
            if "lists" in args.only:
                results["lists"] = bench.lists()
            if "stats" in args.only:
                results["stats"] = bench.stats(ApiClient(api_key), cursor)
            if "dashboards" in args.only:
                results["dashboards"] = bench.dashboards(admin, cursor)
            if "admin" in args.only:
                from .admin_pages import measure_admin

                results["admin"] = measure_admin(
                    samples=args.samples,
                    client_headers=bench.page_client_headers,
                    port=port,
                    headers=bench.page_headers,
                )
    finally:
        floor_connection.close()
        server.terminate()
        server.wait(timeout=30)
    if "exports" in args.only:
        log("exports")
        results["exports"] = [child(env, "export", fmt) for fmt in ("csv", "xlsx")]
        for export in results["exports"]:
            export["meets_targets"] = export["peak_rss_mb"] < TARGETS["export_peak_rss_mb"]
    if "reports" in args.only:
        year = datetime.date.today().year - 1
        log(f"donor report {year}")
        results["reports"] = [child(env, "donor-report", fmt, str(year)) for fmt in ("pdf", "xlsx")]
        for report in results["reports"]:
            if report["status"] != "succeeded":
                raise RuntimeError(f"the donor report failed: {report['error']}")
            report["meets_targets"] = report["peak_rss_mb"] < TARGETS["report_peak_rss_mb"]
    if "imports" in args.only:
        log("imports")
        results["imports"] = child(
            env, "imports", str(args.imports["attendance"]), str(args.imports["seizures"])
        )
    api_key_revoke(api_key=api_key, user=admin)
    results["seconds"] = round(time.perf_counter() - started, 1)

    from .report import markdown

    text = markdown(results)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    args.output.with_suffix(".md").write_text(text)
    log(f"written {args.output} and {args.output.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
