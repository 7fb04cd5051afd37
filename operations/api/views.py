from django.db import transaction
from django.db.models import Count, DecimalField, F, Prefetch, Sum
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from activities.models import Activity
from core.access import scope_queryset
from core.aggregates import related_aggregate
from core.api.pagination import SyncCursorPagination
from core.api.views import ReadBackViewSet
from core.archive import record_archive
from operations.models import (
    Case,
    EquipmentHandover,
    Operation,
    OperationCountry,
    OperationPhase,
    Seizure,
    Substance,
)

from .filters import CaseFilter, EquipmentHandoverFilter, OperationFilter, SeizureFilter, SubstanceFilter
from .serializers import (
    CaseSerializer,
    EquipmentHandoverSerializer,
    OperationCreateSerializer,
    OperationSerializer,
    SeizureSerializer,
    SubstanceSerializer,
)

_KG = DecimalField(max_digits=20, decimal_places=6)


class SubstanceViewSet(ReadBackViewSet):
    queryset = Substance.objects.select_related("category")
    serializer_class = SubstanceSerializer
    filterset_class = SubstanceFilter
    search_fields = ["name", "synonyms", "category__name"]
    ordering_fields = ["id", "name", "updated_at"]
    ordering = ["name"]


class SeizureViewSet(ReadBackViewSet):
    queryset = Seizure.objects.select_related(
        "country", "origin_country", "destination_country", "substance__category"
    ).prefetch_related("transit_countries")
    serializer_class = SeizureSerializer
    filterset_class = SeizureFilter
    pagination_class = SyncCursorPagination
    search_fields = ["reference", "location", "notes"]
    ordering_fields = ["id"]


class OperationViewSet(ReadBackViewSet):
    queryset = Operation.objects.select_related("activity__host_country")
    serializer_class = OperationSerializer
    filterset_class = OperationFilter
    lookup_url_kwarg = "id"
    search_fields = ["code_name", "target", "activity__title"]
    ordering_fields = [
        "id",
        "code_name",
        "start_date",
        "end_date",
        "seizure_count",
        "seizure_kg",
        "updated_at",
    ]

    def get_serializer_class(self):
        if self.action == "create":
            return OperationCreateSerializer
        return super().get_serializer_class()

    def with_related(self, queryset):
        user = self.request.user
        include_archived = self.includes_archived()
        # The figures count what the requester may see of the seizures: restricted and
        # out-of-scope ones are left out of figures too.
        seizures = scope_queryset(Seizure.objects.all(), user)
        phases = scope_queryset(OperationPhase.objects.all(), user, include_archived=include_archived)
        participants = scope_queryset(
            OperationCountry.objects.select_related("country", "coordinating_agency"),
            user,
            include_archived=include_archived,
        )
        return queryset.annotate(
            # The pk is the activity's id: `id` lets clients order every list by `id`.
            id=F("activity_id"),
            start_date=F("activity__start_date"),
            end_date=F("activity__end_date"),
            seizure_count=related_aggregate(seizures, outer_field="operation", aggregate=Count("pk")),
            seizure_kg=related_aggregate(
                seizures, outer_field="operation", aggregate=Sum("mass_kg"), output_field=_KG
            ),
            arrests=related_aggregate(seizures, outer_field="operation", aggregate=Sum("arrests")),
        ).prefetch_related(
            Prefetch("phases", queryset=phases.order_by("number")),
            Prefetch("participants", queryset=participants.order_by("country__name")),
        )

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
    queryset = Case.objects.select_related("lead_country")
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    search_fields = ["reference", "title", "summary"]
    ordering_fields = ["id", "reference", "opened_on", "closed_on", "stage", "updated_at"]

    def with_related(self, queryset):
        user = self.request.user
        return queryset.prefetch_related(
            "countries",
            Prefetch("seizures", queryset=scope_queryset(Seizure.objects.only("pk"), user)),
            Prefetch("presented_at", queryset=scope_queryset(Activity.objects.only("pk"), user)),
        )


class EquipmentHandoverViewSet(ReadBackViewSet):
    queryset = EquipmentHandover.objects.select_related("country", "recipient_agency").prefetch_related(
        "items"
    )
    serializer_class = EquipmentHandoverSerializer
    filterset_class = EquipmentHandoverFilter
    search_fields = ["notes", "recipient_agency__name", "items__item"]
    ordering_fields = ["id", "date", "updated_at"]
