from core.api.views import ProgrammeViewSet

from ..filters import AgencyFilter, CountryFilter
from ..selectors import agency_list, country_list
from .serializers import AgencySerializer, CountrySerializer


class CountryViewSet(ProgrammeViewSet):
    """Every ISO 3166-1 country, with its UN M49 region, route roles and partner status."""

    selector = staticmethod(country_list)
    serializer_class = CountrySerializer
    filterset_class = CountryFilter


class AgencyViewSet(ProgrammeViewSet):
    """National agencies, each in its country."""

    selector = staticmethod(agency_list)
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
