"""Settings shared by every environment. Every value comes from the environment."""

import datetime
import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from core.logging import logging_config

from .storage import OBJECT_STORAGE_BACKEND, object_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # Before the admin, as the library requires: its translation fields must exist when the admin
    # builds its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    # The second factor of staff sign-ins (accounts.second_factor): authenticator apps and recovery
    # codes. Before `accounts`, whose admin takes their device pages out of the admin.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "countries",
    "activities",
    "people",
    "trainings",
    "operations",
    # Before audit, which tracks its records and finds their models in the registry by name.
    "results",
    "audit",
    "sync",
    "demo",
    "stats",
    "django_celery_beat",
    "dashboards",
    "reports",
    "imports",
    "flows",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer a kubelet probing the pod's address over plain HTTP,
    # whatever the host and scheme, before any other middleware (core.health).
    "core.health.HealthProbeMiddleware",
    # Second: /metrics, by the pod's address too, and each request's count, time and queries
    # (core.metrics). After the probes, which it does not count.
    "core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A sign-in switches to the account's preferred language (its cookie; accounts.language).
    "accounts.language.PreferredLanguageMiddleware",
    # One JSON line per request, with its principal (core.logging): after authentication.
    "core.logging.RequestLogMiddleware",
    # request.user.is_verified(): whether this session gave a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # A session that still owes its second factor reaches only the second step.
    "accounts.middleware.SecondFactorMiddleware",
    # Every audit event a request causes records its user and URL (django-pghistory).
    "pghistory.middleware.HistoryMiddleware",
    "accounts.middleware.PermissionDeniedLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crimjust.urls"
WSGI_APPLICATION = "crimjust.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL is the only database this project supports.
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection checked (`SELECT 1`) before each request's first query: off by default, a round
# trip on every request; on (DATABASE_CONN_HEALTH_CHECKS=true) where connections are cut under the
# application (a pooler, a failover), so that a dead one is replaced rather than failing a request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=False)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No JIT compilation: it added ~80 ms to a 50-row page whose plan PostgreSQL over-estimated, and
# saved nothing on the aggregates over a million seizures (measured by `make bench`).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# Seconds to wait for a connection: a database that does not answer fails a request (and /readyz)
# in this time rather than holding a worker thread for the kernel's TCP timeout (minutes).
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins of a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The programme's own number formats where they differ from Django's (crimjust/formats/<lang>/):
# Spanish groups thousands with a point, as the Latin American partners write them.
FORMAT_MODULE_PATH = ["crimjust.formats"]
# Thousands are not grouped by default (USE_THOUSAND_SEPARATOR stays False): a bare {{ value }}
# also feeds URLs, data attributes and form inputs. Figures shown to people go through
# core.formatting (and its template filters), which groups them.

# The reference vocabularies (substances, their categories, pillars) per language through
# django-modeltranslation: a `name_<language>` column each (translation.py in their apps). The
# English one is the name as stored, the one the API, imports and exports read; the others fall
# back to it while they are empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# "name [es]" in the admin, the field's name translated when the page is (the library's default
# formats it once, in English, when the models load).
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda verbose_name, language: format_lazy(  # noqa: E731
    "{} [{}]", verbose_name, language
)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Report files, import uploads (and so their rejected rows) in object storage when a bucket is named:
# any S3-protocol server (AWS S3, MinIO, Ceph, GCS's or Azure's S3 gateways) through django-storages,
# under the names django-storages reads. Without a bucket: files under MEDIA_ROOT, which every
# process must then share (one host). Objects are private: a download goes through the app's
# access-checked views, streamed (core.storage), never by a public or pre-signed URL.
_object_storage = object_storage_settings(os.environ)
if _object_storage:
    STORAGES["default"] = {"BACKEND": OBJECT_STORAGE_BACKEND}
    globals().update(_object_storage)

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        # Django's Redis backend, with its clients kept (core.cache).
        "BACKEND": "core.cache.KeptClientRedisCache",
        "LOCATION": REDIS_URL,
    }
}

