import os

from celery import Celery
from celery.signals import (
    celeryd_init,
    setup_logging,
    task_postrun,
    task_prerun,
    worker_process_shutdown,
    worker_ready,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crimjust.settings.local")

app = Celery("crimjust")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _logging_from_django(**kwargs):
    """Workers log through Django's LOGGING (JSON in production), not Celery's own handlers."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


# Task metrics (core.metrics), counted in the process that runs the task: a prefork child writes
# them to PROMETHEUS_MULTIPROC_DIR, which the worker's main process serves on CELERY_METRICS_PORT.


@celeryd_init.connect
def _metrics_dir_emptied(**kwargs):
    """First thing in a worker's main process, before anything counts: an earlier run's files (a
    restarted container) would add to this one's."""
    from core.metrics import multiprocess_dir_empty

    multiprocess_dir_empty()


@worker_ready.connect
def _metrics_server_started(**kwargs):
    from django.conf import settings

    from core.metrics import worker_metrics_server_start

    if settings.WORKER_METRICS_PORT:
        worker_metrics_server_start(settings.WORKER_METRICS_PORT)


@worker_process_shutdown.connect
def _metrics_child_dead(pid=None, **kwargs):
    from core.metrics import process_dead

    process_dead(pid or os.getpid())


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    from core.metrics import task_started

    task_started(task_id, task)


@task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    from core.metrics import task_finished

    task_finished(task_id, task, state)
