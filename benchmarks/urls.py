"""The benchmark's URLconf: the application's, plus the naive baseline under /naive/api/v1/."""

from django.urls import include, path

from crimjust.urls import urlpatterns as application_urlpatterns

urlpatterns = [
    *application_urlpatterns,
    path("naive/api/v1/", include("benchmarks.naive")),
]
