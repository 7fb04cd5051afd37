from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from core.api.pagination import SyncCursorPagination
from core.api.permissions import AccessPermission

from ..filters import DeletionFilter
from ..models import Deletion
from ..selectors import deletion_list
from .serializers import DeletionSerializer


@extend_schema_view(list=extend_schema(tags=["deletions"], summary=_("Records deleted for good")))
class DeletionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Records deleted for good (`type`, `id`, `deleted_at`), for a client that keeps a copy:
    remove them on your side. Only records you could see are listed. Send the `sync_watermark`
    of your last sync as `modified_since`, as to the lists; archived records are not here (they
    come back in their lists as tombstones, `archived_at` set)."""

    model = Deletion
    permission_classes = [IsAuthenticated, AccessPermission]
    serializer_class = DeletionSerializer
    filterset_class = DeletionFilter
    pagination_class = SyncCursorPagination

    def get_queryset(self):
        return deletion_list(user=self.request.user, filters=self.request.query_params)
