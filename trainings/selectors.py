"""Reads of trainings: every surface gets them from here."""

from django.db.models import Count, F, QuerySet

from core.access import visible
from core.aggregates import related_aggregate
from core.filters import filter_list, includes_tombstones
from people.models import Participation, Person

from .filters import TrainingFilter
from .models import TrainingDetail


def training_list(*, user, filters=None) -> QuerySet[TrainingDetail]:
    """Trainings `user` may see, narrowed by `TrainingFilter`, with their activity, modules and
    figures: `participant_count` and `women_count`, the distinct people (not archived) who took
    part in the training in any role, as the training's own page counts them."""
    trainings = visible(TrainingDetail, user, include_archived=includes_tombstones(filters))
    return filter_list(TrainingFilter, _trainings(trainings), filters, user=user)


def training_written(*, user, pk) -> TrainingDetail:
    """A training just written, as a read shows it: its figures of people included."""
    return _trainings(TrainingDetail.objects.filter(pk=pk)).get()


def _trainings(queryset: QuerySet[TrainingDetail]) -> QuerySet[TrainingDetail]:
    # Archived people leave the figures, as they leave every list.
    participations = Participation.objects.filter(person__archived_at__isnull=True)
    return (
        queryset.select_related("activity", "activity__host_country")
        .prefetch_related("activity__countries", "modules")
        .annotate(
            participant_count=related_aggregate(
                participations, outer_field="activity", aggregate=Count("person", distinct=True)
            ),
            women_count=related_aggregate(
                participations.filter(person__gender=Person.Gender.FEMALE),
                outer_field="activity",
                aggregate=Count("person", distinct=True),
            ),
        )
        # The activity's fields under their own names, for `ordering`.
        .alias(
            id=F("activity_id"),
            start_date=F("activity__start_date"),
            end_date=F("activity__end_date"),
            title=F("activity__title"),
        )
    )
