import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Least
from django.http import Http404

from core.access import Action, Kind, access_for, released_q, visible
from core.filters import filter_list, includes_tombstones
from core.suppression import Count as ShownCount
from core.suppression import Suppressed, suppress_count, suppress_table
from countries.models import Country

from .filters import ParticipationFilter, PersonFilter
from .models import Participation, Person


def person_list(*, user, filters=None) -> QuerySet[Person]:
    """People `user` may see (staff and keys with the personal-data scope), narrowed by
    `PersonFilter`."""
    people = visible(Person, user, include_archived=includes_tombstones(filters))
    return filter_list(PersonFilter, people.select_related("country", "agency"), filters)


def participation_list(*, user, filters=None) -> QuerySet[Participation]:
    """Participations `user` may see, narrowed by `ParticipationFilter`; `archived_at` is the
    earlier archiving of the person or the activity (a tombstone for a sync)."""
    participations = _participations(
        visible(Participation, user, include_archived=includes_tombstones(filters))
    )
    return filter_list(ParticipationFilter, participations, filters)


def participation_written(*, user, pk) -> Participation:
    """A participation just written, as a read shows it."""
    return _participations(Participation.objects.filter(pk=pk)).get()


def _participations(queryset: QuerySet[Participation]) -> QuerySet[Participation]:
    # PostgreSQL's LEAST skips NULLs: the earlier archiving of the person or the activity.
    return queryset.select_related("person__country").annotate(
        archived_at=Least("person__archived_at", "activity__archived_at")
    )


@dataclass(frozen=True)
class PeopleFigures:
    """People trained: distinct people, attendances and breakdowns, suppressed where required."""

    people: ShownCount
    participations: ShownCount
    by_gender: dict[str, ShownCount]
    by_category: dict[str, ShownCount]
    suppressed: bool


def people_figures(
    *, user, country: Country | None = None, activities: QuerySet | None = None
) -> PeopleFigures:
    """Counts of people for `country` (or programme-wide) over `activities` (or all of them).

    Anyone who may see activities may see these totals, mission viewers included, but only for
    their own countries or programme-wide; without access to personal data, small counts are
    suppressed (core.suppression).
    """
    access = access_for(user)
    if not access.allows(Action.VIEW, Kind.WORKING):
        raise Http404
    if country is not None and not access.sees_country(country.pk):
        raise Http404
    participations = Participation.objects.filter(
        person__archived_at__isnull=True,
        activity__archived_at__isnull=True,
    )
    if not access.sees_restricted:
        participations = participations.filter(released_q("activity__operation", datetime.date.today()))
    if country is not None:
        participations = participations.filter(person__country=country)
    if activities is not None:
        participations = participations.filter(activity__in=activities)
    totals = participations.aggregate(people=Count("person", distinct=True), participations=Count("pk"))
    gender_counts = {
        row["person__gender"]: row["people"]
        for row in participations.values("person__gender").annotate(people=Count("person", distinct=True))
    }
    by_gender = {gender: gender_counts.get(gender, 0) for gender in Person.Gender.values}
    category_counts = {
        row["person__professional_category"]: row["people"]
        for row in participations.values("person__professional_category").annotate(
            people=Count("person", distinct=True)
        )
    }
    by_category = {category: category_counts.get(category, 0) for category in Person.Category.values}
    if access.sees_personal_data:
        return PeopleFigures(totals["people"], totals["participations"], by_gender, by_category, False)
    shown_gender, people_after_gender = suppress_table(by_gender, total=totals["people"])
    shown_category, people_after_category = suppress_table(by_category, total=totals["people"])
    people = people_after_gender if isinstance(people_after_gender, Suppressed) else people_after_category
    return PeopleFigures(
        people=people,
        participations=suppress_count(totals["participations"]),
        by_gender=shown_gender,
        by_category=shown_category,
        suppressed=True,
    )
