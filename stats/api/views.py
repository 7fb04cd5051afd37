"""/api/v1/stats/: the programme's figures, computed in the database by `stats.selectors`.

Every statistic has one shape (`StatsViewSet`): its parameters parsed by its FilterSet
(`stats.filters`), its figures from its selector, its answer written by its serializer. The
viewsets are registered on the API's one router (crimjust.api), `list` only.
"""

from collections.abc import Callable

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from activities.models import Activity
from core.access import Action, can
from core.api.serializers import ErrorSerializer
from core.api.throttling import PrincipalRateThrottle
from core.datacache import cached_figures
from stats.filters import (
    ActivityStatsFilterSet,
    PeopleStatsFilterSet,
    SeizureStatsFilterSet,
    StatsFilterSet,
)
from stats.selectors import (
    ACTIVITY_GROUPS,
    PEOPLE_GROUPS,
    SEIZURE_GROUPS,
    Stats,
    activity_stats,
    case_funnel_stats,
    operation_results_stats,
    participant_stats,
    seizure_stats,
)

from .serializers import (
    ActivityStatsSerializer,
    CaseFunnelSerializer,
    OperationResultsSerializer,
    PeopleStatsSerializer,
    SeizureStatsSerializer,
)


class CanViewProgrammeRecords(BasePermission):
    """Whoever may see the programme's working records (activities, operations...) may see figures."""

    def has_permission(self, request, view):
        return can(request.user, Action.VIEW, Activity)


# --- the OpenAPI description of the parameters -------------------------------------------------


def _date_parameters(what: str) -> list[OpenApiParameter]:
    return [
        OpenApiParameter(
            "date_from",
            OpenApiTypes.DATE,
            description=format_lazy(_("Only {what} on or after this date (YYYY-MM-DD)."), what=what),
        ),
        OpenApiParameter(
            "date_to",
            OpenApiTypes.DATE,
            description=format_lazy(
                _("Only {what} on or before this date (YYYY-MM-DD); not before date_from."), what=what
            ),
        ),
    ]


def _filter_parameters(*, dates: str, countries: str, links: str) -> list[OpenApiParameter]:
    return [
        *_date_parameters(dates),
        OpenApiParameter(
            "country",
            OpenApiTypes.STR,
            description=format_lazy(
                _(
                    "{countries}, ISO alpha-2 codes (any case), comma-separated. An unknown code is a 400; "
                    "a country outside the caller's scope is a 404."
                ),
                countries=countries,
            ),
            examples=[OpenApiExample("Peru and Colombia", value="PE,CO")],
        ),
        OpenApiParameter(
            "region",
            OpenApiTypes.STR,
            description=_(
                "The countries of a UN M49 region, sub-region or intermediate region (case-insensitive), "
                "applied as `country` is. A region without any of the caller's countries is a 404."
            ),
            examples=[OpenApiExample("South America", value="South America")],
        ),
        OpenApiParameter(
            "pillar",
            OpenApiTypes.STR,
            description=format_lazy(
                _("Pillar numbers, comma-separated: {links} of activities under these pillars."), links=links
            ),
            examples=[OpenApiExample("Pillar 1", value="1")],
        ),
        OpenApiParameter(
            "donor",
            OpenApiTypes.STR,
            description=format_lazy(
                _(
                    "Donors, by organisation id or acronym (any case), comma-separated: {links} of "
                    "activities these donors funded."
                ),
                links=links,
            ),
            examples=[OpenApiExample("One donor", value="INL")],
        ),
        OpenApiParameter(
            "substance",
            OpenApiTypes.STR,
            description=_(
                "Substances, by id, name or synonym (any case), comma-separated: seizures of these "
                "substances; for activities and people, the operations that seized them and the "
                "activities linked to those operations."
            ),
            examples=[OpenApiExample("Cocaine hydrochloride", value="1")],
        ),
        OpenApiParameter(
            "operation",
            OpenApiTypes.STR,
            description=_(
                "An operation, by id or code name (any case): its seizures and cases; for activities and "
                "people, the operation's activity and the activities linked to it (the trainings that "
                "prepared it, its debrief). An operation the caller may not see, or that does not exist, "
                "is a 404."
            ),
            examples=[OpenApiExample("Operation Azure", value="Azure")],
        ),
    ]


