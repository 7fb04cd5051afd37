from django.contrib import admin
from django.contrib.admin import ShowFacets
from django.db.models import Count, DecimalField, Q, Sum
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

import operations.services  # noqa: F401  (registers the save services the admin goes through)
from activities.models import Activity, Organisation
from core import formatting
from core.admin import ServiceAdmin, ServiceTabularInline, VisibleRelatedFieldListFilter
from core.admin_archive import ArchiveAdminMixin
from core.aggregates import related_aggregate
from core.pickers import Picker, register_picker
from core.translated import localized, per_language

from .models import (
    Case,
    EquipmentHandover,
    EquipmentItem,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
    SubstanceCategory,
)

_KG = DecimalField(max_digits=20, decimal_places=6)


def _kg(value) -> str:
    # No mass recorded reads "—", not "0.000 kg" (core.formatting).
    return formatting.mass(value)


def _mass(seizure: Seizure) -> str:
    """The normalised mass, or why there is none."""
    if seizure.mass_status == Seizure.MassStatus.COMPUTED:
        return _kg(seizure.mass_kg)
    return seizure.get_mass_status_display() or "—"


# TranslationAdmin shows a field per language (name [en], name [es], …); not its tabbed variant,
# which loads jQuery UI from a CDN the content security policy (and the no-CDN rule) refuses.
@admin.register(SubstanceCategory)
class SubstanceCategoryAdmin(TranslationAdmin, ServiceAdmin):
    list_display = ("name", "substance_count", "description")
    search_fields = per_language("name", "description")
    ordering = ("name",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                substance_count=related_aggregate(
                    Substance.objects, outer_field="category", aggregate=Count("pk")
                )
            )
        )

    @admin.display(description=_("substances"), ordering="substance_count")
    def substance_count(self, category):
        return category.substance_count


@admin.register(Substance)
class SubstanceAdmin(TranslationAdmin, ServiceAdmin):
    list_display = ("name", "category", "density_kg_per_l", "unit_mass_g", "synonym_list")
    list_filter = ("category",)
    search_fields = (*per_language("name"), "synonyms", *per_language("category__name"))
    autocomplete_fields = ("category",)
    list_select_related = ("category",)
    ordering = ("category__name", "name")

    @admin.display(description=_("synonyms"))
    def synonym_list(self, substance):
        return ", ".join(substance.synonyms)


class OperationPhaseInline(ServiceTabularInline):
    model = OperationPhase
    fields = ("number", "name", "start_date", "end_date")
    show_change_link = False


class OperationCountryInline(ServiceTabularInline):
    model = OperationCountry
    fields = ("country", "coordinating_agency")
    autocomplete_fields = ("country", "coordinating_agency")
    fixed_on_existing_rows = ("country",)
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("operation", "country", "coordinating_agency")


class SeizureInline(ServiceTabularInline):
    """New seizures can be added here; existing ones are shown read-only and edited on their page.

    An operation holds a hundred seizures and more: editable rows would render several
    autocomplete widgets each, one query apiece.
    """

    model = Seizure
    # What a new seizure needs, and what tells the rows apart: within the main column at 1,280 px.
    # Its normalised mass, arrests and follow-up are on its own page (the row's link).
    fields = (
        "reference",
        "date",
        "country",
        "place",
        "substance",
        "quantity",
        "unit",
        "conveyance",
        "detection",
    )
    autocomplete_fields = ("country", "substance")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "substance")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Operation)
