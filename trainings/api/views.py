from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from core.api.views import ReadBackViewSet
from core.archive import record_archive

from ..filters import TrainingFilter
from ..selectors import training_list, training_written
from .serializers import TrainingCSVSerializer, TrainingSerializer

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
class TrainingViewSet(ReadBackViewSet):
    """Trainings: what only an activity of kind training has, with the activity's main fields.
    A training's id is its activity's id; deleting a training archives its activity."""

    lookup_url_kwarg = "id"
    archives = True  # its activity

    selector = staticmethod(training_list)
    written = staticmethod(training_written)
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilter
    # A training's CSV and exports are flat: one column per field of the activity.
    csv_serializer_class = TrainingCSVSerializer

    @transaction.atomic
    def perform_destroy(self, instance):
        # Removing a training archives its activity, as removing the activity does.
        record_archive(record=instance.activity, user=self.request.user)
