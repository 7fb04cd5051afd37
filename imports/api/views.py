from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.access import Action, can
from core.api.downloads import DOWNLOAD_RENDERERS, as_accepted, download_responses
from core.api.serializers import ErrorSerializer

from ..files import CONTENT_TYPES, import_template, rejected_rows
from ..filters import ImportJobFilter
from ..models import ImportJob
from ..selectors import import_job_list
from ..services import import_job_confirm, import_job_create, import_job_undo
from .serializers import (
    ImportConfirmSerializer,
    ImportJobListSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
)

_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("The request is not valid.")),
    403: OpenApiResponse(ErrorSerializer, description=_("The caller may not do this.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such import, or out of the caller's scope.")),
}
_FILE_RESPONSES = download_responses((CONTENT_TYPES["xlsx"], "text/csv"), _("The file.")) | {
    403: _ERRORS[403],
    404: _ERRORS[404],
}
_FORMAT_PARAMETER = OpenApiParameter(
    "file_format", str, OpenApiParameter.QUERY, enum=["csv", "xlsx"], description=_("csv (default) or xlsx")
)


def _download(request, data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return as_accepted(request, response)


class CanViewImports(BasePermission):
    def has_permission(self, request, view):
        return can(request.user, Action.VIEW, ImportJob)


@extend_schema_view(
    list=extend_schema(tags=["imports"], summary=_("Imports, newest first")),
    retrieve=extend_schema(
        tags=["imports"],
        summary=_("An import: status, progress, preview (rows and errors by row and column)"),
    ),
)
class ImportJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Bulk imports of attendance sheets and seizure records (CSV or XLSX): validated, previewed,
    written all-or-nothing in one transaction."""

    permission_classes = [IsAuthenticated, CanViewImports]
    # An upload is multipart (a file); its other writes take JSON (their actions say so).
    parser_classes = [MultiPartParser]
    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilter

    def get_queryset(self):
        return import_job_list(user=self.request.user, filters=self.request.query_params)

    def get_serializer_class(self):
        if self.action == "list":
            return ImportJobListSerializer
        return super().get_serializer_class()

    @extend_schema(
        tags=["imports"],
        summary=_("Upload a file: validate it (dry run: preview only) or import it"),
        description=_(
            "Multipart upload. Small files are validated at once: 201 with the preview (dry run), or with "
            "status `imported`; 422 with the same body when the file cannot be read (status `failed`) or "
            "errors prevent the import (nothing is written). "
            "Big files are validated by a worker: 202, then poll the import's URL for progress and the "
            "preview, and confirm it."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            201: ImportJobSerializer,
            202: ImportJobSerializer,
            422: OpenApiResponse(
                ImportJobSerializer,
                description=_(
                    "The file cannot be read, or rows with errors prevent the import: nothing written."
                ),
            ),
            **_ERRORS,
        },
    )
    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        uploaded = data["file"]
        limit = settings.IMPORT_MAX_FILE_SIZE
        if uploaded.size is not None and uploaded.size > limit:
            # Refused before it is read into memory.
            raise ValidationError(
                {
                    "file": _("The file is larger than the limit of %(limit)s MB.")
                    % {"limit": f"{limit / 2**20:g}"}
                }
            )
        job = import_job_create(
            principal=request.user,
            kind=data["kind"],
            file_name=uploaded.name or "upload",
            data=uploaded.read(),
            date_order=data["date_order"],
            encoding=data.get("encoding", ""),
            activity_id=data.get("activity"),
            operation_id=data.get("operation"),
            dry_run=data["dry_run"],
            valid_rows_only=data["valid_rows_only"],
        )
        body = ImportJobSerializer(job, context=self.get_serializer_context()).data
        if job.is_running:
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": str(body["url"])})
        if job.status == ImportJob.Status.FAILED or (
            not data["dry_run"] and job.status != ImportJob.Status.IMPORTED
        ):
            return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": str(body["url"])})

    @extend_schema(
        tags=["imports"],
        summary=_("Confirm a validated import: write it in one transaction"),
        request=ImportConfirmSerializer,
        responses={200: ImportJobSerializer, 202: ImportJobSerializer, **_ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def confirm(self, request, pk=None):
        job = self.get_object()
        options = ImportConfirmSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        job = import_job_confirm(
            job=job, principal=request.user, valid_rows_only=options.validated_data["valid_rows_only"]
        )
        body = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED if job.is_running else status.HTTP_200_OK)

    @extend_schema(
        tags=["imports"],
        summary=_("Undo an import (administrators): delete for good what it created"),
        request=None,
        responses={200: ImportJobSerializer, **_ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def undo(self, request, pk=None):
        job = self.get_object()
        import_job_undo(job=job, user=request.user, request=request._request)
        job.refresh_from_db()
        return Response(ImportJobSerializer(job, context=self.get_serializer_context()).data)

    @extend_schema(
        tags=["imports"],
        summary=_("The rows not imported, as uploaded, with an errors column"),
        parameters=[_FORMAT_PARAMETER],
        responses=_FILE_RESPONSES,
    )
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def rejected(self, request, pk=None):
        job = self.get_object()
        file_format = "xlsx" if request.query_params.get("file_format") == "xlsx" else "csv"
        if job.status == ImportJob.Status.FAILED or not job.rows_with_errors:
            return Response(
                {"detail": str(_("This import has no rejected rows.")), "code": "not_found"},
                status=status.HTTP_404_NOT_FOUND,
            )
        return _download(request, *rejected_rows(job=job, file_format=file_format))


class ImportTemplateApi(APIView):
    """The template of an import: headers, an example row and (XLSX) the accepted values."""

    permission_classes = [IsAuthenticated, CanViewImports]
    renderer_classes = DOWNLOAD_RENDERERS

    @extend_schema(
        operation_id="imports_template",
        tags=["imports"],
        summary=_("The template of an import: headers, an example row and (XLSX) the accepted values"),
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=ImportJob.Kind.values),
            OpenApiParameter("file_format", str, OpenApiParameter.PATH, enum=["csv", "xlsx"]),
        ],
        responses=_FILE_RESPONSES,
    )
    def get(self, request, kind, file_format):
        if kind not in ImportJob.Kind.values or file_format not in ("csv", "xlsx"):
            raise Http404
        return _download(request, *import_template(kind=kind, file_format=file_format))
