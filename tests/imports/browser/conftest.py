"""The import's grid in a real browser: the dashboards' live server, Chromium and axe-core
(tests/dashboards/browser/conftest.py), and a page visit that records what the page did."""

from tests.dashboards.browser.conftest import artifacts, browser, live_url  # noqa: F401
from tests.dashboards.browser.test_browser import visit  # noqa: F401
