"""The one parser of a list's query parameters: django-filter FilterSets.

Every list selector (`<app>/selectors.py`: `seizure_list(*, user, filters)`) narrows the
principal's records with its app's FilterSet (`<app>/filters.py`, built on `ProgrammeFilterSet`),
so the API, the exports, the dashboards and the report parameters read a parameter the same way,
and a bad value is the same error everywhere, naming the field (`filter_list` raises
ValidationError: 400 in the API, a message on a page). Search and ordering are filters of the
FilterSet too (`search_fields`, `ordering_fields`, `default_ordering`).
"""

import datetime
import operator
from functools import reduce

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import search_smart_split

# Query parameters of a list that are not filters of its data.
NOT_FILTERS = frozenset({"format", "page", "page_size", "cursor"})


def region_q(path: str, regions: str | list[str] | tuple[str, ...]) -> Q:
    """Records whose country (at `path`, "" for a country itself) lies in a UN M49 region,
    sub-region or intermediate region, by name (case-insensitive): the one definition of "in a
    region", used by the filters, the figures and the officers' regional scope."""
    names = [regions] if isinstance(regions, str) else list(regions)
    q = Q(pk__in=[])
    for name in names:
        for level in ("region", "sub_region", "intermediate_region"):
            q |= Q(**{_join(path, f"{level}__iexact"): name})
    return q


class CodesFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    """Comma-separated values, e.g. `country=PE,CO`."""


def since(value: datetime.datetime) -> datetime.datetime:
    """`modified_since` in UTC: ISO 8601 allows UTC offsets PostgreSQL refuses (beyond ±15:59)."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValidationError({"modified_since": _("This time is out of range.")}) from error


class ProgrammeFilterSet(django_filters.FilterSet):
    """What every list filters by: `modified_since` for incremental sync, `search` over the
    list's `search_fields` (each term in any of them, every term; a list with nothing to search
    sets `search = None`), `ordering` by its `ordering_fields` (others are ignored), then
    `default_ordering`."""

    search_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ("id",)
    default_ordering: tuple[str, ...] = ("id",)

    modified_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        method="filter_modified_since",
        label=_("Changed at or after this time (ISO 8601); archived records come back as tombstones."),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("A search term."))
    ordering = django_filters.CharFilter(
        method="filter_ordering", label=_("Which field to use when ordering the results.")
    )

    def filter_modified_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=since(value))

    def filter_search(self, queryset, name, value):
        if "\x00" in value:
            raise ValidationError({"search": _("Null characters are not allowed.")})
        terms = search_smart_split(value)
        if not terms:
            return queryset
        conditions = [
            reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in self.search_fields))
            for term in terms
        ]
        condition = reduce(operator.and_, conditions)
        if not any(_crosses_to_many(queryset.model, field) for field in self.search_fields):
            return queryset.filter(condition)
        # A subquery, not a join: a to-many match must not repeat a row.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))

    def filter_ordering(self, queryset, name, value):
        valid = self.ordering_of(value)
        # The primary key breaks ties: pages, CSV and exports list records in one order.
        return queryset.order_by(*valid, "pk") if valid else queryset

    @classmethod
    def ordering_of(cls, value: str) -> tuple[str, ...]:
        """The terms of an `ordering` parameter this list may be ordered by; the others are ignored."""
        asked = [term.strip() for term in (value or "").split(",") if term.strip()]
        return tuple(term for term in asked if term.lstrip("-") in cls.ordering_fields)

    def filter_queryset(self, queryset):
        queryset = queryset.order_by(*self.default_ordering, "pk")
        return super().filter_queryset(queryset)

    @property
    def known_parameters(self) -> frozenset[str]:
        return frozenset(self.filters)


def _crosses_to_many(model, path: str) -> bool:
    opts = model._meta
    for part in path.split("__"):
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        opts = field.related_model._meta
    return False


def includes_tombstones(filters) -> bool:
    """An incremental sync (`modified_since`) also learns about archived records: tombstones."""
    return bool(filters) and bool(filters.get("modified_since"))


def filter_list(filterset_class: type[ProgrammeFilterSet], queryset: QuerySet, filters=None) -> QuerySet:
    """`queryset` narrowed by `filters` (a QueryDict or a mapping of parameters to values) through
    the list's FilterSet; raises ValidationError naming each bad field."""
    filterset = filterset_class(data=_as_data(filters), queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        )
    return filterset.qs


def _as_data(filters):
    if filters is None:
        return {}
    if hasattr(filters, "getlist"):
        return filters
    query = QueryDict(mutable=True)
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            query.setlist(str(key), [str(item) for item in value])
        else:
            query[str(key)] = str(value)
    return query


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
        q = reduce(operator.or_, (region_q(path, value) for path in paths))
        return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))

    return django_filters.CharFilter(
        method=lambda queryset, name, value: method(queryset, name, value), label=label
    )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related record by its id."""

    field_class = forms.IntegerField
