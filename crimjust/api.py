"""The REST API's one router: every route under /api/v1/."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from activities.api.views import ActivityViewSet, OrganisationViewSet, PillarViewSet
from countries.api.views import AgencyViewSet, CountryViewSet
from imports.api.views import ImportJobViewSet, ImportTemplateApi
from operations.api.views import (
    CaseViewSet,
    EquipmentHandoverViewSet,
    OperationViewSet,
    SeizureViewSet,
    SubstanceViewSet,
)
from people.api.views import ParticipationViewSet, PersonViewSet
from reports.api.views import ReportViewSet
from results.api.views import (
    FrameworkViewSet,
    IndicatorViewSet,
    IpttViewSet,
    MeasureViewSet,
    ProgressNarrativeViewSet,
    ReportedActualViewSet,
    ResultViewSet,
    TargetViewSet,
)
from stats.api.views import (
    StatsActivitiesViewSet,
    StatsCasesViewSet,
    StatsOperationsViewSet,
    StatsPeopleViewSet,
    StatsSeizuresViewSet,
)
from sync.api.views import DeletionViewSet
from trainings.api.views import TrainingViewSet

# The documentation pages' libraries (Swagger UI, Redoc) set styles inline and Redoc runs its
# search in a blob: worker; their pages alone allow that. Scripts stay 'self' only.
_DOCUMENTATION_CSP = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("pillars", PillarViewSet, basename="pillar")
router.register("substances", SubstanceViewSet, basename="substance")
router.register("activities", ActivityViewSet, basename="activity")
router.register("trainings", TrainingViewSet, basename="training")
router.register("people", PersonViewSet, basename="person")
router.register("participations", ParticipationViewSet, basename="participation")
router.register("operations", OperationViewSet, basename="operation")
router.register("seizures", SeizureViewSet, basename="seizure")
router.register("cases", CaseViewSet, basename="case")
router.register("equipment-handovers", EquipmentHandoverViewSet, basename="equipment-handover")
# What was deleted for good from the lists above, for a client that keeps a copy.
router.register("deletions", DeletionViewSet, basename="deletion")
# Jobs, not records of the programme: requested, followed and downloaded by their requester.
router.register("reports", ReportViewSet, basename="report")
router.register("imports", ImportJobViewSet, basename="import")
# The programme's figures: one answer each (`list`), computed by stats.selectors.
router.register("stats/people", StatsPeopleViewSet, basename="stats-people")
router.register("stats/activities", StatsActivitiesViewSet, basename="stats-activities")
router.register("stats/seizures", StatsSeizuresViewSet, basename="stats-seizures")
router.register("stats/operations", StatsOperationsViewSet, basename="stats-operations")
router.register("stats/cases", StatsCasesViewSet, basename="stats-cases")
# The results framework (staff and programme-wide keys): its records, its measures and its IPTT.
router.register("results/frameworks", FrameworkViewSet, basename="results-framework")
router.register("results/results", ResultViewSet, basename="results-result")
router.register("results/indicators", IndicatorViewSet, basename="results-indicator")
router.register("results/targets", TargetViewSet, basename="results-target")
router.register("results/reported-actuals", ReportedActualViewSet, basename="results-reported-actual")
router.register("results/narratives", ProgressNarrativeViewSet, basename="results-narrative")
router.register("results/measures", MeasureViewSet, basename="results-measures")
router.register("results/iptt", IpttViewSet, basename="results-iptt")

urlpatterns = [
    path("", include(router.urls)),
    # A file name, not a record: no trailing slash (`imports/templates/seizures.xlsx`).
    path(
        "imports/templates/<str:kind>.<str:file_format>", ImportTemplateApi.as_view(), name="import-template"
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        _DOCUMENTATION_CSP(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="swagger-ui",
    ),
    path("redoc/", _DOCUMENTATION_CSP(SpectacularRedocView.as_view(url_name="api:schema")), name="redoc"),
]
