from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .names import display_name


class Country(TimeStampedModel):
    """An ISO 3166-1 country with its UN M49 region, its role on the route and partner status."""

    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    numeric_code = models.CharField(_("ISO numeric code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    region = models.CharField(_("region (UN M49)"), max_length=50, blank=True, db_index=True)
    sub_region = models.CharField(_("sub-region (UN M49)"), max_length=60, blank=True, db_index=True)
    intermediate_region = models.CharField(
        _("intermediate region (UN M49)"), max_length=60, blank=True, db_index=True
    )
    is_source = models.BooleanField(_("source country"), default=False)
    is_transit = models.BooleanField(_("transit country"), default=False)
    is_destination = models.BooleanField(_("destination country"), default=False)
    is_partner = models.BooleanField(_("programme partner"), default=False, db_index=True)
    partner_since = models.DateField(_("partner since"), null=True, blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="country_iso2_format"),
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_format"),
            models.CheckConstraint(
                condition=Q(partner_since__isnull=True) | Q(is_partner=True),
                name="country_partner_since_needs_partner",
                violation_error_message=_("Only a partner country has a partner-since date."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (countries.names); `name` is the one stored."""
        return display_name(self.name)

    def clean(self):
        super().clean()
        # The check constraint says the same, but only a field error tells the form what to fix.
        if self.partner_since is not None and not self.is_partner:
            message = _("Only a partner country has a partner-since date.")
            raise ValidationError(
                {"partner_since": ValidationError(message, code="partner_since_needs_partner")}
            )

    @property
    def route_roles(self) -> list[str]:
        roles = [
            (self.is_source, _("source")),
            (self.is_transit, _("transit")),
            (self.is_destination, _("destination")),
        ]
        return [str(label) for held, label in roles if held]

    @property
    def display_region(self) -> str:
        return self.intermediate_region or self.sub_region


class Agency(TimeStampedModel):
    """A national agency: police, customs, prosecution, judiciary, laboratory, FIU, ministry."""

    class Category(models.TextChoices):
        POLICE = "police", _("Police / law enforcement")
        ANTINARCOTICS = "antinarcotics", _("Anti-narcotics unit")
        CUSTOMS = "customs", _("Customs")
        BORDER = "border", _("Border control / immigration")
        PROSECUTION = "prosecution", _("Prosecution service")
        JUDICIARY = "judiciary", _("Judiciary")
        FORENSIC = "forensic", _("Forensic laboratory")
        FIU = "fiu", _("Financial intelligence unit")
        MINISTRY = "ministry", _("Ministry")
        POSTAL = "postal", _("Postal / courier authority")
        MILITARY = "military", _("Armed forces / coast guard")
        OTHER = "other", _("Other")

    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["country__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="agency_unique_name_per_country"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
