"""The results page (`/dashboards/results/`): a framework's IPTT for staff, with its charts, its
table, a CSV of each and the workbook.

Thin views: who may see it is `core.access`'s rule for the results framework (staff and
programme-wide keys; a mission viewer gets a 404, as for a record out of scope); the parameters
are read by the IPTT's one parser (`results.filters.iptt_parameters`); the rows come from
`results.selectors.iptt`, the same rows the API and the donor report show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import formatting
from core.access import Action, Kind, access_for, visible
from core.api.csv import csv_streaming_response
from core.suppression import Suppressed
from results.exports import XLSX_CONTENT_TYPE, iptt_columns, iptt_line, iptt_workbook, period_label
from results.filters import IpttParameters, IpttParametersForm, iptt_parameters
from results.models import Framework, Indicator
from results.selectors import iptt

from .selectors import Chart

PARAMETERS = ("framework", "frequency", "date_from", "date_to", "disaggregate")


def _check_may_view(user) -> None:
    if not access_for(user).allows(Action.VIEW, Kind.RESULTS):
        raise Http404


def _query(request) -> dict:
    """The page's parameters; without a framework, the programme's own (else the first one)."""
    query = {name: request.GET[name] for name in PARAMETERS if request.GET.get(name)}
    if "framework" not in query:
        frameworks = visible(Framework, request.user).order_by("name")
        default = frameworks.filter(owner__isnull=True).first() or frameworks.first()
        if default is not None:
            query["framework"] = str(default.pk)
    return query


def _parsed(request) -> tuple[dict, IpttParameters | None, dict]:
    query = _query(request)
    try:
        return query, iptt_parameters(query, user=request.user, strict=False), {}
    except ValidationError as error:
        return query, None, error.message_dict


# --- the table as the page shows it -------------------------------------------------------------


def _shown(value, unit: str = "") -> str:
    """A figure as the page prints it, in the language's separators: whole numbers without
    decimals, a percentage with its sign, a hidden count as its text, nothing as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Suppressed) or isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    text = formatting.number(value)
    # A no-break space: a narrow column never parts the number from its sign.
    return f"{text}\u00a0%" if unit == Indicator.Unit.PERCENTAGE else text


@dataclass
class Line:
    """One line of the page's table: an indicator's total, or one group of its breakdown."""

    code: str
    name: str
    result_code: str
    measure: str
    baseline: str
    breakdown: str = ""
    cells: list[dict] = field(default_factory=list)


def _table(rows: list[dict]) -> tuple[list[dict], list[Line]]:
    """The periods (in order) and the lines: one per indicator, its breakdown's groups under it,
    each with (target, actual, % of target) per period."""
    periods: dict[str, dict] = {}
    lines: dict[tuple, Line] = {}
    for row in rows:
        label = period_label(row["period"])
        periods.setdefault(row["period"], {"key": row["period"], "label": label, "to_date": row["to_date"]})
        group = row["disaggregation"]
        key = (row["indicator"], group["value"] if group else None)
        if key not in lines:
            lines[key] = Line(
                code=row["code"],
                name=row["name"],
                result_code=row.get("result_code", ""),
                measure=row["measure"] or _("reported"),
                baseline=_shown(row["baseline"], row["unit"]) if group is None else "",
                breakdown=str(group.get("label") or group["value"]) if group else "",
            )
        lines[key].cells.append(
            {
                "period": row["period"],
                "target": _shown(row["target"], row["unit"]) if group is None else "",
                "actual": _shown(row["actual"], row["unit"]),
                "percent": _shown(row["percent_of_target"], Indicator.Unit.PERCENTAGE)
                if row["percent_of_target"] is not None
                else "–",
            }
        )
    return list(periods.values()), list(lines.values())


