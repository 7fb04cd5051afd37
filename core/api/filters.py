import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


class CodesFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """Comma-separated values, e.g. `country=PE,CO`."""


def since(value: datetime.datetime) -> datetime.datetime:
    """`modified_since` in UTC: ISO 8601 allows UTC offsets PostgreSQL refuses (beyond ±15:59)."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValidationError({"modified_since": _("This time is out of range.")}) from error


class ProgrammeFilterSet(django_filters.FilterSet):
    """What every list filters by: `modified_since` for incremental sync."""

    modified_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        method="filter_modified_since",
        label=_("Changed at or after this time (ISO 8601); archived records come back as tombstones."),
    )

    def filter_modified_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=since(value))


def _join(path: str, lookup: str) -> str:
    """A lookup from the record to a country; `path` "" is the record itself (a country)."""
    return f"{path}__{lookup}" if path else lookup


COUNTRY_LABEL = _("Countries, ISO alpha-2 codes, comma-separated (e.g. PE,CO)")
REGION_LABEL = _("UN M49 region, sub-region or intermediate region name")


def country_filter(*paths: str, label=COUNTRY_LABEL):
    def method(queryset, name, value):
        codes = [code.strip().upper() for code in value if code.strip()]
        q = Q()
        for path in paths:
            q |= Q(**{_join(path, "iso2__in"): codes})
        return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))

    return CodesFilter(
        method=lambda queryset, name, value: method(queryset, name, value), label=label, help_text=label
    )


def region_filter(*paths: str, label=REGION_LABEL):
    def method(queryset, name, value):
        q = Q()
        for path in paths:
            q |= (
                Q(**{_join(path, "region__iexact"): value})
                | Q(**{_join(path, "sub_region__iexact"): value})
                | Q(**{_join(path, "intermediate_region__iexact"): value})
            )
        return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))

    return django_filters.CharFilter(
        method=lambda queryset, name, value: method(queryset, name, value), label=label
    )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related record by its id."""

    field_class = forms.IntegerField
