"""The admin in a real browser: the dashboards' live server, Chromium and axe (reused)."""

import pytest

from tests.dashboards.browser.conftest import artifacts, browser, live_url  # noqa: F401
from tests.dashboards.browser.test_browser import Visit


@pytest.fixture
def visit(browser, live_url):  # noqa: F811
    visits = []

    def start(**options) -> Visit:
        opened = Visit(browser, live_url, **options)
        visits.append(opened)
        return opened

    yield start
    for opened in visits:
        opened.close()
