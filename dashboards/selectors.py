"""The figures of a dashboard page, from the shared aggregate selectors (`stats.selectors`).

A page is a scope (the programme, a country, an operation) and filters; its figures are the
headline numbers, the charts (each with the table of its numbers) and the latest activities.
Everything is computed by a constant number of GROUP BY queries whatever the number of rows, and
cached per (principal's access, scope, filters, language, day, data version): a write bumps the
data version (core.datacache), so it shows at once; the TTL only bounds stale memory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import formatting
from core.datacache import figures_key
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Operation
from people.models import Person
from stats.labels import figure_label
from stats.selectors import (
    FUNNEL_NOTE,
    StatsFilters,
    activity_counted_list,
    activity_stats,
    case_funnel_stats,
    officials_trained_stats,
    operation_results_stats,
    participant_stats,
    seizure_stats,
)

# Bumped when the cached shape (`Dashboard`) or a figure's definition changes, so an old entry is
# never unpickled into it nor shown for the new figure (v3: the funnel counts seizures; v4: the
# headline's details are written in the language's number format).
CACHE_PREFIX = "crimjust:dashboards:v4"


@dataclass(frozen=True)
class Scope:
    """What a page is about: the whole programme, one country or one operation."""

    country: Country | None = None
    operation: Operation | None = None

    @property
    def key(self) -> str:
        if self.country is not None:
            return f"country:{self.country.iso2}"
        if self.operation is not None:
            return f"operation:{self.operation.pk}"
        return "programme"


@dataclass
class Chart:
    """One chart and its numbers. `columns` are (field, heading) pairs, the first one the label of
    a row; `plotted` are the fields drawn (the others are shown in the table and the CSV only)."""

    key: str
    title: str
    kind: str  # bar, line, pie, funnel, map
    columns: list[tuple[str, str]]
    rows: list[dict]
    plotted: list[str]
    note: str = ""

    def spec(self) -> dict:
        """What the chart script draws: labels, one series per plotted field (hidden counts as null,
        with the decimal places its figures are written with)."""
        label_field = self.columns[0][0]
        headings = dict(self.columns)
        spec = {
            "type": self.kind,
            "title": self.title,
            "labels": [str(row[label_field]) for row in self.rows],
            "series": [
                {
                    "name": headings[name],
                    "data": [_number(row[name]) for row in self.rows],
                    "decimals": _decimals(row[name] for row in self.rows),
                }
                for name in self.plotted
            ],
        }
        if self.kind == "map":
            spec["codes"] = [row["numeric_code"] for row in self.rows]
        return spec

    @property
    def headings(self) -> list[str]:
        return [heading for _name, heading in self.columns]

    def table(self) -> list[list]:
        """The rows as cells in column order, hidden counts as their text ("<5")."""
        return [[_text(row[name]) for name, _heading in self.columns] for row in self.rows]

    @property
    def drawable(self) -> bool:
        """Whether there is anything to draw (a count above zero that is not hidden)."""
        return any(_number(row[name]) for row in self.rows for name in self.plotted)

    def csv_rows(self) -> list[dict]:
        return [{heading: _text(row[name]) for name, heading in self.columns} for row in self.rows]


@dataclass
class Dashboard:
    headline: list[dict] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    operations: list[dict] = field(default_factory=list)
    recent: list[dict] = field(default_factory=list)
    suppressed: bool = False

    def chart(self, key: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.key == key), None)


def _number(value):
    if isinstance(value, Suppressed) or value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _decimals(values) -> int:
    """The decimal places a series is written with (kilograms: 3), so that the chart's figures read
    as the table's."""
    return max((-value.as_tuple().exponent for value in values if isinstance(value, Decimal)), default=0)


def _text(value):
    if isinstance(value, Suppressed):
        return str(value)
    return value


def _every_month(rows: list[dict], empty: dict) -> list[dict]:
    """Monthly rows (keys YYYY-MM) with the months between them that have none added as `empty`:
    a time series with its quiet months left out would draw a false rhythm."""
    if not rows:
        return []
    by_key = {row["key"]: row for row in rows}
    year, month = (int(part) for part in rows[0]["key"].split("-"))
    last = rows[-1]["key"]
    filled = []
    while True:
        key = f"{year:04d}-{month:02d}"
        label = date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")
        filled.append(by_key.get(key) or {"key": key, "label": label, **empty})
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# --- the page's figures -------------------------------------------------------------------------


