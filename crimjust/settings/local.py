"""Development on a workstation: debug on, a throw-away secret unless one is given."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

# Static files straight from the apps' folders: no collectstatic before running.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
