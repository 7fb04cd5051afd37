from django.contrib import admin
from django.contrib.admin import ShowFacets
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

import activities.services  # noqa: F401  (registers activity_save, the admin's save path)
from core import formatting
from core.admin import ServiceAdmin, ServiceTabularInline, VisibleRelatedFieldListFilter
from core.admin_archive import ArchiveAdminMixin
from core.aggregates import related_aggregate
from core.pickers import Picker, register_picker
from core.translated import per_language

from .models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ("name", "acronym", "kind", "country", "website")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym")
    autocomplete_fields = ("country",)
    list_select_related = ("country",)
    ordering = ("name",)


# A field per language (core.translated); not the tabbed variant, whose script comes from a CDN.
@admin.register(Pillar)
class PillarAdmin(TranslationAdmin, ServiceAdmin):
    list_display = ("number", "name", "activity_count")
    search_fields = per_language("name", "description")
    ordering = ("number",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                activity_count=related_aggregate(
                    Activity.pillars.through.objects.filter(activity__archived_at__isnull=True),
                    outer_field="pillar",
                    aggregate=Count("pk"),
                )
            )
        )

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, pillar):
        return pillar.activity_count


@admin.register(SDGTarget)
class SDGTargetAdmin(ServiceAdmin):
    list_display = ("code", "description")
    search_fields = ("code", "description")
    ordering = ("code",)


@admin.register(Topic)
class TopicAdmin(ServiceAdmin):
    list_display = ("name", "activity_count")
    search_fields = ("name",)
    ordering = ("name",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                activity_count=related_aggregate(
                    Activity.topics.through.objects.filter(activity__archived_at__isnull=True),
                    outer_field="topic",
                    aggregate=Count("pk"),
                )
            )
        )

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, topic):
        return topic.activity_count


class ActivityDocumentInline(ServiceTabularInline):
    model = ActivityDocument
    fields = ("title", "kind", "file", "url")


class LinkToInline(ServiceTabularInline):
    model = ActivityLink
    fk_name = "from_activity"
    fields = ("relation", "to_activity", "note")
    autocomplete_fields = ("to_activity",)
    fixed_on_existing_rows = ("to_activity",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_activity", "to_activity")

    verbose_name = _("link to another activity")
    verbose_name_plural = _("links to other activities (this activity … the other)")


class LinkFromInline(ServiceTabularInline):
    model = ActivityLink
    fk_name = "to_activity"
    fields = ("from_activity", "relation", "note")
    autocomplete_fields = ("from_activity",)
    fixed_on_existing_rows = ("from_activity",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_activity", "to_activity")

    verbose_name = _("link from another activity")
    verbose_name_plural = _("links from other activities (the other … this activity)")


@admin.register(Activity)
class ActivityAdmin(ArchiveAdminMixin, ServiceAdmin):
    """An activity, its documents and its links.

    What the apps above record about an activity is added to its page in their own admin module,
    by Django's way of extending another app's admin (subclass, unregister, register again):
    people/admin.py adds the participations (a column, the figures, an inline), trainings/admin.py
    the training detail (an inline, first).
    """

    list_display = (
        "title",
        "kind",
        "status",
        "start_date",
        "end_date",
        "host_country",
        "modality",
        "is_synthetic",
    )
    list_filter = (
        "kind",
        "status",
        "modality",
        "scope",
        "pillars",
        ("host_country", VisibleRelatedFieldListFilter),
        ("lead_office", VisibleRelatedFieldListFilter),
        ("donors", VisibleRelatedFieldListFilter),
        "is_synthetic",
    )
    search_fields = ("title", "venue", "description", "host_country__name")
    date_hierarchy = "start_date"
    autocomplete_fields = (
        "host_country",
        "countries",
        "pillars",
        "sdg_targets",
        "donors",
        "partners",
        "lead_office",
        "topics",
    )
    list_select_related = ("host_country",)
    ordering = ("-start_date", "title")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    fieldsets = (
        (None, {"fields": ("kind", "title", "status", ("start_date", "end_date"))}),
        (_("Where"), {"fields": ("venue", "host_country", "modality", "scope", "countries")}),
        (
            _("Programme"),
            {"fields": ("pillars", "sdg_targets", "topics", "lead_office", "donors", "partners")},
        ),
        (
            _("Narrative and sources"),
            {"fields": ("description", "outcomes", "reported_participants", "source_url", "is_synthetic")},
        ),
    )
    inlines = (ActivityDocumentInline, LinkToInline, LinkFromInline)

    def picker_label(self, activity):
        return activity_picker_label(activity)


def activity_picker_label(activity: Activity) -> str:
    """An activity in a chooser: its title, kind and dates, to tell apart the many activities of
    the same name (core.admin.PickerAutocompleteView, the import's chooser)."""
    if activity.end_date and activity.end_date != activity.start_date:
        dates = _("%(start)s to %(end)s") % {
            "start": formatting.date(activity.start_date),
            "end": formatting.date(activity.end_date),
        }
    else:
        dates = formatting.date(activity.start_date)
    return f"{activity.title} ({activity.get_kind_display()}, {dates})"


# Organisations by their role on an activity (core.pickers): the donors among donors, the lead
# office among UNODC's offices, the partners among everyone but donors.
register_picker(Activity, "donors", Picker(choices=Q(kind=Organisation.Kind.DONOR)))
register_picker(Activity, "lead_office", Picker(choices=Q(kind=Organisation.Kind.UNODC_OFFICE)))
register_picker(Activity, "partners", Picker(choices=~Q(kind=Organisation.Kind.DONOR)))
