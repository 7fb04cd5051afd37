"""The read-only dashboards: the programme, a country, an operation; each chart's numbers as CSV.

Thin views: the scope is checked with `core.access` (a country or operation out of the
principal's scope is a 404, as a detail answers), the filters are parsed by the figures' one
parser (`stats.filters.StatsFilterSet`, through `dashboards.forms`), the figures come from
`dashboards.selectors` (the shared stats selectors, cached per scope and data version).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import Action, Kind, access_for
from core.api.csv import csv_streaming_response
from core.datacache import figures_key
from countries.models import Country
from countries.names import by_display_name, display_name
from operations.models import Operation
from operations.selectors import operation_get
from stats.filters import StatsFilterSet

from .forms import FILTER_FIELDS, filter_set, offer_choices
from .selectors import Dashboard, Scope, dashboard_figures

# Tables of a page that are not charts but have a CSV download too.
TABLES = ("operations", "recent-activities")


def _filter_query(request) -> str:
    """The filters of the request as a query string ("" when none), to carry them along links."""
    return urlencode([(name, request.GET[name]) for name in FILTER_FIELDS if request.GET.get(name)])


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _check_may_view(user) -> None:
    if not access_for(user).allows(Action.VIEW, Kind.WORKING):
        raise Http404


def _country_or_404(user, iso2: str) -> Country:
    _check_may_view(user)
    country = Country.objects.filter(iso2=iso2.upper()).first()
    if country is None or not access_for(user).sees_country(country.pk):
        # The same answer for a country that does not exist and one outside the scope.
        raise Http404
    return country


def _operation_or_404(user, pk: int) -> Operation:
    _check_may_view(user)
    return operation_get(user=user, pk=pk)


def _own_country(user) -> Country | None:
    """A mission viewer's country (the first of theirs); None for staff, who see every country."""
    access = access_for(user)
    if access.visible_country_ids is None:
        return None
    country = Country.objects.filter(pk__in=access.visible_country_ids).order_by("iso2").first()
    if country is None:
        raise Http404
    return country


# --- pages ---------------------------------------------------------------------------------------


@require_GET
@login_required
def overview(request):
    _check_may_view(request.user)
    own = _own_country(request.user)
    if own is not None:
        url = reverse("dashboards:country", kwargs={"iso2": own.iso2})
        return redirect(_with_query(url, _filter_query(request)))
    return _page(
        request,
        scope=Scope(),
        title=_("Programme overview"),
        csv_url_name="dashboards:overview_csv",
        csv_kwargs={},
    )


@require_GET
@login_required
def country_pick(request):
    """The staff's country selector submits here (it works without script): on to that country."""
    own = _own_country(request.user)
    iso2 = own.iso2 if own is not None else request.GET.get("country", "")
    country = _country_or_404(request.user, iso2) if iso2 else None
    if country is None:
        return redirect(_with_query(reverse("dashboards:overview"), _filter_query(request)))
    url = reverse("dashboards:country", kwargs={"iso2": country.iso2})
    return redirect(_with_query(url, _filter_query(request)))


@require_GET
@login_required
def country(request, iso2: str):
    place = _country_or_404(request.user, iso2)
    if iso2 != place.iso2:
        return redirect(
            _with_query(reverse("dashboards:country", kwargs={"iso2": place.iso2}), _filter_query(request))
        )
    return _page(
        request,
        scope=Scope(country=place),
        title=place.display_name,
        csv_url_name="dashboards:country_csv",
        csv_kwargs={"iso2": place.iso2},
    )


@require_GET
@login_required
def operation(request, pk: int):
    found = _operation_or_404(request.user, pk)
    return _page(
        request,
        scope=Scope(operation=found),
        title=_("Operation %(name)s") % {"name": found.code_name},
        csv_url_name="dashboards:operation_csv",
        csv_kwargs={"pk": found.pk},
    )


