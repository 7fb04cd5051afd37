"""The rows of a data export, as the list's serializer shows them.

Serializing model instances costs half a millisecond a row. The lists that declare `export_columns`
(their viewset's attribute) read their
columns straight from the database instead (`values_list` on the list's own scoped, filtered and
ordered queryset) and show each value as the serializer's field does. Each column follows from
the serializer's field:

- a field of the model, of a record it points at (`source="substance.category.name"`) or an
  annotation of the list's queryset: that value, through the field's `to_representation`;
- a relation by id (`PrimaryKeyRelatedField`) or by slug (`SlugRelatedField`, a country's ISO
  code): the related record's key, read through the join;
- a to-many relation (`many=True`) or a nested list serializer: the ids of the linked records
  (an ARRAY subquery on the link table), then, for a chunk of rows at a time, what is shown of
  those records as the list's prefetch reads them (its queryset: the same scope, the same order):
  one query per chunk and relation, like the prefetch.

What the fields do not say (a model property, a custom field) is named in `export_columns`; a field
that is neither raises ImproperlyConfigured. Columns come from the serializer instance's fields, so
the fields hidden from the requester (personal data) are left out here too. Every other list goes
through the serializer (`serializer_rows`); the tests compare both paths for each list here.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import OuterRef, Prefetch, QuerySet
from django.db.models.expressions import BaseExpression, RawSQL
from rest_framework import ISO_8601, serializers
from rest_framework.relations import ManyRelatedField
from rest_framework.settings import api_settings


@dataclass(frozen=True)
class RelatedValues:
    """A to-many relation shown as the list of one attribute of its records (a custom field's
    `[topic.name for topic in activity.topics.all()]`)."""

    relation: str
    attribute: str


# What a viewset declares as its `export_columns`: the columns whose serializer field does not say
# how to read them from the database (none for most lists); None: the list goes through the serializer.
ExportColumns = dict[str, BaseExpression | RelatedValues]


# Fields whose `to_representation` gives a value of these model fields back as it is.
_SHOWN_AS_READ = {
    serializers.CharField: {"CharField", "TextField", "SlugField"},
    serializers.EmailField: {"CharField"},
    serializers.URLField: {"CharField"},
    serializers.IntegerField: {
        "AutoField",
        "BigAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "PositiveBigIntegerField",
    },
    serializers.BooleanField: {"BooleanField"},
}


@dataclass(frozen=True)
class Column:
    """What `values_list` selects for a column, and how a value (not NULL) is shown; None: as read."""

    expression: str | BaseExpression
    show: Callable[[Any], Any] | None


@dataclass(frozen=True)
class ToManyColumn:
    """A to-many relation: `expression` selects the ids of the records linked to a row; `values`
    are read of those among the `records` (the prefetch's queryset: its scope, its order) for many
    rows at once, and `show` makes one record's values what the serializer shows of it."""

    expression: ArraySubquery
    records: QuerySet
    values: tuple[str | BaseExpression, ...]
    show: Callable[[list], Any]

    def shown_by_id(self, ids: set) -> dict[Any, tuple[int, Any]]:
        """Each record among `ids` that the list may show: its place in the records' order, and
        what is shown of it. One query even for no ids, so that a page's query count does not
        depend on whether its records have links."""
        among = RawSQL("SELECT unnest(%s::bigint[])", (sorted(ids),))
        found = self.records.prefetch_related(None).filter(pk__in=among).values_list("pk", *self.values)
        return {key: (position, self.show(values)) for position, (key, *values) in enumerate(found)}


def export_rows(
    *, export_columns: ExportColumns | None, queryset: QuerySet, serializer, header: list[str]
) -> Iterator[list]:
    """The values of `header` for each record of `queryset`, as `serializer` shows them."""
    columns = row_columns(
        export_columns=export_columns, queryset=queryset, serializer=serializer, header=header
    )
    if columns is None:
        return serializer_rows(queryset=queryset, serializer=serializer, header=header)
    return values_rows(queryset=queryset, columns=columns)


def serializer_rows(*, queryset: QuerySet, serializer, header: list[str]) -> Iterator[list]:
    """The values of `header` for each record of `queryset`, each record through `serializer`."""
    for record in queryset.iterator(chunk_size=settings.REPORTS_EXPORT_CHUNK_SIZE):
        data = serializer.to_representation(record)
        yield [data.get(name) for name in header]


def values_rows(
    *, queryset: QuerySet, columns: list[Column | ToManyColumn], stream: bool = True
) -> Iterator[list]:
    """The columns' values for each record of `queryset`, a chunk of rows fetched at a time
    (`stream`), or all at once (a page of the API: no server-side cursor for 50 rows)."""
    chunk_size = settings.REPORTS_EXPORT_CHUNK_SIZE
    shown = [
        (index, column.show)
        for index, column in enumerate(columns)
        if isinstance(column, Column) and column.show is not None
    ]
    to_many = [(index, column) for index, column in enumerate(columns) if isinstance(column, ToManyColumn)]
    rows = queryset.prefetch_related(None).values_list(*(column.expression for column in columns))
    if stream:
        rows = rows.iterator(chunk_size=chunk_size)
        chunks = iter(lambda: list(islice(rows, chunk_size)), [])
    else:
        chunks = [list(rows)]
    for chunk in chunks:
        related = [
            (index, column.shown_by_id({key for row in chunk for key in row[index]}))
            for index, column in to_many
        ]
        for row in chunk:
            values = list(row)
            for index, show in shown:
                if values[index] is not None:
                    values[index] = show(values[index])
            for index, by_id in related:
                # In the records' order, those the list may show (the prefetch's scope).
                if values[index]:
                    linked = sorted(by_id[key] for key in values[index] if key in by_id)
                    values[index] = [item for _place, item in linked]
            yield values


def row_columns(
    *, export_columns: ExportColumns | None, queryset: QuerySet, serializer, header: list[str]
) -> list[Column | ToManyColumn] | None:
    """The columns of `header` read from the database; None where the list declares no
    `export_columns` (it goes through the serializer)."""
    # DISTINCT over the selected values could merge rows the serializer would show apart.
    if export_columns is None or queryset.query.distinct:
        return None
    named = export_columns
    return [_column(serializer.fields[name], named.get(name), queryset) for name in header]


def _column(field, named, queryset: QuerySet) -> Column | ToManyColumn:
    if isinstance(named, RelatedValues):
        return _to_many(queryset, named.relation, (named.attribute,), itemgetter(0))
    if named is not None:
        return Column(named, field.to_representation)
    if isinstance(field, ManyRelatedField):
        return _to_many(queryset, field.source, (_key_of(field.child_relation),), itemgetter(0))
    if isinstance(field, serializers.ListSerializer):
        return _nested(field, queryset)
    return _scalar(field, queryset)


def _scalar(field, queryset: QuerySet) -> Column:
    attrs = field.source_attrs
    target = _model_field(queryset.model, attrs, queryset)
    if isinstance(field, serializers.RelatedField):
        if target is None or not (target.many_to_one or target.one_to_one):
            _cannot(field)
        key = _key_of(field)
        return Column("__".join(attrs if key == "pk" else [*attrs, key]), None)
    if target is None or target.is_relation:
        _cannot(field)
    return Column("__".join(attrs), _show(field, target))


def _nested(field: serializers.ListSerializer, queryset: QuerySet) -> ToManyColumn:
    """A nested list of records (an activity's links): the child serializer's fields, in order."""
    records = _related_records(queryset, field.source)
    names = [name for name, child in field.child.fields.items() if not child.write_only]
    parts = [_scalar(field.child.fields[name], records) for name in names]

    def show(values) -> dict:
        return {
            name: value if value is None or part.show is None else part.show(value)
            for name, value, part in zip(names, values, parts, strict=True)
        }

    return _to_many(queryset, field.source, tuple(part.expression for part in parts), show)


def _to_many(queryset: QuerySet, relation: str, values: tuple, show: Callable) -> ToManyColumn:
    return ToManyColumn(
        expression=_linked_ids(queryset.model, relation),
        records=_related_records(queryset, relation),
        values=values,
        show=show,
    )


def _show(field, target) -> Callable | None:
    kind = type(field)
    if kind is serializers.BigIntegerField and not getattr(
        field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
    ):
        kind = serializers.IntegerField
    if kind is serializers.ChoiceField or target.get_internal_type() in _SHOWN_AS_READ.get(kind, ()):
        return None
    if kind is serializers.DateField and iso_output(field, api_settings.DATE_FORMAT):
        return datetime.date.isoformat
    if kind is serializers.DateTimeField and iso_output(field, api_settings.DATETIME_FORMAT):
        return _datetime_show(field)
    if kind is serializers.DecimalField:
        return _decimal_show(field)
    return field.to_representation


def iso_output(field, default: str) -> bool:
    """Whether a date or date-time field shows its value as ISO 8601 text (its own `format`, or
    the API's default)."""
    output_format = getattr(field, "format", default)
    return output_format is not None and output_format.lower() == ISO_8601


def _datetime_show(field) -> Callable:
    """`DateTimeField.to_representation` of an aware datetime, in the zone it would use."""
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None:
        return field.to_representation

    def show(value: datetime.datetime) -> str:
        if value.tzinfo is None:
            return field.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return show


def _decimal_show(field) -> Callable:
    """`DecimalField.to_representation` of a value that already has the field's places (a column
    of the same scale): its text as it is."""
    if (
        not getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        or field.localize
        or field.normalize_output
        or field.decimal_places is None
    ):
        return field.to_representation
    exponent, max_digits = -field.decimal_places, field.max_digits or math.inf

    def show(value: Decimal) -> str:
        _sign, digits, value_exponent = value.as_tuple()
        if value_exponent == exponent and len(digits) <= max_digits:
            return f"{value:f}"
        return field.to_representation(value)

    return show


def _key_of(relation) -> str:
    """The attribute a relation field shows of its record, as its `to_representation` does."""
    shows = type(relation).to_representation
    if shows is serializers.SlugRelatedField.to_representation:
        return relation.slug_field
    if shows is serializers.PrimaryKeyRelatedField.to_representation and relation.pk_field is None:
        return "pk"
    _cannot(relation)


def _model_field(model, attrs: list[str], queryset: QuerySet):
    """The model field at the end of `attrs` (through forward foreign keys; a foreign key's
    `<name>_id`, or a `pk` that is one: the related key), an annotation's output field, or None
    where the path is not in the database (a property)."""
    if not attrs:  # source="*": the whole record
        return None
    if len(attrs) == 1 and attrs[0] in queryset.query.annotations:
        return queryset.query.annotations[attrs[0]].output_field
    for position, attr in enumerate(attrs):
        try:
            field = model._meta.pk if attr == "pk" else model._meta.get_field(attr)
        except FieldDoesNotExist:
            return None
        if position < len(attrs) - 1:
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                return None
            model = field.related_model
    if field.is_relation and field.concrete and attrs[-1] != field.name:
        # `<name>_id` or `pk`: the key the field holds.
        return field.target_field
    return field if field.concrete else None


def _relation(model, relation: str):
    try:
        field = model._meta.get_field(relation)
    except FieldDoesNotExist:
        raise ImproperlyConfigured(f"{model.__name__} has no relation {relation!r}") from None
    if not (field.one_to_many or field.many_to_many):
        raise ImproperlyConfigured(f"{model.__name__}.{relation} is not a to-many relation")
    return field


def _related_records(queryset: QuerySet, relation: str) -> QuerySet:
    """The records of a to-many relation as the list's prefetch reads them: its queryset, or the
    related model's default one."""
    field = _relation(queryset.model, relation)
    for lookup in queryset._prefetch_related_lookups:
        if (
            isinstance(lookup, Prefetch)
            and lookup.prefetch_through == relation
            and lookup.to_attr is None
            and lookup.queryset is not None
        ):
            return lookup.queryset
    return field.related_model._default_manager.all()


def _linked_ids(model, relation: str) -> ArraySubquery:
    """The ids of the records a row's relation links it to, from the link table alone (or the
    records' foreign key): an index scan a row."""
    field = _relation(model, relation)
    if field.many_to_many:
        many = field if field.concrete else field.field
        through = many.remote_field.through
        own, other = many.m2m_field_name(), many.m2m_reverse_field_name()
        if not field.concrete:
            own, other = other, own
        links = through._base_manager.filter(**{own: OuterRef("pk")})
        return ArraySubquery(links.order_by().values(through._meta.get_field(other).attname))
    links = field.related_model._base_manager.filter(**{field.field.name: OuterRef("pk")})
    return ArraySubquery(links.order_by().values("pk"))


def _cannot(field):
    raise ImproperlyConfigured(
        f"The export rows cannot read {type(field).__name__} {field.field_name!r} (source "
        f"{field.source!r}) from the database: name it in the viewset's export_columns."
    )