def _group_by_parameter(groups: tuple[str, ...], default: str, notes: str) -> OpenApiParameter:
    return OpenApiParameter(
        "group_by", OpenApiTypes.STR, enum=list(groups), default=default, description=notes
    )


KIND_PARAMETER = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    enum=Activity.Kind.values,
    many=True,
    explode=True,
    description=_("Kinds of activity; repeat the parameter for several (kind=training&kind=workshop)."),
)

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer,
        description=_("A parameter is not valid (or not known): `errors` names it."),
        examples=[
            OpenApiExample(
                "An unknown country code",
                value={
                    "detail": "The request is not valid: see the errors by field.",
                    "code": "invalid",
                    "errors": {"country": ["Select a valid choice. XX is not one of the available choices."]},
                },
            )
        ],
    ),
    401: OpenApiResponse(ErrorSerializer, description=_("Not signed in and no valid API key.")),
    403: OpenApiResponse(ErrorSerializer, description=_("The caller may not see the programme's records.")),
    404: OpenApiResponse(
        ErrorSerializer, description=_("A country, region or operation outside the caller's scope.")
    ),
    429: OpenApiResponse(ErrorSerializer, description=_("Too many requests: wait and retry.")),
}


# --- the endpoints -------------------------------------------------------------------------------


class StatsViewSet(viewsets.ViewSet):
    """A statistic: its parameters in (parsed by `filterset_class`, stats.filters), its figures from
    `selector` (stats.selectors), its answer out through `serializer_class`; `list` only."""

    permission_classes = [IsAuthenticated, CanViewProgrammeRecords]
    throttle_classes = [PrincipalRateThrottle]
    filterset_class: type[StatsFilterSet] = StatsFilterSet
    # (*, user, filters[, group_by]) -> Stats
    selector: Callable[..., Stats]
    serializer_class: type[serializers.Serializer]

    def list(self, request, *args, **kwargs):
        query = self.filterset_class(request.query_params, user=request.user, strict=True)
        filters = query.stats_filters()
        grouping = {} if query.group_by is None else {"group_by": query.group_by}
        # Cached by the caller's access, the statistic, its filters and the data version: a write
        # shows at once (core.datacache).
        data = cached_figures(
            "crimjust:stats",
            user=request.user,
            parts={"statistic": type(self).__name__, "filters": filters.key(), **grouping},
            compute=lambda: dict(
                self.serializer_class(
                    type(self).selector(user=request.user, filters=filters, **grouping)
                ).data
            ),
        )
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        operation_id="stats_people",
        tags=["stats"],
        summary=_("People who took part (with kind=training: officials trained)"),
        description=_(
            "People who took part: the distinct people who took part as participants (participation "
            "role participant: not trainers, speakers, organisers or observers) in activities of any "
            "kind, or of the kinds asked (`kind`), and their participations (attendances as a "
            "participant). With `kind=training` this is the figure the dashboards and reports show as "
            '"Officials trained" (its breakdown by gender: the women and men trained). By gender, '
            "country (the person's nationality), professional category or year (of the activity's "
            "start), with totals: a person counts once in the total however many activities they "
            "attended. Over participations in activities that are not archived; programme-wide, or the "
            "caller's own countries when a mission viewer or a country-scoped key asks about countries. "
            "For a caller who may not see personal data (a mission viewer), every count, totals "
            "included, is perturbed by a small amount (at most 2 by default) that is the same every "
            'time for the same people, and a count from 1 to 4 is shown as "<5", so that no '
            "difference of two answers gives a small count back; the groups then need not add up to "
            "the totals, and `suppressed` is true."
        ),
        parameters=[
            _group_by_parameter(PEOPLE_GROUPS, "gender", _("How to break the people down.")),
            KIND_PARAMETER,
            *_filter_parameters(
                dates=_("activities that start"),
                countries=_("People of these nationalities"),
                links=_("participations in activities"),
            ),
        ],
        responses={200: PeopleStatsSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "By gender (staff)",
                response_only=True,
                value={
                    "group_by": "gender",
                    "results": [
                        {"key": "female", "label": "Female", "people": 42, "participations": 59},
                        {"key": "male", "label": "Male", "people": 111, "participations": 165},
                        {"key": "another", "label": "Another gender", "people": 0, "participations": 0},
                        {"key": "not_recorded", "label": "Not recorded", "people": 0, "participations": 0},
                    ],
                    "totals": {"people": 153, "participations": 224},
                    "suppressed": False,
                },
            ),
            OpenApiExample(
                "By category (a mission viewer: perturbed, small counts hidden)",
                response_only=True,
                value={
                    "group_by": "category",
                    "results": [
                        {"key": "police", "label": "Police officer", "people": 7, "participations": 9},
                        {"key": "customs", "label": "Customs officer", "people": 5, "participations": 8},
                        {"key": "judge", "label": "Judge", "people": "<5", "participations": "<5"},
                    ],
                    "totals": {"people": 15, "participations": 24},
                    "suppressed": True,
                },
            ),
        ],
    )
)
class StatsPeopleViewSet(StatsViewSet):
    filterset_class = PeopleStatsFilterSet
    selector = staticmethod(participant_stats)
    serializer_class = PeopleStatsSerializer


