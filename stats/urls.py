"""/api/v1/stats/ (included in the `api` namespace by crimjust.api)."""

from django.urls import path

from stats.api.views import (
    StatsActivitiesApi,
    StatsCasesApi,
    StatsOperationsApi,
    StatsPeopleApi,
    StatsSeizuresApi,
)

urlpatterns = [
    path("people/", StatsPeopleApi.as_view(), name="stats-people"),
    path("activities/", StatsActivitiesApi.as_view(), name="stats-activities"),
    path("seizures/", StatsSeizuresApi.as_view(), name="stats-seizures"),
    path("operations/", StatsOperationsApi.as_view(), name="stats-operations"),
    path("cases/", StatsCasesApi.as_view(), name="stats-cases"),
]
