from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.exports import export_list_choices
from reports.models import Report


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]})
class FilterValue(serializers.JSONField):
    """A list's query parameter: one value, or several (a multi-valued filter)."""


class ReportParametersSerializer(serializers.Serializer):
    """What a report was asked for, as cleaned when it was requested: which keys are present
    depends on its kind (a donor progress report: the period and donor; a country briefing pack:
    country and period; an operation results report: operation; a data export: list and filters)."""

    date_from = serializers.CharField(required=False, help_text=_("YYYY-MM-DD; empty: not limited."))
    date_to = serializers.CharField(required=False, help_text=_("YYYY-MM-DD; empty: not limited."))
    donor = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The donor's organisation id; null: all donors.")
    )
    country = serializers.CharField(required=False, help_text=_("ISO alpha-2 code."))
    operation = serializers.IntegerField(required=False, help_text=_("The operation's id."))
    list = serializers.CharField(required=False, help_text=_("The list exported."))
    filters = serializers.DictField(
        child=FilterValue(),
        required=False,
        help_text=_("The list's query parameters, as in its API endpoint."),
    )


class ReportSerializer(serializers.ModelSerializer):
    """A report: what was asked, how far its generation is, and where its file is once done."""

    url = serializers.SerializerMethodField(help_text=_("This report in the API."))
    page_url = serializers.SerializerMethodField(help_text=_("The page that follows the report's progress."))
    download_url = serializers.SerializerMethodField(
        help_text=_("Where the file downloads from, once the report has succeeded; null before.")
    )
    requested_by = serializers.SerializerMethodField(help_text=_("Who asked for it."))
    parameters = ReportParametersSerializer(
        read_only=True, help_text=_("Period, donor, country, operation, list and filters, as requested.")
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "page_url",
            "kind",
            "format",
            "title",
            "language",
            "parameters",
            "status",
            "progress",
            "error",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "checksum",
            "size",
            "download_url",
        ]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, report) -> str:
        return self._absolute(reverse("api:report-detail", args=[report.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, report) -> str:
        return self._absolute(reverse("reports:detail", args=[report.pk]))

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, report) -> str | None:
        if report.status != Report.Status.SUCCEEDED:
            return None
        return self._absolute(reverse("api:report-download", args=[report.pk]))

    @extend_schema_field(OpenApiTypes.STR)
    def get_requested_by(self, report) -> str:
        if report.scheduled:
            return "schedule"
        if report.requested_by_api_key_id:
            return f"api:{report.requested_by_api_key.prefix}"
        return report.requested_by.get_username() if report.requested_by_id else ""


@extend_schema_field(OpenApiTypes.DATE)
class DateText(serializers.CharField):
    """A date (YYYY-MM-DD) passed on as written: the figures' one parser (stats.filters) checks it
    and names the field, as for the stats API and the dashboards."""


class ReportRequestSerializer(serializers.Serializer):
    """A request for a report. Which parameters count depends on the kind: a donor progress report
    needs `date_from`, `date_to` and optionally `donor`; a country briefing pack `country` (and
    optionally a period); an operation results report `operation`; a data export `list` and
    optionally `filters`, the list's API query parameters (e.g. {"country": "PE,CO", "date_from":
    "2021-01-01"})."""

    kind = serializers.ChoiceField(choices=Report.Kind.choices, label=_("kind"))
    format = serializers.ChoiceField(
        choices=Report.Format.choices,
        label=_("format"),
        help_text=_("pdf or xlsx for the reports; csv or xlsx for a data export."),
    )
    date_from = DateText(required=False, allow_null=True, allow_blank=True, label=_("from"))
    date_to = DateText(required=False, allow_null=True, allow_blank=True, label=_("to"))
    donor = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        label=_("donor"),
        help_text=_("Its id or acronym (e.g. INL)."),
    )
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, label=_("country"), help_text=_("ISO alpha-2 code.")
    )
    operation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        label=_("operation"),
        help_text=_("Its id or code name."),
    )
    list = serializers.ChoiceField(
        choices=export_list_choices(), required=False, label=_("list"), help_text=_("The list to export.")
    )
    filters = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        label=_("filters"),
        help_text=_("The list's query parameters, as in its API endpoint."),
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        label=_("language"),
        help_text=_("The language the file is written in; by default the requester's (Accept-Language)."),
    )

    def parameters(self) -> dict:
        data = dict(self.validated_data)
        data.pop("kind")
        data.pop("format")
        data.pop("language", None)
        return data
