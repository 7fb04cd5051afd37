"""The one-page flows, under the admin (crimjust/urls.py), each wrapped by the admin's own sign-in
and staff check (`admin.site.admin_view`)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "flows"
urlpatterns = [
    path("operation/", admin.site.admin_view(views.operation_flow), name="operation_new"),
    path("operation/<int:pk>/", admin.site.admin_view(views.operation_flow), name="operation"),
    path("training/", admin.site.admin_view(views.training_flow), name="training_new"),
    path("training/<int:pk>/", admin.site.admin_view(views.training_flow), name="training"),
]
