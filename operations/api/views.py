from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api.pagination import SyncCursorPagination
from core.api.views import ReadBackViewSet
from core.archive import record_archive

from ..filters import CaseFilter, EquipmentHandoverFilter, OperationFilter, SeizureFilter, SubstanceFilter
from ..selectors import (
    case_list,
    case_written,
    equipment_handover_list,
    operation_list,
    operation_written,
    seizure_list,
    substance_list,
)
from .serializers import (
    ActivitySummarySerializer,
    CaseSerializer,
    EquipmentHandoverSerializer,
    OperationCreateSerializer,
    OperationSerializer,
    SeizureSerializer,
    SubstanceSerializer,
)


class SubstanceViewSet(ReadBackViewSet):
    selector = staticmethod(substance_list)
    serializer_class = SubstanceSerializer
    filterset_class = SubstanceFilter


class SeizureViewSet(ReadBackViewSet):
    selector = staticmethod(seizure_list)
    serializer_class = SeizureSerializer
    filterset_class = SeizureFilter
    pagination_class = SyncCursorPagination
    export_columns = {}


class OperationViewSet(ReadBackViewSet):
    selector = staticmethod(operation_list)
    written = staticmethod(operation_written)
    serializer_class = OperationSerializer
    filterset_class = OperationFilter
    # Pages and exports read straight from the database (core.api.rows); the nested activity
    # as one JSON object a row.
    export_columns = {"activity": ActivitySummarySerializer.database_row()}
    lookup_url_kwarg = "id"
    archives = True  # its activity

    def get_serializer_class(self):
        if self.action == "create":
            return OperationCreateSerializer
        return super().get_serializer_class()

    @extend_schema(request=OperationCreateSerializer, responses={201: OperationSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        operation = self.read_back(serializer.save())
        data = OperationSerializer(operation, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @transaction.atomic
    def perform_destroy(self, instance):
        # An operation is an activity: removing it archives the activity, as for any activity.
        record_archive(record=instance.activity, user=self.request.user)


class CaseViewSet(ReadBackViewSet):
    selector = staticmethod(case_list)
    written = staticmethod(case_written)
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    export_columns = {}


class EquipmentHandoverViewSet(ReadBackViewSet):
    selector = staticmethod(equipment_handover_list)
    serializer_class = EquipmentHandoverSerializer
    filterset_class = EquipmentHandoverFilter
    export_columns = {}
