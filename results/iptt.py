"""The indicator performance tracking table (IPTT): each indicator of a framework x each period,
with its baseline, target, actual and the share of the target met; disaggregation rows on request.

`iptt_rows` is the one computation of it: the API, the results page, its XLSX and the donor
report all show its rows. Rules:

- periods are calendar years (`annual`) or quarters (`quarterly`) of the framework's dates,
  narrowed to `date_from`/`date_to`; after them, one row per indicator for the life of the
  programme (`period` "life": the framework's whole span, against the life-of-programme target);
- a computed indicator is its measure (`results.measures`) over the period; a cumulative one
  counts from the framework's start date to the period's end (distinct people since then, never a
  sum of each period's distinct counts); a percentage comes from the summed numerator and
  denominator of its window, never from averaged percentages;
- a donor's framework (`Framework.owner`) counts only what that donor funds; the programme's
  counts everything;
- a reported indicator reads its `ReportedActual`s: the period's own; a year without one adds up
  its quarters (a cumulative one takes its last quarter), percentages from the summed numerators
  and denominators;
- the current period's actual is to date (`to_date`); a period that has not started has none;
- figures are those the principal may see (`results.measures`): counts of people are perturbed
  and small ones hidden ("<5") for a caller without access to personal data.

The queries: a constant handful for the framework, and one per measure (two with a
disaggregation) whatever the number of periods and of records; indicators sharing a measure
share its queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.access import Action, can
from core.datacache import cached_figures
from core.suppression import Suppressed

from .measures import MEASURES, Computed, Figure, measure_catalogue
from .models import Dimension, Framework, Indicator, PeriodType, ReportedActual, Result, Target

__all__ = ["FREQUENCIES", "Period", "iptt_periods", "iptt_rows", "measure_catalogue"]

FREQUENCIES = ("annual", "quarterly")
LIFE = "life"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Period:
    label: str  # "2021", "2021-Q3" or "life"
    start: datetime.date
    end: datetime.date
    year: int | None = None
    quarter: int | None = None

    @property
    def is_life(self) -> bool:
        return self.label == LIFE


def _quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


def iptt_periods(
    framework: Framework,
    frequency: str = "annual",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[Period]:
    """The periods of the table: the years or quarters of the framework's span that overlap
    [date_from, date_to], each clipped to both."""
    start = max(framework.start_date, date_from) if date_from else framework.start_date
    end = min(framework.end_date, date_to) if date_to else framework.end_date
    periods = []
    for year in range(start.year, end.year + 1):
        if frequency == "annual":
            bounds = [(None, datetime.date(year, 1, 1), datetime.date(year, 12, 31))]
        else:
            bounds = [(quarter, *_quarter_bounds(year, quarter)) for quarter in range(1, 5)]
        for quarter, period_start, period_end in bounds:
            if period_end < start or period_start > end:
                continue
            label = str(year) if quarter is None else f"{year}-Q{quarter}"
            periods.append(Period(label, max(period_start, start), min(period_end, end), year, quarter))
    return periods


def _validated(frequency: str, date_from, date_to, disaggregate) -> None:
    errors = {}
    if frequency not in FREQUENCIES:
        errors["frequency"] = _("Choose annual or quarterly.")
    if disaggregate is not None and disaggregate not in Dimension.values:
        errors["disaggregate"] = _("Choose one of: %(dimensions)s.") % {
            "dimensions": ", ".join(Dimension.values)
        }
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = _("The end of the period cannot be before its start.")
    if errors:
        raise ValidationError(errors)


def _shown(value):
    """A value as a row carries it: a hidden count as its token ("<5")."""
    return str(value) if isinstance(value, Suppressed) else value


def _percent_of_target(actual, target) -> Decimal | None:
    if target is None or not target or actual is None or isinstance(actual, (Suppressed, str)):
        return None
    return (Decimal(actual) * 100 / target).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _targets(indicator: Indicator) -> dict[str, Decimal]:
    found = {}
    for target in indicator.targets.all():
        found[target.period_label] = target.value
    return found


# --- reported actuals ----------------------------------------------------------------------------


def _reported_figure(actuals: list[ReportedActual], indicator: Indicator) -> Figure | None:
    """One figure from the actuals of a period's parts: the last one's for a cumulative indicator,
    otherwise their sum (percentages: summed numerators over summed denominators)."""
    if not actuals:
        return None
    if indicator.cumulative:
        actuals = actuals[-1:]
    if indicator.unit == Indicator.Unit.PERCENTAGE:
        numerator = sum((actual.numerator or Decimal(0) for actual in actuals), Decimal(0))
        denominator = sum((actual.denominator or Decimal(0) for actual in actuals), Decimal(0))
        value = (
            (numerator * 100 / denominator).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
            if denominator
            else None
        )
        return Figure(value, numerator, denominator)
    return Figure(sum((actual.value or Decimal(0) for actual in actuals), Decimal(0)))


def _reported(indicator: Indicator, period: Period) -> Figure | None:
    actuals = list(indicator.reported_actuals.all())  # ordered by period (prefetched)
    yearly = {actual.year: actual for actual in actuals if actual.period_type == PeriodType.YEAR}
    quarterly = [actual for actual in actuals if actual.period_type == PeriodType.QUARTER]
    if period.is_life:
        if indicator.cumulative:
            ends = sorted(actuals, key=lambda actual: (actual.year, actual.quarter or 5))
            return _reported_figure(ends, indicator)
        parts = list(yearly.values()) + [actual for actual in quarterly if actual.year not in yearly]
        return _reported_figure(parts, indicator)
    if period.quarter is not None:
        return _reported_figure(
            [
                actual
                for actual in quarterly
                if (actual.year, actual.quarter) == (period.year, period.quarter)
            ],
            indicator,
        )
    if period.year in yearly:
        return _reported_figure([yearly[period.year]], indicator)
    return _reported_figure(
        sorted(
            (actual for actual in quarterly if actual.year == period.year), key=lambda actual: actual.quarter
        ),
        indicator,
    )


# --- the table -----------------------------------------------------------------------------------


def _windows(indicator: Indicator, framework: Framework, periods: list[Period]):
    return [
        (framework.start_date if (indicator.cumulative or period.is_life) else period.start, period.end)
        for period in periods
    ]


def iptt_rows(
    *,
    user,
    framework: Framework,
    frequency: str = "annual",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    disaggregate: str | None = None,
) -> list[dict]:
    """The IPTT of `framework` as `user` may see it (see the module's rules), one dict per row.

    Each row: `indicator` (id), `code`, `name`, `result` (id), `result_code`, `measure` (code, or
    None when reported), `kind`, `unit`, `direction`, `cumulative`, `period` ("2021", "2021-Q3" or
    "life"), `period_start`, `period_end`, `to_date` (the current period), `baseline`, `target`,
    `actual`, `numerator` and `denominator` (percentages and means), `percent_of_target`, and
    `disaggregation`: None for an indicator's total, or {"dimension", "value", "label"} for a
    row of its breakdown by `disaggregate` (asked for and supported by the indicator), which
    follows its total and has no baseline or target.
    Unknown `frequency` or `disaggregate` (or dates the wrong way round): ValidationError naming
    the parameter; a principal who may not see the framework: PermissionDenied.
    """
    if not can(user, Action.VIEW, framework):
        # The framework's figures are programme-wide: not for a mission or a country-limited key.
        raise PermissionDenied(_("You may not see this results framework."))
    _validated(frequency, date_from, date_to, disaggregate)
    # Seconds over a million seizures: kept for principals of the same access until the next write
    # (the data version moves with any write to the programme's records or the framework's).
    return cached_figures(
        "crimjust:iptt",
        user=user,
        parts={
            "framework": framework.pk,
            "frequency": frequency,
            "date_from": date_from.isoformat() if date_from else "",
            "date_to": date_to.isoformat() if date_to else "",
            "disaggregate": disaggregate or "",
        },
        compute=lambda: _iptt_compute(
            user=user,
            framework=framework,
            frequency=frequency,
            date_from=date_from,
            date_to=date_to,
            disaggregate=disaggregate,
        ),
    )


def _iptt_compute(*, user, framework, frequency, date_from, date_to, disaggregate) -> list[dict]:
    today = datetime.date.today()
    periods = iptt_periods(framework, frequency, date_from, date_to)
    periods.append(Period(LIFE, framework.start_date, framework.end_date))
    indicators = list(
        framework.indicators.select_related("result")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("period_type", "year", "quarter")),
            Prefetch(
                "reported_actuals", queryset=ReportedActual.objects.order_by("year", "period_type", "quarter")
            ),
        )
        .order_by("result__code", "order", "code")
    )
    # The goal first, then the outcomes, then the outputs, each by code.
    levels = list(Result.Level.values)
    indicators.sort(key=lambda indicator: levels.index(indicator.result.level))
    donor = framework.owner
    computed: dict[tuple, Computed] = {}
    rows: list[dict] = []
    for indicator in indicators:
        targets = _targets(indicator)
        breakdown = disaggregate if disaggregate in indicator.disaggregations else None
        result = None
        if indicator.kind == Indicator.Kind.COMPUTED:
            measure = MEASURES.get(indicator.measure)
            if measure is not None:
                breakdown = breakdown if breakdown in measure.dimensions else None
                key = (measure.code, indicator.cumulative, breakdown)
                if key not in computed:
                    computed[key] = measure.compute(
                        user=user,
                        windows=_windows(indicator, framework, periods),
                        donor=donor,
                        disaggregate=breakdown,
                    )
                result = computed[key]
        base = {
            "indicator": indicator.pk,
            "code": indicator.code,
            "name": indicator.name,
            "result": indicator.result_id,
            "result_code": indicator.result.code,
            "measure": indicator.measure or None,
            "kind": indicator.kind,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "cumulative": indicator.cumulative,
        }
        for index, period in enumerate(periods):
            started = period.start <= today
            if indicator.kind == Indicator.Kind.REPORTED:
                figure = _reported(indicator, period)
            else:
                figure = result.totals[index] if (result is not None and started) else None
            target = targets.get(period.label)
            actual = figure.value if figure is not None else None
            row = {
                **base,
                "period": period.label,
                "period_start": period.start,
                "period_end": period.end,
                "to_date": period.start <= today <= period.end,
                "baseline": indicator.baseline,
                "target": target,
                "actual": _shown(actual),
                "numerator": _shown(figure.numerator) if figure is not None else None,
                "denominator": _shown(figure.denominator) if figure is not None else None,
                "percent_of_target": _percent_of_target(actual, target),
                "disaggregation": None,
            }
            rows.append(row)
            if breakdown is None or result is None:
                continue
            for group in result.groups:
                part = result.by_group[group.key][index] if started else None
                rows.append(
                    {
                        **row,
                        "baseline": None,
                        "target": None,
                        "actual": _shown(part.value) if part is not None else None,
                        "numerator": _shown(part.numerator) if part is not None else None,
                        "denominator": _shown(part.denominator) if part is not None else None,
                        "percent_of_target": None,
                        "disaggregation": {"dimension": breakdown, "value": group.key, "label": group.label},
                    }
                )
    return rows
