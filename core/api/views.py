import hashlib
import json
from collections.abc import Callable

from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.archive import record_archive
from core.models import ArchivableRecord
from core.versions import StaleRecord, record_lock, record_version

from .concurrency import PreconditionFailed, etag_for, if_match_versions
from .csv import CSVRenderer, csv_streaming_response
from .exports import ExportSource
from .links import LinkFilter
from .permissions import AccessPermission
from .renderers import api_renderers
from .rows import Column, ExportColumns, row_columns, values_rows


class ProgrammeViewSet(viewsets.ModelViewSet):
    # A record type of the API: reads from its app's list selector (scoped by the principal,
    # narrowed by the list's FilterSet: search and ordering included), writes through the
    # services, CSV, ETags. Subclasses set `selector`, `serializer_class`, `filterset_class` (the
    # selector's, for the OpenAPI document), `export_columns` where the list's rows are read
    # straight from the database, and a docstring of their own: the endpoint's description.

    permission_classes = [IsAuthenticated, AccessPermission]
    renderer_classes = api_renderers(CSVRenderer)
    # Records are written as JSON only: what the schema offers, one body per field (no form twin).
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    # The list's selector: (*, user, filters) -> QuerySet.
    selector: Callable[..., QuerySet] | None = None
    # The columns of the list's rows read straight from the database (core.api.rows) that its
    # serializer's fields do not say how to read; None: its rows go through the serializer.
    export_columns: ExportColumns | None = None
    # The serializer of the list's CSV and exports, where it differs (a flat one).
    csv_serializer_class = None
    # JSON pages of a list with `export_columns` read straight from the database too.
    values_pages = True

    @classproperty
    def model(cls):
        return cls.serializer_class.Meta.model

    @classproperty
    def archives(cls) -> bool:
        """Whether DELETE archives the record (a tombstone in the lists) rather than deleting it."""
        return issubclass(cls.model, ArchivableRecord)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # CSV is a list's other shape (`?format=csv`); a record, a write or a deletion answers JSON,
        # as the schema says, rather than a text that is not a CSV of anything.
        if request.accepted_renderer.format == "csv" and self.action != "list":
            raise ValidationError(
                {"format": [_("CSV is answered for lists only: leave `format` out, or use format=json.")]}
            )

    def get_queryset(self):
        return type(self).selector(user=self.request.user, filters=self.request.query_params)

    @classmethod
    def export_source(cls, *, principal, filters) -> ExportSource:
        """The list as `principal` sees it with `filters`: what `?format=csv` and a data export
        write, without a request."""
        return cls._export_source(
            queryset=cls.selector(user=principal, filters=filters),
            serializer=(cls.csv_serializer_class or cls.serializer_class)(context={"principal": principal}),
        )

    @classmethod
    def _export_source(cls, *, queryset, serializer) -> ExportSource:
        header = [name for name, field in serializer.fields.items() if not field.write_only]
        return ExportSource(
            queryset=queryset, serializer=serializer, header=header, export_columns=cls.export_columns
        )

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            source = self.export_source(principal=request.user, filters=request.query_params)
            return csv_streaming_response(
                header=source.header,
                rows=(dict(zip(source.header, values, strict=True)) for values in source.rows()),
                filename=self.basename,
            )
        values = self.values_pages and self.export_columns is not None
        if values and request.accepted_renderer.format == "json":
            response = self._values_page()
            if response is not None:
                return response
        return super().list(request, *args, **kwargs)

    def _values_page(self):
        # A JSON page of a list that declares `export_columns` is read straight from the database
        # (core.api.rows): the same fields and values as the serializer shows, without a model
        # instance and a serializer run per row.
        queryset = self.get_queryset()
        source = self._export_source(queryset=queryset, serializer=self.fields_serializer())
        columns = row_columns(
            export_columns=source.export_columns,
            queryset=queryset,
            serializer=source.serializer,
            header=source.header,
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
        by_id = {values[-1]: dict(zip(source.header, values[:-1], strict=True)) for values in rows}
        return self.get_paginated_response([by_id[pk] for pk in ids])

    def fields_serializer(self):
        """The serializer as this request shows records, for its fields (built once a request)."""
        if getattr(self, "_fields_serializer", None) is None:
            self._fields_serializer = self.get_serializer()
        return self._fields_serializer

    def get_paginated_response(self, data):
        # A page shows the ids of linked records only where the reader may see them.
        return super().get_paginated_response(LinkFilter(self.fields_serializer()).apply(data))

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record)
        data = LinkFilter(serializer).apply([serializer.data])[0]
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
        etag = etag_for(record_version(record), digest)
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        # Refused (412) if `If-Match` names a version older than the record's.
        instance = self.get_object()
        try:
            record_lock(instance, versions=if_match_versions(request))
        except StaleRecord as error:
            raise PreconditionFailed from error
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

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
    # annotated figures included (`written`: the app's selector of a record just written), even
    # where the record falls out of the requester's read scope (a restricted record written by a
    # key without clearance).

    # (*, user, pk) -> the record; None: the record as saved.
    written: Callable[..., object] | None = None

    def read_back(self, record):
        if self.written is None:
            return record
        return type(self).written(user=self.request.user, pk=record.pk)

    def perform_create(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)

    def perform_update(self, serializer):
        serializer.save()
        serializer.instance = self.read_back(serializer.instance)
