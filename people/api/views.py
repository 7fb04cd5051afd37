from django.db.models.functions import Least

from core.api.pagination import SyncCursorPagination
from core.api.views import ReadBackViewSet
from people.models import Participation, Person

from .filters import ParticipationFilter, PersonFilter
from .serializers import ParticipationSerializer, PersonSerializer


class PersonViewSet(ReadBackViewSet):
    """People: for staff and API keys with the personal-data scope only (core.access)."""

    queryset = Person.objects.select_related("country")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    pagination_class = SyncCursorPagination
    search_fields = ["first_name", "last_name", "email"]
    ordering_fields = ["id"]


class ParticipationViewSet(ReadBackViewSet):
    queryset = Participation.objects.select_related("person__country")
    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter
    pagination_class = SyncCursorPagination
    ordering_fields = ["id"]

    def with_related(self, queryset):
        # PostgreSQL's LEAST skips NULLs: the earlier archiving of the person or the activity.
        return queryset.annotate(archived_at=Least("person__archived_at", "activity__archived_at"))