# A request's principal (an API key and its scope, a user's scope) is kept this many seconds in the
# shared cache, dropped for every process the moment it changes (accounts.principal_cache); 0: read
# from the database on every request.
PRINCIPAL_CACHE_SECONDS = env.int("PRINCIPAL_CACHE_SECONDS", default=60)

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=1500)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=1800)
# The visibility timeout must exceed the hard time limit, or Redis redelivers running tasks. A task
# left unacknowledged by a worker that died comes back after it (swept every restore interval).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Queues by workload, so a million-row export never waits behind, nor blocks, the quarterly report
# or an import: `reports` (report generation, the scheduled report's request), `exports` (data
# exports, by the report's kind: reports.routing), `imports` (validate and write), `default`
# (everything else: mass recomputes, housekeeping). A worker started without -Q consumes all four;
# production runs one worker per queue (docker-compose.yml).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = tuple(Queue(name) for name in ("reports", "exports", "imports", "default"))
CELERY_TASK_ROUTES = [
    "reports.routing.route_report",
    {"reports.*": {"queue": "reports"}, "imports.tasks.*": {"queue": "imports"}},
]

# The browsable API (HTML pages of the API for a signed-in browser): on by default here, off in
# production (settings.production), where it costs every request and shows nothing JSON does not.
API_BROWSABLE = env.bool("API_BROWSABLE", default=True)
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Session (the browser) and the programme's API keys; no other scheme.
    # The key scheme first: an unauthenticated request is answered 401 with its challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "accounts.authentication.VerifiedSessionAuthentication",
    ],
    # drf-spectacular's, completed for generated clients: every error in the one shape, summaries.
    "DEFAULT_SCHEMA_CLASS": "core.api.schema_contract.ContractSchema",
    # A list's selector applies its FilterSet; the backend only documents it in the schema.
    "DEFAULT_FILTER_BACKENDS": ["core.api.backends.FilterSetSchema"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["core.api.throttling.PrincipalRateThrottle"],
    # One budget per API key or user.
    "DEFAULT_THROTTLE_RATES": {"principal": env("API_THROTTLE_RATE", default="6000/minute")},
    "URL_FORMAT_OVERRIDE": "format",
    # orjson (core.api.renderers); the browsable API only where API_BROWSABLE is on.
    "DEFAULT_RENDERER_CLASSES": ["core.api.renderers.FastJSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if API_BROWSABLE else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CRIMJUST programme tracker API",
    "DESCRIPTION": (
        "The records of the CRIMJUST programme (UNODC) for external systems: activities, "
        "trainings, people, operations, seizures, cases. Scoped by the caller's role or API key."
    ),
    "VERSION": "1.0.0",
    # The host that serves the document: each deployment has its own.
    "SERVERS": [{"url": "/", "description": "This server"}],
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts each one, a link, inside the operation's button (a control
    # within a control, which screen readers cannot reach).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    # The default enum hook first; then the links from a created record to its detail operations;
    # then null where OpenAPI 3.0 takes it (core.api.schema_contract).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema_links.add_created_record_links",
        "core.api.schema_contract.nullable_alternatives",
        "core.api.schema_contract.nullable_links",
    ],
    # Several records have a "kind" or a "status" with choices of their own: each its own name.
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatusEnum": "activities.models.Activity.Status",
        "ReportKindEnum": "reports.models.Report.Kind",
        "ReportStatusEnum": "reports.models.Report.Status",
        "ReportFormatEnum": "reports.models.Report.Format",
        "ImportKindEnum": "imports.models.ImportJob.Kind",
        "ImportStatusEnum": "imports.models.ImportJob.Status",
        "IndicatorUnitEnum": "results.models.Indicator.Unit",
    },
}

# The audit trail (django-pghistory, tables in the `audit` app): the admin lists every event with
# its user, page and reason, for administrators and monitoring officers.
PGHISTORY_ADMIN_MODEL = "audit.AuditEvent"
# The audit context (who, which URL) is opened for the requests that write; a read writes no record.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_ADMIN_CLASS = "audit.admin.AuditEventsAdmin"
# Each event at the time of its statement, not of its transaction's start: events order as they happened.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"

