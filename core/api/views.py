import hashlib
import json

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from core.access import scope_queryset
from core.archive import record_archive
from core.models import ArchivableRecord

from .csv import CSVRenderer, csv_streaming_response
from .pagination import PageNumberPagination
from .permissions import AccessPermission
from .throttling import PrincipalRateThrottle


class ProgrammeViewSet(viewsets.ModelViewSet):
    # A record type of the API: scoped reads, writes through the services, CSV, ETags.
    # Subclasses set `queryset` (with its select_related / prefetch_related), `serializer_class`,
    # `filterset_class`, `search_fields` and `ordering_fields`, and a docstring of their own: it
    # is the endpoint's description in the OpenAPI document.

    permission_classes = [IsAuthenticated, AccessPermission]
    filter_backends = [DjangoFilterBackend, filters.SearchFilter, filters.OrderingFilter]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    throttle_classes = [PrincipalRateThrottle]
    pagination_class = PageNumberPagination
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    ordering = ["id"]

    def get_queryset(self):
        # An incremental sync (`modified_since`) also learns about archived records: tombstones.
        include_archived = self.action == "list" and "modified_since" in self.request.query_params
        return scope_queryset(super().get_queryset(), self.request.user, include_archived=include_archived)

    # A JSON page of a list is read straight from the database where the list's serializer
    # allows it (reports.export_rows): the same fields and values as the serializer shows, without
    # a model instance and a serializer run per row.
    values_pages = True

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            return self._csv(request)
        if self.values_pages and request.accepted_renderer.format == "json":
            response = self._values_page()
            if response is not None:
                return response
        return super().list(request, *args, **kwargs)

    def _values_page(self):
        from reports.export_rows import Column, row_columns, values_rows
        from reports.exports import export_list_name

        list_name = export_list_name(type(self))
        queryset = self.filter_queryset(self.get_queryset())
        serializer = self.get_serializer()
        header = [name for name, field in serializer.fields.items() if not field.write_only]
        columns = list_name and row_columns(
            list_name=list_name, queryset=queryset, serializer=serializer, header=header
        )
        if not columns:
            return None
        # The page by the list's own pagination and order, as ids; then its rows in one query.
        page = self.paginate_queryset(queryset.prefetch_related(None).values("id"))
        ids = [row["id"] for row in page]
        rows = values_rows(
            queryset=queryset.filter(pk__in=ids).order_by(),
            columns=[*columns, Column("pk", None)],
            stream=False,
        )
        by_id = {values[-1]: dict(zip(header, values[:-1], strict=True)) for values in rows}
        return self.get_paginated_response([by_id[pk] for pk in ids])

    def _csv(self, request):
        # The exports' rows (reports.export_rows): read straight from the database where the list
        # has a row spec, through the serializer otherwise.
        from reports.export_rows import export_rows
        from reports.exports import export_list_name

        queryset = self.filter_queryset(self.get_queryset())
        serializer = self.get_serializer()
        header = [name for name, field in serializer.fields.items() if not field.write_only]
        rows = export_rows(
            list_name=export_list_name(type(self)), queryset=queryset, serializer=serializer, header=header
        )
        return csv_streaming_response(
            header=header,
            rows=(dict(zip(header, values, strict=True)) for values in rows),
            filename=self.basename,
        )

    def retrieve(self, request, *args, **kwargs):
        data = self.get_serializer(self.get_object()).data
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        etag = f'"{digest[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    @transaction.atomic
    def perform_destroy(self, instance):
        if isinstance(instance, ArchivableRecord):
            record_archive(record=instance, user=self.request.user)
            return
        try:
            instance.delete()
        except (ProtectedError, RestrictedError) as error:
            referring = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
            blockers = sorted({str(record._meta.verbose_name) for record in referring})
            raise Conflict(
                _("Other records still refer to this one (%(records)s): change or remove them first.")
                % {"records": ", ".join(blockers)}
            ) from error


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record cannot be deleted while other records refer to it.")
    default_code = "conflict"


class ReadBackViewSet(ProgrammeViewSet):
    # Answers a write with the record as a read shows it: related rows, scoped prefetches and
    # annotated figures included (`with_related`), even where the record falls out of the
    # requester's read scope (a restricted record written by a key without clearance).

    def with_related(self, queryset):
        return queryset

    def get_queryset(self):
        return self.with_related(super().get_queryset())

    def includes_archived(self) -> bool:
        # As `ProgrammeViewSet.get_queryset`: a tombstone keeps its related rows.
        return self.action == "list" and "modified_since" in self.request.query_params

    def read_back(self, record):
        return self.with_related(self.queryset.model._default_manager.filter(pk=record.pk)).get()

    def perform_create(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)

    def perform_update(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)
