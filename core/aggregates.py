"""Aggregates of related rows shared by the admin's changelists and the API's lists."""

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def related_aggregate(queryset: QuerySet, *, outer_field: str, aggregate, output_field=None, default=0):
    """An aggregate of related rows as a correlated subquery, for a changelist's `annotate()`.

    Several to-many annotations joined into one query multiply each other's rows; a subquery per
    column keeps each figure exact and the changelist at one query whatever its length.
    """
    subquery = Subquery(
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(value=aggregate)
        .values("value"),
        output_field=output_field or IntegerField(),
    )
    if default is None:
        return subquery
    return Coalesce(subquery, Value(default), output_field=output_field or IntegerField())
