from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.api.downloads import DOWNLOAD_RENDERERS, as_accepted, download_responses
from core.api.renderers import api_renderers
from core.api.serializers import ErrorSerializer
from reports.access import may_request_any
from reports.filters import ReportFilter
from reports.models import Report
from reports.selectors import report_list
from reports.services import report_request
from reports.views import report_file_response

from .serializers import ReportRequestSerializer, ReportSerializer

FILE_TYPES = {
    Report.Format.PDF: "application/pdf",
    Report.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Report.Format.CSV: "text/csv",
}


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("The report has no file yet.")
    default_code = "not_ready"


class MayRequestReports(BasePermission):
    def has_permission(self, request, view):
        return request.method not in ("POST",) or may_request_any(request.user)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("List reports, newest first")),
    retrieve=extend_schema(summary=gettext_lazy("Read one report: its status, progress and download URL")),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports generated in the background: donor progress reports, country briefing packs,
    operation results reports and data exports. `POST` queues one and answers 202 with its URL;
    `GET` follows its status and progress; `download/` gives the file once it has succeeded.
    Everyone sees the reports they requested; programme staff see all."""

    serializer_class = ReportSerializer
    permission_classes = [IsAuthenticated, MayRequestReports]
    filterset_class = ReportFilter
    renderer_classes = api_renderers()
    parser_classes = [JSONParser]
    queryset = Report.objects.none()  # the model, for the OpenAPI document; reads: report_list

    def get_queryset(self):
        return report_list(user=self.request.user, filters=self.request.query_params)

    @extend_schema(
        summary=gettext_lazy("Request a report: queued, answered 202 with its URL"),
        request=ReportRequestSerializer,
        responses={202: ReportSerializer},
    )
    def create(self, request, *args, **kwargs):
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            report = report_request(
                principal=request.user,
                kind=incoming.validated_data["kind"],
                fmt=incoming.validated_data["format"],
                parameters=incoming.parameters(),
                language=incoming.validated_data.get("language"),
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        data = ReportSerializer(report, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": str(data["url"])})

    @extend_schema(
        summary=gettext_lazy("Download a report's file, once it has succeeded"),
        responses=download_responses(FILE_TYPES.values(), gettext_lazy("The report's file."))
        | {
            409: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("The report has not succeeded (yet): no file.")
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def download(self, request, pk=None):
        report = self.get_object()
        if report.status != Report.Status.SUCCEEDED or not report.file:
            raise NotReady(
                _("The report is %(status)s: its file can be downloaded once it has succeeded.")
                % {"status": report.get_status_display().lower()}
            )
        try:
            return as_accepted(request, report_file_response(report))
        except Http404 as error:  # its file is gone from the storage: say so, in the API's shape
            raise NotFound(str(error)) from None
