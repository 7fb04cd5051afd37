"""Pages of the dashboards app (namespace `dashboards`)."""

from django.urls import path

from dashboards import views

from . import results_views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("csv/<slug:chart>/", views.overview_csv, name="overview_csv"),
    path("country/", views.country_pick, name="country_pick"),
    path("country/<str:iso2>/", views.country, name="country"),
    path("country/<str:iso2>/csv/<slug:chart>/", views.country_csv, name="country_csv"),
    path("operations/<int:pk>/", views.operation, name="operation"),
    path("operations/<int:pk>/csv/<slug:chart>/", views.operation_csv, name="operation_csv"),
    # The results framework's IPTT: staff only (dashboards.results_views).
    path("results/", results_views.iptt_page, name="results"),
    path("results/csv/<slug:chart>/", results_views.iptt_csv, name="results_csv"),
    path("results/xlsx/", results_views.iptt_xlsx, name="results_xlsx"),
]