class OperationAdmin(ServiceAdmin):
    list_display = (
        "code_name",
        "activity",
        "coordinating_office",
        "country_count",
        "seizure_count",
        "total_kg",
    )
    list_filter = (
        "activity__status",
        "sensitivity",
        ("coordinating_office", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code_name", "target", "activity__title")
    date_hierarchy = "activity__start_date"
    autocomplete_fields = ("activity", "coordinating_office")
    list_select_related = ("activity", "coordinating_office")
    ordering = ("-activity__start_date",)
    fields = (
        "activity",
        "code_name",
        "target",
        "coordinating_office",
        "equipment_provided",
        "follow_up",
        "sensitivity",
        "restricted_until",
    )
    figure_fields = (
        "seizure_figure",
        "mass_figure",
        "substance_figure",
        "arrest_figure",
        "country_figure",
    )
    # Participating countries before seizures: a seizure must come from one of them.
    inlines = (OperationPhaseInline, OperationCountryInline, SeizureInline)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                country_count=related_aggregate(
                    OperationCountry.objects, outer_field="operation", aggregate=Count("pk")
                ),
                seizure_count=related_aggregate(
                    Seizure.objects.filter(archived_at__isnull=True),
                    outer_field="operation",
                    aggregate=Count("pk"),
                ),
                total_kg=related_aggregate(
                    Seizure.objects.filter(archived_at__isnull=True),
                    outer_field="operation",
                    aggregate=Sum("mass_kg"),
                    output_field=_KG,
                ),
            )
        )

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if obj is not None:
            return instances
        # A seizure must come from a participating country, which Seizure.clean() looks up in the
        # database: seizures are added once the operation and its countries are saved.
        return [inline for inline in instances if not isinstance(inline, SeizureInline)]

    def get_readonly_fields(self, request, obj=None):
        # The activity is the operation's primary key: choose it once, when the operation is added.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "activity"] if obj is not None else readonly

    @admin.display(description=_("countries"), ordering="country_count")
    def country_count(self, operation):
        return operation.country_count

    @admin.display(description=_("seizures"), ordering="seizure_count")
    def seizure_count(self, operation):
        return operation.seizure_count

    @admin.display(description=_("seized (kg)"), ordering="total_kg")
    def total_kg(self, operation):
        return _kg(operation.total_kg)

    def get_figures(self, operation):
        seizures = Seizure.objects.filter(operation=operation, archived_at__isnull=True)
        totals = seizures.aggregate(
            seizures=Count("pk"),
            kg=Sum("mass_kg"),
            not_converted=Count("pk", filter=~Q(mass_status=Seizure.MassStatus.COMPUTED)),
            arrests=Sum("arrests"),
            seizing_countries=Count("country", distinct=True),
        )
        totals["by_substance"] = list(
            seizures.order_by()
            .values(substance_name=localized("substance__name"))
            .annotate(seizures=Count("pk"), kg=Sum("mass_kg"))
            .order_by("-seizures", "substance_name")
        )
        totals["countries"] = operation.participants.count()
        return totals

    @admin.display(description=_("seizures"))
    def seizure_figure(self, operation):
        return self.figures(operation)["seizures"]

    @admin.display(description=_("total seized (normalised)"))
    def mass_figure(self, operation):
        figures = self.figures(operation)
        return formatting.mass_total(figures["kg"], figures["not_converted"])

    @admin.display(description=_("by substance"))
    def substance_figure(self, operation):
        rows = self.figures(operation)["by_substance"]
        if not rows:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("substance"),
            _("seizures"),
            _("normalised mass"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((row["substance_name"], row["seizures"], _kg(row["kg"])) for row in rows),
            ),
        )

    @admin.display(description=_("arrests"))
    def arrest_figure(self, operation):
        return self.figures(operation)["arrests"] or 0

    @admin.display(description=_("countries"))
    def country_figure(self, operation):
        figures = self.figures(operation)
        return _("%(participating)s participating, %(seizing)s with seizures") % {
            "participating": figures["countries"],
            "seizing": figures["seizing_countries"],
        }


@admin.register(Seizure)
class SeizureAdmin(ArchiveAdminMixin, ServiceAdmin):
    list_display = (
        "reference",
        "date",
        "country",
        "substance",
        "quantity_entered",
        "normalised_mass",
        "place",
        "conveyance",
        "detection",
        "arrests",
        "follow_up",
        "operation",
        "is_synthetic",
    )
    list_filter = (
        "substance__category",
        ("substance", VisibleRelatedFieldListFilter),
        ("country", VisibleRelatedFieldListFilter),
        ("operation", VisibleRelatedFieldListFilter),
        "place",
        "conveyance",
        "detection",
        "follow_up",
        "mass_status",
        "sensitivity",
        "is_synthetic",
    )
    search_fields = (
        "reference",
        "location",
        "notes",
        "country__name",
        *per_language("substance__name"),
        "operation__code_name",
    )
    date_hierarchy = "date"
    autocomplete_fields = (
        "operation",
        "country",
        "substance",
        "origin_country",
        "transit_countries",
        "destination_country",
    )
    list_select_related = ("country", "substance", "operation")
    ordering = ("-date", "reference")
    # A million rows: sorted only by indexed columns, no facet counts.
    sortable_by = ("reference", "date", "normalised_mass")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    readonly_fields = ("normalised_mass", "mass_status")
    fieldsets = (
        (None, {"fields": ("reference", "operation", "date", "country", "place", "location")}),
        (
            _("What was seized"),
            {"fields": ("substance", ("quantity", "unit"), "normalised_mass", "mass_status")},
        ),
        (
            _("How and where it was going"),
            {
                "fields": (
                    "conveyance",
                    "detection",
                    "origin_country",
                    "transit_countries",
                    "destination_country",
                )
            },
        ),
        (_("Follow-up"), {"fields": ("arrests", "follow_up", "follow_up_notes", "notes", "is_synthetic")}),
        (_("Sensitivity"), {"fields": ("sensitivity", "restricted_until")}),
    )

    @admin.display(description=_("quantity"), ordering="quantity")
    def quantity_entered(self, seizure):
        return f"{formatting.number(seizure.quantity)} {seizure.get_unit_display()}"

    @admin.display(description=_("normalised mass"), ordering="mass_kg")
    def normalised_mass(self, seizure):
        if seizure.pk is None:
            return _("Computed from the quantity when the seizure is saved.")
        return _mass(seizure)


