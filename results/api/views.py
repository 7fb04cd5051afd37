"""/api/v1/results/: the results framework's records (read by staff and programme-wide keys,
written by writers), its measure catalogue and its IPTT."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.access import Action, can
from core.api.downloads import DOWNLOAD_RENDERERS, as_accepted, download_responses
from core.api.serializers import ErrorSerializer
from core.api.throttling import PrincipalRateThrottle
from core.api.views import ProgrammeViewSet

from ..exports import XLSX_CONTENT_TYPE, iptt_workbook
from ..filters import (
    FrameworkFilter,
    IndicatorFilter,
    ProgressNarrativeFilter,
    ReportedActualFilter,
    ResultFilter,
    TargetFilter,
)
from ..measures import measure_catalogue
from ..models import Dimension, Framework
from ..selectors import (
    framework_list,
    indicator_list,
    iptt_from_query,
    progress_narrative_list,
    reported_actual_list,
    result_list,
    target_list,
)
from .serializers import (
    FrameworkSerializer,
    IndicatorSerializer,
    IpttSerializer,
    MeasureSerializer,
    ProgressNarrativeSerializer,
    ReportedActualSerializer,
    ResultSerializer,
    TargetSerializer,
)


class FrameworkViewSet(ProgrammeViewSet):
    """Results frameworks: the programme's own and the donors'. Staff and API keys that see
    every country; not mission viewers or keys limited to some countries."""

    selector = staticmethod(framework_list)
    serializer_class = FrameworkSerializer
    filterset_class = FrameworkFilter


class ResultViewSet(ProgrammeViewSet):
    """The results of the frameworks: goal, outcomes, outputs."""

    selector = staticmethod(result_list)
    serializer_class = ResultSerializer
    filterset_class = ResultFilter


class IndicatorViewSet(ProgrammeViewSet):
    """Indicators with their targets: `?framework=<id>` for one framework's."""

    selector = staticmethod(indicator_list)
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter


class TargetViewSet(ProgrammeViewSet):
    """Indicators' targets per year, quarter or life of the programme."""

    selector = staticmethod(target_list)
    serializer_class = TargetSerializer
    filterset_class = TargetFilter


class ReportedActualViewSet(ProgrammeViewSet):
    """Reported indicators' actuals per year or quarter, with source and evidence."""

    selector = staticmethod(reported_actual_list)
    serializer_class = ReportedActualSerializer
    filterset_class = ReportedActualFilter


class ProgressNarrativeViewSet(ProgrammeViewSet):
    """Progress narratives: how a result went in a period, in words."""

    selector = staticmethod(progress_narrative_list)
    serializer_class = ProgressNarrativeSerializer
    filterset_class = ProgressNarrativeFilter


class CanViewResults(BasePermission):
    """The figures of the results framework: for whoever may see its records."""

    def has_permission(self, request, view):
        return can(request.user, Action.VIEW, Framework)


_ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer, description=_("A parameter is not valid or not known: `errors` names it.")
    ),
    401: OpenApiResponse(ErrorSerializer, description=_("Not signed in and no valid API key.")),
    403: OpenApiResponse(
        ErrorSerializer,
        description=_(
            "The caller may not see the results framework (mission viewers, keys limited to countries)."
        ),
    ),
    429: OpenApiResponse(ErrorSerializer, description=_("Too many requests: wait and retry.")),
}


class MeasureViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated, CanViewResults]
    throttle_classes = [PrincipalRateThrottle]

    @extend_schema(
        operation_id="results_measures",
        tags=["results"],
        summary=_("The measure catalogue"),
        description=_(
            "The named measures a computed indicator is bound to, each with its code, name, definition, "
            "unit and the dimensions it can be broken down by. The whole catalogue, not paginated."
        ),
        responses={200: MeasureSerializer(many=True), **_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return Response(MeasureSerializer(measure_catalogue(), many=True).data)


_IPTT_PARAMETERS = [
    OpenApiParameter("framework", OpenApiTypes.INT, required=True, description=_("The framework's id.")),
    OpenApiParameter(
        "frequency",
        OpenApiTypes.STR,
        enum=["annual", "quarterly"],
        default="annual",
        description=_("Periods."),
    ),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description=_("Periods from this date.")),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description=_("Periods up to this date.")),
    OpenApiParameter("disaggregate", OpenApiTypes.STR, enum=Dimension.values, description=_("A breakdown.")),
]


