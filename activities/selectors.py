from django.db.models import QuerySet

from core.access import get_visible_or_404, visible

from .models import Activity, Organisation


def activity_list(*, user) -> QuerySet[Activity]:
    return visible(Activity, user).select_related("host_country", "lead_office")


def activity_get(*, user, pk) -> Activity:
    return get_visible_or_404(Activity, user, pk)


def organisation_list(*, user) -> QuerySet[Organisation]:
    return visible(Organisation, user).select_related("country")