LOGIN_URL = "admin:login"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
# Messages live in the session, never in a cookie: a new API key's secret is shown in one.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere: the admin (Django 5.2) runs without either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in throttling (django-axes): AXES_FAILURE_LIMIT failed sign-ins for one username from one
# address lock that pair out for AXES_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip_address"
# Axes' own log lines name a client by a keyed hash of its address, never by username and address.
AXES_CLIENT_STR_CALLABLE = "accounts.security.axes_client_str"
# Sign-ins are logged as security events; axes keeps only its lockout counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# Axes prints a banner at every start; the security events say what matters.
AXES_VERBOSE = False
# Reverse proxies in front of the application that append to X-Forwarded-For (0: none, use
# REMOTE_ADDR). The client address of security events and lockouts is read through them.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# The second factor (accounts.second_factor): every role that reads personal data gives a code from
# an authenticator app (or a recovery code) after its password; mission viewers may choose to.
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="CRIMJUST tracker")
# Recovery codes made at enrolment, each usable once.
SECOND_FACTOR_RECOVERY_CODES = 10
# The demo's accounts sign in with their password alone (a SecondFactorExemption each). Production
# sets this to False: exemptions are ignored there, and accounts.checks refuses to start with one.
SECOND_FACTOR_EXEMPTIONS_ALLOWED = True

# Every line to the console: DJANGO_LOG_FORMAT=json (one object a line, core.logging; production's
# default) or text (readable, for development).
LOGGING = logging_config(
    log_format=env("DJANGO_LOG_FORMAT", default="text"), level=env("DJANGO_LOG_LEVEL", default="INFO")
)

# Metrics (core.metrics): /metrics answers a bearer token equal to METRICS_TOKEN (empty: no token
# accepted) or a client whose socket address is in METRICS_ALLOWED_NETWORKS (CIDRs; loopback by
# default), 404 to anyone else and to any request that came through a proxy (X-Forwarded-For).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
# A Celery worker's /metrics on this port (its main process, every child's samples through
# PROMETHEUS_MULTIPROC_DIR); unset: none.
WORKER_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=None)

# Errors to Sentry (core.sentry) where SENTRY_DSN is set: no personal data, no cookies or keys.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    from core.sentry import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)

# --- sync ---
# Seconds the sync watermark (core.watermark) stays behind the oldest open transaction: the most
# the clocks of the application hosts, which stamp `updated_at`, may run behind the database's.
# A record changed within this window before a sync comes again on the next one.
SYNC_OVERLAP_SECONDS = env.int("SYNC_OVERLAP_SECONDS", default=2)

# Counts of people from 1 to SMALL_CELL_THRESHOLD-1 are hidden from those who may not see
# personal data (partner missions, API keys without the personal-data scope).
SMALL_CELL_THRESHOLD = env.int("SMALL_CELL_THRESHOLD", default=5)

# Demo accounts are created only by `manage.py load_demo`.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="crimjust-demo-2026")

# --- dashboards ---
# Everyone signs in at /accounts/login/ (the admin's page refuses users who are not staff).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:overview"
# How long a dashboard's figures stay cached (0: not cached). Entries are keyed by the data
# version, so a write shows at once; the TTL only bounds how long an unused entry is kept.
DASHBOARDS_CACHE_SECONDS = env.int("DASHBOARDS_CACHE_SECONDS", default=15 * 60)
# The same for the figures of the stats API (/api/v1/stats/) and other cached figures
# (core.datacache.cached_figures).
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=15 * 60)

