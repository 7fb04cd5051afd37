"""The results framework's rules: every bad value is refused naming its field, whatever writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Organisation
from core.services import validated_save
from results.models import Framework, Indicator, PeriodType, ReportedActual, Result, Target
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return validated_save(
        Framework(
            name="Test framework", start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2023, 12, 31)
        )
    )


@pytest.fixture
def goal(framework):
    return validated_save(Result(framework=framework, level="goal", code="G", statement="Goal"))


def refused(record) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        validated_save(record)
    return set(raised.value.message_dict)


def test_framework_dates_and_owner():
    assert "end_date" in refused(
        Framework(name="Backwards", start_date=datetime.date(2022, 1, 1), end_date=datetime.date(2021, 1, 1))
    )
    partner = OrganisationFactory(kind=Organisation.Kind.IMPLEMENTING_PARTNER)
    assert "owner" in refused(
        Framework(
            name="Partner's",
            owner=partner,
            start_date=datetime.date(2021, 1, 1),
            end_date=datetime.date(2022, 1, 1),
        )
    )


def test_the_tree_of_results(framework, goal):
    assert "parent" in refused(Result(framework=framework, level="outcome", code="1", statement="No parent"))
    outcome = validated_save(
        Result(framework=framework, level="outcome", parent=goal, code="1", statement="O")
    )
    assert "parent" in refused(
        Result(framework=framework, level="output", parent=goal, code="1.1", statement="X")
    )
    assert "parent" in refused(
        Result(framework=framework, level="goal", parent=outcome, code="G2", statement="X")
    )


def test_indicator_measure_unit_and_breakdowns(framework, goal):
    def indicator(**fields):
        return Indicator(framework=framework, result=goal, code="I", name="I", **fields)

    assert "measure" in refused(indicator(kind="computed", measure="no_such_measure"))
    assert "measure" in refused(indicator(kind="computed", measure=""))
    assert "unit" in refused(indicator(kind="computed", measure="people_trained", unit="percentage"))
    assert "disaggregations" in refused(
        indicator(kind="computed", measure="countries_engaged", disaggregations=["sex"])
    )
    assert "measure" in refused(indicator(kind="reported", measure="seizures"))
    assert "baseline_date" in refused(indicator(kind="computed", measure="seizures", baseline=3))
    validated_save(indicator(kind="computed", measure="people_trained", disaggregations=["sex", "country"]))
    assert "__all__" in refused(indicator(kind="computed", measure="seizures"))  # the code again


def test_targets_and_actuals_periods(framework, goal):
    computed = validated_save(
        Indicator(framework=framework, result=goal, code="C", name="C", kind="computed", measure="seizures")
    )
    reported = validated_save(
        Indicator(framework=framework, result=goal, code="R", name="R", kind="reported", unit="percentage")
    )
    assert "quarter" in refused(
        Target(indicator=computed, period_type=PeriodType.QUARTER, year=2021, value=1)
    )
    assert "year" in refused(Target(indicator=computed, period_type=PeriodType.YEAR, value=1))
    assert "value" in refused(Target(indicator=reported, period_type=PeriodType.YEAR, year=2021, value=120))
    actual = {"period_type": PeriodType.YEAR, "year": 2021, "source": "Ministry"}
    assert "indicator" in refused(ReportedActual(indicator=computed, value=1, evidence="x", **actual))
    assert {"numerator", "denominator", "evidence"} <= refused(ReportedActual(indicator=reported, **actual))
    assert "numerator" in refused(
        ReportedActual(indicator=reported, numerator=5, denominator=4, evidence="Letter", **actual)
    )
    saved = validated_save(
        ReportedActual(indicator=reported, numerator=1, denominator=4, evidence="Letter", **actual)
    )
    assert saved.value == 25