@extend_schema_view(
    list=extend_schema(
        operation_id="stats_activities",
        tags=["stats"],
        summary=_("Activities by kind, country, pillar or year"),
        description=_(
            "Activities the caller may see, by kind, participating country, pillar or year of start. "
            "An activity with several countries or pillars counts in each of them and once in the "
            "total; one without any comes under a group whose key is null."
        ),
        parameters=[
            _group_by_parameter(ACTIVITY_GROUPS, "kind", _("How to break the activities down.")),
            KIND_PARAMETER,
            *_filter_parameters(
                dates=_("activities that start"),
                countries=_("Activities with these participating or host countries"),
                links=_("activities"),
            ),
        ],
        responses={200: ActivityStatsSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "By pillar",
                response_only=True,
                value={
                    "group_by": "pillar",
                    "results": [
                        {"key": "1", "label": "1. Investigative capacities", "count": 22},
                        {"key": "2", "label": "2. International cooperation", "count": 8},
                        {"key": None, "label": "No pillar", "count": 1},
                    ],
                    "totals": {"count": 25},
                    "suppressed": False,
                },
            )
        ],
    )
)
class StatsActivitiesViewSet(StatsViewSet):
    filterset_class = ActivityStatsFilterSet
    selector = staticmethod(activity_stats)
    serializer_class = ActivityStatsSerializer


@extend_schema_view(
    list=extend_schema(
        operation_id="stats_seizures",
        tags=["stats"],
        summary=_("Seizures: count and kilograms by substance, country or month"),
        description=_(
            "Seizures the caller may see (restricted and archived ones left out), by substance, seizing "
            "country or month (YYYY-MM): how many, their normalised mass in kg (over the seizures whose "
            "quantity converts to a mass), how many could not be converted, and the arrests made."
        ),
        parameters=[
            _group_by_parameter(SEIZURE_GROUPS, "substance", _("How to break the seizures down.")),
            *_filter_parameters(
                dates=_("seizures made"),
                countries=_("Seizures made in these countries"),
                links=_("seizures of the operations"),
            ),
        ],
        responses={200: SeizureStatsSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "By substance",
                response_only=True,
                value={
                    "group_by": "substance",
                    "results": [
                        {
                            "key": "1",
                            "label": "Cocaine hydrochloride",
                            "count": 18,
                            "kg": 15.335,
                            "without_mass": 0,
                            "arrests": 2,
                        },
                        {
                            "key": "8",
                            "label": "Tramadol",
                            "count": 21,
                            "kg": 0.0,
                            "without_mass": 21,
                            "arrests": 6,
                        },
                    ],
                    "totals": {"count": 39, "kg": 15.335, "without_mass": 21, "arrests": 8},
                    "suppressed": False,
                },
            )
        ],
    )
)
class StatsSeizuresViewSet(StatsViewSet):
    filterset_class = SeizureStatsFilterSet
    selector = staticmethod(seizure_stats)
    serializer_class = SeizureStatsSerializer


