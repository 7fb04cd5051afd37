"""/dashboards/results/ in a real browser (Debian's Chromium, headless, against a live test server,
as tests/dashboards/browser): the charts drawn, the IPTT's figures shown, no console error, no
request leaving the server, axe-core clean, readable at 390 px; a mission viewer refused."""

import pytest

from results.models import Framework
from tests.dashboards.browser.conftest import artifacts, browser, live_url  # noqa: F401 (fixtures)
from tests.dashboards.browser.test_browser import Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(browser, live_url):  # noqa: F811 (the fixtures imported above)
    visits = []

    def start(**options) -> Visit:
        opened = Visit(browser, live_url, **options)
        visits.append(opened)
        return opened

    yield start
    for opened in visits:
        opened.close()


def test_staff_see_the_inl_iptt_of_2021(visit, live_url, artifacts):  # noqa: F811
    inl = Framework.objects.get(owner__acronym="INL")
    people = inl.indicators.get(measure="people_trained")
    admin = visit(viewport={"width": 1280, "height": 900})
    admin.sign_in("admin")
    admin.page.wait_for_load_state("networkidle")

    # From the dashboards' navigation.
    with admin.page.expect_navigation():
        admin.page.click(".scope-nav a:text-is('Results framework')")
    admin.page.wait_for_load_state("networkidle")
    assert admin.page.url == f"{live_url}/dashboards/results/"
    admin.check_charts()

    admin.page.select_option("#id_framework", str(inl.pk))
    admin.page.fill("#id_date_from", "2021-01-01")
    admin.page.fill("#id_date_to", "2021-12-31")
    with admin.page.expect_navigation():
        admin.page.click(".filter-actions button")
    admin.page.wait_for_load_state("networkidle")
    assert inl.name in admin.page.inner_text("h1")
    actual = admin.page.inner_text(
        f'tr[data-indicator="{people.code}"]:not(.iptt-group) td[data-period="2021"]'
    )
    assert actual.strip() == "153"
    admin.check_charts()
    admin.check_accessibility()
    admin.screenshot(artifacts, "admin-results-inl-2021")
    admin.check_clean()


def test_the_results_page_on_a_phone(visit, live_url, artifacts):  # noqa: F811
    phone = visit(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    phone.sign_in("admin")
    phone.open("/dashboards/results/?disaggregate=sex")
    phone.check_charts()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.check_accessibility()
    phone.screenshot(artifacts, "admin-results-390px")
    phone.check_clean()


def test_a_mission_viewer_is_refused(visit, live_url):  # noqa: F811
    mission = visit(viewport={"width": 1280, "height": 900})
    mission.sign_in("mission-pe")
    mission.page.wait_for_load_state("networkidle")
    assert mission.page.query_selector(".scope-nav a:text-is('Results framework')") is None
    assert mission.open("/dashboards/results/").status == 404
