"""Prometheus metrics: /metrics, what a request costs, the shared cache, Celery's tasks and queues.

Counted in every process, exposed in Prometheus' text format by `MetricsMiddleware` at /metrics
(web) and by `worker_metrics_server_start` on CELERY_METRICS_PORT (a Celery worker). With several
processes to a pod (gunicorn's workers, a prefork worker's children) each process writes its
samples to files in PROMETHEUS_MULTIPROC_DIR and a scrape adds them up (prometheus-client's
multiprocess mode), so a total is the pod's whichever process answers; without the variable
(`make run`, the tests) the process's own registry is read.

Labels are bounded: a request is labelled by its view (the URL pattern's name), never its path, so
record ids do not make a series each. Who may read the metrics: `metrics_access_allowed`.
"""

import hmac
import ipaddress
import logging
import os
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from wsgiref.simple_server import make_server

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseNotFound
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import ThreadingWSGIServer, _SilentHandler, choose_encoder

logger = logging.getLogger(__name__)

METRICS_PATH = "/metrics"
UNRESOLVED = "<unresolved>"

# Read once, as prometheus-client does when it is imported: the mode cannot change in a process.
MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

# No `_created` series beside each counter and histogram: a timestamp per label set, twice the lines.
disable_created_metrics()

_SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_TASK_SECONDS_BUCKETS = (0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800)

HTTP_REQUESTS = Counter(
    "crimjust_http_requests_total",
    "HTTP requests answered, by view (URL pattern name), method and status.",
    ["view", "method", "status"],
)
HTTP_REQUEST_SECONDS = Histogram(
    "crimjust_http_request_duration_seconds",
    "Time inside Django from the metrics middleware in, by view, method and status.",
    ["view", "method", "status"],
    buckets=_SECONDS_BUCKETS,
)
DB_QUERIES = Histogram(
    "crimjust_http_request_db_queries",
    "Database queries a request made, by view.",
    ["view"],
    buckets=(0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233),
)
DB_SECONDS = Histogram(
    "crimjust_http_request_db_duration_seconds",
    "Time a request spent in database queries, by view.",
    ["view"],
    buckets=_SECONDS_BUCKETS,
)
# Labelled at each use, not bound at import: a value made at import would write its file in
# whichever process imports this module (gunicorn's master) before the folder is emptied.
CACHE_GETS = Counter(
    "crimjust_cache_gets_total",
    "Keys read from the shared cache (Redis), by result: hit or miss.",
    ["result"],
)
CELERY_TASKS = Counter(
    "crimjust_celery_tasks_total",
    "Celery task runs by task, queue and state: started, succeeded, failed, retried.",
    ["task", "queue", "state"],
)
CELERY_TASK_SECONDS = Histogram(
    "crimjust_celery_task_duration_seconds",
    "Time a Celery task ran, by task and queue.",
    ["task", "queue"],
    buckets=_TASK_SECONDS_BUCKETS,
)


# --- who may read them -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs if cidr.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {error}") from error


def allowed_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return _networks(tuple(settings.METRICS_ALLOWED_NETWORKS))


def metrics_access_allowed(*, remote_addr: str, authorization: str, forwarded_for: str) -> bool:
    """A scraper reaches the process directly: a request that came through a proxy (it carries
    X-Forwarded-For, as the ingress and the host's proxy add) is refused whatever else it holds.
    Then METRICS_TOKEN as a bearer token, or a socket address in METRICS_ALLOWED_NETWORKS."""
    if forwarded_for:
        return False
    token = settings.METRICS_TOKEN
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks())


# --- what a scrape reads ---------------------------------------------------------------------------


class _ProcessRegistry:
    """This process's own metrics (no multiprocess directory)."""

    def collect(self):
        return REGISTRY.collect()


class QueueLengthCollector:
    """Messages waiting in each Celery queue, read from the broker (Redis lists) at scrape time.

    kombu's Redis transport puts a message sent with a priority in a list of its own per priority
    step (`<queue><sep><step>`); a queue's length is the sum over them."""

    def collect(self):
        from kombu.transport.redis import Channel

        from core.health import redis_client

        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        steps = options.get("priority_steps", Channel.priority_steps)
        sep = options.get("sep", Channel.sep)
        queues = sorted(
            {queue.name for queue in settings.CELERY_TASK_QUEUES} | {settings.CELERY_TASK_DEFAULT_QUEUE}
        )
        gauge = GaugeMetricFamily(
            "crimjust_celery_queue_length",
            "Messages waiting in a Celery queue (the broker's lists).",
            labels=["queue"],
        )
        try:
            pipeline = redis_client(settings.CELERY_BROKER_URL).pipeline(transaction=False)
            for queue in queues:
                for step in steps:
                    pipeline.llen(f"{queue}{sep}{step}" if step else queue)
            lengths = pipeline.execute()
        except Exception:
            logger.warning("the Celery queues' lengths could not be read", exc_info=True)
            return
        per_queue = len(steps)
        for index, queue in enumerate(queues):
            gauge.add_metric([queue], sum(lengths[index * per_queue : (index + 1) * per_queue]))
        yield gauge


class JobCollector:
    """Reports and import jobs by status: one grouped query at scrape time."""

    def collect(self):
        from django.apps import apps
        from django.db.models import Count, Value

        # By name: core is below the apps that own the jobs (tests/core/test_layers.py).
        Report = apps.get_model("reports", "Report")
        ImportJob = apps.get_model("imports", "ImportJob")

        def by_status(model, kind):
            return model.objects.order_by().values("status").annotate(kind=Value(kind), n=Count("pk"))

        gauge = GaugeMetricFamily(
            "crimjust_jobs", "Reports and import jobs by kind and status.", labels=["kind", "status"]
        )
        try:
            rows = list(
                by_status(Report, "report")
                .values_list("kind", "status", "n")
                .union(by_status(ImportJob, "import").values_list("kind", "status", "n"), all=True)
            )
        except Exception:
            logger.warning("the job counts could not be read", exc_info=True)
            return
        for kind, status, count in rows:
            gauge.add_metric([kind, status], count)
        yield gauge


