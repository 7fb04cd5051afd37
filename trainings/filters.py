import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.filters import ProgrammeFilterSet, changed_since, country_filter, region_filter, since
from trainings.models import TrainingDetail


class TrainingFilter(ProgrammeFilterSet):
    search_fields = ("activity__title", "activity__venue", "target_audience")
    ordering_fields = ("start_date", "end_date", "title", "updated_at", "id")
    default_ordering = ("-start_date", "id")

    # A training changes with its activity and its modules too, and is archived with its activity.
    modified_since = django_filters.IsoDateTimeFilter(
        method="filter_modified_since",
        label=_(
            "Trainings whose detail, activity or modules changed at or after this time (ISO 8601); "
            "archived ones come back as tombstones."
        ),
    )
    date_from = django_filters.DateFilter(
        field_name="activity__end_date",
        lookup_expr="gte",
        label=_(
            "Trainings that end on or after this date (YYYY-MM-DD); with date_to, the trainings "
            "that overlap the period"
        ),
    )
    date_to = django_filters.DateFilter(
        field_name="activity__start_date",
        lookup_expr="lte",
        label=_(
            "Trainings that start on or before this date (YYYY-MM-DD); with date_from, the "
            "trainings that overlap the period"
        ),
    )
    country = country_filter(
        "activity__countries",
        "activity__host_country",
        label=_("Participating or host countries, ISO alpha-2 codes, comma-separated (e.g. PE,CO)"),
    )
    region = region_filter("activity__countries", "activity__host_country")
    level = django_filters.MultipleChoiceFilter(
        choices=TrainingDetail.Level.choices,
        distinct=False,
        label=_("Levels; repeat the parameter for several"),
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="activity__status",
        choices=Activity.Status.choices,
        distinct=False,
        label=_("Statuses of the training's activity; repeat the parameter for several"),
    )

    class Meta:
        model = TrainingDetail
        fields = []

    def filter_modified_since(self, queryset, name, value):
        value = since(value)
        changed = TrainingDetail.objects.filter(
            Q(updated_at__gte=value)
            | Q(activity__updated_at__gte=value)
            | Q(modules__updated_at__gte=value)
            | changed_since(TrainingDetail, value)
        )
        return queryset.filter(pk__in=changed.values("pk"))
