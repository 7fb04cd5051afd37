"""The IPTT is kept in the shared cache (seconds over a million seizures) for principals of the
same access, and shown anew at once after any write: the programme's records or the framework's
own (a target, a reported actual)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from operations.models import Operation
from results.iptt import iptt_rows
from results.models import Framework, PeriodType, Target
from tests.factories import SeizureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _figures_cached(settings):
    settings.FIGURES_CACHE_SECONDS = 900


@pytest.fixture
def framework():
    return Framework.objects.order_by("pk").first()


def _row(rows, code, period) -> dict:
    return next(
        row for row in rows if row["code"] == code and row["period"] == period and not row["disaggregation"]
    )


def test_a_second_call_reads_nothing_of_the_records(admin, framework):
    first = iptt_rows(user=admin, framework=framework)
    with CaptureQueriesContext(connection) as captured:
        again = iptt_rows(user=admin, framework=framework)
    assert again == first
    assert not [query for query in captured if "operations_seizure" in query["sql"]]


def test_a_target_changed_shows_at_once(admin, framework, django_capture_on_commit_callbacks):
    target = (
        Target.objects.filter(indicator__framework=framework, period_type=PeriodType.YEAR)
        .order_by("pk")
        .first()
    )
    period = target.period_label
    before = _row(iptt_rows(user=admin, framework=framework), target.indicator.code, period)
    with django_capture_on_commit_callbacks(execute=True):
        target.value = target.value + 7
        target.save()
    after = _row(iptt_rows(user=admin, framework=framework), target.indicator.code, period)
    assert after["target"] == before["target"] + 7


def test_a_seizure_recorded_shows_at_once(admin, framework, django_capture_on_commit_callbacks):
    indicator = framework.indicators.filter(measure="seizures").first()
    if indicator is None:
        pytest.skip("the demo's first framework has no seizures indicator")
    before = _row(iptt_rows(user=admin, framework=framework), indicator.code, "2021")
    azure = Operation.objects.get(code_name="Azure")
    with django_capture_on_commit_callbacks(execute=True):
        SeizureFactory(operation=azure)
    after = _row(iptt_rows(user=admin, framework=framework), indicator.code, "2021")
    assert after["actual"] == before["actual"] + 1