def _charts(rows: list[dict]) -> list[Chart]:
    """The share of the target met by each indicator: in the latest period that has begun and has
    targets (the current one to date), and over the life of the programme."""
    totals = [row for row in rows if row["disaggregation"] is None]
    # The latest period begun that has targets: a year beyond the targets set would chart nothing.
    started = [
        row["period"]
        for row in totals
        if row["period"] != "life" and row["actual"] is not None and row["target"] is not None
    ]
    shown = ([started[-1]] if started else []) + ["life"]
    charts = []
    for period in dict.fromkeys(shown):
        chart_rows = [
            {
                "label": f"{row['code']} {row['name']}",
                "percent": row["percent_of_target"],
                "actual": row["actual"],
                "target": row["target"],
            }
            for row in totals
            if row["period"] == period and row["target"] is not None
        ]
        label = period_label(period)
        to_date = any(row["to_date"] for row in totals if row["period"] == period)
        charts.append(
            Chart(
                f"percent-of-target-{period}",
                _("Share of the target met: %(period)s") % {"period": label},
                "bar",
                [
                    ("label", _("Indicator")),
                    ("percent", _("% of target")),
                    ("actual", _("Actual")),
                    ("target", _("Target")),
                ],
                chart_rows,
                ["percent"],
                note=_("To date: the period has not ended.") if to_date else "",
            )
        )
    return charts


# --- pages --------------------------------------------------------------------------------------


def _urls(query: dict) -> dict:
    encoded = urlencode(query)

    def with_query(url: str) -> str:
        return f"{url}?{encoded}" if encoded else url

    return {
        "xlsx": with_query(reverse("dashboards:results_xlsx")),
        "csv": with_query(reverse("dashboards:results_csv", kwargs={"chart": "iptt"})),
        "chart": lambda key: with_query(reverse("dashboards:results_csv", kwargs={"chart": key})),
    }


@require_GET
@login_required
def iptt_page(request):
    _check_may_view(request.user)
    query, parameters, errors = _parsed(request)
    form = IpttParametersForm(query, user=request.user)
    form.is_valid()
    context = {
        "title": _("Results framework"),
        "form": form,
        "errors": errors,
        "parameters": parameters,
        "filter_query": urlencode({name: value for name, value in request.GET.items() if name in PARAMETERS}),
    }
    if parameters is not None:
        rows = iptt(user=request.user, parameters=parameters)
        urls = _urls(query)
        charts = _charts(rows)
        periods, lines = _table(rows)
        context.update(
            framework=parameters.framework,
            periods=periods,
            lines=lines,
            xlsx_url=urls["xlsx"],
            csv_url=urls["csv"],
            charts=[
                {
                    "chart": chart,
                    "spec": chart.spec(),
                    "spec_id": f"chart-{chart.key}",
                    "csv_url": urls["chart"](chart.key),
                    "headings": chart.headings,
                    "table": chart.table(),
                    "drawable": chart.drawable,
                }
                for chart in charts
            ],
        )
    return render(request, "results/iptt.html", context, status=200 if parameters is not None else 400)


def _rows_or_error(request) -> tuple[IpttParameters, list[dict]] | HttpResponse:
    _check_may_view(request.user)
    _query_used, parameters, errors = _parsed(request)
    if parameters is None:
        text = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    return parameters, iptt(user=request.user, parameters=parameters)


def _filename(parameters: IpttParameters, suffix: str) -> str:
    return f"crimjust-iptt-{parameters.framework.pk}-{parameters.frequency}{suffix}"


@require_GET
@login_required
def iptt_csv(request, chart: str):
    """The IPTT's rows (`iptt`), or a chart's numbers, as CSV."""
    answer = _rows_or_error(request)
    if isinstance(answer, HttpResponse):
        return answer
    parameters, rows = answer
    if chart == "iptt":
        header = iptt_columns()
        lines = (dict(zip(header, iptt_line(row), strict=True)) for row in rows)
        return csv_streaming_response(header=header, rows=lines, filename=_filename(parameters, ""))
    found = next((item for item in _charts(rows) if item.key == chart), None)
    if found is None:
        raise Http404
    return csv_streaming_response(
        header=found.headings, rows=found.csv_rows(), filename=_filename(parameters, f"-{chart}")
    )


@require_GET
@login_required
def iptt_xlsx(request):
    answer = _rows_or_error(request)
    if isinstance(answer, HttpResponse):
        return answer
    parameters, rows = answer
    content = iptt_workbook(rows, **parameters.as_kwargs())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(parameters, "")}.xlsx"'
    return response