class IpttViewSet(viewsets.ViewSet):
    permission_classes = [IsAuthenticated, CanViewResults]
    throttle_classes = [PrincipalRateThrottle]

    @extend_schema(
        operation_id="results_iptt",
        tags=["results"],
        summary=_("The indicator performance tracking table (IPTT) of a framework"),
        description=_(
            "Each indicator of the framework x each period (years or quarters of the framework, narrowed "
            "to date_from/date_to), then its life-of-programme row (`period` life): baseline, target, "
            "actual, numerator and denominator (percentages and means), and the percentage of the target "
            "met. A computed indicator's actual is its measure over the period; a cumulative one counts "
            "from the framework's start (distinct people since then); a percentage comes from summed "
            "numerators and denominators. A donor's framework counts only what the donor funds. The "
            "current period's actual is to date (`to_date`). With `disaggregate`, the indicators that "
            "support the dimension have a row per group after each total. Counts of people are "
            'perturbed and small ones shown as "<5" for a caller without personal-data scope. '
            "The whole table, not paginated."
        ),
        parameters=_IPTT_PARAMETERS,
        responses={200: IpttSerializer, **_ERRORS},
        examples=[
            OpenApiExample(
                "People trained in 2021",
                response_only=True,
                value={
                    "framework": 2,
                    "frequency": "annual",
                    "date_from": None,
                    "date_to": None,
                    "disaggregate": None,
                    "results": [
                        {
                            "indicator": 7,
                            "code": "O.2",
                            "name": "Officials trained (distinct)",
                            "result": 9,
                            "result_code": "OP",
                            "measure": "people_trained",
                            "kind": "computed",
                            "unit": "number",
                            "direction": "increase",
                            "cumulative": True,
                            "period": "2021",
                            "period_start": "2021-01-01",
                            "period_end": "2021-12-31",
                            "to_date": False,
                            "baseline": "0.000",
                            "target": "150.000",
                            "actual": 153,
                            "numerator": None,
                            "denominator": None,
                            "percent_of_target": "102.0",
                            "disaggregation": None,
                        }
                    ],
                },
            )
        ],
    )
    def list(self, request, *args, **kwargs):
        parameters, rows = iptt_from_query(user=request.user, query=request.query_params)
        answer = {
            "framework": parameters.framework.pk,
            "frequency": parameters.frequency,
            "date_from": parameters.date_from,
            "date_to": parameters.date_to,
            "disaggregate": parameters.disaggregate,
            "results": rows,
        }
        return Response(IpttSerializer(answer).data)

    @extend_schema(
        operation_id="results_iptt_xlsx",
        tags=["results"],
        summary=_("The IPTT of a framework as a workbook (XLSX)"),
        description=_(
            "The same rows as the IPTT, for the same parameters, as a workbook of typed cells: numbers "
            "as numbers, dates as dates (the results page's download)."
        ),
        parameters=_IPTT_PARAMETERS,
        responses=download_responses([XLSX_CONTENT_TYPE], _("The IPTT as a workbook.")) | _ERRORS,
    )
    @action(detail=False, methods=["get"], url_path="xlsx", renderer_classes=DOWNLOAD_RENDERERS)
    def xlsx(self, request, *args, **kwargs):
        parameters, rows = iptt_from_query(user=request.user, query=request.query_params)
        response = HttpResponse(iptt_workbook(rows, **parameters.as_kwargs()), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="crimjust-iptt-{parameters.framework.pk}-{parameters.frequency}.xlsx"'
        )
        return as_accepted(request, response)