def _page(request, *, scope: Scope, title: str, csv_url_name: str, csv_kwargs: dict) -> HttpResponse:
    filters = filter_set(request, with_region=scope.country is None)
    dashboard = None
    if filters.is_valid():
        dashboard = _figures(request, scope, filters)
    query = _filter_query(request)

    def csv_url(chart_key: str) -> str:
        return _with_query(reverse(csv_url_name, kwargs={**csv_kwargs, "chart": chart_key}), query)

    def chart_items() -> list[dict]:
        return [
            {
                "chart": chart,
                "spec": chart.spec(),
                "spec_id": f"chart-{chart.key}",
                "csv_url": csv_url(chart.key),
                "headings": chart.headings,
                "table": chart.table(),
                "drawable": chart.drawable,
            }
            for chart in (dashboard.charts if dashboard else [])
        ]

    # The charts, their tables and the operations and recent activities are rendered once for a
    # principal's access, the page, its filters and the data version (the figures' own key), then
    # served as HTML: a write shows at once. Nothing in them is the user's own (no CSRF token, no
    # name). Built only when the fragments are not in the cache.
    charts = SimpleLazyObject(chart_items)
    access = access_for(request.user)
    context = {
        "title": title,
        "scope": scope,
        "country": scope.country,
        "operation": scope.operation,
        "form": SimpleLazyObject(lambda: offer_choices(filters, user=request.user)),
        "dashboard": dashboard,
        "charts": charts,
        "sections": SimpleLazyObject(lambda: _sections(charts)),
        "fragment_seconds": settings.DASHBOARDS_CACHE_SECONDS,
        "fragment_key": figures_key(
            # v2: figures written in the language's number format.
            "crimjust:dashboard-html:v2",
            user=request.user,
            parts={"scope": scope.key, "query": query, "valid": dashboard is not None},
        ),
        "threshold": settings.SMALL_CELL_THRESHOLD,
        "noise": settings.DISCLOSURE_MAX_NOISE,
        "carried_filters": [
            (name, request.GET[name]) for name in FILTER_FIELDS if name != "region" and request.GET.get(name)
        ],
        "operations_csv_url": csv_url("operations"),
        "recent_csv_url": csv_url("recent-activities"),
        "filter_query": query,
        "sees_every_country": access.visible_country_ids is None,
        "countries": SimpleLazyObject(
            lambda: (
                [
                    {"iso2": iso2, "name": display_name(name)}
                    for iso2, name in by_display_name(
                        Country.objects.filter(is_partner=True).values_list("iso2", "name"),
                        lambda row: row[1],
                    )
                ]
                if access.visible_country_ids is None
                else []
            )
        ),
    }
    return render(request, "dashboards/dashboard.html", context, status=200 if dashboard else 400)


def _sections(charts: list[dict]) -> list[dict]:
    """The charts grouped as the page (and its printout, one section a page) presents them."""
    by_key = {item["chart"].key: item for item in charts}
    sections = [
        (
            _("Results after the seizure"),
            ("case-funnel", "seizures-by-month", "seizures-by-substance", "seizures-by-country"),
        ),
        (
            _("Activities"),
            ("countries-map", "activities-by-kind", "activities-by-month", "activities-by-pillar"),
        ),
        (_("People trained"), ("people-by-gender", "people-by-category")),
    ]
    grouped = [
        {"title": title, "charts": [by_key[key] for key in keys if key in by_key]} for title, keys in sections
    ]
    return [section for section in grouped if section["charts"]]


def _figures(request, scope: Scope, filters: StatsFilterSet) -> Dashboard:
    stats_filters = filters.stats_filters(
        countries=(scope.country,) if scope.country is not None else (),
        operation=scope.operation,
    )
    return dashboard_figures(user=request.user, scope=scope, filters=stats_filters)


# --- CSV of a chart's numbers -------------------------------------------------------------------


@require_GET
@login_required
def overview_csv(request, chart: str):
    _check_may_view(request.user)
    if _own_country(request.user) is not None:
        # A mission viewer has no programme overview page: no download of it either.
        raise Http404
    return _csv(request, Scope(), chart)


@require_GET
@login_required
def country_csv(request, iso2: str, chart: str):
    return _csv(request, Scope(country=_country_or_404(request.user, iso2)), chart)


@require_GET
@login_required
def operation_csv(request, pk: int, chart: str):
    return _csv(request, Scope(operation=_operation_or_404(request.user, pk)), chart)


def _csv(request, scope: Scope, chart_key: str):
    filters = filter_set(request, with_region=scope.country is None)
    if not filters.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filters.errors.items())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    dashboard = _figures(request, scope, filters)
    filename = f"crimjust-{scope.key.replace(':', '-')}-{chart_key}"
    if chart_key == "operations":
        header = [
            _("Operation"),
            _("Start"),
            _("Countries"),
            _("Seizures"),
            _("Kilograms"),
            _("Arrests"),
            _("Cases"),
        ]
        fields = ("label", "start_date", "countries", "seizures", "kg", "arrests", "cases")
        rows = [
            dict(zip(header, (row[name] for name in fields), strict=True)) for row in dashboard.operations
        ]
        return csv_streaming_response(header=header, rows=rows, filename=filename)
    if chart_key == "recent-activities":
        header = [
            _("Activity"),
            _("Kind"),
            _("Start"),
            _("End"),
            _("Venue"),
            _("Host country"),
            _("Countries"),
        ]
        fields = ("title", "kind", "start_date", "end_date", "venue", "host_country", "countries")
        rows = [dict(zip(header, (row[name] for name in fields), strict=True)) for row in dashboard.recent]
        return csv_streaming_response(header=header, rows=rows, filename=filename)
    chart = dashboard.chart(chart_key)
    if chart is None:
        raise Http404
    return csv_streaming_response(
        header=[heading for _name, heading in chart.columns], rows=chart.csv_rows(), filename=filename
    )
