"""The IPTT's rules on the small data (tests/results/conftest.py), and the demo's 2021 IPTT."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.services import validated_save
from results.iptt import iptt_rows
from results.models import Framework, Indicator, PeriodType, ReportedActual, Result, Target
from tests.factories import ParticipationFactory, PersonFactory, SeizureFactory

pytestmark = pytest.mark.django_db


def _indicator(framework, result, code, measure="", **fields):
    kind = Indicator.Kind.COMPUTED if measure else Indicator.Kind.REPORTED
    return validated_save(
        Indicator(
            framework=framework, result=result, code=code, name=code, kind=kind, measure=measure, **fields
        )
    )


@pytest.fixture
def framework(small):
    framework = validated_save(
        Framework(
            name="Donor framework",
            owner=small.donor,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2022, 12, 31),
        )
    )
    goal = validated_save(Result(framework=framework, level="goal", code="G", statement="Goal"))
    people = _indicator(
        framework,
        goal,
        "P",
        "people_trained",
        cumulative=True,
        disaggregations=["sex"],
        baseline=0,
        baseline_date=datetime.date(2021, 1, 1),
    )
    _indicator(framework, goal, "PP", "people_trained")
    _indicator(framework, goal, "W", "women_trained_share", unit="percentage", cumulative=True)
    _indicator(framework, goal, "S", "seizures", disaggregations=["stage"])
    validated_save(Target(indicator=people, period_type=PeriodType.YEAR, year=2021, value=4))
    validated_save(Target(indicator=people, period_type=PeriodType.LIFE, value=6))
    return framework


def rows_of(rows, code, disaggregation=None):
    return {
        row["period"]: row
        for row in rows
        if row["code"] == code and (row["disaggregation"] or {}).get("value") == disaggregation
    }


def test_cumulative_counts_distinct_people_since_the_start(admin, framework):
    rows = iptt_rows(user=admin, framework=framework)
    cumulative = rows_of(rows, "P")
    assert [(period, row["actual"]) for period, row in cumulative.items()] == [
        ("2021", 2),
        ("2022", 3),  # Alice, Bob and Carol: not 2 + 2
        ("life", 3),
    ]
    per_period = rows_of(rows, "PP")
    assert [row["actual"] for row in per_period.values()] == [2, 2, 3]


def test_target_baseline_and_percent_met(admin, framework):
    cumulative = rows_of(iptt_rows(user=admin, framework=framework), "P")
    assert cumulative["2021"]["target"] == Decimal(4)
    assert cumulative["2021"]["percent_of_target"] == Decimal("50.0")
    assert cumulative["2022"]["target"] is None and cumulative["2022"]["percent_of_target"] is None
    assert cumulative["life"]["percent_of_target"] == Decimal("50.0")
    assert cumulative["2021"]["baseline"] == Decimal(0)
    assert cumulative["2021"]["to_date"] is False


def test_percentages_from_summed_numerators_and_denominators(admin, framework):
    share = rows_of(iptt_rows(user=admin, framework=framework), "W")
    assert (share["2021"]["actual"], share["2021"]["numerator"], share["2021"]["denominator"]) == (
        Decimal("50.0"),
        1,
        2,
    )
    # 2 women of 3 people since the start: 66.7, not the mean of 50 and 100.
    assert (share["2022"]["actual"], share["2022"]["numerator"], share["2022"]["denominator"]) == (
        Decimal("66.7"),
        2,
        3,
    )


def test_quarters(admin, framework):
    rows = iptt_rows(
        user=admin, framework=framework, frequency="quarterly", date_to=datetime.date(2021, 6, 30)
    )
    cumulative = rows_of(rows, "P")
    assert list(cumulative) == ["2021-Q1", "2021-Q2", "life"]
    assert cumulative["2021-Q1"]["actual"] == 2 and cumulative["2021-Q2"]["actual"] == 2
    assert rows_of(rows, "PP")["2021-Q2"]["actual"] == 1  # Alice alone at t2
    assert cumulative["2021-Q2"]["period_start"] == datetime.date(2021, 4, 1)
    assert cumulative["2021-Q2"]["period_end"] == datetime.date(2021, 6, 30)


def test_breakdown_rows_follow_their_total_and_add_up(admin, framework):
    rows = iptt_rows(user=admin, framework=framework, disaggregate="sex")
    total = rows_of(rows, "P")["2022"]["actual"]
    parts = [
        row
        for row in rows
        if row["code"] == "P" and row["period"] == "2022" and row["disaggregation"] is not None
    ]
    assert {row["disaggregation"]["value"]: row["actual"] for row in parts} == {
        "female": 2,
        "male": 1,
        "another": 0,
        "not_recorded": 0,
    }
    assert sum(row["actual"] for row in parts) == total
    assert all(row["target"] is None for row in parts)
    # An indicator that does not offer the breakdown has its totals only.
    assert all(row["disaggregation"] is None for row in rows if row["code"] == "PP")


def test_stage_breakdown_of_seizures(admin, framework):
    rows = iptt_rows(user=admin, framework=framework, disaggregate="stage")
    stages = {
        row["disaggregation"]["value"]: row["actual"]
        for row in rows
        if row["code"] == "S" and row["period"] == "2021" and row["disaggregation"]
    }
    assert stages == {"seizure": 1, "investigation": 2, "prosecution": 1, "conviction": 0}
    assert rows_of(rows, "S")["2021"]["actual"] == 4


def test_reported_indicators(admin, framework):
    goal = framework.results.get()
    counted = _indicator(framework, goal, "R")
    reached = _indicator(framework, goal, "RC", cumulative=True)
    share = _indicator(framework, goal, "RP", unit="percentage")

    def report(indicator, year, quarter=None, **values):
        period = PeriodType.QUARTER if quarter else PeriodType.YEAR
        validated_save(
            ReportedActual(
                indicator=indicator,
                period_type=period,
                year=year,
                quarter=quarter,
                source="Ministry",
                evidence="Letter",
                **values,
            )
        )

    report(counted, 2021, 1, value=1)
    report(counted, 2021, 2, value=2)
    report(counted, 2022, value=5)
    report(reached, 2021, 1, value=1)
    report(reached, 2021, 3, value=4)
    report(share, 2021, 1, numerator=1, denominator=4)
    report(share, 2021, 2, numerator=3, denominator=4)
    rows = iptt_rows(user=admin, framework=framework)
    assert [row["actual"] for row in rows_of(rows, "R").values()] == [3, 5, 8]
    assert [row["actual"] for row in rows_of(rows, "RC").values()] == [4, None, 4]
    assert rows_of(rows, "R")["2021"]["measure"] is None
    assert rows_of(rows, "RP")["2021"]["actual"] == Decimal("50.0")  # 4 of 8, not the mean of 25 and 75
    quarterly = iptt_rows(user=admin, framework=framework, frequency="quarterly")
    assert rows_of(quarterly, "R")["2021-Q2"]["actual"] == 2


def test_bad_parameters_name_themselves(admin, framework):
    for parameters, name in (
        ({"frequency": "monthly"}, "frequency"),
        ({"disaggregate": "shoe_size"}, "disaggregate"),
        ({"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2021, 1, 1)}, "date_to"),
    ):
        with pytest.raises(ValidationError) as raised:
            iptt_rows(user=admin, framework=framework, **parameters)
        assert name in raised.value.message_dict


def test_queries_do_not_grow_with_the_records(admin, framework, small):
    with CaptureQueriesContext(connection) as before:
        iptt_rows(user=admin, framework=framework, disaggregate="sex")
    for _number in range(5):
        ParticipationFactory(person=PersonFactory(country=small.peru), activity=small.t2)
        SeizureFactory(operation=small.op1, date=datetime.date(2021, 10, 20), country=small.peru)
    with CaptureQueriesContext(connection) as after:
        rows = iptt_rows(user=admin, framework=framework, disaggregate="sex")
    assert len(after.captured_queries) == len(before.captured_queries)
    assert rows_of(rows, "P")["2021"]["actual"] == 7


def test_the_demo_inl_iptt_of_2021_shows_operation_azure():
    admin = User.objects.get(username="admin")
    framework = Framework.objects.get(owner__acronym="INL")
    rows = iptt_rows(
        user=admin,
        framework=framework,
        date_from=datetime.date(2021, 1, 1),
        date_to=datetime.date(2021, 12, 31),
    )
    by_measure = {
        row["measure"]: row for row in rows if row["period"] == "2021" and row["disaggregation"] is None
    }
    assert by_measure["people_trained"]["actual"] == 153
    assert by_measure["women_trained"]["actual"] == 42
    assert by_measure["seizures"]["actual"] == 125
    assert by_measure["trainings_delivered"]["actual"] == 18
    for measure in ("people_trained", "women_trained", "seizures"):
        assert by_measure[measure]["target"] is not None
        assert by_measure[measure]["percent_of_target"] is not None
    assert Framework.objects.filter(owner__isnull=True).exists()
    assert framework.indicators.count() >= 10
    assert all("ssumed" in target.note for target in Target.objects.filter(indicator__framework=framework))


def test_a_mission_may_not_compute_an_iptt(framework):
    with pytest.raises(PermissionDenied):
        iptt_rows(user=User.objects.get(username="mission-pe"), framework=framework)