# --- reports ---
# Scheduled reports (a quarterly donor report) live in the database, editable in the admin.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Generated report files, in the default storage under this prefix; downloaded only through
# views that check access (never a public media URL).
REPORTS_FILE_PREFIX = env("REPORTS_FILE_PREFIX", default="reports")
# A report task's time limits: below the broker's visibility timeout (checked by reports.checks),
# or Redis would hand a running report to a second worker.
REPORTS_TASK_SOFT_TIME_LIMIT = env.int("REPORTS_TASK_SOFT_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT)
REPORTS_TASK_TIME_LIMIT = env.int("REPORTS_TASK_TIME_LIMIT", default=CELERY_TASK_TIME_LIMIT)
REPORTS_TASK_MAX_RETRIES = env.int("REPORTS_TASK_MAX_RETRIES", default=5)
# Runs a report may start before it is marked failed: bounds the loop of a report whose worker
# keeps dying (out of memory, hard time limit), since such a task is put back on the queue.
REPORTS_MAX_ATTEMPTS = env.int("REPORTS_MAX_ATTEMPTS", default=3)
# Data exports: rows fetched per round trip, and how often progress is written.
REPORTS_EXPORT_CHUNK_SIZE = env.int("REPORTS_EXPORT_CHUNK_SIZE", default=5000)
# A PDF table shows at most this many rows; a longer one (a year's activities at scale) says that
# the rest is in the report's workbook. WeasyPrint keeps every row's layout in memory (0: no limit).
REPORTS_PDF_MAX_ROWS = env.int("REPORTS_PDF_MAX_ROWS", default=50)
REPORTS_PROGRESS_EVERY_ROWS = env.int("REPORTS_PROGRESS_EVERY_ROWS", default=20000)
# Seconds to pause at each step of a report: 0 in production; tests that stop a worker mid-report set it.
REPORTS_STEP_PAUSE = env.float("REPORTS_STEP_PAUSE", default=0.0)
# The language of the scheduled quarterly donor report (a code of LANGUAGES); a periodic task's
# kwargs may name another ({"language": "es"}) for a copy in that language.
REPORTS_QUARTERLY_LANGUAGE = env("REPORTS_QUARTERLY_LANGUAGE", default="en")

# --- imports ---
# Bulk imports of attendance sheets and seizure records (the `imports` app).
# Uploads above this size are refused before they are read.
IMPORT_MAX_FILE_SIZE = env.int("IMPORT_MAX_FILE_SIZE", default=25 * 1024 * 1024)
# Uploads up to this size are validated (and imported) within the request; larger ones by a
# Celery worker, with progress.
IMPORT_SYNC_MAX_BYTES = env.int("IMPORT_SYNC_MAX_BYTES", default=256 * 1024)
# Data rows per file, blank rows not counted.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# Reading stops after this many blank rows in a row (sheets formatted down to row 1,048,576).
IMPORT_MAX_BLANK_RUN = env.int("IMPORT_MAX_BLANK_RUN", default=1000)
# Header columns an import reads; a wider header is refused, cells right of the header are ignored.
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
# An XLSX is a zip of XML parts: refused before anything is decompressed when its parts would
# expand beyond this many bytes in all, or when a part of more than 1 MB expands more than this
# many times its compressed size (a "zip bomb"; real workbooks stay well under 30).
IMPORT_XLSX_MAX_UNCOMPRESSED = env.int("IMPORT_XLSX_MAX_UNCOMPRESSED", default=256 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", default=100)
# A seizure above this mass (kg, after conversion) is taken for a typing error.
IMPORT_MAX_SEIZURE_KG = env.int("IMPORT_MAX_SEIZURE_KG", default=100_000)

# Plausible dates of records (core.ranges): not before the programme's first year; a planned date
# (an activity, a phase, an embargo) at most this many years ahead.
PLAUSIBLE_EARLIEST_DATE = datetime.date.fromisoformat(
    env.str("PLAUSIBLE_EARLIEST_DATE", default="2016-01-01")
)
PLAUSIBLE_YEARS_AHEAD = env.int("PLAUSIBLE_YEARS_AHEAD", default=5)

# Disclosure control (issue 15)
# Counts of people shown to those who may not see personal data are perturbed by the cell-key
# method (core.disclosure): each person's record key is a keyed hash of their id and this secret.
# Whoever knows it could undo the noise, so it is a secret like SECRET_KEY; by default it is
# derived from SECRET_KEY. Changing it changes every perturbed figure once (old answers and new
# ones then differ by noise that an attacker could compare): set it once, keep it.
DISCLOSURE_KEY = env("DISCLOSURE_KEY", default=f"disclosure:{SECRET_KEY}")
# The largest perturbation of a count of people (ABS and ONS tables use 2 to 5).
DISCLOSURE_MAX_NOISE = env.int("DISCLOSURE_MAX_NOISE", default=2)
