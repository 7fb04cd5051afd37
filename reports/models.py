from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def report_file_name(report: "Report", filename: str) -> str:
    # A fixed name per report: a second run replaces the file instead of adding one.
    return report.file_name()


class Report(models.Model):
    """A generated document: its request (kind, parameters, format), its state and its file."""

    class Kind(models.TextChoices):
        DONOR_PROGRESS = "donor_progress", _("Donor progress report")
        COUNTRY_BRIEFING = "country_briefing", _("Country briefing pack")
        OPERATION_RESULTS = "operation_results", _("Operation results report")
        DATA_EXPORT = "data_export", _("Data export")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_("Period, donor, country, operation, list and filters, as requested."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, help_text=_("Percent done."))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    requested_by_api_key = models.ForeignKey(
        "accounts.ApiKey",
        verbose_name=_("requested by API key"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    # Set when the report comes from a schedule (celery beat): generated with programme-wide access.
    scheduled = models.BooleanField(_("scheduled"), default=False)
    country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("The country a briefing pack is about."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language the report is written in: chosen with the request, by default the requester's."
        ),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to=report_file_name, blank=True, max_length=300)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_progress_percent"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="data_export", format__in=["csv", "xlsx"])
                    | (~Q(kind="data_export") & Q(format__in=["pdf", "xlsx"]))
                ),
                name="report_format_fits_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="succeeded") | (~Q(file="") & ~Q(checksum="")),
                name="report_succeeded_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind="country_briefing") | Q(country__isnull=False),
                name="report_briefing_has_country",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="report_requester_idx")]

    def __str__(self):
        return self.title or f"{self.get_kind_display()} #{self.pk}"

    def file_name(self) -> str:
        prefix = settings.REPORTS_FILE_PREFIX.strip("/")
        return f"{prefix}/{self.pk}/{self.kind.replace('_', '-')}-{self.pk}.{self.format}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        return self.file_name().rsplit("/", 1)[-1]
