from django.contrib import admin
from django.contrib.admin import ShowFacets
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

import people.services  # noqa: F401  (registers person_save and participation_save, the save paths)
from activities.admin import ActivityAdmin
from activities.models import Activity
from core.admin import ServiceAdmin, ServiceTabularInline, VisibleRelatedFieldListFilter
from core.admin_archive import ArchiveAdminMixin
from core.aggregates import related_aggregate
from core.pickers import Picker, register_picker

from .models import Participation, Person


class PersonParticipationInline(ServiceTabularInline):
    model = Participation
    fields = ("activity", "role", "days_attended", "pre_test_score", "post_test_score", "completed")
    autocomplete_fields = ("activity",)
    fixed_on_existing_rows = ("activity",)
    verbose_name_plural = _("activities attended")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("activity", "person")


@admin.register(Person)
class PersonAdmin(ArchiveAdminMixin, ServiceAdmin):
    list_display = (
        "last_name",
        "first_name",
        "gender",
        "country",
        "agency",
        "professional_category",
        "job_title",
        "activity_count",
        "is_synthetic",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "gender",
        "professional_category",
        ("country", VisibleRelatedFieldListFilter),
        "is_synthetic",
    )
    search_fields = ("first_name", "last_name", "email", "job_title", "agency__name", "agency__acronym")
    autocomplete_fields = ("country", "agency", "organisation")
    list_select_related = ("country", "agency")
    ordering = ("last_name", "first_name")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    fieldsets = (
        (None, {"fields": (("first_name", "last_name"), "gender", "professional_category", "job_title")}),
        (_("Affiliation"), {"fields": ("country", "agency", "organisation")}),
        (_("Contact (personal data: staff only)"), {"fields": ("email", "phone", "notes", "is_synthetic")}),
    )
    figure_fields = ("activity_figure",)
    inlines = (PersonParticipationInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                activity_count=related_aggregate(
                    Participation.objects.filter(activity__archived_at__isnull=True),
                    outer_field="person",
                    aggregate=Count("activity", distinct=True),
                )
            )
        )

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, person):
        return person.activity_count

    def get_figures(self, person):
        return Participation.objects.filter(person=person, activity__archived_at__isnull=True).aggregate(
            activities=Count("activity", distinct=True)
        )

    @admin.display(description=_("activities attended"))
    def activity_figure(self, person):
        return self.figures(person)["activities"]


@admin.register(Participation)
class ParticipationAdmin(ServiceAdmin):
    list_display = (
        "person",
        "activity",
        "role",
        "days_attended",
        "pre_test_score",
        "post_test_score",
        "knowledge_gain",
        "completed",
        "is_synthetic",
    )
    list_filter = ("role", "completed", "activity__kind", "person__gender", "is_synthetic")
    search_fields = ("person__first_name", "person__last_name", "person__email", "activity__title")
    date_hierarchy = "activity__start_date"
    autocomplete_fields = ("person", "activity")
    list_select_related = ("person", "activity")
    ordering = ("-activity__start_date", "person__last_name", "person__first_name")
    show_facets = ShowFacets.NEVER
    list_per_page = 50  # rendering a row's cells is most of a page's time
    readonly_fields = ("knowledge_gain",)

    @admin.display(description=_("knowledge gain (points)"))
    def knowledge_gain(self, participation):
        return participation.knowledge_gain


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


admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityParticipationsAdmin(ActivityAdmin):
    """The activity admin with its participations: a column, the figures and an inline.

    trainings/admin.py extends it in turn (see `ActivityAdmin`).
    """

    list_display = (*ActivityAdmin.list_display[:-1], "participation_count", "is_synthetic")
    figure_fields = ("participant_figure", "women_figure", "countries_figure", "participation_figure")
    inlines = (ParticipationInline, *ActivityAdmin.inlines)

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


# A person's agency is one of the person's country's agencies, among the countries the user may
# edit (core.pickers).
register_picker(Person, "agency", Picker(follows={"country": "country"}, editable_only=True))
