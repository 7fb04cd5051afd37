from core.api.views import ProgrammeViewSet
from countries.models import Agency, Country

from .filters import AgencyFilter, CountryFilter
from .serializers import AgencySerializer, CountrySerializer


class CountryViewSet(ProgrammeViewSet):
    """Every ISO 3166-1 country, with its UN M49 region, route roles and partner status."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    search_fields = ["name", "official_name", "iso2", "iso3"]
    ordering_fields = ["id", "name", "iso2", "updated_at", "partner_since"]
    ordering = ["name"]


class AgencyViewSet(ProgrammeViewSet):
    """National agencies, each in its country."""

    queryset = Agency.objects.select_related("country")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["id", "name", "updated_at"]
    ordering = ["name"]
