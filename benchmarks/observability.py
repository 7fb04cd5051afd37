"""What metrics and JSON request logs cost on the request path, under gunicorn as in production.

    DATABASE_URL=postgres://... python -m benchmarks.observability [--prepare] [--seconds 8]
                                                                   [--rounds 3] [--output PATH]

Two gunicorns on the same database (3 workers x 2 threads each, as production), taking turns:

- plain: benchmarks.settings_plain (no metrics middleware, no request log, text logs at WARNING),
  no PROMETHEUS_MULTIPROC_DIR, no gunicorn hooks;
- observed: crimjust.settings.bench as production runs it: the metrics middleware in
  multiprocess mode (PROMETHEUS_MULTIPROC_DIR, crimjust/gunicorn.conf.py), the request log as
  JSON lines at INFO written to a file.

Each endpoint is loaded with wrk (Python threads when wrk is missing) for `--seconds`, plain and
observed in turn, `--rounds` times. Two figures per configuration, each the median of its rounds:
req/s, and the CPU time the server's processes (gunicorn's master and workers, from the kernel's
accounting) spent per request. The cost is the CPU time's increase: on a shared machine req/s moves
with whatever else runs, the server's own CPU time per request much less.

--prepare migrates the database and loads the demo data when it has none. The demo's
administrator's API key and a mission viewer's session are made for the run and removed after it.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN = "benchmarks.settings_plain"
OBSERVED = "crimjust.settings.bench"
ENDPOINTS = (
    ("/api/v1/pillars/", "api_key"),
    ("/api/v1/seizures/?page_size=50", "api_key"),
    # A mission viewer's dashboard: the overview sends them to their country's.
    ("/dashboards/country/PE/", "session"),
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo data if missing")
    parser.add_argument(
        "--seconds", type=float, default=8.0, help="load per endpoint, configuration and round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--output", type=Path, default=None, help="write every figure here as JSON")
    parser.add_argument(
        "--requests", type=int, default=400, help="requests per endpoint and round of the in-process measure"
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    return parser.parse_args()


def _child(args) -> int:
    """One configuration in this process (its settings and environment given by the parent): the
    CPU time per request of each endpoint, through Django's handler, one request after another."""
    import django

    django.setup()
    from django.test import Client

    principals = json.loads(args.child)
    client = Client(HTTP_HOST="127.0.0.1")
    figures = {}
    for path, principal in ENDPOINTS:
        headers = principals[principal]
        for _ in range(30):  # warm: connections, caches, the first imports
            client.get(path, headers=headers)
        started = time.process_time()
        for _ in range(args.requests):
            response = client.get(path, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
        figures[path] = (time.process_time() - started) * 1000 / args.requests
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        figures["middleware_alone_us"] = _middleware_alone()
    print(json.dumps(figures))
    return 0


def _middleware_alone(calls: int = 20_000) -> float:
    """Microseconds the metrics middleware and the request log add to one request, around a view
    that does nothing (no database, no template): what observability costs any request, in this
    process's configuration (multiprocess mode when PROMETHEUS_MULTIPROC_DIR is set)."""
    import django

    django.setup()
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve

    from accounts.models import User
    from core.logging import RequestLogMiddleware
    from core.metrics import MetricsMiddleware

    user = User.objects.get(username="mission-pe")
    request = RequestFactory().get("/api/v1/pillars/")
    request.user = user

    def view(request):
        request.resolver_match = resolve("/api/v1/pillars/")
        return HttpResponse(b"[]")

    stacks = {"bare": view, "observed": MetricsMiddleware(RequestLogMiddleware(view))}
    spent = {}
    for name, handler in stacks.items():
        for _ in range(1000):
            handler(request)
        started = time.process_time()
        for _ in range(calls):
            handler(request)
        spent[name] = (time.process_time() - started) / calls * 1e6
    return round(spent["observed"] - spent["bare"], 1)


def _in_process(args, *, plain_env: dict, observed_env: dict, principals: dict, work: Path) -> dict:
    """The CPU time a request costs in one process with and without observability, by
    `time.process_time()`: the least disturbed by other processes on the machine. Children take
    turns; the median of the rounds is kept."""
    rounds = {"plain": [], "observed": []}
    for round_number in range(args.rounds):
        for name in ("plain", "observed") if round_number % 2 == 0 else ("observed", "plain"):
            env = plain_env if name == "plain" else observed_env
            command = [sys.executable, "-m", "benchmarks.observability", "--child", json.dumps(principals)]
            command += ["--requests", str(args.requests)]
            with (work / f"in-process-{name}.log").open("ab") as log:
                result = subprocess.run(
                    command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log, check=True
                )
            rounds[name].append(json.loads(result.stdout.decode().strip().splitlines()[-1]))
    figures = []
    for path, _principal in ENDPOINTS:
        median = {name: round(statistics.median(each[path] for each in rounds[name]), 3) for name in rounds}
        cost = round((median["observed"] / median["plain"] - 1) * 100, 1)
        extra_us = round((median["observed"] - median["plain"]) * 1000)
        figures.append(
            {"path": path, "cpu_ms_per_request": median, "cost_percent": cost, "extra_us": extra_us}
        )
        print(
            f"{path:<32} in one process: CPU/request plain {median['plain']:.2f} ms, "
            f"observed {median['observed']:.2f} ms ({cost:+.1f} %, {extra_us:+d} µs)"
        )
    alone = round(statistics.median(each["middleware_alone_us"] for each in rounds["observed"]), 1)
    print(f"the metrics middleware and the request log alone, around an empty view: {alone} µs a request")
    return {"rounds": rounds, "endpoints": figures, "middleware_alone_us": alone}


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(
    env: dict, *, observed: bool, workers: int, threads: int, log: Path
) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "crimjust.wsgi:application"]
    if observed:
        command += ["--config", "crimjust/gunicorn.conf.py"]
    command += [
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped while starting:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


def _cpu_seconds(process: subprocess.Popen) -> float:
    """User and system CPU time of gunicorn's master and its workers so far."""
    import psutil

    master = psutil.Process(process.pid)
    total = 0.0
    for each in [master, *master.children(recursive=True)]:
        try:
            times = each.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _python_load(port: int, path: str, headers: dict, *, seconds: float, connections: int) -> dict:
    """wrk's stand-in: `connections` threads, each a keep-alive connection, one request after another."""
    counts = [0] * connections
    errors = [0] * connections
    stop = time.monotonic() + seconds

    def run(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            counts[index] += 1
            errors[index] += response.status != 200

    started = time.monotonic()
    workers = [threading.Thread(target=run, args=(index,)) for index in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "requests_per_second": round(sum(counts) / (time.monotonic() - started), 1),
        "requests": sum(counts),
        "errors": sum(errors),
    }


def _load(port: int, path: str, headers: dict, *, seconds: float, connections: int) -> dict:
    if shutil.which("wrk") is None:
        return _python_load(port, path, headers, seconds=seconds, connections=connections)
    from .load import wrk

    figures = wrk(
        f"http://127.0.0.1:{port}{path}", headers=headers, seconds=seconds, connections=connections, threads=1
    )
    return {
        "requests_per_second": figures.requests_per_second,
        "requests": figures.requests,
        "errors": figures.errors,
        "p50_ms": figures.p50_ms,
    }


def _principals() -> tuple[str, str, callable]:
    """An API key of the demo's administrator, a session of a mission viewer (no second factor
    owed), and what removes both."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from accounts.services import api_key_create

    admin = User.objects.get(username="admin")
    api_key, raw_key = api_key_create(
        name="Observability benchmark",
        created_by=admin,
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2),
        can_see_personal_data=True,
    )
    browser = Client(HTTP_HOST="127.0.0.1")
    browser.force_login(User.objects.get(username="mission-pe"))
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value

    def remove():
        browser.logout()
        api_key.delete()

    return raw_key, f"{settings.SESSION_COOKIE_NAME}={session}", remove


def main() -> int:
    args = arguments()
    if args.child:
        return _child(args)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("DATABASE_URL names the database to measure on (the demo data)")
    # Production's static files storage needs its manifest: collected where `make bench` collects.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": OBSERVED,
        "DJANGO_STATIC_ROOT": str(ROOT / ".data" / "bench" / "static"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("SENTRY_DSN", None)
    os.environ.update(env)
    if args.prepare:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()
    from accounts.models import User

    if not User.objects.filter(username="admin").exists():
        if not args.prepare:
            sys.exit("no demo data in this database: run with --prepare")
        subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True)

    api_key, cookie, principals_remove = _principals()
    headers = {"api_key": {"Authorization": f"Api-Key {api_key}"}, "session": {"Cookie": cookie}}
    work = Path(tempfile.mkdtemp(prefix="crimjust-observability-"))
    multiprocess_dir = work / "prometheus"
    multiprocess_dir.mkdir()
    plain_env = {**env, "DJANGO_SETTINGS_MODULE": PLAIN}
    observed_env = {
        **env,
        "PROMETHEUS_MULTIPROC_DIR": str(multiprocess_dir),
        "DJANGO_LOG_FORMAT": "json",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    servers = {}
    try:
        for name, server_env in (("plain", plain_env), ("observed", observed_env)):
            servers[name] = _gunicorn(
                server_env,
                observed=name == "observed",
                workers=args.workers,
                threads=args.threads,
                log=work / f"{name}.log",
            )
        results = []
        for path, principal in ENDPOINTS:
            rounds = {"plain": [], "observed": []}
            for name in rounds:  # each answers 200 (wrk counts a redirect as a success)
                connection = http.client.HTTPConnection("127.0.0.1", servers[name][1], timeout=60)
                connection.request("GET", path, headers=headers[principal])
                status = connection.getresponse().status
                connection.close()
                if status != 200:
                    raise RuntimeError(f"{path} ({name}) answered {status}")
            for name in rounds:  # warm both: connections, caches, the first imports
                _load(servers[name][1], path, headers[principal], seconds=1, connections=args.connections)
            for round_number in range(args.rounds):
                # Each goes first in turn: neither always runs on a machine just warmed by the other.
                for name in ("plain", "observed") if round_number % 2 == 0 else ("observed", "plain"):
                    process, port = servers[name]
                    cpu_before = _cpu_seconds(process)
                    figures = _load(
                        port, path, headers[principal], seconds=args.seconds, connections=args.connections
                    )
                    figures["cpu_ms_per_request"] = round(
                        (_cpu_seconds(process) - cpu_before) * 1000 / max(figures["requests"], 1), 3
                    )
                    if figures["errors"]:
                        raise RuntimeError(f"{path} ({name}): {figures['errors']} errors")
                    rounds[name].append(figures)
            median = {
                name: {
                    key: round(statistics.median(figures[key] for figures in rounds[name]), 3)
                    for key in ("requests_per_second", "cpu_ms_per_request")
                }
                for name in rounds
            }
            plain, observed = median["plain"], median["observed"]
            cost = round((observed["cpu_ms_per_request"] / plain["cpu_ms_per_request"] - 1) * 100, 1)
            throughput = round((1 - observed["requests_per_second"] / plain["requests_per_second"]) * 100, 1)
            results.append(
                {
                    "path": path,
                    "principal": principal,
                    "rounds": rounds,
                    "median": median,
                    "cpu_cost_percent": cost,
                    "throughput_cost_percent": throughput,
                }
            )
            print(
                f"{path:<32} CPU/request plain {plain['cpu_ms_per_request']:.2f} ms, "
                f"observed {observed['cpu_ms_per_request']:.2f} ms ({cost:+.1f} %); req/s plain "
                f"{plain['requests_per_second']:.0f}, observed {observed['requests_per_second']:.0f} "
                f"({throughput:+.1f} %)"
            )
        in_process = _in_process(
            args, plain_env=plain_env, observed_env=observed_env, principals=headers, work=work
        )
        lines = sum(
            1 for line in (work / "observed.log").read_text().splitlines() if '"crimjust.request"' in line
        )
        print(f"request log lines written by the observed server: {lines}")
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=30)
        principals_remove()
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "load_tool": "wrk" if shutil.which("wrk") else "python threads",
        "setup": {
            "gunicorn": {"workers": args.workers, "threads": args.threads},
            "connections": args.connections,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "cpus": os.cpu_count(),
        },
        "endpoints": results,
        "in_process": in_process,
        "request_log_lines": lines,
    }
    if args.output:
        args.output.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
