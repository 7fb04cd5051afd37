"""A factory for reports, for tests/factories.py to import (the admin tests want one for every
registered model): `from tests.reports.factories import ReportFactory  # noqa: F401`."""

import factory

from reports.models import Report
from tests.factories import ServiceFactory


class ReportFactory(ServiceFactory):
    class Meta:
        model = Report

    kind = Report.Kind.DATA_EXPORT
    format = Report.Format.CSV
    parameters = factory.LazyFunction(lambda: {"list": "countries", "filters": {}})
    title = factory.Sequence(lambda n: f"Data export {n}")
    status = Report.Status.QUEUED
