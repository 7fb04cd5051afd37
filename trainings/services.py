from collections.abc import Iterable
from datetime import date

from django.db import transaction

from activities.models import Activity
from activities.services import activity_create
from core.services import validated_save

from .models import TrainingDetail, TrainingModule


@transaction.atomic
def training_create(
    *,
    title: str,
    start_date: date,
    end_date: date,
    modules: Iterable[str] = (),
    level: str = TrainingDetail.Level.BASIC,
    target_audience: str = "",
    hours: int | None = None,
    evaluation_score=None,
    evaluation_summary: str = "",
    **activity_fields,
) -> TrainingDetail:
    """A training is an activity of kind training with its detail and modules, made in one go."""
    activity = activity_create(
        kind=Activity.Kind.TRAINING, title=title, start_date=start_date, end_date=end_date, **activity_fields
    )
    detail = validated_save(
        TrainingDetail(
            activity=activity,
            level=level,
            target_audience=target_audience,
            hours=hours,
            evaluation_score=evaluation_score,
            evaluation_summary=evaluation_summary,
        )
    )
    for order, title_of_module in enumerate(modules, start=1):
        validated_save(TrainingModule(training=detail, order=order, title=title_of_module))
    return detail
