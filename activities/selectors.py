"""Reads of activities, organisations and pillars: every surface gets them from here."""

from django.db.models import Prefetch, QuerySet

from core.access import scope_queryset, visible
from core.filters import filter_list, includes_tombstones

from .filters import ActivityFilter, OrganisationFilter, PillarFilter
from .models import Activity, ActivityLink, Organisation, Pillar


def activity_list(*, user, filters=None) -> QuerySet[Activity]:
    """Activities `user` may see, narrowed by `ActivityFilter`, with their countries, pillars,
    SDG targets, donors, partners, topics and the links `user` may see (a link to an activity out
    of scope is left out)."""
    # A link shows the activity at its other end and a note: only when `user` may see both ends.
    seen = visible(Activity, user, include_archived=True).values("pk")
    links = scope_queryset(ActivityLink.objects.all(), user).filter(
        from_activity__in=seen, to_activity__in=seen
    )
    activities = (
        visible(Activity, user, include_archived=includes_tombstones(filters))
        .select_related("host_country")
        .prefetch_related(
            "countries",
            "pillars",
            "sdg_targets",
            "donors",
            "partners",
            "topics",
            Prefetch("links_out", queryset=links),
            Prefetch("links_in", queryset=links),
        )
    )
    return filter_list(ActivityFilter, activities, filters, user=user)


def organisation_list(*, user, filters=None) -> QuerySet[Organisation]:
    """Donors, partners, offices and programmes, narrowed by `OrganisationFilter`."""
    organisations = visible(Organisation, user, include_archived=includes_tombstones(filters))
    return filter_list(OrganisationFilter, organisations.select_related("country"), filters, user=user)


def pillar_list(*, user, filters=None) -> QuerySet[Pillar]:
    """The programme's pillars, narrowed by `PillarFilter`."""
    pillars = visible(Pillar, user, include_archived=includes_tombstones(filters))
    return filter_list(PillarFilter, pillars, filters, user=user)
