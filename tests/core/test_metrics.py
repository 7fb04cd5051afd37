"""/metrics (core.metrics): who may read it, what it counts, across gunicorn's and Celery's processes.

The in-process tests read this process's registry; the slow ones run the real servers: gunicorn
with two workers and a multiprocess directory, a prefork Celery worker with two children."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from prometheus_client import REGISTRY, CollectorRegistry, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from imports.models import ImportJob
from operations.models import Seizure, Substance
from reports.models import Report
from tests.support import worker
from tests.support.live import free_port, wait_for_port

pytestmark = pytest.mark.django_db


def _samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def _requests(**labels) -> float:
    return REGISTRY.get_sample_value("crimjust_http_requests_total", labels) or 0.0


# --- who may read it -------------------------------------------------------------------------------


def test_metrics_answer_loopback_and_refuse_others_with_404(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    refused = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 404
    assert b"crimjust" not in refused.content


def test_metrics_answer_a_bearer_token_or_an_allowed_network(client, settings):
    settings.METRICS_TOKEN = "scrape-token-for-tests"
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.get("/metrics", **outside).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **outside).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="scrape-token-for-tests", **outside).status_code == 404
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-for-tests", **outside)
    assert allowed.status_code == 200
    assert allowed["Content-Type"].startswith("text/plain")
    assert b"crimjust_http_requests_total" in allowed.content

    settings.METRICS_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert client.get("/metrics", **outside).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_metrics_refuse_a_request_that_came_through_a_proxy(client, settings):
    """The ingress (or the host's proxy) adds X-Forwarded-For: from outside, never, even with the token."""
    settings.METRICS_TOKEN = "scrape-token-for-tests"
    forwarded = {"HTTP_X_FORWARDED_FOR": "198.51.100.4", "REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", **forwarded).status_code == 404
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-for-tests", **forwarded).status_code
        == 404
    )


