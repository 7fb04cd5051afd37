import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class ImportJob(TimeStampedModel):
    """One uploaded spreadsheet: its validation, its preview, what its import wrote, and its undo.

    The record is the import's audited summary: the file's name, size and checksum, who imported
    it, what it created or matched and the ids created (the rows themselves are audited one by one
    by their own triggers, with this import's id and file in their context).
    """

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Attendance sheet")
        SEIZURES = "seizures", _("Seizure records")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for validation")
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Validated: ready to import")
        FAILED = "failed", _("The file cannot be read")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        UNDONE = "undone", _("Undone")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class DateOrder(models.TextChoices):
        DAY_FIRST = "day-first", _("Day first (31/01/2024)")
        MONTH_FIRST = "month-first", _("Month first (01/31/2024)")

    class Encoding(models.TextChoices):
        AUTO = "", _("Detect")
        UTF_8 = "utf-8", "UTF-8"
        UTF_8_SIG = "utf-8-sig", _("UTF-8 with BOM")
        LATIN_1 = "latin-1", "Latin-1 (ISO-8859-1)"
        CP1252 = "cp1252", "Windows-1252"

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    encoding = models.CharField(_("encoding"), max_length=20, choices=Encoding.choices, blank=True)
    detected_encoding = models.CharField(_("encoding read"), max_length=30, blank=True)
    date_order = models.CharField(_("date order"), max_length=20, choices=DateOrder.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    operation = models.ForeignKey(
        "operations.Operation",
        verbose_name=_("operation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    api_key = models.ForeignKey(
        "accounts.ApiKey",
        verbose_name=_("uploaded with API key"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    import_when_valid = models.BooleanField(
        _("import once validated"),
        default=False,
        help_text=_("Uploaded without a dry run: imported as soon as the validation allows it."),
    )
    valid_rows_only = models.BooleanField(_("import only the valid rows"), default=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_validated = models.PositiveIntegerField(_("rows validated"), default=0)
    rows_with_errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    matched_count = models.PositiveIntegerField(_("rows matched"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    created_ids = models.JSONField(
        _("records created"), default=dict, blank=True, help_text=_("Ids by record type.")
    )
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.TextField(_("reason for the undo"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="attendance") | Q(activity__isnull=False, operation__isnull=True),
                name="import_attendance_has_activity",
                violation_error_message=_("An attendance sheet is imported into an activity."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="seizures") | Q(activity__isnull=True),
                name="import_seizures_no_activity",
            ),
            models.CheckConstraint(
                condition=Q(rows_validated__lte=models.F("rows_total")),
                name="import_progress_within_total",
            ),
            models.CheckConstraint(
                condition=Q(status="undone", undone_at__isnull=False)
                | (~Q(status="undone") & Q(undone_at__isnull=True)),
                name="import_undone_has_time",
            ),
            models.CheckConstraint(
                condition=Q(imported_at__isnull=True) | Q(status__in=["imported", "undone"]),
                name="import_imported_at_when_imported",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}: {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def progress_percent(self) -> int:
        if self.status in (self.Status.VALIDATED, self.Status.IMPORTED, self.Status.UNDONE):
            return 100
        if not self.rows_total:
            return 0
        return int(100 * self.rows_validated / self.rows_total)


# The import's audited summary: an event at its creation and at every change of its state (not at
# each progress tick). The preview and errors are left out of the snapshots: they can be large and
# the file they come from is kept with its checksum.
ImportJobEvent = pghistory.create_event_model(
    ImportJob,
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(
        condition=pghistory.AnyChange(
            "status", "valid_rows_only", "imported_by", "undone_by", "created_count", "matched_count"
        )
    ),
    pghistory.DeleteEvent(),
    model_name="ImportJobEvent",
    exclude=["preview", "errors", "summary"],
    append_only=True,
    level=pghistory.Statement,
    abstract=False,
)
