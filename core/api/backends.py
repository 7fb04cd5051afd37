from django_filters.rest_framework import DjangoFilterBackend


class FilterSetSchema(DjangoFilterBackend):
    """Documents a list's FilterSet in the OpenAPI document; the list's selector applies it
    (the default filter backend of every view: REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"])."""

    def filter_queryset(self, request, queryset, view):
        return queryset
