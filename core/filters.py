"""The one parser of a list's query parameters: django-filter FilterSets.

Every list selector (`<app>/selectors.py`: `seizure_list(*, user, filters)`) narrows the
principal's records with its app's FilterSet (`<app>/filters.py`, built on `ProgrammeFilterSet`),
so the API, the exports, the dashboards and the report parameters read a parameter the same way,
and a bad value is the same error everywhere, naming the field (`filter_list` raises
ValidationError: 400 in the API, a message on a page). Search and ordering are filters of the
FilterSet too (`search_fields`, `ordering_fields`, `default_ordering`).
"""

import copy
import datetime
import functools
import operator
from collections.abc import Callable
from functools import reduce

import django_filters
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.filters import search_smart_split

from core.lookups import contains
from core.translated import stored_lookups

# Query parameters of a list that are not filters of its data.
NOT_FILTERS = frozenset({"format", "page", "page_size", "cursor"})
# The most values one filter takes (e.g. country=PE,CO,…): a longer list is a mistake or an
# attack, not a question the tracker's lists answer.
MAX_FILTER_VALUES = 500
# Unknown parameters named one by one in an error; the rest are counted.
_NAMED_UNKNOWN = 10
# The largest page a list serves (core.api.pagination); a larger `page_size` is refused.
MAX_PAGE_SIZE = 500


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


class KnownValues:
    """A filter of several values (a BaseCSVFilter) that knows which name something: `unknown`,
    given the values, returns those that name nothing. They are refused, naming them, instead of
    narrowing the list to nothing (`country=Peru`)."""

    def __init__(self, *args, unknown: Callable[[list], list] | None = None, unknown_message=None, **kwargs):
        self.unknown = unknown
        # "%(values)s" is the values that name nothing.
        self.unknown_message = unknown_message or _("Unknown values: %(values)s.")
        super().__init__(*args, **kwargs)


class CodesFilter(KnownValues, django_filters.BaseInFilter, django_filters.CharFilter):
    """Several values, comma-separated (`country=PE,CO`) or the parameter repeated
    (`country=PE&country=CO`)."""


def _unknown_countries(codes: list[str]) -> list[str]:
    # Django's string reference: the countries app sits above core.
    country = apps.get_model("countries", "Country")
    known = set(
        country.objects.filter(iso2__in={code.upper() for code in codes}).values_list("iso2", flat=True)
    )
    return [code for code in dict.fromkeys(codes) if code.upper() not in known]


# Resolvers of nested changes (the sync app registers its own at start-up): model, time -> Q.
_NESTED_CHANGES: list[Callable] = []


def register_nested_changes(resolver: Callable) -> None:
    _NESTED_CHANGES.append(resolver)


def changed_since(model, value: datetime.datetime) -> Q:
    """Records of `model` whose nested or linked records changed since `value` while their own row
    stayed as it was (a link removed, a nested record deleted): every `modified_since` adds it."""
    return reduce(operator.or_, (resolver(model, value) for resolver in _NESTED_CHANGES), Q())


def since(value: datetime.datetime) -> datetime.datetime:
    """`modified_since` in UTC: ISO 8601 allows UTC offsets PostgreSQL refuses (beyond ±15:59)."""
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValidationError({"modified_since": _("This time is out of range.")}) from error