@admin.register(Case)
class CaseAdmin(ArchiveAdminMixin, ServiceAdmin):
    list_display = (
        "reference",
        "title",
        "stage",
        "opened_on",
        "closed_on",
        "lead_country",
        "lead_agency",
        "seizure_count",
        "arrests",
        "convictions",
        "assets_seized_usd",
        "is_synthetic",
    )
    list_filter = (
        "stage",
        "used_controlled_delivery",
        "used_mutual_legal_assistance",
        "used_joint_investigation_team",
        ("lead_country", VisibleRelatedFieldListFilter),
        "sensitivity",
        "is_synthetic",
    )
    search_fields = ("reference", "title", "summary", "lead_country__name", "seizures__reference")
    date_hierarchy = "opened_on"
    autocomplete_fields = ("lead_country", "countries", "lead_agency", "seizures", "presented_at")
    list_select_related = ("lead_country", "lead_agency")
    ordering = ("-opened_on", "reference")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    fieldsets = (
        (None, {"fields": ("reference", "title", "stage", ("opened_on", "closed_on"), "summary")}),
        (
            _("Who and where"),
            {"fields": ("lead_country", "lead_agency", "countries", "seizures", "presented_at")},
        ),
        (
            _("International cooperation"),
            {
                "fields": (
                    "used_controlled_delivery",
                    "used_mutual_legal_assistance",
                    "used_joint_investigation_team",
                )
            },
        ),
        (
            _("Results"),
            {"fields": ("arrests", "convictions", "assets_seized_usd", "assets_description", "is_synthetic")},
        ),
        (_("Sensitivity"), {"fields": ("sensitivity", "restricted_until")}),
    )
    figure_fields = ("seizure_figure", "mass_figure")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                seizure_count=related_aggregate(
                    Case.seizures.through.objects.filter(seizure__archived_at__isnull=True),
                    outer_field="case",
                    aggregate=Count("pk"),
                )
            )
        )

    @admin.display(description=_("seizures"), ordering="seizure_count")
    def seizure_count(self, case):
        return case.seizure_count

    def get_figures(self, case):
        return case.seizures.filter(archived_at__isnull=True).aggregate(
            seizures=Count("pk"),
            kg=Sum("mass_kg"),
            not_converted=Count("pk", filter=~Q(mass_status=Seizure.MassStatus.COMPUTED)),
        )

    @admin.display(description=_("seizures linked"))
    def seizure_figure(self, case):
        return self.figures(case)["seizures"]

    @admin.display(description=_("their total mass (normalised)"))
    def mass_figure(self, case):
        figures = self.figures(case)
        return formatting.mass_total(figures["kg"], figures["not_converted"])


class EquipmentItemInline(ServiceTabularInline):
    model = EquipmentItem
    fields = ("item", "quantity")
    show_change_link = False


@admin.register(EquipmentHandover)
class EquipmentHandoverAdmin(ServiceAdmin):
    list_display = (
        "date",
        "recipient_agency",
        "country",
        "operation",
        "activity",
        "donor",
        "item_count",
        "is_synthetic",
    )
    list_display_links = ("date", "recipient_agency")
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        ("donor", admin.RelatedOnlyFieldListFilter),
        ("operation", admin.RelatedOnlyFieldListFilter),
        "is_synthetic",
    )
    search_fields = (
        "recipient_agency__name",
        "recipient_agency__acronym",
        "country__name",
        "notes",
        "items__item",
    )
    date_hierarchy = "date"
    autocomplete_fields = ("recipient_agency", "activity", "operation", "donor")
    list_select_related = ("recipient_agency", "country", "operation", "activity", "donor")
    ordering = ("-date",)
    fields = (
        "date",
        "recipient_agency",
        "country",
        "activity",
        "operation",
        "donor",
        "notes",
        "is_synthetic",
    )
    readonly_fields = ("country",)
    inlines = (EquipmentItemInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_count=related_aggregate(
                    EquipmentItem.objects, outer_field="handover", aggregate=Sum("quantity")
                )
            )
        )

    @admin.display(description=_("items handed over"), ordering="item_count")
    def item_count(self, handover):
        return handover.item_count


# What each chooser of these records offers (core.pickers): an agency of the row's or the case's
# country, among the countries the user may edit; an operation's activity among operations;
# organisations by their role.
register_picker(
    OperationCountry, "coordinating_agency", Picker(follows={"country": "country"}, editable_only=True)
)
register_picker(Case, "lead_agency", Picker(follows={"lead_country": "country"}, editable_only=True))
register_picker(EquipmentHandover, "recipient_agency", Picker(editable_only=True))
register_picker(EquipmentHandover, "donor", Picker(choices=Q(kind=Organisation.Kind.DONOR)))
register_picker(Operation, "activity", Picker(choices=Q(kind=Activity.Kind.OPERATION)))
register_picker(Operation, "coordinating_office", Picker(choices=Q(kind=Organisation.Kind.UNODC_OFFICE)))
