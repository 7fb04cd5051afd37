import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from activities.models import Activity, Organisation, Pillar
from core.filters import CodesFilter, KnownValues, ProgrammeFilterSet, country_filter, region_filter
from core.translated import per_language


class NumbersFilter(KnownValues, django_filters.BaseInFilter, django_filters.NumberFilter):
    """Comma-separated numbers, e.g. `pillar=1,3`.

    Give it `help_text` as well as `label`: the OpenAPI schema of a comma-separated filter shows
    the help text (by default "Multiple values may be separated by commas.").
    """

    field_class = forms.IntegerField


def _unknown_pillars(numbers: list[int]) -> list[int]:
    known = set(Pillar.objects.filter(number__in=numbers).values_list("number", flat=True))
    return [number for number in dict.fromkeys(numbers) if number not in known]


def _unknown_donors(values: list[str]) -> list[str]:
    """Donors are named by id or acronym (case-insensitive)."""
    ids = [int(value) for value in values if value.isascii() and value.isdigit()]
    acronyms = [value for value in values if not (value.isascii() and value.isdigit())]
    q = Q(pk__in=ids)
    for acronym in acronyms:
        q |= Q(acronym__iexact=acronym)
    found = Organisation.objects.filter(q).values_list("pk", "acronym")
    known = {str(pk) for pk, _acronym in found} | {acronym.lower() for _pk, acronym in found}
    return [value for value in dict.fromkeys(values) if value.lower() not in known]


def _having(queryset, q: Q):
    # A subquery, not a join: a many-to-many match must not repeat an activity.
    return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))


class OrganisationFilter(ProgrammeFilterSet):
    search_fields = ("name", "acronym")
    ordering_fields = ("id", "name", "acronym", "updated_at")
    default_ordering = ("name",)

    kind = django_filters.MultipleChoiceFilter(
        choices=Organisation.Kind.choices,
        distinct=False,
        label=_("Kinds of organisation; repeat the parameter for several"),
    )
    country = country_filter("country")

    class Meta:
        model = Organisation
        fields = []


class PillarFilter(ProgrammeFilterSet):
    search_fields = per_language("name", "description")
    ordering_fields = ("id", "number", "name", "updated_at")
    default_ordering = ("number",)

    number = NumbersFilter(
        field_name="number",
        lookup_expr="in",
        label=_("Pillar numbers, comma-separated"),
        help_text=_("Pillar numbers, comma-separated"),
    )

    class Meta:
        model = Pillar
        fields = []


class ActivityFilter(ProgrammeFilterSet):
    search_fields = ("title", "description", "venue")
    ordering_fields = ("start_date", "end_date", "title", "updated_at", "id")
    default_ordering = ("-start_date", "id")

    kind = django_filters.MultipleChoiceFilter(
        choices=Activity.Kind.choices,
        distinct=False,
        label=_("Kinds of activity; repeat the parameter for several (kind=training&kind=workshop)"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Activity.Status.choices,
        distinct=False,
        label=_("Statuses; repeat the parameter for several"),
    )
    modality = django_filters.ChoiceFilter(choices=Activity.Modality.choices, label=_("Modality"))
    scope = django_filters.ChoiceFilter(choices=Activity.Scope.choices, label=_("Scope"))
    # A period: the activities that overlap it, so one that runs over New Year counts in both years.
    date_from = django_filters.DateFilter(
        field_name="end_date",
        lookup_expr="gte",
        label=_(
            "Activities that end on or after this date (YYYY-MM-DD); with date_to, the activities "
            "that overlap the period"
        ),
    )
    date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_(
            "Activities that start on or before this date (YYYY-MM-DD); with date_from, the "
            "activities that overlap the period"
        ),
    )
    country = country_filter(
        "countries",
        "host_country",
        label=_("Participating or host countries, ISO alpha-2 codes, comma-separated (e.g. PE,CO)"),
    )
    region = region_filter("countries", "host_country")
    pillar = NumbersFilter(
        method="filter_pillar",
        label=_("Pillar numbers, comma-separated"),
        unknown=_unknown_pillars,
        unknown_message=_("Unknown pillars: %(values)s."),
    )
    donor = CodesFilter(
        method="filter_donor",
        unknown=_unknown_donors,
        unknown_message=_("Unknown donors: %(values)s."),
        label=_("Donors: organisation ids or acronyms, comma-separated"),
        help_text=_("Donors: organisation ids or acronyms, comma-separated"),
    )
    topic = django_filters.CharFilter(
        method="filter_topic", label=_("Topic name or a part of it (case-insensitive)")
    )

    class Meta:
        model = Activity
        fields = []

    # The schema takes the type and the description from here when a method is annotated.
    @extend_schema_field({"type": "integer", "description": _("Pillar numbers, comma-separated")})
    def filter_pillar(self, queryset, name, value):
        return _having(queryset, Q(pillars__number__in=value))

    def filter_donor(self, queryset, name, value):
        q = Q(pk__in=[])
        for item in (item.strip() for item in value):
            if item.isdecimal():
                q |= Q(donors__pk=int(item))
            elif item:
                q |= Q(donors__acronym__iexact=item)
        return _having(queryset, q)

    def filter_topic(self, queryset, name, value):
        return _having(queryset, Q(topics__name__icontains=value))
