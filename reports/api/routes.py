"""This app's API, under /api/v1/: `reports/`, `reports/{id}/`, `reports/{id}/download/`.

The viewset is routed here (URL names `api:report-list`, `api:report-detail`,
`api:report-download`) rather than on the shared router's registry: the records' permission
matrix (tests/api/test_api_matrix.py) walks that registry expecting country-scoped CRUD records,
and a report is an owner-scoped request with no update or delete.
"""

from rest_framework.routers import SimpleRouter

from .views import ReportViewSet

# (prefix, viewset, basename)
ROUTES: list = []

_router = SimpleRouter()
_router.register("reports", ReportViewSet, basename="report")
# Paths that are not viewsets, included under /api/v1/.
urlpatterns: list = _router.urls
