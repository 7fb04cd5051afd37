"""gunicorn's hooks for the metrics (core.metrics), given with `-c crimjust/gunicorn.conf.py`; the
bind address, workers and threads stay on the command line (Dockerfile, docker-compose.yml,
deploy/kubernetes/base/web.yaml).

With PROMETHEUS_MULTIPROC_DIR set, each worker writes its samples to files there and /metrics adds
them up, whichever worker answers. The folder is emptied when the master starts (a restarted
container keeps its emptyDir: the last run's counters would be added to this one's), and a worker
that exits is marked dead, so its live gauges leave the sums.
"""

import os
import sys

from core.metrics import MULTIPROCESS_DIR, multiprocess_dir_empty, process_dead


def on_starting(server):
    if not MULTIPROCESS_DIR:
        if server.cfg.workers > 1:
            server.log.warning(
                "PROMETHEUS_MULTIPROC_DIR is not set: each of the %s workers answers /metrics with its own "
                "counts only",
                server.cfg.workers,
            )
        return
    if not os.path.isdir(MULTIPROCESS_DIR):
        sys.exit(f"PROMETHEUS_MULTIPROC_DIR={MULTIPROCESS_DIR} is not a directory")
    multiprocess_dir_empty()


def child_exit(server, worker):
    process_dead(worker.pid)
