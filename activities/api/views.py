from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from core.api.rows import RelatedValues
from core.api.views import ProgrammeViewSet

from ..filters import ActivityFilter, OrganisationFilter, PillarFilter
from ..selectors import activity_list, organisation_list, pillar_list
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

    selector = staticmethod(organisation_list)
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter


class PillarViewSet(ProgrammeViewSet):
    """The programme's pillars; activities name them by number."""

    selector = staticmethod(pillar_list)
    serializer_class = PillarSerializer
    filterset_class = PillarFilter


@extend_schema_view(list=extend_schema(examples=[ACTIVITY_EXAMPLE]))
class ActivityViewSet(ProgrammeViewSet):
    """Every kind of event the programme runs. Deleting one archives it; an incremental sync
    (`modified_since`) reports it as a tombstone with `archived_at` set."""

    selector = staticmethod(activity_list)
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    # Topics are shown by name.
    export_columns = {"topics": RelatedValues("topics", "name")}
