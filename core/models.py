from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ranges import PLANNED, date_errors


class TimeStampedModel(models.Model):
    """Every programme record knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    # Date fields and what they record (core.ranges: HAPPENED or PLANNED): refused when
    # implausible, whatever surface writes the record.
    plausible_dates: dict[str, str] = {}

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, message in date_errors(self, exclude=exclude).items():
            if name not in errors:
                errors[name] = [message]
        if errors:
            raise ValidationError(errors)


class ProgrammeRecord(TimeStampedModel):
    """A record of the programme's work; demo records made up to match a published total say so."""

    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_(
            "Made up for the demo or a scale test, e.g. to add up to a total that the "
            "source documents give only as a figure."
        ),
    )

    class Meta:
        abstract = True


class ArchivableRecord(models.Model):
    """Deleting archives: the record leaves lists and figures but can be restored by an administrator."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False, db_index=True)
    archived_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("archived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Sensitivity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RESTRICTED = "restricted", _("Restricted")


class SensitiveRecord(models.Model):
    """Operational records that may be withheld from missions and API clients until released."""

    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=20,
        choices=Sensitivity.choices,
        default=Sensitivity.NORMAL,
        # A database default too: bulk loads (COPY) that do not name the column get it.
        db_default=Sensitivity.NORMAL,
        db_index=True,
        help_text=_(
            "Restricted records are left out of everything partner missions and API clients without "
            "clearance see, figures included, until released."
        ),
    )
    restricted_until = models.DateField(
        _("restricted until"),
        null=True,
        blank=True,
        help_text=_("The record is released on this date. Empty: restricted until changed."),
    )

    plausible_dates = {"restricted_until": PLANNED}

    class Meta:
        abstract = True

    def is_restricted_on(self, day) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED and (
            self.restricted_until is None or self.restricted_until > day
        )


PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def require_same_country(*, errors: dict, record, field: str, country_id, message) -> None:
    """Add `message` to `field` when the record it relates to (an agency) belongs to another
    country. Read only when its id is set: a form that refused the field leaves it unset, and
    reading an unset relation raises instead of leaving the form's own error to show."""
    if getattr(record, f"{field}_id") is None or country_id is None:
        return
    if getattr(record, field).country_id != country_id:
        errors[field] = message
