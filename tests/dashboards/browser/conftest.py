"""A live server and one headless Chromium (Debian's, driven by Playwright) for the browser tests."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support.live import live_server_thread

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "dashboards"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def live_url(django_db_setup, django_db_blocker):
    """The application served on a free port against the session's test database
    (tests.support.live). The pages read the committed demo data; the tests write nothing but
    sign-ins."""
    with live_server_thread(django_db_blocker) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an asyncio event loop in this thread; Django then refuses ORM calls
    # made from it (SynchronousOnlyOperation) although nothing here is concurrent: the tests query
    # the database between browser steps, in the test thread, and the server answers in its own.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
