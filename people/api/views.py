from django.db.models import DecimalField, ExpressionWrapper, F

from core.api.pagination import SyncCursorPagination
from core.api.views import ReadBackViewSet

from ..filters import ParticipationFilter, PersonFilter
from ..selectors import participation_list, participation_written, person_list
from .serializers import ParticipationSerializer, PersonSerializer


class PersonViewSet(ReadBackViewSet):
    """People: for staff and API keys with the personal-data scope only (core.access)."""

    selector = staticmethod(person_list)
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    pagination_class = SyncCursorPagination
    export_columns = {}


class ParticipationViewSet(ReadBackViewSet):
    selector = staticmethod(participation_list)
    written = staticmethod(participation_written)
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    pagination_class = SyncCursorPagination
    export_columns = {
        # `Participation.knowledge_gain`, a property: NULL without both scores, as there.
        "knowledge_gain": ExpressionWrapper(
            F("post_test_score") - F("pre_test_score"), output_field=DecimalField()
        ),
    }
