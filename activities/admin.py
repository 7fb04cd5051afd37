from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

import activities.services  # noqa: F401  (registers activity_save, the admin's save path)
import people.services  # noqa: F401  (registers participation_save, used by the inline)
from core.admin import ServiceAdmin, ServiceStackedInline, ServiceTabularInline
from core.admin_archive import ArchiveAdminMixin
from core.aggregates import related_aggregate
from people.models import Participation, Person
from trainings.models import TrainingDetail

from .models import Activity, ActivityDocument, ActivityLink, Organisation, Pillar, SDGTarget, Topic


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ("name", "acronym", "kind", "country", "website")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym")
    autocomplete_fields = ("country",)
    list_select_related = ("country",)
    ordering = ("name",)


@admin.register(Pillar)
class PillarAdmin(ServiceAdmin):
    list_display = ("number", "name", "activity_count")
    search_fields = ("name", "description")
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


class TrainingDetailInline(ServiceStackedInline):
    """Shown on trainings (and on the add page, before the kind is saved)."""

    model = TrainingDetail
    fields = ("level", "target_audience", "hours", "evaluation_score", "evaluation_summary")
    extra = 1
    max_num = 1
    verbose_name = _("training detail")
    verbose_name_plural = _("training detail (trainings only)")


class ParticipationInline(ServiceTabularInline):
    model = Participation
    fields = (
        "person",
        "role",
        "days_attended",
        "pre_test_score",
        "post_test_score",
        "knowledge_gain",
        "completed",
        "is_synthetic",
    )
    readonly_fields = ("knowledge_gain",)
    autocomplete_fields = ("person",)
    fixed_on_existing_rows = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "activity")

    @admin.display(description=_("knowledge gain (points)"))
    def knowledge_gain(self, participation):
        return participation.knowledge_gain


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
    list_display = (
        "title",
        "kind",
        "status",
        "start_date",
        "end_date",
        "host_country",
        "modality",
        "participation_count",
        "is_synthetic",
    )
    list_filter = (
        "kind",
        "status",
        "modality",
        "scope",
        "pillars",
        ("host_country", admin.RelatedOnlyFieldListFilter),
        ("lead_office", admin.RelatedOnlyFieldListFilter),
        ("donors", admin.RelatedOnlyFieldListFilter),
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
    figure_fields = ("participant_figure", "women_figure", "countries_figure", "participation_figure")
    inlines = (
        TrainingDetailInline,
        ParticipationInline,
        ActivityDocumentInline,
        LinkToInline,
        LinkFromInline,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participation_count=related_aggregate(
                    Participation.objects.filter(person__archived_at__isnull=True),
                    outer_field="activity",
                    aggregate=Count("pk"),
                )
            )
        )

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        if obj is None or obj.kind == Activity.Kind.TRAINING:
            return instances
        # An activity whose kind changed away from training still posts the inline's form.
        posts_training = f"{TrainingDetail.activity.field.remote_field.get_accessor_name()}-TOTAL_FORMS"
        if posts_training in request.POST:
            return instances
        return [inline for inline in instances if not isinstance(inline, TrainingDetailInline)]

    @admin.display(description=_("participations"), ordering="participation_count")
    def participation_count(self, activity):
        return activity.participation_count

    def get_figures(self, activity):
        # Archived people leave the figures, as they leave every list.
        return Participation.objects.filter(activity=activity, person__archived_at__isnull=True).aggregate(
            people=Count("person", distinct=True),
            women=Count("person", distinct=True, filter=Q(person__gender=Person.Gender.FEMALE)),
            countries=Count("person__country", distinct=True),
            participations=Count("pk"),
        )

    @admin.display(description=_("participants (distinct people)"))
    def participant_figure(self, activity):
        return self.figures(activity)["people"]

    @admin.display(description=_("of them women"))
    def women_figure(self, activity):
        return self.figures(activity)["women"]

    @admin.display(description=_("countries represented by participants"))
    def countries_figure(self, activity):
        return self.figures(activity)["countries"]

    @admin.display(description=_("participations (attendances)"))
    def participation_figure(self, activity):
        return self.figures(activity)["participations"]
