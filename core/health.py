"""The probes of an orchestrator: /healthz (the process answers) and /readyz (it can serve).

Unauthenticated and revealing nothing: each answer is {"status": ..., "checks": {name: ...}} with
"ok" or "unavailable" only; why a check failed goes to the log (a warning), never to the body. No
session, cookie or query of the request path: an anonymous request without cookies passes every
middleware without touching the database (the second factor, django-otp and axes read a user only
when a session names one). Each check has a short timeout of its own, so a probe never hangs on a
server that does not answer, and /readyz's 503 is not logged as a server error: it is an answer.
"""

import logging
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from core import storage

logger = logging.getLogger(__name__)

# Seconds a check may wait on a server (to connect, then for its answer): below the orchestrator's
# probe timeout (deploy's readiness probe: 5 s) with all checks run one after another.
CHECK_TIMEOUT_SECONDS = 1

OK = "ok"
UNAVAILABLE = "unavailable"

# Migrations once applied stay applied for the life of the process (a new migration comes with new
# code, hence a new process); computing the plan reads every migration file, so it is asked until
# it is empty, then no more.
_migrations_applied = False

# One client per Redis URL, kept between probes (its connection pool too), with timeouts of its own:
# the cache's client waits as long as the socket does.
_redis_clients: dict[str, redis.Redis] = {}


def _database_check() -> None:
    """A trivial query on a connection of its own, bounded by connect and statement timeouts (the
    request's connection has no connect timeout unless the settings give one)."""
    params = connection.get_connection_params()
    params["connect_timeout"] = CHECK_TIMEOUT_SECONDS
    statement_timeout = f"-c statement_timeout={CHECK_TIMEOUT_SECONDS * 1000}"
    params["options"] = f"{params.get('options', '')} {statement_timeout}".strip()
    probe = connection.Database.connect(**params)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        probe.close()


def redis_client(url: str) -> redis.Redis:
    """A kept client of `url` that waits at most CHECK_TIMEOUT_SECONDS (also /metrics' queue
    lengths: a scrape never hangs on a silent broker)."""
    client = _redis_clients.get(url)
    if client is None:
        client = _redis_clients[url] = redis.Redis.from_url(
            url,
            socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
            socket_timeout=CHECK_TIMEOUT_SECONDS,
            retry_on_timeout=False,
        )
    return client


def _redis_ping(url: str) -> None:
    redis_client(url).ping()


def _cache_check() -> None:
    _redis_ping(settings.CACHES["default"]["LOCATION"])


def _broker_check() -> None:
    _redis_ping(settings.CELERY_BROKER_URL)


def _storage_check() -> None:
    """The default storage answers: its bucket (a HEAD of it, core.storage) or its folder."""
    storage.check_ready(CHECK_TIMEOUT_SECONDS)


def _migrations_check() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations not applied")
    _migrations_applied = True


def _run(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception:
        logger.warning("readiness check %s failed", name, exc_info=True)
        return UNAVAILABLE
    return OK


def readiness() -> dict[str, str]:
    """Each check's answer, by name. Migrations are read through the request's connection, so only
    once the database answered (else it would wait on the connection with no timeout)."""
    checks = {
        "database": _run("database", _database_check),
        "cache": _run("cache", _cache_check),
        "broker": _run("broker", _broker_check),
        "storage": _run("storage", _storage_check),
    }
    checks["migrations"] = _run("migrations", _migrations_check) if checks["database"] == OK else UNAVAILABLE
    return checks


# Exempt from CSRF, which is moot for a GET: any other method is answered 405 by require_GET, not
# refused 403 by CsrfViewMiddleware (which would record a security event, a write, per request).
@csrf_exempt
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up: no database, cache or storage touched."""
    return JsonResponse({"status": OK})


@csrf_exempt
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Every server this process needs answers and its migrations are applied: 200, else 503."""
    checks = readiness()
    ready = all(answer == OK for answer in checks.values())
    body = {"status": OK if ready else UNAVAILABLE, "checks": checks}
    response = JsonResponse(body, status=200 if ready else 503)
    # A 503 here is the probe's answer, not a server error: django.request would log it as one.
    response._has_been_logged = True
    return response


# The probes' paths as the middleware answers them (the same as crimjust.urls routes).
_PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Answers the probes before any other middleware, first in MIDDLEWARE.

    An orchestrator probes a pod by its address over plain HTTP: behind the ingress's TLS and host,
    CommonMiddleware would refuse the pod's address as a host not in ALLOWED_HOSTS (400) and
    production's SECURE_SSL_REDIRECT send the probe to https (301, which a kubelet counts as a
    success). The probes reveal nothing, so they are answered whatever the host and scheme, and
    nothing else of the stack (session, locale, sign-in, second factor, axes) runs for them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _PROBES.get(request.path_info)
        if probe is not None:
            return probe(request)
        return self.get_response(request)
