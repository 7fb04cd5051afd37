"""The one parser of the figures' parameters: `StatsFilterSet`, a django-filter FilterSet over no
model whose form validates the parameters into `stats.selectors.StatsFilters`.

The stats API (`stats.api.views`), the dashboards' filters (`dashboards.forms`) and the report
parameters (`reports.services`, `reports.documents`) all read `date_from`, `date_to`, `country`,
`region`, `pillar`, `donor`, `substance`, `operation`, `kind` and `group_by` through it, so a bad
value is the same error everywhere, naming its field: a 400 with `errors` in the API, a message
on the dashboard page (HTTP 400), a ValidationError for a report request.

What each parameter accepts (the union of what the API, the dashboards and the reports accepted):

- `date_from`, `date_to`: a date (YYYY-MM-DD); the end not before the start;
- `country`: ISO alpha-2 codes, comma-separated, any case (`PE,co`);
- `region`: the name of a UN M49 region, sub-region or intermediate region, any case;
- `pillar`: pillar numbers, comma-separated;
- `donor`: organisations by id or acronym (any case), comma-separated (`3`, `INL`, `3,EU`);
- `substance`: substances by id, name or synonym (any case), comma-separated, as the seizure list;
- `operation`: one operation by id or code name (any case); one the principal may not see, or
  that does not exist, is not found (404 in the API, as /operations/<id>/ answers): the answer
  does not confirm that a withheld operation exists;
- `kind`: kinds of activity, the parameter repeated for several (`kind=training&kind=workshop`);
- `group_by`: how a statistic breaks its figures down, one of the statistic's groups.

A value that names nothing is "Select a valid choice. … is not one of the available choices.",
one message per such value. With `strict`, an unknown parameter is an error too (the API: a
misspelt filter would otherwise answer with figures for everything); the pages ignore one (a
tracking tag in a link).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Organisation, Pillar
from core.access import visible
from core.filters import region_q
from core.translated import translated_values
from countries.models import Country
from operations.filters import substances_named
from operations.models import Operation, Substance

from .selectors import ACTIVITY_GROUPS, PEOPLE_GROUPS, SEIZURE_GROUPS, StatsFilters

# A query string may carry the response format (`?format=json`): not a parameter of the figures.
NOT_PARAMETERS = frozenset({"format"})
ISO2 = re.compile(r"[A-Za-z]{2}")
# ASCII digits only (str.isdigit also accepts "³"), within the range of a database id.
NUMBER = re.compile(r"[0-9]{1,9}")
LARGEST_ID = 2**31 - 1
INVALID_CHOICE = forms.ChoiceField.default_error_messages["invalid_choice"]


def _items(value: str) -> list[str]:
    """The items of a comma-separated value, each once, in order."""
    return list(dict.fromkeys(item.strip() for item in value.split(",") if item.strip()))


def _invalid_choices(values: Iterable[str]) -> ValidationError:
    return ValidationError(
        [ValidationError(INVALID_CHOICE, code="invalid_choice", params={"value": value}) for value in values]
    )


# --- the fields: each parses one parameter --------------------------------------------------------


class RecordsField(forms.CharField):
    """Comma-separated values, each naming records (`records_named`); a value naming none is an
    error naming it. Cleans to the records, each once, in the order asked."""

    def __init__(self, *, user=None, **kwargs):
        self.user = user
        super().__init__(**kwargs)

    def clean(self, value) -> tuple:
        value = super().clean(value)
        if not value:
            return ()
        items = _items(value)
        named = self.records_named(items)
        unknown = [item for item in items if not named.get(item)]
        if unknown:
            raise _invalid_choices(unknown)
        return tuple(dict.fromkeys(record for item in items for record in named[item]))

    def records_named(self, items: list[str]) -> dict[str, list]:
        raise NotImplementedError


class CountriesField(RecordsField):
    def records_named(self, items):
        codes = {item: item.upper() for item in items if ISO2.fullmatch(item)}
        found = {country.iso2: country for country in Country.objects.filter(iso2__in=codes.values())}
        return {item: [found[code]] for item, code in codes.items() if code in found}


class PillarsField(RecordsField):
    def records_named(self, items):
        numbers = {item: int(item) for item in items if NUMBER.fullmatch(item)}
        found = {
            pillar.number: pillar for pillar in visible(Pillar, self.user).filter(number__in=numbers.values())
        }
        return {item: [found[number]] for item, number in numbers.items() if number in found}


class DonorsField(RecordsField):
    """Organisations that fund activities, by id or acronym (an acronym may name several)."""

    def records_named(self, items):
        ids = {item: int(item) for item in items if NUMBER.fullmatch(item)}
        acronyms = {item: item.lower() for item in items if item not in ids}
        organisations = (
            visible(Organisation, self.user)
            .annotate(lowered_acronym=Lower("acronym"))
            .filter(Q(pk__in=ids.values()) | Q(lowered_acronym__in=acronyms.values()))
            .order_by("pk")
        )
        named: dict[str, list] = {}
        for organisation in organisations:
            for item, pk in ids.items():
                if organisation.pk == pk:
                    named.setdefault(item, []).append(organisation)
            for item, acronym in acronyms.items():
                if organisation.lowered_acronym == acronym:
                    named.setdefault(item, []).append(organisation)
        return named


class SubstancesField(RecordsField):
    """Substances by id, name (in any language) or synonym, as the seizure list reads them
    (`operations.filters.substances_named`)."""

    def records_named(self, items):
        substances = visible(Substance, self.user).filter(pk__in=substances_named(items)).order_by("pk")
        named: dict[str, list] = {}
        for substance in substances:
            # Its name in any language, as substances_named matched it.
            names = {
                *(name.lower() for name in translated_values(substance, "name")),
                *(synonym.lower() for synonym in substance.synonyms),
            }
            for item in items:
                if item == str(substance.pk) or item.lower() in names:
                    named.setdefault(item, []).append(substance)
        return named


class RegionField(forms.CharField):
    """A UN M49 region, sub-region or intermediate region that holds a country (core.filters.region_q)."""

    def clean(self, value) -> str:
        value = super().clean(value)
        if value and not Country.objects.filter(region_q("", value)).exists():
            raise _invalid_choices([value])
        return value


class OperationField(forms.CharField):
    """One operation, by id or code name: cleans to the id (int) or the code name (str); which
    operation it is, and whether the principal may see it, `StatsFilterSet.stats_filters` finds."""

    default_error_messages = {"invalid": _("Give an operation by its id or its code name.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", Operation._meta.get_field("code_name").max_length)
        super().__init__(**kwargs)

    def clean(self, value) -> int | str | None:
        value = super().clean(value)
        if not value:
            return None
        if value.isascii() and value.isdigit():
            number = int(value) if NUMBER.fullmatch(value) else 0
            if not 1 <= number <= LARGEST_ID:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            return number
        return value


class DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _parameter(field: type[forms.Field], **kwargs) -> django_filters.Filter:
    """A parameter of the figures: its field parses it; it filters no queryset of its own."""
    kind = type(f"{field.__name__}Filter", (django_filters.Filter,), {"field_class": field})
    return kind(**kwargs)


class StatsFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


# --- the parser -------------------------------------------------------------------------------------


class StatsFilterSet(django_filters.FilterSet):
    """The parameters of a figure, validated into `StatsFilters` (and a `group_by`).

    A FilterSet over no model: its form is the parser; the figures (stats.selectors) apply the
    `StatsFilters` to each table they count, so `qs` is never used. `only` keeps some of the
    parameters (a page or a report reads only its own); `strict` makes an unknown parameter an
    error. Subclasses add `kind` and `group_by` where a statistic takes them."""

    date_from = _parameter(DateField, label=_("From"))
    date_to = _parameter(DateField, label=_("To"))
    country = _parameter(CountriesField, label=_("Country"))
    region = _parameter(RegionField, label=_("Region"), max_length=100)
    pillar = _parameter(PillarsField, label=_("Pillar"))
    donor = _parameter(DonorsField, label=_("Donor"))
    substance = _parameter(SubstancesField, label=_("Substance"))
    operation = _parameter(OperationField, label=_("Operation"))

    # The group a statistic breaks its figures down by when none is asked; None: no group_by.
    default_group_by: str | None = None

    class Meta:
        form = StatsFilterForm

    def __init__(self, data=None, *, user, only: Iterable[str] | None = None, strict: bool = False):
        # The queryset is a formality of FilterSet: nothing is filtered here.
        super().__init__(_query_data(data), queryset=Country.objects.none())
        self.user = user
        self.strict = strict
        if only is not None:
            for name in set(self.filters) - set(only):
                del self.filters[name]
        for parameter in self.filters.values():
            if issubclass(parameter.field_class, RecordsField):
                # Records are looked up among those the principal may see.
                parameter.extra["user"] = user

    @property
    def unknown_parameters(self) -> list[str]:
        if not self.strict:
            return []
        return sorted(set(self.data) - set(self.filters) - NOT_PARAMETERS)

    def is_valid(self) -> bool:
        return self.form.is_valid() and not self.unknown_parameters

    @property
    def errors(self) -> dict[str, list[str]]:
        """The messages by parameter name."""
        errors = {name: [str(message) for message in messages] for name, messages in self.form.errors.items()}
        for name in self.unknown_parameters:
            errors[name] = [str(_("Unknown parameter."))]
        return errors

    def stats_filters(self, **scope) -> StatsFilters:
        """The parameters as `StatsFilters`, with `scope` (a page's country or operation) set over
        them. Raises ValidationError naming each bad parameter, Http404 for an operation the
        principal may not see."""
        if not self.is_valid():
            raise ValidationError(self.errors)
        data = self.form.cleaned_data
        filters = StatsFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            countries=data.get("country") or (),
            region=data.get("region") or "",
            pillars=data.get("pillar") or (),
            donors=data.get("donor") or (),
            substances=data.get("substance") or (),
            operation=self._operation(data.get("operation")),
            kinds=tuple(sorted(data.get("kind") or ())),
        )
        return dataclasses.replace(filters, **scope)

    @property
    def group_by(self) -> str | None:
        """The group asked for, or the statistic's default; None where it takes no group_by."""
        if self.default_group_by is None or not self.is_valid():
            return self.default_group_by
        return self.form.cleaned_data.get("group_by") or self.default_group_by

    def _operation(self, value: int | str | None) -> Operation | None:
        if value is None:
            return None
        operations = visible(Operation, self.user)
        if isinstance(value, int):
            operation = operations.filter(pk=value).first()
        else:
            operation = operations.filter(code_name__iexact=value).first()
        if operation is None:
            raise Http404
        return operation


def _query_data(data) -> QueryDict:
    """A QueryDict of `data` (a request's, or a mapping: a report's parameters): None and "" are
    left out, dates and numbers written as in a query string."""
    if data is None:
        return QueryDict()
    if hasattr(data, "getlist"):
        return data
    query = QueryDict(mutable=True)
    for name, value in data.items() if isinstance(data, Mapping) else data:
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            query.setlist(str(name), [str(item) for item in value])
        else:
            query[str(name)] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return query


def _group_by(groups: tuple[str, ...]) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(choices=[(group, group) for group in groups], label=_("Group by"))


class ActivityKindsFilterSet(StatsFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=Activity.Kind.choices, label=_("Kind"))


class PeopleStatsFilterSet(ActivityKindsFilterSet):
    group_by = _group_by(PEOPLE_GROUPS)
    default_group_by = "gender"


class ActivityStatsFilterSet(ActivityKindsFilterSet):
    group_by = _group_by(ACTIVITY_GROUPS)
    default_group_by = "kind"


class SeizureStatsFilterSet(StatsFilterSet):
    group_by = _group_by(SEIZURE_GROUPS)
    default_group_by = "substance"


def stats_filters_parse(data, *, user, only: Iterable[str] | None = None) -> StatsFilters:
    """`data` (a mapping of parameters) as `StatsFilters`, reading only the parameters `only`
    names; ValidationError naming each bad one (what a report request calls)."""
    return StatsFilterSet(data, user=user, only=only).stats_filters()
