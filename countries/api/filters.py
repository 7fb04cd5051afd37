import django_filters

from core.api.filters import ProgrammeFilterSet, country_filter, region_filter
from countries.models import Agency, Country


class CountryFilter(ProgrammeFilterSet):
    region = region_filter("")
    iso2 = country_filter("")

    class Meta:
        model = Country
        fields = ["is_partner", "is_source", "is_transit", "is_destination"]


class AgencyFilter(ProgrammeFilterSet):
    country = country_filter("country")
    region = region_filter("country")
    category = django_filters.MultipleChoiceFilter(choices=Agency.Category.choices)

    class Meta:
        model = Agency
        fields = []