def test_metrics_answer_the_pod_address_over_plain_http_like_the_probes(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/metrics", HTTP_HOST="10.42.0.17:8000", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert not response.cookies
    assert client.post("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 405


def test_metrics_are_not_in_the_openapi_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not [path for path in schema["paths"] if "metrics" in path]


# --- what it counts --------------------------------------------------------------------------------


def test_a_request_is_labelled_by_its_route_not_its_path(admin_client):
    seizure = Seizure.objects.order_by("pk").first()
    labels = {"view": "api:seizure-detail", "method": "GET", "status": "200"}
    before = _requests(**labels)

    assert admin_client.get(f"/api/v1/seizures/{seizure.pk}/").status_code == 200
    admin_client.get("/no-such-page/")

    assert _requests(**labels) == before + 1
    text = admin_client.get("/metrics").content.decode()
    assert f"/{seizure.pk}/" not in text
    assert 'view="<unresolved>"' in text
    samples = _samples(text)
    assert _value(samples, "crimjust_http_request_duration_seconds_count", **labels) == before + 1
    assert _value(samples, "crimjust_http_request_db_queries_count", view="api:seizure-detail") >= 1


def test_a_request_counts_its_database_queries(admin_client, django_assert_max_num_queries):
    view = "api:pillar-list"

    def queries():
        return REGISTRY.get_sample_value("crimjust_http_request_db_queries_sum", {"view": view}) or 0.0

    before = queries()
    with django_assert_max_num_queries(50) as captured:
        assert admin_client.get("/api/v1/pillars/").status_code == 200
    assert queries() - before == len(captured.captured_queries)


def test_cache_hits_and_misses_are_counted():
    def gets(result):
        return REGISTRY.get_sample_value("crimjust_cache_gets_total", {"result": result}) or 0.0

    hits, misses = gets("hit"), gets("miss")
    cache.get("metrics-test:absent")
    cache.set("metrics-test:present", 1, 30)
    cache.get("metrics-test:present")
    cache.get_many(["metrics-test:present", "metrics-test:absent"])
    assert (gets("hit") - hits, gets("miss") - misses) == (2, 2)
    cache.delete("metrics-test:present")


def test_queue_lengths_are_read_from_the_broker_priority_lists_included(client):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    lists = ["exports", "exports\x06\x163", "imports"]
    broker.delete(*lists)
    try:
        broker.rpush("exports", "a", "b", "c")
        broker.rpush("exports\x06\x163", "d")  # a message sent with priority 3 (kombu's Redis transport)
        samples = _samples(client.get("/metrics").content.decode())
    finally:
        broker.delete(*lists)
    assert _value(samples, "crimjust_celery_queue_length", queue="exports") == 4
    assert _value(samples, "crimjust_celery_queue_length", queue="imports") == 0
    queues = {dict(labels)["queue"] for name, labels in samples if name == "crimjust_celery_queue_length"}
    assert queues == {queue.name for queue in settings.CELERY_TASK_QUEUES}


def test_job_counts_by_status_in_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        samples = _samples(client.get("/metrics").content.decode())
    for model, kind in ((Report, "report"), (ImportJob, "import")):
        for status, _label in model.Status.choices:
            count = model.objects.filter(status=status).count()
            assert _value(samples, "crimjust_jobs", kind=kind, status=status) == count, (kind, status)


# --- the real servers ------------------------------------------------------------------------------


def _get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _per_process_requests(folder: Path, view: str) -> list[float]:
    """The login page's count in each worker's own file (one registry over each file alone)."""
    counts = []
    for path in sorted(folder.glob("counter_*.db")):
        alone = folder.parent / f"alone-{path.stem}"
        alone.mkdir(exist_ok=True)
        shutil.copy(path, alone / path.name)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=str(alone))
        value = registry.get_sample_value(
            "crimjust_http_requests_total", {"view": view, "method": "GET", "status": "200"}
        )
        counts.append(value or 0.0)
    return counts


@pytest.mark.slow
def test_gunicorn_with_two_workers_totals_every_request_whichever_worker_served(committed_db, tmp_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_999999.db").write_bytes(b"")  # a previous run's file: emptied at start
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=worker.test_database_url(),
        DJANGO_SETTINGS_MODULE="crimjust.settings.test",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
        METRICS_TOKEN="scrape-token-for-tests",
        METRICS_ALLOWED_NETWORKS="192.0.2.0/24",  # not loopback: only the token lets the test in
        PYTHONUNBUFFERED="1",
    )
    command = [str(gunicorn), "-c", "crimjust/gunicorn.conf.py", "crimjust.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"]
    process = subprocess.Popen(
        command, cwd=worker.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for_port(port, process)
        base = f"http://127.0.0.1:{port}"
        # The port opens with the first worker: on a busy machine the second may still be loading
        # the application while a first burst is served. Bursts go on until both have served.
        requests, deadline = 0, time.monotonic() + 60
        while True:
            with ThreadPoolExecutor(max_workers=6) as pool:
                statuses = list(pool.map(lambda _: _get(f"{base}/accounts/login/")[0], range(60)))
            assert statuses == [200] * 60
            requests += 60
            served = [count for count in _per_process_requests(folder, "login") if count]
            if len(served) == 2 or time.monotonic() > deadline:
                break

        assert _get(f"{base}/metrics")[0] == 404
        status, text = _get(f"{base}/metrics", {"Authorization": "Bearer scrape-token-for-tests"})
        assert status == 200
        samples = _samples(text)
        labels = {"view": "login", "method": "GET", "status": "200"}
        assert _value(samples, "crimjust_http_requests_total", **labels) == requests
        assert _value(samples, "crimjust_http_request_duration_seconds_count", **labels) == requests
        # The total is the sum of both workers' own counts: each served some.
        per_process = _per_process_requests(folder, "login")
        assert sum(per_process) == requests
        assert len([count for count in per_process if count]) == 2, per_process
        assert not (folder / "counter_999999.db").exists()
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        process.stdout.close()


@pytest.mark.slow
def test_celery_task_metrics_from_a_real_prefork_worker(committed_db, tmp_path):
    from operations.tasks import recompute_substance_masses

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*(queue.name for queue in settings.CELERY_TASK_QUEUES), "unacked", "unacked_index")
    folder = tmp_path / "prometheus"
    folder.mkdir()
    port = free_port()
    substance = Substance.objects.order_by("pk").first()
    missing = (Substance.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    env = {"PROMETHEUS_MULTIPROC_DIR": str(folder), "CELERY_METRICS_PORT": str(port)}
    task = "operations.tasks.recompute_substance_masses"
    with worker.celery_worker(env=env, concurrency=2, queues="default") as process:
        succeeded = recompute_substance_masses.delay(substance.pk)
        failed = recompute_substance_masses.delay(missing)
        assert succeeded.get(timeout=60) == 0, "".join(process.output[-40:])
        with pytest.raises(Substance.DoesNotExist):
            failed.get(timeout=60)

        def counted():
            samples = _samples(_get(f"http://127.0.0.1:{port}/metrics")[1])
            return (
                _value(samples, "crimjust_celery_tasks_total", task=task, queue="default", state="failed")
                == 1
            )

        assert worker.wait_until(counted, timeout=20), "".join(process.output[-40:])
        samples = _samples(_get(f"http://127.0.0.1:{port}/metrics")[1])
        assert _get(f"http://127.0.0.1:{port}/metrics", {"X-Forwarded-For": "198.51.100.4"})[0] == 404

    def tasks(state):
        return _value(samples, "crimjust_celery_tasks_total", task=task, queue="default", state=state)

    assert (tasks("started"), tasks("succeeded"), tasks("failed")) == (2, 1, 1)
    assert _value(samples, "crimjust_celery_task_duration_seconds_count", task=task, queue="default") == 2
