"""Errors to Sentry, only where SENTRY_DSN is set (crimjust.settings.base calls `sentry_init`).

No personal data leaves: the SDK's own (`send_default_pii=False`: no user, no address, no cookie),
no local variables of the frames (a request's repr holds its query string, a form its fields), and
`event_scrub` on every event and transaction for what the SDK would still send: cookies, the
Authorization, Cookie and X-Api-Key headers and those naming the client's address, the values of
the query string, the request's body, the user beyond an id.
"""

from urllib.parse import parse_qsl, urlencode

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

# Lower-case; headers are compared case-insensitively.
DROPPED_HEADERS = frozenset(
    {"authorization", "cookie", "x-api-key", "x-csrftoken", "x-forwarded-for", "x-real-ip", "forwarded"}
)
DROPPED_ENVIRON = frozenset({"REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"})
FILTERED = "[Filtered]"


def _query_keys_only(query_string: str | dict) -> str:
    if isinstance(query_string, dict):
        pairs = list(query_string)
    else:
        pairs = [name for name, _ in parse_qsl(query_string or "", keep_blank_values=True)]
    return urlencode([(name, FILTERED) for name in pairs])


def event_scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send (and before_send_transaction): the event without personal data."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() not in DROPPED_HEADERS
            }
        environ = request.get("env")
        if isinstance(environ, dict):
            request["env"] = {name: value for name, value in environ.items() if name not in DROPPED_ENVIRON}
        if request.get("query_string"):
            request["query_string"] = _query_keys_only(request["query_string"])
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if user.get("id") is not None else {}
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=event_scrub,
        before_send_transaction=event_scrub,
    )
