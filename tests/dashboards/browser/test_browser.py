"""The dashboards in a real browser: Debian's Chromium, headless, against a live test server.

Each page: the headline figures equal what the database says, every chart drew, the console shows
no error (a CSP violation is one), no request leaves the test server, axe-core finds no serious or
critical accessibility violation. Screenshots go to test-artifacts/dashboards/ (git-ignored).
"""

from dataclasses import dataclass, field

import pytest
from django.db.models import Q, Sum
from django.utils import translation

from accounts.models import SecurityEvent, User
from activities.models import Activity
from core.access import visible
from countries.models import Country
from operations.models import Operation, Seizure

from .conftest import AXE

# The test database must be set up for these tests too (pytest-django sets it up for the tests that
# ask for it); each test's own transaction is left unused: the server reads the committed demo data.
pytestmark = pytest.mark.django_db

PASSWORD = "crimjust-demo-2026"

ALL_DRAWN = """() => {
  const charts = Array.from(document.querySelectorAll('[data-chart]'));
  return charts.length > 0 && charts.every((chart) => chart.dataset.drawn === 'true');
}"""

CHART_SHAPES = """() => Array.from(document.querySelectorAll('[data-chart]')).map((chart) => ({
  chart: chart.dataset.chart,
  shapes: chart.querySelectorAll('svg path, svg rect, svg text').length,
}))"""

AXE_SERIOUS = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}"""


@dataclass
class Expected:
    azure_pk: int
    peru: dict = field(default_factory=dict)
    programme: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def expected(django_db_setup, django_db_blocker) -> Expected:
    """The figures the pages must show, from the database, before the browser starts."""
    with django_db_blocker.unblock():
        mission = User.objects.get(username="mission-pe")
        peru = Country.objects.get(iso2="PE")
        seizures = visible(Seizure, mission).filter(country=peru)
        activities = visible(Activity, mission).filter(Q(countries=peru) | Q(host_country=peru)).distinct()
        first_event = (SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        yield Expected(
            azure_pk=Operation.objects.get(code_name="Azure").pk,
            peru={
                "seizures": seizures.count(),
                "arrests": seizures.aggregate(n=Sum("arrests"))["n"] or 0,
                "activities": activities.count(),
            },
            programme={
                "seizures": Seizure.objects.filter(archived_at__isnull=True).count(),
                "activities": Activity.objects.filter(archived_at__isnull=True).count(),
            },
        )
        # The sign-ins of these tests were committed by the server: leave the log as it was.
        SecurityEvent.objects.filter(pk__gte=first_event).delete()


class Visit:
    """One browser context (cookies of one user) and page, recording what the page did."""

    def __init__(self, browser, base_url: str, **options):
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, **options)
        # axe-core through the DevTools protocol: a <script> tag with its source would be inline
        # script, which the pages' Content-Security-Policy rightly refuses.
        self.context.add_init_script(path=str(AXE))
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _on_console(self, message):
        if message.type == "error":
            self.console.append(f"console: {message.text}")

    def sign_in(self, username: str) -> None:
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")

    def open(self, path: str):
        response = self.page.goto(path)
        self.page.wait_for_load_state("networkidle")
        return response

    def headline(self, key: str) -> str:
        return self.page.inner_text(f'[data-figure="{key}"] .headline-value').strip()

    def check_charts(self) -> None:
        self.page.wait_for_function(ALL_DRAWN, timeout=10_000)
        shapes = self.page.evaluate(CHART_SHAPES)
        assert shapes and all(chart["shapes"] > 0 for chart in shapes), shapes

    def check_accessibility(self) -> None:
        assert self.page.evaluate(AXE_SERIOUS) == []

    def check_clean(self) -> None:
        assert self.console == []
        assert self.requests and all(url.startswith(self.base_url + "/") for url in self.requests), [
            url for url in self.requests if not url.startswith(self.base_url + "/")
        ]

    def screenshot(self, folder, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, live_url):
    visits = []

    def start(**options) -> Visit:
        opened = Visit(browser, live_url, **options)
        visits.append(opened)
        return opened

    yield start
    for opened in visits:
        opened.close()


def test_a_mission_viewer_sees_peru_and_only_peru(visit, live_url, expected, artifacts):
    mission = visit(viewport={"width": 1280, "height": 900})
    mission.sign_in("mission-pe")
    mission.page.wait_for_load_state("networkidle")

    assert mission.page.url == f"{live_url}/dashboards/country/PE/"
    # The country's name in the mission's language (its account prefers Spanish).
    with translation.override("es"):
        assert mission.page.inner_text("h1") == Country.objects.get(iso2="PE").display_name == "Perú"
    for key, value in expected.peru.items():
        assert mission.headline(key) == str(value), key
    mission.check_charts()
    mission.check_accessibility()
    mission.screenshot(artifacts, "mission-pe-peru")
    assert mission.open("/dashboards/").url == f"{live_url}/dashboards/country/PE/"
    mission.check_clean()

    assert mission.open("/dashboards/country/CO/").status == 404
    # The browser reports the refused page as a failed load, and nothing else.
    assert mission.console and all("status of 404" in message for message in mission.console), mission.console
    assert all(url.startswith(live_url + "/") for url in mission.requests)
    # In the mission's language (its account prefers Spanish).
    with translation.override("es"):
        assert translation.gettext("Page not found") in mission.page.content()


def test_the_peru_page_on_a_phone_and_in_print(visit, live_url, expected, artifacts):
    phone = visit(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    phone.sign_in("mission-pe")
    phone.page.wait_for_load_state("networkidle")
    phone.check_charts()

    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.check_accessibility()
    phone.screenshot(artifacts, "mission-pe-peru-390px")

    phone.page.emulate_media(media="print")
    assert not phone.page.is_visible(".filters")
    assert not phone.page.is_visible(".site-header")
    phone.screenshot(artifacts, "mission-pe-peru-print")
    phone.check_clean()


def test_staff_see_the_programme_and_operation_azure(visit, live_url, expected, artifacts):
    admin = visit(viewport={"width": 1280, "height": 900})
    admin.sign_in("admin")
    admin.page.wait_for_load_state("networkidle")

    assert admin.page.url == f"{live_url}/dashboards/"
    for key, value in expected.programme.items():
        assert admin.headline(key) == str(value), key
    admin.check_charts()
    admin.check_accessibility()
    admin.screenshot(artifacts, "admin-programme")

    with admin.page.expect_navigation():
        admin.page.click("table a:text-is('Azure')")
    admin.page.wait_for_load_state("networkidle")
    assert admin.page.url == f"{live_url}/dashboards/operations/{expected.azure_pk}/"
    assert admin.headline("seizures") == "125"
    assert admin.headline("countries") == "10"
    admin.check_charts()
    admin.check_accessibility()
    admin.screenshot(artifacts, "admin-operation-azure")

    # Staff switch country with the selector.
    admin.open("/dashboards/")
    admin.page.select_option("#country-pick", "CO")
    with admin.page.expect_navigation():
        admin.page.click(".country-pick button")
    admin.page.wait_for_load_state("networkidle")
    assert admin.page.url == f"{live_url}/dashboards/country/CO/"
    admin.check_charts()
    admin.check_clean()
