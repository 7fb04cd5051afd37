"""The dashboards' browser fixtures (a live server, Debian's Chromium, axe-core), for the people's
journeys in the admin: a `visit` that counts the pages loaded, and axe over the page or a part."""

import pytest

from tests.dashboards.browser.conftest import artifacts, browser, live_url  # noqa: F401
from tests.dashboards.browser.test_browser import AXE_SERIOUS, PASSWORD, Visit

# axe over the page or one part of it (what these journeys add to the admin), serious and critical
# violations only, as the dashboards' tests. Without axe's preload: it would parse the admin's
# stylesheets by adding <style> elements, which the pages' Content-Security-Policy rightly refuses
# (a console error of axe's, not of the page's); preload serves one rule, css-orientation-lock.
AXE_SERIOUS_IN = AXE_SERIOUS.replace("async () =>", "async (selector) =>").replace(
    "axe.run(document, { resultTypes: ['violations'] })",
    "axe.run(selector ? document.querySelector(selector) : document, "
    "{ resultTypes: ['violations'], preload: false })",
)
assert "preload: false" in AXE_SERIOUS_IN, "the dashboards' axe call changed: adapt AXE_SERIOUS_IN"


class AdminVisit(Visit):
    """A visit that counts the pages the browser loaded (a redirect is no page of its own)."""

    def __init__(self, chromium, base_url: str, **options):
        super().__init__(chromium, base_url, **options)
        self.page_loads = 0
        self.page.on("load", self._count_load)

    def _count_load(self, _page):
        self.page_loads += 1

    def sign_in_admin(self, username: str = "admin") -> None:
        self.page.goto("/accounts/login/?next=/admin/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")
        self.page.wait_for_load_state("networkidle")
        self.page_loads = 0

    def serious_violations(self, selector: str | None = None) -> list:
        return self.page.evaluate(AXE_SERIOUS_IN, selector)

    def choose(self, select_id: str, term: str, option: str) -> None:
        """Pick `option` in the admin's autocomplete (select2) of `select_id`, typing `term`."""
        self.page.click(f"#{select_id} + .select2 .select2-selection")
        self.page.fill(".select2-container--open .select2-search__field", term)
        self.page.click(f".select2-results__option:has-text('{option}')")


@pytest.fixture
def visit(browser, live_url):  # noqa: F811
    visits = []

    def start(**options) -> AdminVisit:
        opened = AdminVisit(browser, live_url, **options)
        visits.append(opened)
        return opened

    yield start
    for opened in visits:
        opened.close()