class StrictFilterSet(django_filters.FilterSet):
    """A list's FilterSet that is strict, so a client's mistake is never a silently wrong answer:
    a parameter the list does not take, a value that names nothing (`country=Peru`), an ordering
    the list does not offer, a single-valued parameter given twice with different values, more
    than MAX_FILTER_VALUES values, a `page_size` above MAX_PAGE_SIZE or a period that ends before
    it starts are each an error naming the parameter (a 400 in the API). A multi-valued filter
    takes its values both ways: comma-separated, or the parameter repeated (what generated
    clients send)."""

    ordering_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *args, **kwargs):
        self.strict_errors: dict[str, list[str]] = {}
        self._values_checked = False
        super().__init__(self._normalised(data), *args, **kwargs)

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if "ordering" in filters:
            # The schema enumerates the orderings this list offers.
            ordering = copy.deepcopy(filters["ordering"])
            ordering._spectacular_annotation = {
                "field": {
                    "type": "array",
                    "items": {"type": "string", "enum": cls.ordering_choices()},
                    # Lazy: base_filters are made once, at import; the schema is written per language.
                    "description": _(
                        "Order by these fields, the first first; `-` before a field for descending."
                    ),
                }
            }
            filters["ordering"] = ordering
        return filters

    def _normalised(self, data):
        """Both styles of a multi-valued filter as the one its form field reads; the parameters
        the list does not take, and single values given twice, noted as errors."""
        if data is None:
            return None
        query = _as_data(data).copy()
        unknown = []
        for name in query:
            values = [value for value in query.getlist(name) if value != ""]
            filter_ = self.base_filters.get(name)
            if filter_ is None:
                if name not in NOT_FILTERS:
                    unknown.append(name)
                elif len(set(values)) > 1:
                    self._refuse(name, _("Given more than once, with different values."))
                continue
            if isinstance(filter_, django_filters.filters.BaseCSVFilter) or name == "ordering":
                parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
                query.setlist(name, [",".join(parts)] if parts else [])
            elif isinstance(filter_, django_filters.MultipleChoiceFilter):
                parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
                query.setlist(name, parts)
            elif len(set(values)) > 1:
                self._refuse(name, _("Given more than once, with different values: give it once."))
                continue
            else:
                parts = values
            if len(parts) > MAX_FILTER_VALUES:
                self._refuse(name, _("Give at most %(limit)s values.") % {"limit": MAX_FILTER_VALUES})
        for name in unknown[:_NAMED_UNKNOWN]:
            self._refuse(
                name,
                _("Unknown parameter. This list takes: %(names)s.")
                % {"names": ", ".join(sorted(self.base_filters))},
            )
        if len(unknown) > _NAMED_UNKNOWN:
            self._refuse(
                "parameters",
                _("%(count)s more unknown parameters.") % {"count": len(unknown) - _NAMED_UNKNOWN},
            )
        page_size = query.get("page_size")
        if page_size not in (None, ""):
            if not (page_size.isascii() and page_size.isdigit()) or not 1 <= int(page_size) <= MAX_PAGE_SIZE:
                self._refuse("page_size", _("A whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE})
        return query

    def _refuse(self, name: str, message) -> None:
        self.strict_errors.setdefault(name, []).append(str(message))

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and not self._values_checked:
            self._values_checked = True
            self._check_values()
        return valid and not self.strict_errors

    @property
    def errors(self) -> dict[str, list[str]]:
        errors = {name: [str(message) for message in messages] for name, messages in self.form.errors.items()}
        for name, messages in self.strict_errors.items():
            errors.setdefault(name, []).extend(messages)
        return errors

    def _check_values(self) -> None:
        """What the form's fields cannot know: values that name nothing, orderings not offered,
        a period reversed."""
        cleaned = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            value = cleaned.get(name)
            if not value:
                continue
            if name in self.strict_errors:
                continue
            if isinstance(filter_, KnownValues) and filter_.unknown is not None:
                items = value if isinstance(value, list | tuple) else [value]
                unknown = filter_.unknown([item.strip() if isinstance(item, str) else item for item in items])
                if unknown:
                    named = [str(item) for item in unknown[:_NAMED_UNKNOWN]] + (
                        ["…"] if len(unknown) > _NAMED_UNKNOWN else []
                    )
                    self._refuse(name, filter_.unknown_message % {"values": ", ".join(named)})
        ordering = cleaned.get("ordering")
        if ordering:
            offered = self.ordering_choices()
            asked = [term.strip() for term in ordering.split(",") if term.strip()]
            refused = [term for term in asked if term not in offered]
            if refused:
                self._refuse(
                    "ordering",
                    _("This list cannot be ordered by %(terms)s. It can be by: %(offered)s.")
                    % {"terms": ", ".join(refused), "offered": ", ".join(offered)},
                )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self._refuse("date_to", _("The end of the period is before its start."))

    @classmethod
    def unfiltered(cls, queryset: QuerySet) -> QuerySet:
        """The list given no filter (`filter_list` skips building the FilterSet then)."""
        return queryset

    @classmethod
    def ordering_choices(cls) -> list[str]:
        """Every value `ordering` takes: each field, ascending or descending (`-`)."""
        return [term for field in cls.ordering_fields for term in (field, f"-{field}")]


class ProgrammeFilterSet(StrictFilterSet):
    """What every list of records filters by: `modified_since` for incremental sync, `search`
    over the list's `search_fields` (each term in any of them, every term; a list with nothing to
    search takes no `search`: a list without `search_fields` does not offer it), `ordering` by its
    `ordering_fields`, then `default_ordering`;
    strict (StrictFilterSet)."""

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

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        if not cls.search_fields:
            # Nothing to search in: `?search=` is an unknown parameter (a 400 naming it), not a
            # search over no field.
            filters.pop("search", None)
        return filters

    def filter_modified_since(self, queryset, name, value):
        value = since(value)
        return queryset.filter(Q(updated_at__gte=value) | changed_since(queryset.model, value))

    def filter_search(self, queryset, name, value):
        if "\x00" in value:
            raise ValidationError({"search": _("Null characters are not allowed.")})
        terms = search_smart_split(value)
        if not terms:
            return queryset
        conditions = [
            reduce(
                operator.or_,
                (self._search_condition(queryset.model, field, term) for field in self.search_fields),
            )
            for term in terms
        ]
        condition = reduce(operator.and_, conditions)
        if not any(_crosses_to_many(queryset.model, field) for field in self.search_fields):
            return queryset.filter(condition)
        # A subquery, not a join: a to-many match must not repeat a row.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(condition).values("pk"))

    def _search_condition(self, model, field: str, term: str) -> Q:
        """`term` in `field`; in a related record's field only among the records the principal may
        see (a search is never an oracle of what lies outside). A record's own activity (an
        operation's, a training's: one record, one id) is the record itself."""
        parts = field.split("__")
        opts = model._meta
        for index, part in enumerate(parts[:-1]):
            relation = opts.get_field(part)
            related = relation.related_model
            if scoped_model(related) and not (relation.one_to_one and relation.primary_key):
                matching = related._default_manager.filter(
                    contains(related, "__".join(parts[index + 1 :]), term)
                )
                return Q(**{f"{'__'.join(parts[: index + 1])}__in": visible_to(self, matching).values("pk")})
            opts = related._meta
        # ILIKE, which the trigram indexes serve (core.trigram), where icontains is UPPER() LIKE.
        return contains(model, field, term)

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
        # A list's search, filters and order read the names as stored, whatever the language: the
        # API's data is language-neutral (core.translated).
        queryset = stored_lookups(queryset).order_by(*self.default_ordering, "pk")
        return super().filter_queryset(queryset)

    @classmethod
    def unfiltered(cls, queryset: QuerySet) -> QuerySet:
        return stored_lookups(queryset).order_by(*cls.default_ordering, "pk")

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


def filter_list(
    filterset_class: type[ProgrammeFilterSet], queryset: QuerySet, filters=None, *, user=None
) -> QuerySet:
    """`queryset` narrowed by `filters` (a QueryDict or a mapping of parameters to values) through
    the list's FilterSet; raises ValidationError naming each bad field."""
    if _unfiltered(filters) and _plain(filterset_class):
        # No filter given (a first page, a page number): the list's own order, no FilterSet built.
        return filterset_class.unfiltered(queryset)
    filterset = filterset_class(data=_as_data(filters), queryset=queryset)
    # Whose list it is: a filter that refers to a related record sees only what they may see.
    filterset.principal = user
    if not filterset.is_valid():
        raise ValidationError(
            {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
        )
    return filterset.qs


def _unfiltered(filters) -> bool:
    """Whether `filters` give no filter: nothing, or a page number and a format only, once each."""
    if not filters:
        return True
    if not hasattr(filters, "getlist"):
        return False
    return all(name in _PAGE_ONLY and len(filters.getlist(name)) == 1 for name in filters)


_PAGE_ONLY = frozenset({"page", "format"})


@functools.cache
def _plain(filterset_class) -> bool:
    """Whether the FilterSet, given no filter, only orders the list (`unfiltered` says how): no
    filter of its own is required and its `filter_queryset` is its base's."""
    base = ProgrammeFilterSet if issubclass(filterset_class, ProgrammeFilterSet) else StrictFilterSet
    if filterset_class.filter_queryset is not base.filter_queryset:
        return False
    return not any(filter_.extra.get("required") for filter_ in filterset_class.base_filters.values())


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


def in_countries(queryset: QuerySet, paths: tuple[str, ...], countries: Q) -> QuerySet:
    """`queryset` narrowed to the records whose country at one of `paths` matches `countries` (a
    condition on a country itself). The countries are resolved to their ids first, on their small
    table: with the ids written out the planner knows how few rows a rare country has and reads
    the records' country index, instead of walking a big table in the list's order for a country
    named by a join (0.5 s for a country with no seizure among a million)."""
    from core.access import single_valued

    country = apps.get_model("countries", "Country")
    ids = list(country.objects.filter(countries).values_list("pk", flat=True))
    manager = queryset.model._default_manager
    q = Q(pk__in=[])
    for path in paths:
        if single_valued(queryset.model, path):
            q |= Q(**{f"{path}__in" if path else "pk__in": ids})
        else:
            # A subquery of its own, not a join: a to-many path must not multiply the rows, nor
            # join the other paths (an OR across a join reads both tables whole).
            q |= Q(pk__in=manager.filter(**{f"{path}__in": ids}).values("pk"))
    return queryset.filter(q)


def country_filter(*paths: str, label=COUNTRY_LABEL):
    def method(queryset, name, value):
        codes = [code.strip().upper() for code in value if code.strip()]
        return in_countries(queryset, paths, Q(iso2__in=codes))

    return CodesFilter(
        method=lambda queryset, name, value: method(queryset, name, value),
        label=label,
        help_text=label,
        unknown=_unknown_countries,
        unknown_message=_("Unknown country codes: %(values)s."),
    )


class RegionFilter(KnownValues, django_filters.CharFilter):
    """A UN M49 region, sub-region or intermediate region, by name."""


def _unknown_regions(names: list[str]) -> list[str]:
    country = apps.get_model("countries", "Country")
    return [name for name in names if not country.objects.filter(region_q("", name)).exists()]


def region_filter(*paths: str, label=REGION_LABEL):
    def method(queryset, name, value):
        return in_countries(queryset, paths, region_q("", value))

    return RegionFilter(
        method=lambda queryset, name, value: method(queryset, name, value),
        label=label,
        unknown=_unknown_regions,
    )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A related record by its id: one the principal may see. The id of a record out of the
    principal's scope narrows to nothing, exactly as the id of no record does, so a filter is never
    an oracle of what lies outside (`?seizure=<another country's seizure>` on cases)."""

    field_class = forms.IntegerField

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        relation = self.field_name.removesuffix("_id")
        return qs.filter(
            **{f"{relation}__in": seen_by(self.parent, related_model(qs.model, relation), pk=value)}
        )


def seen_by(filterset, model, **lookups) -> QuerySet:
    """The records of `model` matching `lookups` that the list's principal may see (archived ones
    included: a tombstone is not a secret from who saw the record); all of them for a list filtered
    without a principal (an internal read)."""
    return visible_to(filterset, model._default_manager.filter(**lookups)).values("pk")


def visible_to(filterset, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to what the list's principal may see: what a filter, or a
    `modified_since` clause, that looks at related records must go through."""
    from core.access import MODEL_RULES, scope_queryset

    principal = getattr(filterset, "principal", None)
    if principal is None or queryset.model not in MODEL_RULES:
        return queryset
    return scope_queryset(queryset, principal, include_archived=True)


def scoped_model(model) -> bool:
    """Whether some principals may not see every record of `model` (its rule names countries or a
    sensitivity)."""
    from core.access import MODEL_RULES

    rule = MODEL_RULES.get(model)
    return rule is not None and bool(rule.countries or rule.sensitivity)


def related_model(model, path: str):
    """The model at the end of a relation path (`handover__activity`) from `model`."""
    opts = model._meta
    for part in path.split("__"):
        opts = opts.get_field(part).related_model._meta
    return opts.model
