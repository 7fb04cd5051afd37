import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.filters import IdFilter, ProgrammeFilterSet, country_filter, region_filter, since, visible_to
from people.models import Participation, Person


class PersonFilter(ProgrammeFilterSet):
    search_fields = ("first_name", "last_name", "email")
    ordering_fields = ("id",)
    default_ordering = ("id",)

    country = country_filter("country")
    region = region_filter("country")
    gender = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Person.Gender.choices, label=_("Gender")
    )
    professional_category = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Person.Category.choices, label=_("Professional category")
    )
    agency = IdFilter(field_name="agency_id", label=_("Agency (its id)"))
    organisation = IdFilter(field_name="organisation_id", label=_("Organisation (its id)"))

    class Meta:
        model = Person
        fields = []


class ParticipationFilter(ProgrammeFilterSet):
    search = None  # nothing to search in
    ordering_fields = ("id",)
    default_ordering = ("id",)

    modified_since = django_filters.IsoDateTimeFilter(
        method="filter_modified_since",
        label=_(
            "Changed at or after this time (ISO 8601): the participation, its person or its activity; "
            "participations of archived people or activities come back as tombstones."
        ),
    )
    activity = IdFilter(field_name="activity_id", label=_("Activity (its id)"))
    person = IdFilter(field_name="person_id", label=_("Person (its id)"))
    role = django_filters.MultipleChoiceFilter(
        distinct=False, choices=Participation.Role.choices, label=_("Role")
    )
    country = country_filter("person__country", label=_("The people's countries, ISO alpha-2 codes"))
    region = region_filter("person__country")
    activity_kind = django_filters.MultipleChoiceFilter(
        distinct=False,
        field_name="activity__kind",
        choices=Activity.Kind.choices,
        label=_("Kind of activity"),
    )
    date_from = django_filters.DateFilter(
        field_name="activity__end_date",
        lookup_expr="gte",
        label=_("Activities still running on or after this date"),
    )
    date_to = django_filters.DateFilter(
        field_name="activity__start_date",
        lookup_expr="lte",
        label=_("Activities started on or before this date"),
    )

    class Meta:
        model = Participation
        fields = ["completed"]

    def filter_modified_since(self, queryset, name, value):
        value = since(value)
        return queryset.filter(
            Q(updated_at__gte=value)
            | Q(person__updated_at__gte=value)
            # The activity only if the principal may see it (another country's activity: no oracle).
            | Q(activity__in=visible_to(self, Activity.objects.filter(updated_at__gte=value)))
        )