@extend_schema_view(
    list=extend_schema(
        operation_id="stats_operations",
        tags=["stats"],
        summary=_("Operation results"),
        description=_(
            "Per operation the caller may see: participating countries, seizures, kg, arrests and the "
            "cases linked to those seizures. A case linking seizures of two operations counts in each "
            "operation's row and once in the total, so the rows' cases may add up to more than the "
            "total. Dates, pillars and donors select operations by their "
            "activity; countries and a region select the operations they took part in and narrow the "
            "figures to them; substances narrow the seizures counted."
        ),
        parameters=_filter_parameters(
            dates=_("operations that start"),
            countries=_("Operations these countries took part in, and their figures there"),
            links=_("operations"),
        ),
        responses={200: OperationResultsSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "Operation Azure",
                response_only=True,
                value={
                    "group_by": "operation",
                    "results": [
                        {
                            "key": "21",
                            "label": "Azure",
                            "start_date": "2021-10-01",
                            "countries": ["BO", "CO", "DO", "EC", "GH", "NG", "PA", "PE", "PY", "UY"],
                            "seizures": 125,
                            "kg": 89.484,
                            "without_mass": 21,
                            "arrests": 40,
                            "cases": 0,
                        }
                    ],
                    "totals": {
                        "operations": 1,
                        "countries": 10,
                        "seizures": 125,
                        "kg": 89.484,
                        "without_mass": 21,
                        "arrests": 40,
                        "cases": 0,
                    },
                    "suppressed": False,
                },
            )
        ],
    )
)
class StatsOperationsViewSet(StatsViewSet):
    filterset_class = StatsFilterSet
    selector = staticmethod(operation_results_stats)
    serializer_class = OperationResultsSerializer


@extend_schema_view(
    list=extend_schema(
        operation_id="stats_cases",
        tags=["stats"],
        summary=_("The post-seizure funnel: seizures by the furthest stage they reached, and cases"),
        description=_(
            "Of the seizures (by their date): how many, and how many reached at least an investigation, "
            "a prosecution, a conviction. Each seizure counts at the furthest stage it reached, from its "
            "own follow-up or from the cases linked to it that the caller may see, whichever is further, "
            "and in every stage before it. Investigation: follow-up investigation opened, controlled "
            "delivery or request to counterparts abroad, or a case at investigation or closed without "
            "convictions; prosecution: follow-up referred for prosecution, or a case charged, at trial or "
            "acquitted; conviction: a case convicted or closed with convictions. Totals add the cases "
            "(by the day they were opened), their arrests and convictions and the cases at each stage now."
        ),
        parameters=_filter_parameters(
            dates=_("seizures made and cases opened"),
            countries=_("Seizures made in, and cases involving or led by, these countries"),
            links=_("seizures (and cases linked to seizures) of the operations"),
        ),
        responses={200: CaseFunnelSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "The funnel",
                response_only=True,
                value={
                    "group_by": "stage",
                    "results": [
                        {"key": "seizure", "label": "Seizures", "count": 130},
                        {"key": "investigation", "label": "Seizures investigated", "count": 56},
                        {
                            "key": "prosecution",
                            "label": "Seizures prosecuted (referred, charged or tried)",
                            "count": 3,
                        },
                        {"key": "conviction", "label": "Seizures ending in conviction", "count": 0},
                    ],
                    "totals": {
                        "seizures": 130,
                        "cases": 5,
                        "arrests": 12,
                        "convictions": 0,
                        "by_stage": {
                            "investigation": 2,
                            "charged": 2,
                            "trial": 1,
                            "convicted": 0,
                            "acquitted": 0,
                            "closed": 0,
                        },
                    },
                    "suppressed": False,
                },
            )
        ],
    )
)
class StatsCasesViewSet(StatsViewSet):
    filterset_class = StatsFilterSet
    selector = staticmethod(case_funnel_stats)
    serializer_class = CaseFunnelSerializer
