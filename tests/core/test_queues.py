"""Celery queues by workload: each task's queue as the real app's router resolves it, the
scheduled report's, a real worker that consumes only its own queue, and docker-compose's
workers (one per queue, its -Q matching the routes) and single beat."""

import re
import shlex
from pathlib import Path

import pytest
import redis
import yaml
from django.conf import settings
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from crimjust.celery import app
from reports.models import Report
from tests import factories
from tests.support.worker import celery_worker, wait_until

ROOT = Path(__file__).resolve().parents[2]
QUEUES = {"reports", "exports", "imports", "default"}

# Every task of ours and its queue; a new task must be placed here (test_every_task_has_a_queue).
FIXED_ROUTES = {
    "reports.request_quarterly_donor_report": "reports",
    "imports.tasks.validate_import": "imports",
    "imports.tasks.write_import": "imports",
    "operations.tasks.recompute_substance_masses": "default",
}
ROUTED_BY_REPORT = "reports.generate_report"


def _queue(name: str, args=(), kwargs=None, options=None) -> str:
    """The queue a task sent now goes to: what app.send_task (and so apply_async, delay and beat)
    resolves through the router of the settings."""
    return app.amqp.router.route(dict(options or {}), name, args, kwargs)["queue"].name


def test_the_settings_declare_four_queues_and_default_to_default():
    assert {queue.name for queue in app.conf.task_queues} == QUEUES
    assert app.conf.task_default_queue == "default"


def test_every_task_has_a_queue():
    app.loader.import_default_modules()  # the autodiscovery of every app's tasks
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours == set(FIXED_ROUTES) | {ROUTED_BY_REPORT}


@pytest.mark.parametrize(("task", "queue"), sorted(FIXED_ROUTES.items()))
def test_each_task_routes_to_its_workloads_queue(task, queue):
    assert _queue(task, args=(1,)) == queue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "fmt", "queue"),
    [
        (Report.Kind.DATA_EXPORT, Report.Format.CSV, "exports"),
        (Report.Kind.DATA_EXPORT, Report.Format.XLSX, "exports"),
        (Report.Kind.DONOR_PROGRESS, Report.Format.PDF, "reports"),
        (Report.Kind.OPERATION_RESULTS, Report.Format.XLSX, "reports"),
    ],
)
def test_a_reports_generation_routes_by_its_kind(kind, fmt, queue):
    report = factories.ReportFactory(kind=kind, format=fmt)
    assert _queue(ROUTED_BY_REPORT, args=(report.pk,)) == queue
    assert _queue(ROUTED_BY_REPORT, kwargs={"report_id": report.pk}) == queue


@pytest.mark.django_db
def test_the_scheduled_donor_report_is_sent_to_the_reports_queue():
    """Beat sends a periodic task with the options of its row (a queue only if the row names one):
    the migration's schedule names none, so the routes place it."""
    schedule = PeriodicTask.objects.get(task="reports.request_quarterly_donor_report")
    entry = ModelEntry(schedule, app=app)
    assert "queue" not in entry.options
    assert _queue(entry.task, entry.args, entry.kwargs, entry.options) == "reports"


@pytest.fixture
def broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(*QUEUES)
    yield client
    client.delete(*QUEUES)


@pytest.mark.slow
@pytest.mark.django_db
def test_a_worker_of_the_exports_queue_leaves_a_reports_task_alone(broker):
    with celery_worker(queues="exports") as worker:
        app.send_task("reports.request_quarterly_donor_report", kwargs={"donor": None, "format": "pdf"})
        # A harmless built-in task sent after it to the exports queue: once the worker has run it,
        # it has had its chance to take the report's request too.
        app.send_task("celery.backend_cleanup", queue="exports")
        assert wait_until(
            lambda: any("backend_cleanup" in line and "succeeded" in line for line in worker.output)
        )
        assert broker.llen("reports") == 1
        assert not any("Task reports.request_quarterly_donor_report[" in line for line in worker.output)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _celery_services(kind: str) -> dict[str, list[str]]:
    services = _compose()["services"]
    return {
        name: shlex.split(service["command"])
        for name, service in services.items()
        if isinstance(service.get("command"), str)
        and re.search(rf"\bcelery\b.*\b{kind}\b", service["command"])
    }


def test_docker_compose_runs_one_worker_per_queue():
    consumed = []
    for name, command in _celery_services("worker").items():
        [queues] = [arg.removeprefix("--queues=") for arg in command if arg.startswith("--queues=")]
        assert name == f"worker-{queues}", name
        assert any(arg.startswith("--concurrency=") for arg in command), name
        consumed.extend(queues.split(","))
    assert sorted(consumed) == sorted(QUEUES)
    routed = set(FIXED_ROUTES.values()) | {"reports", "exports"}
    assert routed <= set(consumed)


def test_docker_compose_runs_exactly_one_beat():
    beats = _celery_services("beat")
    assert list(beats) == ["beat"]
    assert "deploy" not in _compose()["services"]["beat"]
