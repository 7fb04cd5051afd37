"""Reads of countries and agencies: every surface gets them from here."""

from django.db.models import QuerySet

from core.access import visible
from core.filters import filter_list, includes_tombstones

from .filters import AgencyFilter, CountryFilter
from .models import Agency, Country


def country_list(*, user, filters=None) -> QuerySet[Country]:
    """Every ISO 3166-1 country `user` may see, narrowed by `CountryFilter`."""
    countries = visible(Country, user, include_archived=includes_tombstones(filters))
    return filter_list(CountryFilter, countries, filters, user=user)


def agency_list(*, user, filters=None) -> QuerySet[Agency]:
    """National agencies `user` may see, narrowed by `AgencyFilter`."""
    agencies = visible(Agency, user, include_archived=includes_tombstones(filters)).select_related("country")
    return filter_list(AgencyFilter, agencies, filters, user=user)
