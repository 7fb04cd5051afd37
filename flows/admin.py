"""The activity admin with a training's mean knowledge gain among its figures.

The fourth step of extending the activity admin (see `activities.admin.ActivityAdmin`): the figure
comes from `stats`, above trainings, so it is plugged in here, above both.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from stats.selectors import training_figures
from trainings.admin import ActivityTrainingAdmin

from .figures import mean_gain_text

admin.site.unregister(Activity)


@admin.register(Activity)
class ActivityFiguresAdmin(ActivityTrainingAdmin):
    figure_fields = (*ActivityTrainingAdmin.figure_fields, "knowledge_gain_figure")

    def get_object(self, request, object_id, from_field=None):
        activity = super().get_object(request, object_id, from_field)
        if activity is not None:
            # Who reads the page: the figure counts what they may see.
            activity.figures_reader = request.user
        return activity

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.kind == Activity.Kind.TRAINING:
            return fieldsets
        # A mean knowledge gain belongs to trainings only.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "knowledge_gain_figure"]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("mean knowledge gain (points)"))
    def knowledge_gain_figure(self, activity):
        return mean_gain_text(training_figures(user=activity.figures_reader, activity=activity))
