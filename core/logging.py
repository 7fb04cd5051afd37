"""Logs a shipper can parse: one JSON object per line, and one line per request.

`JsonFormatter` writes time (ISO 8601, UTC), level, logger, message, the traceback of an
exception, and every extra field given to the call. `RequestLogMiddleware` writes one line per
request on the "crimjust.request" logger with who asked (the principal's kind and id) but no
personal data: no username, no e-mail, no address, and the path without its query string, which
can hold search terms and names.
"""

import json
import logging
import time
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("json", "text")

# Attributes every LogRecord has; anything else on a record came as an extra field.
_RECORD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys() | {"message", "asctime", "taskName"}
)
# Extras Django passes that are not for a log line: the request object's repr carries its query
# string; the server's time duplicates ours.
_DROPPED_EXTRAS = frozenset({"request", "server_time"})

request_logger = logging.getLogger("crimjust.request")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in _DROPPED_EXTRAS and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["traceback"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: every line to the console, as JSON or as readable text."""
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"DJANGO_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}."
        )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "core.logging.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
    }


def request_principal(request) -> tuple[str, str | int | None]:
    """(kind, id) of who made the request: ("api_key", its prefix), ("user", the user's id) or
    ("anonymous", None). Never the username: it can be a person's name or e-mail."""
    api_key = getattr(request, "auth", None)
    prefix = getattr(api_key, "prefix", None)
    if prefix:
        return "api_key", prefix
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk is not None:
        return "user", user.pk
    return "anonymous", None


class RequestLogMiddleware:
    """One line per request (placed after authentication, so a session's user is known; DRF sets
    an API key's on the request when its view authenticates)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if request_logger.isEnabledFor(logging.INFO):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            kind, principal_id = request_principal(request)
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "view": match.view_name if match is not None else None,
                    "principal_kind": kind,
                    "principal_id": principal_id,
                },
            )
        return response
