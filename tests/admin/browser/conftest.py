"""The admin in a real browser (its pages, pickers and flows): the dashboards' live server,
Chromium and axe-core (tests/dashboards/browser/conftest.py), and a page visit that records what
the page did."""

import pytest

from accounts.models import User
from reports.models import Report
from tests.dashboards.browser.conftest import artifacts, browser, live_url  # noqa: F401
from tests.dashboards.browser.test_browser import visit  # noqa: F401


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """Reports of the administrator's as the service titles them, one ready to download, for the
    list to show (then removed)."""
    with django_db_blocker.unblock():
        admin = User.objects.get(username="admin")
        made = [
            Report.objects.create(
                kind=Report.Kind.DONOR_PROGRESS,
                format=Report.Format.PDF,
                title="Donor progress report: European Union – Global Illicit Flows Programme, "
                "1 January 2021 to 31 December 2021",
                status=Report.Status.SUCCEEDED,
                progress=100,
                file="reports/donor-progress-european-union-global-illicit-flows-2021.pdf",
                checksum="0" * 64,
                requested_by=admin,
            ),
            Report.objects.create(
                kind=Report.Kind.DATA_EXPORT,
                format=Report.Format.XLSX,
                title="Data export: seizures",
                status=Report.Status.RUNNING,
                progress=40,
                requested_by=admin,
            ),
        ]
        yield made
        Report.objects.filter(pk__in=[report.pk for report in made]).delete()
