"""Factories of the results framework's records (through the model's rules, like every factory)."""

import datetime

import factory

from results.models import Framework, Indicator, PeriodType, ProgressNarrative, ReportedActual, Result, Target
from tests.factories import ServiceFactory


class FrameworkFactory(ServiceFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Test framework {n}")
    start_date = datetime.date(2021, 1, 1)
    end_date = datetime.date(2023, 12, 31)


class ResultFactory(ServiceFactory):
    class Meta:
        model = Result

    framework = factory.SubFactory(FrameworkFactory)
    level = Result.Level.GOAL
    code = factory.Sequence(lambda n: f"G{n}")
    statement = factory.Sequence(lambda n: f"Test goal {n}")


class IndicatorFactory(ServiceFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ResultFactory)
    framework = factory.LazyAttribute(lambda o: o.result.framework)
    code = factory.Sequence(lambda n: f"I{n}")
    name = factory.Sequence(lambda n: f"Test indicator {n}")
    kind = Indicator.Kind.COMPUTED
    measure = "people_trained"


class TargetFactory(ServiceFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period_type = PeriodType.YEAR
    year = factory.Sequence(lambda n: 2000 + n % 100)
    value = 10


class ReportedActualFactory(ServiceFactory):
    class Meta:
        model = ReportedActual

    indicator = factory.SubFactory(IndicatorFactory, kind=Indicator.Kind.REPORTED, measure="")
    period_type = PeriodType.YEAR
    year = factory.Sequence(lambda n: 2000 + n % 100)
    value = 1
    source = "Ministry of the Interior"
    evidence = "Letter to the programme"


class ProgressNarrativeFactory(ServiceFactory):
    class Meta:
        model = ProgressNarrative

    result = factory.SubFactory(ResultFactory)
    period_type = PeriodType.YEAR
    year = factory.Sequence(lambda n: 2000 + n % 100)
    text = "Progress as planned."
