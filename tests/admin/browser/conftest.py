"""The admin in a real browser: the dashboards' live server, Chromium and axe (reused)."""

import pytest

from accounts.models import User
from reports.models import Report
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


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """Two reports of the administrator's, long-titled, for the list to show (then removed)."""
    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        made = [
            Report.objects.create(
                kind=Report.Kind.DATA_EXPORT,
                format=Report.Format.CSV,
                title="Seizures of Peru, Bolivia, Colombia and Ecuador, 2016 to 2022, with their cases",
                status=Report.Status.RUNNING,
                progress=40,
                requested_by=admin,
            ),
            Report.objects.create(
                kind=Report.Kind.DATA_EXPORT,
                format=Report.Format.XLSX,
                title="Seizures of Operation Azure",
                requested_by=admin,
            ),
        ]
        yield made
        Report.objects.filter(pk__in=[report.pk for report in made]).delete()
