from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import ImportJob


class ImportUploadSerializer(serializers.Serializer):
    """An uploaded attendance sheet or seizure file, with how to read and import it."""

    kind = serializers.ChoiceField(choices=ImportJob.Kind.choices, help_text=_("What the file holds."))
    file = serializers.FileField(
        allow_empty_file=True,
        use_url=False,
        help_text=_("A .csv or .xlsx file, at most IMPORT_MAX_FILE_SIZE."),
    )
    activity = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The activity of an attendance sheet (its id)."),
    )
    operation = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Optionally, the operation all the seizures belong to (its id)."),
    )
    date_order = serializers.ChoiceField(
        choices=ImportJob.DateOrder.choices,
        help_text=_("How to read dates such as 03/04/2024; ISO dates (2024-04-03) read the same either way."),
    )
    encoding = serializers.ChoiceField(
        choices=ImportJob.Encoding.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The CSV file's encoding; empty: detected."),
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text=_("Validate and answer the preview; write nothing.")
    )
    valid_rows_only = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Without a dry run: import the valid rows even if others fail."),
    )


class ImportConfirmSerializer(serializers.Serializer):
    valid_rows_only = serializers.BooleanField(
        required=False, default=False, help_text=_("Import the valid rows and leave the failing ones out.")
    )


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        allow_null=True, help_text=_("The row as the spreadsheet numbers it (header: 1).")
    )
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["create", "match", "error"])
    label = serializers.CharField(allow_blank=True)
    detail = serializers.CharField(allow_blank=True)


class ImportSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    create = serializers.IntegerField()
    match = serializers.IntegerField()
    error = serializers.IntegerField()
    already_present = serializers.IntegerField()


class ImportJobSerializer(serializers.ModelSerializer):
    """An import: its file, its status and progress, its preview (rows and errors) and what it wrote."""

    url = serializers.HyperlinkedIdentityField(view_name="api:import-detail")
    summary = serializers.SerializerMethodField()
    errors = ImportErrorSerializer(many=True, read_only=True)
    rows = serializers.SerializerMethodField()
    progress = serializers.IntegerField(source="progress_percent", read_only=True)
    # Null for an import made with an API key (no user).
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    created = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "kind",
            "status",
            "progress",
            "file_name",
            "file_size",
            "sha256",
            "file_format",
            "detected_encoding",
            "date_order",
            "activity",
            "operation",
            "created_by",
            "created_at",
            "rows_total",
            "rows_validated",
            "rows_with_errors",
            "valid_rows_only",
            "created_count",
            "matched_count",
            "summary",
            "errors",
            "rows",
            "created",
            "imported_at",
            "undone_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ImportSummarySerializer)
    def get_summary(self, job):
        defaults = {"rows": 0, "create": 0, "match": 0, "error": 0, "already_present": 0}
        return {**defaults, **job.summary}

    @extend_schema_field(ImportRowSerializer(many=True))
    def get_rows(self, job):
        return [
            {"row": row, "action": action, "label": label, "detail": detail}
            for row, action, label, detail in job.preview
        ]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_created(self, job):
        """How many records of each type the import created."""
        return {label: len(ids) for label, ids in job.created_ids.items()}


class ImportJobListSerializer(ImportJobSerializer):
    class Meta(ImportJobSerializer.Meta):
        fields = [name for name in ImportJobSerializer.Meta.fields if name not in ("errors", "rows")]
        read_only_fields = fields