def metrics_registry(*, with_broker_and_jobs: bool) -> CollectorRegistry:
    """What one scrape reads: every process's samples (multiprocess mode) or this process's, and,
    for web, the queues' lengths and the job counts (asked only at scrape time)."""
    registry = CollectorRegistry(auto_describe=False)
    if MULTIPROCESS_DIR:
        multiprocess.MultiProcessCollector(registry, path=MULTIPROCESS_DIR)
    else:
        registry.register(_ProcessRegistry())
    if with_broker_and_jobs:
        registry.register(QueueLengthCollector())
        registry.register(JobCollector())
    return registry


def metrics_view(request: HttpRequest) -> HttpResponse:
    allowed = metrics_access_allowed(
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        authorization=request.META.get("HTTP_AUTHORIZATION", ""),
        forwarded_for=request.META.get("HTTP_X_FORWARDED_FOR", ""),
    )
    if not allowed:
        return HttpResponseNotFound()
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    encoder, content_type = choose_encoder(request.META.get("HTTP_ACCEPT", ""))
    response = HttpResponse(encoder(metrics_registry(with_broker_and_jobs=True)), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


# --- the request path ------------------------------------------------------------------------------


class _QueryMeter:
    """An execute wrapper: counts a request's queries and the time they took."""

    __slots__ = ("count", "seconds")

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def view_label(request: HttpRequest) -> str:
    """The URL pattern's name ("api:seizure-detail"), or its route, never the path."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return UNRESOLVED
    return match.view_name or match.route or UNRESOLVED


class MetricsMiddleware:
    """Answers /metrics before any other middleware (right after the probes, whatever the host and
    scheme, without session or database: a scraper asks by the pod's address), and measures every
    other request: its count and time by view, method and status, its database queries."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        allowed_networks()  # a wrong CIDR stops the process at start, not at the first scrape

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == METRICS_PATH:
            return metrics_view(request)
        meter = _QueryMeter()
        started = time.perf_counter()
        with connection.execute_wrapper(meter):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        view = view_label(request)
        labels = (view, request.method, str(response.status_code))
        HTTP_REQUESTS.labels(*labels).inc()
        HTTP_REQUEST_SECONDS.labels(*labels).observe(elapsed)
        DB_QUERIES.labels(view).observe(meter.count)
        DB_SECONDS.labels(view).observe(meter.seconds)
        return response


# --- processes: gunicorn's workers, Celery's -------------------------------------------------------


def multiprocess_dir_empty() -> None:
    """Remove the files of an earlier run (a restarted container keeps its emptyDir, and its
    processes may get the same ids again): else their counters would be added to this run's.
    Called by the process that starts the others (gunicorn's master, a Celery worker's main
    process) before any of them counts; importing this module writes nothing."""
    if not MULTIPROCESS_DIR:
        return
    for entry in os.scandir(MULTIPROCESS_DIR):
        if entry.is_file() and entry.name.endswith(".db"):
            os.remove(entry.path)


def process_dead(pid: int) -> None:
    """A worker process ended: its live gauges leave the sums (its counters stay, as they should)."""
    if MULTIPROCESS_DIR:
        multiprocess.mark_process_dead(pid, MULTIPROCESS_DIR)


def _task_queue(task) -> str:
    delivery = getattr(task.request, "delivery_info", None) or {}
    return delivery.get("routing_key") or getattr(task, "queue", None) or settings.CELERY_TASK_DEFAULT_QUEUE


_task_started: dict[str, float] = {}


def task_started(task_id: str, task) -> None:
    _task_started[task_id] = time.perf_counter()
    CELERY_TASKS.labels(task.name, _task_queue(task), "started").inc()


def task_finished(task_id: str, task, state: str | None) -> None:
    started = _task_started.pop(task_id, None)
    queue = _task_queue(task)
    if started is not None:
        CELERY_TASK_SECONDS.labels(task.name, queue).observe(time.perf_counter() - started)
    if state in ("SUCCESS", "FAILURE", "RETRY"):
        outcome = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}[state]
        CELERY_TASKS.labels(task.name, queue, outcome).inc()


def _worker_metrics_app(environ, start_response):
    allowed = metrics_access_allowed(
        remote_addr=environ.get("REMOTE_ADDR", ""),
        authorization=environ.get("HTTP_AUTHORIZATION", ""),
        forwarded_for=environ.get("HTTP_X_FORWARDED_FOR", ""),
    )
    if not allowed or environ.get("PATH_INFO") != METRICS_PATH:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]
    encoder, content_type = choose_encoder(environ.get("HTTP_ACCEPT", ""))
    output = encoder(metrics_registry(with_broker_and_jobs=False))
    start_response("200 OK", [("Content-Type", content_type), ("Cache-Control", "no-store")])
    return [output]


def worker_metrics_server_start(port: int, address: str = "0.0.0.0") -> ThreadingWSGIServer:
    """/metrics of a Celery worker on its own port, in the worker's main process (its children's
    samples come through the multiprocess directory), with web's access rule."""
    server = make_server(
        address, port, _worker_metrics_app, ThreadingWSGIServer, handler_class=_SilentHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True, name="metrics").start()
    return server
