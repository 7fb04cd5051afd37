"""The naive baseline of the list endpoints: what `ModelViewSet` + a default `ModelSerializer` give
with no query tuning (no select_related, no scoping, the model's default ordering, the project's
default pagination, authentication and permissions). Served only by the benchmark's URLconf
(benchmarks.urls) under /naive/api/v1/, in the same gunicorn as the real API, so the two differ
by their code alone."""

from rest_framework import routers, serializers, viewsets

from activities.models import Activity, Pillar
from operations.models import Case, EquipmentHandover, Operation, Seizure
from people.models import Participation, Person
from trainings.models import TrainingDetail

# The list endpoints of the benchmark: the API's prefix and its model.
MODELS = {
    "pillars": Pillar,
    "activities": Activity,
    "trainings": TrainingDetail,
    "operations": Operation,
    "people": Person,
    "participations": Participation,
    "seizures": Seizure,
    "cases": Case,
    "equipment-handovers": EquipmentHandover,
}


def _viewset(model) -> type[viewsets.ModelViewSet]:
    serializer = type(
        f"Naive{model.__name__}Serializer",
        (serializers.ModelSerializer,),
        {"Meta": type("Meta", (), {"model": model, "fields": "__all__"})},
    )
    return type(
        f"Naive{model.__name__}ViewSet",
        (viewsets.ModelViewSet,),
        {"queryset": model.objects.all(), "serializer_class": serializer},
    )


router = routers.SimpleRouter()
for prefix, model in MODELS.items():
    router.register(prefix, _viewset(model), basename=f"naive-{prefix}")

urlpatterns = router.urls
