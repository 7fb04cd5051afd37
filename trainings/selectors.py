from django.db.models import QuerySet

from core.access import visible

from .models import TrainingDetail


def training_list(*, user) -> QuerySet[TrainingDetail]:
    return visible(TrainingDetail, user).select_related("activity", "activity__host_country")