def dashboard_figures(*, user, scope: Scope, filters: StatsFilters) -> Dashboard:
    """The page's figures, from the cache when nothing was written since they were computed."""
    timeout = settings.DASHBOARDS_CACHE_SECONDS
    if not timeout:
        return _dashboard_compute(user=user, scope=scope, filters=filters)
    key = _cache_key(user=user, scope=scope, filter_key=filters.key())
    dashboard = cache.get(key)
    if dashboard is None:
        dashboard = _dashboard_compute(user=user, scope=scope, filters=filters)
        cache.set(key, dashboard, timeout)
    return dashboard


def _cache_key(*, user, scope: Scope, filter_key: dict) -> str:
    # What the principal may see decides every figure: two principals with the same access share
    # the entry, two with different access never do (core.datacache.figures_key).
    return figures_key(CACHE_PREFIX, user=user, parts={"scope": scope.key, "filters": filter_key})


def _dashboard_compute(*, user, scope: Scope, filters: StatsFilters) -> Dashboard:
    dashboard = Dashboard()
    activities_by_kind = activity_stats(user=user, group_by="kind", filters=filters)
    activities_by_month = activity_stats(user=user, group_by="month", filters=filters)
    activities_by_pillar = activity_stats(user=user, group_by="pillar", filters=filters)
    activities_by_country = activity_stats(user=user, group_by="country", filters=filters)
    trained_by_gender = officials_trained_stats(user=user, group_by="gender", filters=filters)
    trained_by_category = officials_trained_stats(user=user, group_by="category", filters=filters)
    took_part = participant_stats(user=user, group_by="gender", filters=filters)
    seizures_by_substance = seizure_stats(user=user, group_by="substance", filters=filters)
    seizures_by_month = seizure_stats(user=user, group_by="month", filters=filters)
    operations = operation_results_stats(user=user, filters=filters)
    funnel = case_funnel_stats(user=user, filters=filters)
    dashboard.suppressed = trained_by_gender.suppressed

    country = scope.country
    engaged = [row for row in activities_by_country.results if row["key"]]
    trained_gender = {row["key"]: row["people"] for row in trained_by_gender.results}
    seizures = seizures_by_substance.totals
    countries = (
        {"label": _("Countries taking part"), "value": operations.totals["countries"]}
        if scope.operation is not None
        else {"label": _("Countries engaged"), "value": len(engaged)}
    )
    dashboard.headline = [
        {
            "key": "activities",
            "label": figure_label("activities", country),
            "value": activities_by_kind.totals["count"],
        },
        {
            "key": "people",
            "label": figure_label("officials_trained", country),
            "value": _text(trained_by_gender.totals["people"]),
            "detail": _("%(women)s women, %(men)s men")
            % {
                "women": formatting.number(trained_gender.get(Person.Gender.FEMALE, 0)),
                "men": formatting.number(trained_gender.get(Person.Gender.MALE, 0)),
            },
        },
        {
            "key": "participations",
            "label": figure_label("participations_in_trainings", country),
            "value": _text(trained_by_gender.totals["participations"]),
        },
        {
            "key": "participants",
            "label": figure_label("people_who_took_part", country),
            "value": _text(took_part.totals["people"]),
            "detail": _("in activities of any kind"),
        },
        {"key": "countries", **countries},
        {"key": "operations", "label": _("Operations"), "value": operations.totals["operations"]},
        {
            "key": "seizures",
            "label": figure_label("seizures", country),
            "value": seizures["count"],
            "detail": formatting.mass(seizures["kg"]),
        },
        {"key": "arrests", "label": _("Arrests"), "value": seizures["arrests"]},
        {"key": "cases", "label": _("Cases followed after seizure"), "value": funnel.totals["cases"]},
    ]

    dashboard.charts.append(
        Chart(
            "case-funnel",
            _("After the seizure: investigation, prosecution, conviction"),
            "funnel",
            [("label", _("Stage")), ("count", _("Number"))],
            [{"label": str(row["label"]), "count": row["count"]} for row in funnel.results],
            ["count"],
            note=str(FUNNEL_NOTE),
        )
    )
    dashboard.charts.append(
        Chart(
            "activities-by-kind",
            _("%(figure)s by kind") % {"figure": figure_label("activities", country)},
            "bar",
            [("label", _("Kind")), ("count", _("Activities"))],
            [{"label": str(row["label"]), "count": row["count"]} for row in activities_by_kind.results],
            ["count"],
            note=_("Activities %(country)s took part in or hosted.") % {"country": country.display_name}
            if country is not None
            else "",
        )
    )
    dashboard.charts.append(
        Chart(
            "activities-by-month",
            _("Activities per month (by start)"),
            "line",
            [("label", _("Month")), ("count", _("Activities"))],
            [
                {"label": str(row["label"]), "count": row["count"]}
                for row in _every_month(activities_by_month.results, {"count": 0})
            ],
            ["count"],
        )
    )
    dashboard.charts.append(
        Chart(
            "seizures-by-month",
            _("Seizures per month"),
            "line",
            [
                ("label", _("Month")),
                ("count", _("Seizures")),
                ("kg", _("Kilograms")),
                ("arrests", _("Arrests")),
            ],
            [
                {
                    "label": str(row["label"]),
                    "count": row["count"],
                    "kg": row["kg"],
                    "arrests": row["arrests"],
                }
                for row in _every_month(
                    seizures_by_month.results, {"count": 0, "kg": Decimal("0.000"), "arrests": 0}
                )
            ],
            ["count"],
        )
    )
    dashboard.charts.append(
        Chart(
            "seizures-by-substance",
            _("Seizures by substance"),
            "bar",
            [
                ("label", _("Substance")),
                ("count", _("Seizures")),
                ("kg", _("Kilograms")),
                ("without_mass", _("Seizures without a mass")),
                ("arrests", _("Arrests")),
            ],
            [
                {name: row[name] for name in ("count", "kg", "without_mass", "arrests")}
                | {"label": row["label"]}
                for row in seizures_by_substance.results
            ],
            ["count", "kg"],
            note=_("Kilograms over the seizures whose quantity converts to a mass."),
        )
    )
    trained = figure_label("officials_trained", country)
    trained_note = (
        _(
            "People of %(country)s's nationality who took part as participants in trainings, wherever "
            "held; each person once."
        )
        % {"country": country.display_name}
        if country is not None
        else _("People who took part as participants in trainings; each person once.")
    )
    dashboard.charts.append(
        Chart(
            "people-by-gender",
            _("%(figure)s by gender") % {"figure": trained},
            "pie",
            [("label", _("Gender")), ("people", _("People")), ("participations", _("Participations"))],
            [
                {"label": str(row["label"]), "people": row["people"], "participations": row["participations"]}
                for row in trained_by_gender.results
            ],
            ["people"],
            note=trained_note,
        )
    )
    dashboard.charts.append(
        Chart(
            "people-by-category",
            _("%(figure)s by professional category") % {"figure": trained},
            "bar",
            [("label", _("Category")), ("people", _("People")), ("participations", _("Participations"))],
            [
                {"label": str(row["label"]), "people": row["people"], "participations": row["participations"]}
                for row in trained_by_category.results
            ],
            ["people"],
            note=trained_note,
        )
    )
    dashboard.charts.append(
        Chart(
            "activities-by-pillar",
            _("Activities by pillar"),
            "bar",
            [("label", _("Pillar")), ("count", _("Activities"))],
            [{"label": str(row["label"]), "count": row["count"]} for row in activities_by_pillar.results],
            ["count"],
        )
    )
    numeric = dict(
        Country.objects.filter(iso2__in=[row["key"] for row in engaged]).values_list("iso2", "numeric_code")
    )
    dashboard.charts.append(
        Chart(
            "countries-map",
            _("Participating countries"),
            "map",
            [("label", _("Country")), ("iso2", _("ISO code")), ("count", _("Activities"))],
            [
                {
                    "label": str(row["label"]),
                    "iso2": row["key"],
                    "numeric_code": numeric.get(row["key"], ""),
                    "count": row["count"],
                }
                for row in engaged
            ],
            ["count"],
            note=_("Countries taking part in the activities shown, by number of activities."),
        )
    )
    if scope.country is None:
        seizures_by_country = seizure_stats(user=user, group_by="country", filters=filters)
        dashboard.charts.append(
            Chart(
                "seizures-by-country",
                _("Seizures by country"),
                "bar",
                [
                    ("label", _("Country")),
                    ("count", _("Seizures")),
                    ("kg", _("Kilograms")),
                    ("arrests", _("Arrests")),
                ],
                [
                    {"label": row["label"], "count": row["count"], "kg": row["kg"], "arrests": row["arrests"]}
                    for row in seizures_by_country.results
                ],
                ["count"],
            )
        )

    dashboard.operations = [
        {
            "pk": int(row["key"]),
            "label": row["label"],
            "start_date": row["start_date"],
            "countries": len(row["countries"]),
            "seizures": row["seizures"],
            "kg": row["kg"],
            "arrests": row["arrests"],
            "cases": row["cases"],
        }
        for row in operations.results
    ]
    dashboard.recent = [
        {
            "title": activity.title,
            "kind": activity.get_kind_display(),
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "venue": activity.venue,
            "host_country": activity.host_country.display_name if activity.host_country else "",
            "countries": [country.display_name for country in activity.countries.all()],
        }
        for activity in activity_counted_list(user=user, filters=filters, newest_first=True, limit=10)
    ]
    return dashboard
