import django_filters

from core.filters import ProgrammeFilterSet, country_filter, region_filter
from countries.models import Agency, Country


class CountryFilter(ProgrammeFilterSet):
    search_fields = ("name", "official_name", "iso2", "iso3")
    ordering_fields = ("id", "name", "iso2", "updated_at", "partner_since")
    default_ordering = ("name",)

    region = region_filter("")
    iso2 = country_filter("")

    class Meta:
        model = Country
        fields = ["is_partner", "is_source", "is_transit", "is_destination"]


class AgencyFilter(ProgrammeFilterSet):
    search_fields = ("name", "acronym")
    ordering_fields = ("id", "name", "updated_at")
    default_ordering = ("name",)

    country = country_filter("country")
    region = region_filter("country")
    category = django_filters.MultipleChoiceFilter(choices=Agency.Category.choices)

    class Meta:
        model = Agency
        fields = []
