"""Pages of the reports app (namespace `reports`)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/download/", views.report_download, name="download"),
    path("briefing/<str:iso2>/", views.briefing_request, name="briefing-request"),
]
