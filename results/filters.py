"""The parameters of the results framework's lists and of its IPTT: the one parser of each.

The lists (frameworks, results, indicators, targets, reported actuals, narratives) filter
through their FilterSets (strict: an unknown parameter or a value naming nothing is an error
naming it). The IPTT's parameters go through `IpttParametersForm` (`iptt_parameters`), which the
API and the results page share: `framework` (an id), `frequency` (annual or quarterly),
`date_from`, `date_to` and `disaggregate` (a dimension).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.access import visible
from core.filters import IdFilter, ProgrammeFilterSet

from .iptt import FREQUENCIES
from .measures import MEASURES
from .models import Dimension, Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target

FRAMEWORK_LABEL = _("A framework, by id")


class FrameworkFilter(ProgrammeFilterSet):
    search_fields = ("name", "description")
    ordering_fields = ("id", "name", "start_date", "updated_at")
    default_ordering = ("name",)

    owner = IdFilter(field_name="owner", label=_("The donor a framework belongs to, by organisation id"))
    programme = django_filters.BooleanFilter(
        field_name="owner", lookup_expr="isnull", label=_("true: the programme's own frameworks only")
    )

    class Meta:
        model = Framework
        fields = []


class ResultFilter(ProgrammeFilterSet):
    search_fields = ("code", "statement")
    ordering_fields = ("id", "code", "updated_at")
    default_ordering = ("framework", "code")

    framework = IdFilter(field_name="framework", label=FRAMEWORK_LABEL)
    level = django_filters.ChoiceFilter(choices=Result.Level.choices, label=_("Level"))

    class Meta:
        model = Result
        fields = []


class IndicatorFilter(ProgrammeFilterSet):
    search_fields = ("code", "name", "definition")
    ordering_fields = ("id", "code", "order", "updated_at")
    default_ordering = ("framework", "order", "code")

    framework = IdFilter(field_name="framework", label=FRAMEWORK_LABEL)
    result = IdFilter(field_name="result", label=_("A result, by id"))
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices, label=_("Computed or reported"))
    measure = django_filters.ChoiceFilter(
        choices=[(code, code) for code in MEASURES], label=_("The measure of the catalogue")
    )

    class Meta:
        model = Indicator
        fields = []


class TargetFilter(ProgrammeFilterSet):
    ordering_fields = ("id", "year", "quarter", "updated_at")
    default_ordering = ("indicator", "period_type", "year", "quarter")

    indicator = IdFilter(field_name="indicator", label=_("An indicator, by id"))
    framework = IdFilter(field_name="indicator__framework", label=FRAMEWORK_LABEL)
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = Target
        fields = []


class ReportedActualFilter(TargetFilter):
    search_fields = ("source", "evidence")

    class Meta:
        model = ReportedActual
        fields = []


class ProgressNarrativeFilter(ProgrammeFilterSet):
    search_fields = ("text",)
    ordering_fields = ("id", "year", "quarter", "updated_at")
    default_ordering = ("result", "period_type", "year", "quarter")

    result = IdFilter(field_name="result", label=_("A result, by id"))
    framework = IdFilter(field_name="result__framework", label=FRAMEWORK_LABEL)
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))

    class Meta:
        model = ProgressNarrative
        fields = []


# --- the IPTT's parameters -----------------------------------------------------------------------

NOT_PARAMETERS = frozenset({"format"})


@dataclass(frozen=True)
class IpttParameters:
    framework: Framework
    frequency: str = "annual"
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    disaggregate: str | None = None

    def as_kwargs(self) -> dict:
        return {
            "framework": self.framework,
            "frequency": self.frequency,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "disaggregate": self.disaggregate,
        }


class IpttParametersForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.none(), label=_("Framework"))
    frequency = forms.ChoiceField(
        choices=[("annual", _("By year")), ("quarterly", _("By quarter"))],
        required=False,
        label=_("Periods"),
    )
    date_from = forms.DateField(required=False, label=_("From"))
    date_to = forms.DateField(required=False, label=_("To"))
    disaggregate = forms.ChoiceField(
        choices=[("", _("No breakdown")), *Dimension.choices], required=False, label=_("Breakdown")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = visible(Framework, user).select_related("owner")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


def iptt_parameters(data, *, user, strict: bool = True) -> IpttParameters:
    """The IPTT's parameters from a query (`strict`: an unknown parameter is an error too);
    ValidationError naming each bad one (a framework the caller may not see names nothing)."""
    form = IpttParametersForm(data, user=user)
    errors = {}
    if strict:
        for name in sorted(set(data) - set(form.fields) - NOT_PARAMETERS):
            errors[name] = [
                str(_("Unknown parameter. The IPTT takes: %(names)s.") % {"names": ", ".join(form.fields)})
            ]
    if not form.is_valid():
        errors.update(
            {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        )
    if errors:
        raise ValidationError(errors)
    data = form.cleaned_data
    assert data["frequency"] in ("", *FREQUENCIES)
    return IpttParameters(
        framework=data["framework"],
        frequency=data["frequency"] or "annual",
        date_from=data["date_from"],
        date_to=data["date_to"],
        disaggregate=data["disaggregate"] or None,
    )
