"""The test suite: real PostgreSQL and Redis, fast password hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The default storage as the environment says (object storage when AWS_STORAGE_BUCKET_NAME names a
# bucket, as the storage tests give a worker or a server process); static files unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files straight from the apps' folders: no collectstatic before running.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
