from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboards:overview", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("crimjust.api", "api"), namespace="api")),
    path("dashboards/", include("dashboards.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
]
