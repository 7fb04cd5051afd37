from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.admin import ServiceAdmin, ServiceStackedInline, ServiceTabularInline
from core.aggregates import related_aggregate
from core.pickers import Picker, register_picker
from people.admin import ActivityParticipationsAdmin

from .models import TrainingDetail, TrainingModule


class TrainingModuleInline(ServiceTabularInline):
    model = TrainingModule
    fields = ("order", "title", "hours", "trainer")
    autocomplete_fields = ("trainer",)
    show_change_link = False


@admin.register(TrainingDetail)
class TrainingDetailAdmin(ServiceAdmin):
    list_display = ("activity", "level", "hours", "module_count", "evaluation_score", "target_audience")
    list_filter = ("level", "activity__status")
    search_fields = ("activity__title", "target_audience", "modules__title")
    date_hierarchy = "activity__start_date"
    autocomplete_fields = ("activity",)
    list_select_related = ("activity",)
    ordering = ("-activity__start_date",)
    fields = ("activity", "level", "target_audience", "hours", "evaluation_score", "evaluation_summary")
    inlines = (TrainingModuleInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                module_count=related_aggregate(
                    TrainingModule.objects, outer_field="training", aggregate=Count("pk")
                )
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # The activity is the detail's primary key: choose it once, when the detail is added.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "activity"] if obj is not None else readonly

    @admin.display(description=_("modules"), ordering="module_count")
    def module_count(self, training):
        return training.module_count


class TrainingDetailInline(ServiceStackedInline):
    """Shown on trainings (and on the add page, before the kind is saved)."""

    model = TrainingDetail
    fields = ("level", "target_audience", "hours", "evaluation_score", "evaluation_summary")
    extra = 1
    max_num = 1
    verbose_name = _("training detail")
    verbose_name_plural = _("training detail (trainings only)")


admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityTrainingAdmin(ActivityParticipationsAdmin):
    """The activity admin with its participations (people/admin.py) and its training detail, the
    first inline (see `activities.admin.ActivityAdmin`)."""

    inlines = (TrainingDetailInline, *ActivityParticipationsAdmin.inlines)

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        # The add page knows the kind once it is given (`?kind=operation`, or the posted kind).
        kind = obj.kind if obj is not None else (request.POST.get("kind") or request.GET.get("kind"))
        if not kind or kind == Activity.Kind.TRAINING:
            return instances
        # An activity whose kind changed away from training still posts the inline's form.
        posts_training = f"{TrainingDetail.activity.field.remote_field.get_accessor_name()}-TOTAL_FORMS"
        if posts_training in request.POST:
            return instances
        return [inline for inline in instances if not isinstance(inline, TrainingDetailInline)]


# A training's detail belongs to an activity of kind training (core.pickers; the model refuses
# any other on save).
register_picker(TrainingDetail, "activity", Picker(choices=Q(kind=Activity.Kind.TRAINING)))
