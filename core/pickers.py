"""Pickers narrowed to what fits: the admin's choosers offer only the records a field can take.

A chooser that lists every organisation for "Donors", or Colombia's agencies to an officer
recording a Peruvian's agency, invites the wrong record. Each app declares, for a foreign key or
many-to-many field of its models, what fits it (`register_picker`):

- `choices`: the records that fit the field whatever the form holds (donors among organisations);
- `follows`: form fields whose value narrows the choices (`{"lead_country": "country"}`: the lead
  agency is one of the lead country's agencies); the admin's autocomplete sends them along
  (static/admin/js/pickers.js), and the model's `clean` refuses a mismatch on save;
- `editable_only`: only records of the countries the user may edit (an officer limited to Peru
  picks Peru's agencies only).

The same narrowing applies where the choices are offered (the autocomplete endpoint,
core.admin.PickerAutocompleteView, whatever the URL says) and where the choice is checked (the
form field's queryset), so a crafted request can pick no more than the page offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q, QuerySet

from core.access import editable_scope


@dataclass(frozen=True)
class Picker:
    choices: Q | None = None
    # A form field of the record being edited → the lookup it narrows on the chosen model.
    follows: Mapping[str, str] = field(default_factory=dict)
    editable_only: bool = False

    def narrow(self, queryset: QuerySet, *, principal, values: Mapping[str, str] | None = None) -> QuerySet:
        """`queryset` narrowed to what fits, for `principal`, given the form's `values`."""
        if self.choices is not None:
            queryset = queryset.filter(self.choices)
        if self.editable_only:
            queryset = editable_scope(queryset, principal)
        for form_field, lookup in self.follows.items():
            value = (values or {}).get(form_field)
            if not value:
                continue  # nothing chosen yet: the record's own check refuses a mismatch on save
            if not str(value).isdigit():
                return queryset.none()
            queryset = queryset.filter(**{lookup: int(value)})
        return queryset


PICKERS: dict[tuple[str, str], Picker] = {}


def register_picker(model: type[models.Model], field_name: str, picker: Picker) -> None:
    """Declare what fits `model.field_name` (from the app's admin module)."""
    model._meta.get_field(field_name)  # a typo fails at start-up, not silently
    PICKERS[(model._meta.label_lower, field_name)] = picker


def picker_for(model: type[models.Model], field_name: str) -> Picker | None:
    return PICKERS.get((model._meta.concrete_model._meta.label_lower, field_name))
