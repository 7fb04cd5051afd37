"""The results framework in the admin: a framework with its results and indicators on one page,
an indicator with its targets and reported actuals, a result with its progress narratives; each
with its history, like every programme record."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.admin import ServiceAdmin, ServiceStackedInline, ServiceTabularInline

from .measures import MEASURES
from .models import Dimension, Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target


class IndicatorForm(forms.ModelForm):
    measure = forms.ChoiceField(
        label=_("measure"),
        required=False,
        choices=[
            ("", _("— reported, no measure —")),
            *((code, f"{code}: {m.name}") for code, m in MEASURES.items()),
        ],
        help_text=_("For a computed indicator: the measure of the catalogue it is computed by."),
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("disaggregations"),
        required=False,
        choices=Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the IPTT may break its actuals down by (the measure must support it)."),
    )

    class Meta:
        model = Indicator
        fields = [
            "framework",
            "result",
            "code",
            "name",
            "definition",
            "unit",
            "numerator",
            "denominator",
            "direction",
            "cumulative",
            "baseline",
            "baseline_date",
            "kind",
            "measure",
            "donors",
            "disaggregations",
            "order",
        ]


class ResultInline(ServiceTabularInline):
    model = Result
    fk_name = "framework"
    fields = ("code", "level", "parent", "pillar", "statement")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "statement":
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return field


class IndicatorInline(ServiceStackedInline):
    model = Indicator
    form = IndicatorForm
    fields = (
        ("code", "order", "result"),
        "name",
        ("kind", "measure", "unit", "direction", "cumulative"),
        ("baseline", "baseline_date"),
        "disaggregations",
    )


class TargetInline(ServiceTabularInline):
    model = Target
    fields = ("period_type", "year", "quarter", "value", "note")


class ReportedActualInline(ServiceStackedInline):
    model = ReportedActual
    fields = (
        ("period_type", "year", "quarter"),
        ("value", "numerator", "denominator"),
        "source",
        "evidence",
        "document",
    )


class ProgressNarrativeInline(ServiceStackedInline):
    model = ProgressNarrative
    fields = (("period_type", "year", "quarter"), "text", "written_by")
    readonly_fields = ("written_by",)


@admin.register(Framework)
class FrameworkAdmin(ServiceAdmin):
    list_display = ("name", "owner", "start_date", "end_date")
    list_filter = ("owner",)
    search_fields = ("name", "description")
    list_select_related = ("owner",)
    ordering = ("name",)
    inlines = (ResultInline, IndicatorInline)


@admin.register(Result)
class ResultAdmin(ServiceAdmin):
    list_display = ("code", "level", "statement", "framework", "pillar")
    list_filter = ("framework", "level", "pillar")
    search_fields = ("code", "statement")
    list_select_related = ("framework", "pillar")
    ordering = ("framework", "code")
    inlines = (ProgressNarrativeInline,)

    def save_formset(self, request, form, formset, change):
        if formset.model is ProgressNarrative and isinstance(request.user, User):
            for inline_form in formset.forms:
                if inline_form.instance.pk is None and inline_form.has_changed():
                    inline_form.instance.written_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin):
    form = IndicatorForm
    list_display = ("code", "name", "framework", "kind", "measure", "unit", "cumulative")
    list_filter = ("framework", "kind", "unit", "cumulative")
    search_fields = ("code", "name", "definition")
    list_select_related = ("framework",)
    ordering = ("framework", "order", "code")
    filter_horizontal = ("donors",)
    inlines = (TargetInline, ReportedActualInline)


@admin.register(Target)
class TargetAdmin(ServiceAdmin):
    list_display = ("indicator", "period_type", "year", "quarter", "value")
    list_filter = ("period_type", "year")
    search_fields = ("indicator__code", "indicator__name", "note")
    list_select_related = ("indicator",)


@admin.register(ReportedActual)
class ReportedActualAdmin(ServiceAdmin):
    list_display = ("indicator", "period_type", "year", "quarter", "value", "source")
    list_filter = ("period_type", "year")
    search_fields = ("indicator__code", "indicator__name", "source", "evidence")
    list_select_related = ("indicator",)


@admin.register(ProgressNarrative)
class ProgressNarrativeAdmin(ServiceAdmin):
    list_display = ("result", "period_type", "year", "quarter", "written_by")
    list_filter = ("period_type", "year")
    search_fields = ("result__code", "text")
    list_select_related = ("result", "written_by")
    readonly_fields = ("written_by",)

    def save_model(self, request, obj, form, change):
        if obj.pk is None and isinstance(request.user, User):
            obj.written_by = request.user
        super().save_model(request, obj, form, change)
