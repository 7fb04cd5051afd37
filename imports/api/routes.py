"""This app's API, under /api/v1/imports/.

Not on the router: its routes are held to the conventions of the programme's record types
(CSV lists, `modified_since`, the permission matrix), and an import is a job, not such a record.
"""

from django.urls import path, re_path

from .views import ImportJobViewSet, ImportTemplateApi

# (prefix, viewset, basename)
ROUTES: list = []
# Paths that are not viewsets, included under /api/v1/. Ids as the router matches them: any
# other id is the API's JSON 404, not the site's page.
urlpatterns: list = [
    path("imports/", ImportJobViewSet.as_view({"get": "list", "post": "create"}), name="import-list"),
    re_path(
        r"^imports/(?P<pk>[^/.]+)/$", ImportJobViewSet.as_view({"get": "retrieve"}), name="import-detail"
    ),
    re_path(
        r"^imports/(?P<pk>[^/.]+)/confirm/$",
        ImportJobViewSet.as_view({"post": "confirm"}),
        name="import-confirm",
    ),
    re_path(
        r"^imports/(?P<pk>[^/.]+)/undo/$", ImportJobViewSet.as_view({"post": "undo"}), name="import-undo"
    ),
    re_path(
        r"^imports/(?P<pk>[^/.]+)/rejected/$",
        ImportJobViewSet.as_view({"get": "rejected"}),
        name="import-rejected",
    ),
    path(
        "imports/templates/<str:kind>.<str:file_format>", ImportTemplateApi.as_view(), name="import-template"
    ),
]
