from django.db import transaction
from django.db.models import Count, F
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from core.aggregates import related_aggregate
from core.api.views import ProgrammeViewSet
from core.archive import record_archive
from people.models import Participation, Person
from trainings.models import TrainingDetail

from .filters import TrainingFilter
from .serializers import TrainingCSVSerializer, TrainingSerializer


def _training_queryset():
    # Archived people leave the figures, as they leave every list.
    participations = Participation.objects.filter(person__archived_at__isnull=True)
    return (
        TrainingDetail.objects.select_related("activity", "activity__host_country")
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


TRAINING_EXAMPLE = OpenApiExample(
    "A national training",
    response_only=True,
    value={
        "id": 42,
        "activity": {
            "title": "Operation Azure national training: profiling and safe handling of synthetic "
            "opioids in mail and small parcels (Lima)",
            "status": "completed",
            "start_date": "2021-09-20",
            "end_date": "2021-09-22",
            "venue": "Lima",
            "host_country": "PE",
            "countries": ["PE"],
            "modality": "in_person",
            "scope": "national",
            "description": "",
        },
        "level": "basic",
        "target_audience": "Front-line officers at mail and courier centres, investigators, forensic "
        "experts and prosecutors",
        "hours": 24,
        "evaluation_score": "4.60",
        "evaluation_summary": "",
        "modules": [
            {
                "order": 1,
                "title": "Profiling of synthetic opioids in mail and small parcels: risk indicators",
                "hours": "8.0",
            }
        ],
        "participants": 16,
        "women": 4,
        "archived_at": None,
        "created_at": "2024-01-15T10:00:00Z",
        "updated_at": "2024-01-15T10:00:00Z",
    },
)


@extend_schema_view(list=extend_schema(examples=[TRAINING_EXAMPLE]))
class TrainingViewSet(ProgrammeViewSet):
    """Trainings: what only an activity of kind training has, with the activity's main fields.
    A training's id is its activity's id; deleting a training archives its activity."""

    lookup_url_kwarg = "id"

    queryset = _training_queryset()
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    search_fields = ["activity__title", "activity__venue", "target_audience"]
    ordering_fields = ["start_date", "end_date", "title", "updated_at", "id"]
    ordering = ["-start_date", "id"]

    def get_serializer_class(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        if self.action == "list" and renderer is not None and renderer.format == "csv":
            return TrainingCSVSerializer
        return super().get_serializer_class()

    @transaction.atomic
    def perform_destroy(self, instance):
        # Removing a training archives its activity, as removing the activity does.
        record_archive(record=instance.activity, user=self.request.user)
