"""Reads of the results framework: every surface gets its records and its IPTT from here."""

from django.db.models import Prefetch, QuerySet

from core.access import visible
from core.filters import filter_list

from .filters import (
    FrameworkFilter,
    IndicatorFilter,
    IpttParameters,
    ProgressNarrativeFilter,
    ReportedActualFilter,
    ResultFilter,
    TargetFilter,
    iptt_parameters,
)
from .iptt import iptt_rows
from .models import Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target


def framework_list(*, user, filters=None) -> QuerySet[Framework]:
    """Frameworks `user` may see (staff, programme-wide keys), narrowed by `FrameworkFilter`."""
    return filter_list(FrameworkFilter, visible(Framework, user).select_related("owner"), filters, user=user)


def result_list(*, user, filters=None) -> QuerySet[Result]:
    return filter_list(ResultFilter, visible(Result, user), filters, user=user)


def indicator_list(*, user, filters=None) -> QuerySet[Indicator]:
    """Indicators with their donors and targets (two queries per page, whatever its size)."""
    indicators = visible(Indicator, user).prefetch_related(
        "donors", Prefetch("targets", queryset=Target.objects.order_by("period_type", "year", "quarter"))
    )
    return filter_list(IndicatorFilter, indicators, filters, user=user)


def target_list(*, user, filters=None) -> QuerySet[Target]:
    return filter_list(TargetFilter, visible(Target, user), filters, user=user)


def reported_actual_list(*, user, filters=None) -> QuerySet[ReportedActual]:
    return filter_list(ReportedActualFilter, visible(ReportedActual, user), filters, user=user)


def progress_narrative_list(*, user, filters=None) -> QuerySet[ProgressNarrative]:
    return filter_list(ProgressNarrativeFilter, visible(ProgressNarrative, user), filters, user=user)


def iptt(*, user, parameters: IpttParameters) -> list[dict]:
    """The IPTT of `parameters.framework` as `user` sees it (`results.iptt.iptt_rows`)."""
    return iptt_rows(user=user, **parameters.as_kwargs())


def iptt_from_query(*, user, query) -> tuple[IpttParameters, list[dict]]:
    """The IPTT asked for by a query string (ValidationError naming a bad parameter)."""
    parameters = iptt_parameters(query, user=user)
    return parameters, iptt(user=user, parameters=parameters)
