"""The benchmark (`make bench`): production settings served over plain HTTP on 127.0.0.1, with the
naive baseline's URLs beside the application's (benchmarks.urls).

What differs from production, and why: no HTTPS redirect (the load tool speaks plain HTTP to
127.0.0.1), the API's per-principal rate limit raised (one API key sends every request of the
load test; a 429 would count as an error), and the cache keys prefixed so the benchmark's
database never shares cached figures with another database on the same Redis.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("API_THROTTLE_RATE", "1000000/minute")

from .production import *  # noqa: E402,F403
from .production import CACHES  # noqa: E402

ROOT_URLCONF = "benchmarks.urls"
CACHES["default"]["KEY_PREFIX"] = "bench"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
