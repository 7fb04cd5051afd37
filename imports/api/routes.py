"""This app's API viewsets, registered on the one /api/v1/ router by crimjust.api."""

# (prefix, viewset, basename)
ROUTES: list = []
# Paths that are not viewsets, included under /api/v1/.
urlpatterns: list = []
