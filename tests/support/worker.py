"""A real Celery worker process against the test database and the real Redis."""

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_database_url() -> str:
    """DATABASE_URL for the database the tests are using (test_<name>), for another process."""
    settings = connection.settings_dict
    name = quote(settings["NAME"])
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    socket_dir = settings.get("OPTIONS", {}).get("host")
    if socket_dir:
        return f"postgres://{user}{password}@/{name}?host={socket_dir}"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{settings['HOST']}{port}/{name}"


@contextmanager
def celery_worker(
    *, ready_timeout: float = 60, env: dict | None = None, queues: str | None = None, concurrency: int = 0
):
    """A worker process until the block ends; `env` adds environment variables (settings) to it;
    `queues` (comma-separated) limits what it consumes, every queue of the settings by default;
    `concurrency` above 0 runs production's prefork pool with that many children instead of the
    solo pool. The process is yielded: a test may `process.kill()` it (SIGKILL) to lose a worker
    mid-task."""
    env = dict(
        os.environ,
        DATABASE_URL=test_database_url(),
        DJANGO_SETTINGS_MODULE="crimjust.settings.test",
        **(env or {}),
    )
    pool = ["--pool=prefork", f"--concurrency={concurrency}"] if concurrency else ["--pool=solo"]
    command = [sys.executable, "-m", "celery", "-A", "crimjust", "worker", *pool, "--loglevel=INFO"]
    process = subprocess.Popen(
        command + ([f"--queues={queues}"] if queues else []),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + ready_timeout
        output = []
        for line in process.stdout:
            output.append(line)
            if " ready." in line:
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Celery worker did not start:\n" + "".join(output))
        # Keep reading its log, so a talkative worker never blocks on a full pipe.
        process.output = output
        threading.Thread(target=_drain, args=(process.stdout, output), daemon=True).start()
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()


def _drain(stream, output: list) -> None:
    try:
        for line in stream:
            output.append(line)
    except (ValueError, OSError):
        pass  # closed when the worker was stopped


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
