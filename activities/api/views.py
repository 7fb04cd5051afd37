from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from activities.models import Activity, ActivityLink, Organisation, Pillar
from core.access import scope_queryset
from core.api.views import ProgrammeViewSet

from .filters import ActivityFilter, OrganisationFilter, PillarFilter
from .serializers import ActivitySerializer, OrganisationSerializer, PillarSerializer

ACTIVITY_EXAMPLE = OpenApiExample(
    "A national training",
    response_only=True,
    value={
        "id": 42,
        "kind": "training",
        "title": "Operation Azure national training: profiling and safe handling of synthetic opioids "
        "in mail and small parcels (Lima)",
        "status": "completed",
        "start_date": "2021-09-20",
        "end_date": "2021-09-22",
        "venue": "Lima",
        "host_country": "PE",
        "modality": "in_person",
        "scope": "national",
        "countries": ["PE"],
        "pillars": [1],
        "sdg_targets": ["16.4"],
        "donors": [3],
        "partners": [],
        "lead_office": 5,
        "topics": ["Safe handling of synthetic opioids"],
        "description": "",
        "outcomes": "",
        "reported_participants": 16,
        "source_url": "",
        "is_synthetic": False,
        "links_out": [{"relation": "prepared", "activity": 57, "note": ""}],
        "links_in": [],
        "archived_at": None,
        "created_at": "2024-01-15T10:00:00Z",
        "updated_at": "2024-01-15T10:00:00Z",
    },
)


@extend_schema_view(
    list=extend_schema(
        examples=[
            OpenApiExample(
                "A donor",
                response_only=True,
                value={
                    "id": 3,
                    "name": "European Union – Global Illicit Flows Programme",
                    "acronym": "GIFP",
                    "kind": "donor",
                    "country": None,
                    "website": "",
                    "created_at": "2024-01-15T10:00:00Z",
                    "updated_at": "2024-01-15T10:00:00Z",
                },
            )
        ]
    )
)
class OrganisationViewSet(ProgrammeViewSet):
    """Donors, implementing partners, UNODC offices and sister programmes."""

    queryset = Organisation.objects.select_related("country")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    search_fields = ["name", "acronym"]
    ordering_fields = ["id", "name", "acronym", "updated_at"]
    ordering = ["name"]


class PillarViewSet(ProgrammeViewSet):
    """The programme's pillars; activities name them by number."""

    queryset = Pillar.objects.all()
    serializer_class = PillarSerializer
    filterset_class = PillarFilter
    search_fields = ["name", "description"]
    ordering_fields = ["id", "number", "name", "updated_at"]
    ordering = ["number"]


@extend_schema_view(list=extend_schema(examples=[ACTIVITY_EXAMPLE]))
class ActivityViewSet(ProgrammeViewSet):
    """Every kind of event the programme runs. Deleting one archives it; an incremental sync
    (`modified_since`) reports it as a tombstone with `archived_at` set."""

    queryset = Activity.objects.select_related("host_country").prefetch_related(
        "countries", "pillars", "sdg_targets", "donors", "partners", "topics"
    )
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["title", "description", "venue"]
    ordering_fields = ["start_date", "end_date", "title", "updated_at", "id"]
    ordering = ["-start_date", "id"]

    def get_queryset(self):
        # Links follow their own access rule: one to an activity the caller may not see is left out.
        links = scope_queryset(ActivityLink.objects.all(), self.request.user)
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("links_out", queryset=links), Prefetch("links_in", queryset=links))
        )
