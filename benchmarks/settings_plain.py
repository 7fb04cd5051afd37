"""The benchmark's settings without observability (benchmarks.observability measures against it):
no metrics middleware, no request log, text logs at WARNING. Everything else is crimjust.settings.bench."""

from core.logging import logging_config
from crimjust.settings.bench import *  # noqa: F403
from crimjust.settings.bench import MIDDLEWARE

MIDDLEWARE = [
    name
    for name in MIDDLEWARE
    if name not in ("core.metrics.MetricsMiddleware", "core.logging.RequestLogMiddleware")
]
LOGGING = logging_config(log_format="text", level="WARNING")
