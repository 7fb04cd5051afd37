from django.urls import path

from crimjust.urls import urlpatterns as project_urlpatterns


def failing_view(request):
    raise RuntimeError("the failing page failed, as it should")


urlpatterns = [*project_urlpatterns, path("failing/", failing_view)]
