from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every programme record knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


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


PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def require_same_country(*, errors: dict, field: str, related, country_id, message) -> None:
    """Add `message` to `field` when a related record (an agency) belongs to another country."""
    if related is not None and country_id is not None and related.country_id != country_id:
        errors[field] = message
