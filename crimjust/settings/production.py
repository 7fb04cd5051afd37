"""Production: everything from the environment, HTTPS only."""

from core.logging import logging_config

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK, env

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Every staff account gives its second factor here: the demo's exemptions do not count, and the
# `accounts.E001` check (run by `migrate` and `check --database default`) fails while one is active.
SECOND_FACTOR_EXEMPTIONS_ALLOWED = False

# No browsable API: every request would pay for its renderer's negotiation, and a browser reads
# the same JSON. API_BROWSABLE=true turns it back on.
API_BROWSABLE = env.bool("API_BROWSABLE", default=False)
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["core.api.renderers.FastJSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if API_BROWSABLE else []),
}

# JSON logs, one object a line, for a log shipper (core.logging); DJANGO_LOG_FORMAT=text for reading.
LOGGING = logging_config(
    log_format=env("DJANGO_LOG_FORMAT", default="json"), level=env("DJANGO_LOG_LEVEL", default="INFO")
)
