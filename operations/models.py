import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import (
    ArchivableRecord,
    ProgrammeRecord,
    SensitiveRecord,
    Sensitivity,
    TimeStampedModel,
    require_same_country,
)
from core.ranges import HAPPENED, PLANNED
from core.translated import stored_in_default_language


class SubstanceCategory(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("substance category")
        verbose_name_plural = _("substance categories")
        ordering = ["name"]
        # Names and descriptions per language: operations/translation.py.
        triggers = [stored_in_default_language("name", "description", name="category_stored_in_english")]

    def __str__(self):
        return self.name


class Substance(TimeStampedModel):
    """A controlled drug or precursor, held as data with its synonyms and mass conversions."""

    category = models.ForeignKey(
        SubstanceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="substances"
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    synonyms = ArrayField(
        models.CharField(max_length=100),
        verbose_name=_("synonyms"),
        default=list,
        blank=True,
        help_text=_("Other names used in seizure records, comma-separated."),
    )
    density_kg_per_l = models.DecimalField(
        _("density (kg per litre)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Converts litres to kilograms. Leave empty where no reliable density is known."),
    )
    unit_mass_g = models.DecimalField(
        _("mass per tablet or unit (g)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Converts tablets or units to kilograms. Leave empty where it is not known."),
    )

    class Meta:
        verbose_name = _("substance")
        verbose_name_plural = _("substances")
        ordering = ["category__name", "name"]
        # Names per language: operations/translation.py.
        triggers = [stored_in_default_language("name", name="substance_stored_in_english")]
        constraints = [
            models.CheckConstraint(
                condition=Q(density_kg_per_l__isnull=True) | Q(density_kg_per_l__gt=0),
                name="substance_density_positive",
            ),
            models.CheckConstraint(
                condition=Q(unit_mass_g__isnull=True) | Q(unit_mass_g__gt=0),
                name="substance_unit_mass_positive",
            ),
        ]

    def __str__(self):
        return self.name


class Operation(SensitiveRecord, TimeStampedModel):
    """What only an operation has. One per activity of kind 'operation'."""

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="operation",
        primary_key=True,
    )
    code_name = models.CharField(_("code name"), max_length=100, unique=True)
    target = models.TextField(_("target"), help_text=_("What the operation went after, and where."))
    coordinating_office = models.ForeignKey(
        "activities.Organisation",
        verbose_name=_("coordinating office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_operations",
    )
    equipment_provided = models.TextField(_("equipment provided"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-activity__start_date"]

    def __str__(self):
        return self.code_name

    def clean(self):
        from activities.models import Activity

        if self.activity_id and self.activity.kind != Activity.Kind.OPERATION:
            raise ValidationError({"activity": _("An operation belongs to an activity of kind operation.")})


class OperationPhase(TimeStampedModel):
    plausible_dates = {"start_date": PLANNED, "end_date": PLANNED}
    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="phases"
    )
    number = models.PositiveSmallIntegerField(_("phase"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("operation phase")
        verbose_name_plural = _("operation phases")
        ordering = ["operation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "number"], name="operation_phase_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="operation_phase_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name or _("Phase %(number)s") % {"number": self.number}

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.operation_id and self.start_date and self.end_date:
            activity = self.operation.activity
            if self.start_date < activity.start_date or self.end_date > activity.end_date:
                errors["start_date"] = _(
                    "Move this phase inside the operation's dates (from %(start)s to %(end)s), or "
                    "change the operation's dates first."
                ) % {"start": activity.start_date, "end": activity.end_date}
        if errors:
            raise ValidationError(errors)


class OperationCountry(TimeStampedModel):
    """A country taking part in an operation, with its national coordinating agency."""

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="participants"
    )
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="operations"
    )
    coordinating_agency = models.ForeignKey(
        "countries.Agency",
        verbose_name=_("national coordinating agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_operations",
    )

    class Meta:
        verbose_name = _("participating country")
        verbose_name_plural = _("participating countries")
        ordering = ["operation", "country__name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "country"], name="operation_country_unique"),
        ]

    def __str__(self):
        return f"{self.operation} – {self.country}"

    def clean(self):
        errors = {}
        require_same_country(
            errors=errors,
            record=self,
            field="coordinating_agency",
            country_id=self.country_id,
            message=_("Choose an agency of this country: the one chosen belongs to another country."),
        )
        if errors:
            raise ValidationError(errors)


# A seizure of an operation comes from one of its participating countries: the message every
# surface (the services, the imports, the one-page flows) gives when it does not.
COUNTRY_OUTSIDE_OPERATION = _(
    "Choose one of the operation's participating countries, or add this country to them first."
)


class Seizure(ArchivableRecord, SensitiveRecord, ProgrammeRecord):
    plausible_dates = {"date": HAPPENED}

    class Unit(models.TextChoices):
        KG = "kg", _("kilograms")
        G = "g", _("grams")
        MG = "mg", _("milligrams")
        T = "t", _("tonnes")
        L = "l", _("litres")
        ML = "ml", _("millilitres")
        TABLET = "tablet", _("tablets")
        UNIT = "unit", _("units / doses")

    class Place(models.TextChoices):
        MAIL_CENTRE = "mail_centre", _("Mail centre")
        COURIER_HUB = "courier_hub", _("Courier hub")
        AIRPORT = "airport", _("Airport")
        SEAPORT = "seaport", _("Seaport")
        LAND_BORDER = "land_border", _("Land border")
        ROAD = "road", _("Road / checkpoint")
        LABORATORY = "laboratory", _("Laboratory")
        PLANTATION = "plantation", _("Plantation")
        PREMISES = "premises", _("Premises / warehouse")
        AT_SEA = "at_sea", _("At sea")
        OTHER = "other", _("Other")

    class Conveyance(models.TextChoices):
        MAIL = "mail", _("Mail")
        COURIER = "courier", _("Courier")
        AIR_PASSENGER = "air_passenger", _("Air passenger")
        AIR_CARGO = "air_cargo", _("Air cargo")
        CONTAINER = "container", _("Container")
        VESSEL = "vessel", _("Vessel")
        VEHICLE = "vehicle", _("Vehicle")
        ON_FOOT = "on_foot", _("On foot")
        NONE = "none", _("None / not moving")
        OTHER = "other", _("Other")

    class Detection(models.TextChoices):
        PROFILING = "profiling", _("Risk profiling")
        RAMAN = "raman", _("Raman field test")
        CANINE = "canine", _("Canine")
        SCANNER = "scanner", _("Scanner / X-ray")
        INTELLIGENCE = "intelligence", _("Intelligence")
        CONTROLLED_DELIVERY = "controlled_delivery", _("Controlled delivery")
        ROUTINE = "routine", _("Routine inspection")
        OTHER = "other", _("Other")

    class FollowUp(models.TextChoices):
        NONE = "none", _("None yet")
        INVESTIGATION = "investigation", _("Investigation opened")
        CONTROLLED_DELIVERY = "controlled_delivery", _("Controlled delivery")
        INTERNATIONAL_REQUEST = "international_request", _("Request to counterparts abroad")
        PROSECUTION = "prosecution", _("Referred for prosecution")

    class MassStatus(models.TextChoices):
        COMPUTED = "computed", _("Computed")
        NO_DENSITY = "no_density", _("No conversion: the substance has no known density")
        NO_UNIT_MASS = "no_unit_mass", _("No conversion: the substance has no known mass per unit")

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    operation = models.ForeignKey(
        Operation,
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures",
    )
    date = models.DateField(_("date"))
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="seizures"
    )
    place = models.CharField(_("place"), max_length=20, choices=Place.choices)
    location = models.CharField(_("location"), max_length=200, blank=True, help_text=_("City or facility"))
    substance = models.ForeignKey(
        Substance, verbose_name=_("substance"), on_delete=models.PROTECT, related_name="seizures"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    mass_kg = models.DecimalField(
        _("normalised mass (kg)"), max_digits=16, decimal_places=6, null=True, blank=True, editable=False
    )
    mass_status = models.CharField(
        _("mass conversion"), max_length=20, choices=MassStatus.choices, editable=False
    )
    conveyance = models.CharField(_("conveyance"), max_length=20, choices=Conveyance.choices)
    detection = models.CharField(_("detection"), max_length=20, choices=Detection.choices)
    origin_country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("origin country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures_originating",
    )
    transit_countries = models.ManyToManyField(
        "countries.Country",
        verbose_name=_("transit countries"),
        blank=True,
        related_name="seizures_transiting",
    )
    destination_country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("destination country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seizures_destined",
    )
    arrests = models.PositiveIntegerField(_("arrests"), default=0)
    follow_up = models.CharField(
        _("follow-up"), max_length=30, choices=FollowUp.choices, default=FollowUp.NONE
    )
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("seizure")
        verbose_name_plural = _("seizures")
        ordering = ["-date", "reference"]
        indexes = [
            models.Index(fields=["date"], name="seizure_date_idx"),
            models.Index(fields=["country", "date"], name="seizure_country_date_idx"),
            models.Index(fields=["substance", "date"], name="seizure_substance_date_idx"),
            # An operation's figures (seizures, kg, arrests) read from the index alone.
            models.Index(
                fields=["operation"],
                include=["id", "mass_kg", "arrests"],
                condition=models.Q(archived_at__isnull=True),
                name="seizure_operation_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="seizure_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
            models.CheckConstraint(condition=Q(arrests__gte=0), name="seizure_arrests_not_negative"),
            models.CheckConstraint(
                # mass_kg__isnull=False: a CHECK passes on NULL, so NULL must make the branch false.
                condition=(Q(mass_status="computed") & Q(mass_kg__isnull=False) & Q(mass_kg__gt=0))
                | (~Q(mass_status="computed") & Q(mass_kg__isnull=True)),
                name="seizure_mass_matches_status",
            ),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        errors = {}
        if self.quantity is not None and self.quantity <= 0:
            errors["quantity"] = _("The quantity must be greater than zero.")
        if self.date and self.date > datetime.date.today():
            errors["date"] = _("A seizure cannot be dated in the future.")
        if errors:
            raise ValidationError(errors)


class OperationFigures(models.Model):
    """An operation's figures over its seizures of one country and one sensitivity: the rollup
    the operations list sums (archived seizures left out).

    Written only by the statement-level triggers on the seizure table (migration 0006), so every
    write path (services, admin, API, imports, archiving, bulk recomputes, raw SQL) keeps it
    exact. Kept per country and per restriction so that a principal's figures sum only the rows
    it may see, by the same rule as the seizures themselves (operations.access): a restricted
    seizure's release date is part of the key, a normal one's is not (it is always released).
    """

    operation = models.ForeignKey(
        Operation, verbose_name=_("operation"), on_delete=models.CASCADE, related_name="figures"
    )
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.CASCADE, related_name="+"
    )
    sensitivity = models.CharField(_("sensitivity"), max_length=20, choices=Sensitivity.choices)
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)
    seizure_count = models.IntegerField(_("seizures"))
    seizure_kg = models.DecimalField(_("seized (kg)"), max_digits=20, decimal_places=6)
    arrests = models.IntegerField(_("arrests"))

    class Meta:
        verbose_name = _("operation figures")
        verbose_name_plural = _("operation figures")
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "country", "sensitivity", "restricted_until"],
                nulls_distinct=False,
                name="operation_figures_unique_key",
            ),
        ]
        indexes = [
            # The trigger's clean-up of emptied rows reads this (nearly always empty) index.
            models.Index(fields=["id"], condition=Q(seizure_count=0), name="operation_figures_empty_idx"),
        ]

    def __str__(self):
        return f"{self.operation_id} – {self.country_id} – {self.sensitivity}"


class Case(ArchivableRecord, SensitiveRecord, ProgrammeRecord):
    """The post-seizure life of an investigation: from seizure to conviction."""

    plausible_dates = {"opened_on": HAPPENED, "closed_on": HAPPENED}

    class Stage(models.TextChoices):
        INVESTIGATION = "investigation", _("Investigation")
        CHARGED = "charged", _("Charged")
        TRIAL = "trial", _("Trial")
        CONVICTED = "convicted", _("Convicted")
        ACQUITTED = "acquitted", _("Acquitted")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.INVESTIGATION, db_index=True
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    lead_country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("lead country"),
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    countries = models.ManyToManyField(
        "countries.Country", verbose_name=_("countries involved"), blank=True, related_name="cases"
    )
    lead_agency = models.ForeignKey(
        "countries.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    seizures = models.ManyToManyField(Seizure, verbose_name=_("seizures"), blank=True, related_name="cases")
    presented_at = models.ManyToManyField(
        "activities.Activity",
        verbose_name=_("presented at"),
        blank=True,
        related_name="cases_presented",
        help_text=_("Case forums or meetings where the case was discussed."),
    )
    used_controlled_delivery = models.BooleanField(_("controlled delivery"), default=False)
    used_mutual_legal_assistance = models.BooleanField(_("mutual legal assistance"), default=False)
    used_joint_investigation_team = models.BooleanField(_("joint investigation team"), default=False)
    arrests = models.PositiveIntegerField(_("arrests"), default=0)
    convictions = models.PositiveIntegerField(_("convictions"), default=0)
    assets_seized_usd = models.DecimalField(
        _("assets seized (USD)"), max_digits=16, decimal_places=2, default=0
    )
    assets_description = models.TextField(_("assets seized, described"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "reference"]
        indexes = [models.Index(fields=["opened_on"], name="case_opened_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(arrests__gte=0), name="case_arrests_not_negative"),
            models.CheckConstraint(condition=Q(convictions__gte=0), name="case_convictions_not_negative"),
            models.CheckConstraint(
                condition=Q(assets_seized_usd__gte=0),
                name="case_assets_not_negative",
                violation_error_message=_("Assets seized cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
                violation_error_message=_("A case cannot close before it opened."),
            ),
            models.CheckConstraint(
                condition=Q(convictions=0) | Q(stage="convicted") | Q(stage="closed"),
                name="case_convictions_need_conviction_stage",
                violation_error_message=_("Only a convicted or closed case has convictions."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def clean(self):
        errors = {}
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.convictions and self.stage not in (self.Stage.CONVICTED, self.Stage.CLOSED):
            errors["convictions"] = _("Only a convicted or closed case has convictions.")
        if self.assets_seized_usd is not None and self.assets_seized_usd < 0:
            errors["assets_seized_usd"] = _("Assets seized cannot be negative.")
        require_same_country(
            errors=errors,
            record=self,
            field="lead_agency",
            country_id=self.lead_country_id,
            message=_("Choose an agency of the lead country: the one chosen belongs to another country."),
        )
        if errors:
            raise ValidationError(errors)


class EquipmentHandover(ProgrammeRecord):
    plausible_dates = {"date": HAPPENED}
    date = models.DateField(_("date"))
    country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="equipment_handovers",
        editable=False,
        help_text=_("The recipient agency's country, kept here so that scoping by country is one filter."),
    )
    recipient_agency = models.ForeignKey(
        "countries.Agency",
        verbose_name=_("recipient agency"),
        on_delete=models.PROTECT,
        related_name="equipment_received",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment_handovers",
    )
    operation = models.ForeignKey(
        Operation,
        verbose_name=_("operation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment_handovers",
    )
    donor = models.ForeignKey(
        "activities.Organisation",
        verbose_name=_("funded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment_funded",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("equipment handover")
        verbose_name_plural = _("equipment handovers")
        ordering = ["-date"]
        indexes = [models.Index(fields=["country", "date"], name="handover_country_date_idx")]

    def __str__(self):
        return f"{self.recipient_agency} – {self.date:%d %b %Y}"

    def clean(self):
        errors = {}
        require_same_country(
            errors=errors,
            record=self,
            field="recipient_agency",
            country_id=self.country_id,
            message=_("Choose the recipient agency again: the one chosen belongs to another country."),
        )
        if errors:
            raise ValidationError(errors)


class EquipmentItem(TimeStampedModel):
    handover = models.ForeignKey(
        EquipmentHandover, verbose_name=_("handover"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment items")
        ordering = ["handover", "item"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="equipment_item_quantity_positive",
                violation_error_message=_("The quantity must be greater than zero."),
            ),
            models.UniqueConstraint(fields=["handover", "item"], name="equipment_item_unique_per_handover"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.item}"

    def clean(self):
        if self.quantity is not None and self.quantity <= 0:
            raise ValidationError({"quantity": _("The quantity must be greater than zero.")})
