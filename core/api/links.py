"""A record shows the ids of the records it links to only where its reader may see them (issue 15: a
link never points outside). A case of Peru led by another country's agency, a Peruvian officer's
participation in another country's workshop, a handover tied to an activity abroad: the record is
the reader's, the linked one is not, so its id is left out (null, or dropped from a list of ids).

One pass over a page or a chunk of rows: one query per linked record type, whatever the rows, for
the JSON pages, the details, the CSV and the data exports alike (`ProgrammeViewSet`, `ExportSource`).
"""

from collections.abc import Iterable, Iterator
from itertools import islice

from rest_framework import serializers

from core.access import MODEL_RULES, Action, access_for, visible
from core.filters import related_model, scoped_model

from .serializers import principal_of

# Rows of a CSV or an export looked at together.
_CHUNK = 500


def link_fields(serializer) -> dict[str, tuple[type, bool]]:
    """The fields of `serializer` that show the id of a linked record some readers may not see:
    name -> (the linked model, whether the field is a list of ids)."""
    fields = {}
    for name, field in serializer.fields.items():
        many = isinstance(field, serializers.ManyRelatedField)
        relation = field.child_relation if many else field
        if field.write_only or not isinstance(relation, serializers.PrimaryKeyRelatedField):
            continue
        model = _linked_model(serializer, field, relation)
        if scoped_model(model):
            fields[name] = (model, many)
    return fields


def _linked_model(serializer, field, relation):
    if relation.queryset is not None:
        return relation.queryset.model
    return related_model(serializer.Meta.model, (field.source or "").replace(".", "__"))


def _sees_every(model, principal) -> bool:
    """Whether `principal` may see every record of `model`, archived ones included: nothing to
    leave out, and no query to make (an administrator, an officer without a country scope)."""
    rule = MODEL_RULES[model]
    access = access_for(principal)
    return (
        access.allows(Action.VIEW, rule.kind)
        and (access.sees_restricted or not rule.sensitivity)
        and (access.visible_country_ids is None or not rule.countries)
    )


class LinkFilter:
    """Leaves out of rows (dicts by field name, or lists in `header` order) the ids of linked
    records the serializer's reader may not see."""

    def __init__(self, serializer, header: list[str] | None = None):
        self.principal = principal_of(serializer.context)
        fields = link_fields(serializer) if self.principal is not None else {}
        self.fields = {
            (header.index(name) if header is not None else name): linked
            for name, linked in fields.items()
            if (header is None or name in header) and not _sees_every(linked[0], self.principal)
        }

    def __bool__(self):
        return bool(self.fields)

    def apply(self, rows: list) -> list:
        """A page: one query per linked record type, made even for a page without links (a page's
        queries do not depend on its rows)."""
        for key, (model, many) in self.fields.items():
            ids = {pk for row in rows for pk in self._ids(row[key], many)}
            seen = set(
                visible(model, self.principal, include_archived=True)
                .filter(pk__in=ids or [0])
                .values_list("pk", flat=True)
            )
            self._leave_out(rows, key, many, seen)
        return rows

    def stream(self, rows: Iterable[list]) -> Iterator[list]:
        """A whole list (CSV, export): the linked records the principal may see read once, first,
        so the queries do not grow with the rows."""
        if not self:
            yield from rows
            return
        seen = {
            key: set(visible(model, self.principal, include_archived=True).values_list("pk", flat=True))
            for key, (model, _many) in self.fields.items()
        }
        rows = iter(rows)
        while chunk := [list(row) for row in islice(rows, _CHUNK)]:
            for key, (_model, many) in self.fields.items():
                self._leave_out(chunk, key, many, seen[key])
            yield from chunk

    @staticmethod
    def _ids(value, many: bool):
        if many:
            return value or ()
        return () if value is None else (value,)

    @staticmethod
    def _leave_out(rows: list, key, many: bool, seen: set) -> None:
        for row in rows:
            value = row[key]
            if many:
                row[key] = [pk for pk in value or () if pk in seen]
            elif value is not None and value not in seen:
                row[key] = None
