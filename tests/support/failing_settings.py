"""The test settings with one more page, which fails: the Sentry test (tests/core/test_sentry.py)
runs gunicorn on these, so an error happens in a real request."""

from crimjust.settings.test import *  # noqa: F403

ROOT_URLCONF = "tests.support.failing_urls"
