from django.db.models import QuerySet

from core.access import visible

from .models import Agency, Country


def country_list(*, user) -> QuerySet[Country]:
    return visible(Country, user)


def agency_list(*, user) -> QuerySet[Agency]:
    return visible(Agency, user).select_related("country")
