"""The results framework: what the programme is judged against (a logframe), and the actuals that
cannot be computed from the records.

A `Framework` (the programme's own, or a donor's) holds a tree of `Result`s (goal, outcomes,
outputs) and its `Indicator`s. A computed indicator names a measure of the catalogue
(`results.measures`); a reported one reads its `ReportedActual`s. `Target`s are set per year,
quarter or the life of the programme; a `ProgressNarrative` says in words how a result went in a
period. The IPTT (`results.iptt`) puts them together.
"""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.ranges import PLANNED


class Dimension(models.TextChoices):
    """What an indicator's actuals may be broken down by (each measure says which it supports)."""

    SEX = "sex", _("Sex")
    COUNTRY = "country", _("Country")
    PROFESSIONAL_CATEGORY = "professional_category", _("Professional category")
    SUBSTANCE = "substance", _("Substance")
    STAGE = "stage", _("Furthest post-seizure stage")


class PeriodType(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    LIFE = "life", _("Life of the programme")


class Framework(TimeStampedModel):
    """A results framework: the programme's own (no owner) or a donor's, which counts only the
    activities that donor funds."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    owner = models.ForeignKey(
        "activities.Organisation",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results_frameworks",
        help_text=_("Empty: the programme's own framework, counting every activity."),
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    plausible_dates = {"start_date": PLANNED, "end_date": PLANNED}

    class Meta:
        verbose_name = _("results framework")
        verbose_name_plural = _("results frameworks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="framework_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.owner_id and self.owner.kind != self.owner.Kind.DONOR:
            errors["owner"] = _("A framework belongs to the programme (empty) or to a donor.")
        if errors:
            raise ValidationError(errors)


class Result(TimeStampedModel):
    """A node of the framework's tree: the goal, an outcome (usually per pillar), an output."""

    class Level(models.TextChoices):
        GOAL = "goal", _("Goal")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    # The level a result's parent must be at.
    PARENT_LEVEL = {Level.GOAL: None, Level.OUTCOME: Level.GOAL, Level.OUTPUT: Level.OUTCOME}

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="results"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("contributes to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    pillar = models.ForeignKey(
        "activities.Pillar",
        verbose_name=_("pillar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example 1, 1.1 or 1.1.2"))
    statement = models.TextField(_("statement"))

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["framework", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="result_code_unique_per_framework"),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="result_not_own_parent",
                violation_error_message=_("A result cannot contribute to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.statement[:80]}"

    def clean(self):
        errors = {}
        expected = self.PARENT_LEVEL.get(self.level)
        if self.parent_id is None and expected is not None:
            errors["parent"] = _("An outcome contributes to a goal, an output to an outcome: choose it.")
        elif self.parent_id is not None:
            parent = self.parent
            if expected is None:
                errors["parent"] = _("The goal is the top of the framework: it contributes to nothing.")
            elif parent.level != expected:
                errors["parent"] = _("An outcome contributes to a goal, an output to an outcome.")
            if self.framework_id and parent.framework_id != self.framework_id:
                errors["parent"] = _("The result this one contributes to belongs to another framework.")
        if errors:
            raise ValidationError(errors)


class Indicator(TimeStampedModel):
    """How a result is measured: computed from the records by a measure of the catalogue, or
    reported by staff per period."""

    class Unit(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from the records")
        REPORTED = "reported", _("Reported by staff")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="indicators"
    )
    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    numerator = models.CharField(
        _("numerator"), max_length=300, blank=True, help_text=_("For a percentage: what is counted above.")
    )
    denominator = models.CharField(
        _("denominator"), max_length=300, blank=True, help_text=_("For a percentage: what it is out of.")
    )
    direction = models.CharField(
        _("direction of change"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_("Counted from the framework's start date, not afresh in each period."),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPUTED)
    measure = models.CharField(
        _("measure"),
        max_length=50,
        blank=True,
        help_text=_("For a computed indicator: the measure of the catalogue it is computed by."),
    )
    donors = models.ManyToManyField(
        "activities.Organisation",
        verbose_name=_("reported to"),
        blank=True,
        related_name="results_indicators",
    )
    disaggregations = ArrayField(
        models.CharField(max_length=30, choices=Dimension.choices),
        verbose_name=_("disaggregations"),
        default=list,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_code_unique_per_framework"),
            models.CheckConstraint(
                condition=Q(kind="computed", measure__gt="") | Q(kind="reported", measure=""),
                name="indicator_measure_when_computed",
                violation_error_message=_(
                    "A computed indicator names its measure; a reported one names none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from .measures import MEASURES

        errors = {}
        if self.result_id and self.framework_id and self.result.framework_id != self.framework_id:
            errors["result"] = _("This result belongs to another framework.")
        if self.kind == self.Kind.COMPUTED:
            measure = MEASURES.get(self.measure)
            if not self.measure:
                errors["measure"] = _("A computed indicator names the measure it is computed by.")
            elif measure is None:
                errors["measure"] = _("%(code)s is not a measure of the catalogue.") % {"code": self.measure}
            else:
                if measure.unit != self.unit:
                    errors["unit"] = _("The measure %(code)s is a %(unit)s.") % {
                        "code": measure.code,
                        "unit": Indicator.Unit(measure.unit).label.lower(),
                    }
                unsupported = [value for value in self.disaggregations if value not in measure.dimensions]
                if unsupported:
                    errors["disaggregations"] = _(
                        "The measure %(code)s cannot be broken down by %(dimensions)s."
                    ) % {"code": measure.code, "dimensions": ", ".join(unsupported)}
        elif self.measure:
            errors["measure"] = _("A reported indicator has no measure: its actuals are entered.")
        elif self.disaggregations:
            errors["disaggregations"] = _("A reported indicator is not broken down.")
        if len(set(self.disaggregations)) != len(self.disaggregations):
            errors["disaggregations"] = _("A dimension is named twice.")
        if self.baseline is not None and self.baseline_date is None:
            errors["baseline_date"] = _("Give the date of the baseline.")
        if errors:
            raise ValidationError(errors)


class PeriodFields(models.Model):
    """A period of the framework: a year, a quarter of a year, or the life of the programme."""

    period_type = models.CharField(_("period"), max_length=10, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        abstract = True

    @classmethod
    def period_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(period_type="life", year__isnull=True, quarter__isnull=True)
            | Q(period_type="year", year__isnull=False, quarter__isnull=True)
            | Q(period_type="quarter", year__isnull=False, quarter__gte=1, quarter__lte=4),
            name=name,
            violation_error_message=_(
                "A year names its year, a quarter its year and quarter, the life neither."
            ),
        )

    @property
    def period_label(self) -> str:
        if self.period_type == PeriodType.LIFE:
            return "life"
        if self.period_type == PeriodType.QUARTER:
            return f"{self.year}-Q{self.quarter}"
        return str(self.year)

    def period_errors(self, *, allow_life: bool = True) -> dict:
        errors = {}
        if self.period_type == PeriodType.LIFE:
            if not allow_life:
                errors["period_type"] = _("Actuals are reported per year or quarter.")
            if self.year is not None:
                errors["year"] = _("The life of the programme has no year.")
            if self.quarter is not None:
                errors["quarter"] = _("The life of the programme has no quarter.")
        elif self.period_type in (PeriodType.YEAR, PeriodType.QUARTER):
            if self.year is None:
                errors["year"] = _("Give the year.")
            if self.period_type == PeriodType.QUARTER and self.quarter is None:
                errors["quarter"] = _("Give the quarter (1 to 4).")
            if self.period_type == PeriodType.YEAR and self.quarter is not None:
                errors["quarter"] = _("A year has no quarter: choose the period quarter instead.")
        return errors


class Target(PeriodFields, TimeStampedModel):
    """What an indicator should reach in a period (for a cumulative indicator: by its end)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=3)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period_type", "year", "quarter"]
        constraints = [
            PeriodFields.period_constraint("target_period_valid"),
            models.UniqueConstraint(
                fields=["indicator", "period_type", "year", "quarter"],
                nulls_distinct=False,
                name="target_unique_per_period",
                violation_error_message=_("This indicator already has a target for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    def clean(self):
        errors = self.period_errors()
        if self.value is not None and self.value < 0:
            errors["value"] = _("A target is not negative.")
        if (
            self.value is not None
            and self.indicator_id
            and self.indicator.unit == Indicator.Unit.PERCENTAGE
            and self.value > 100
        ):
            errors["value"] = _("A percentage target is at most 100.")
        if errors:
            raise ValidationError(errors)


def evidence_path(instance, filename: str) -> str:
    return f"results-evidence/{instance.indicator_id}/{filename}"


class ReportedActual(PeriodFields, TimeStampedModel):
    """The actual of a reported indicator in a year or quarter, entered by staff with its source:
    what the records cannot hold (an integrity policy adopted, an analytical product issued). For
    a cumulative indicator, the value reached by the period's end."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="reported_actuals"
    )
    value = models.DecimalField(_("actual"), max_digits=14, decimal_places=3, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=3, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300)
    evidence = models.TextField(_("evidence note"), blank=True)
    document = models.FileField(_("evidence document"), upload_to=evidence_path, blank=True)

    class Meta:
        verbose_name = _("reported actual")
        verbose_name_plural = _("reported actuals")
        ordering = ["indicator", "period_type", "year", "quarter"]
        constraints = [
            PeriodFields.period_constraint("reported_actual_period_valid"),
            models.CheckConstraint(
                condition=~Q(period_type="life"),
                name="reported_actual_not_life",
                violation_error_message=_("Actuals are reported per year or quarter."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_type", "year", "quarter"],
                nulls_distinct=False,
                name="reported_actual_unique_per_period",
                violation_error_message=_("This indicator already has an actual for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    def save(self, *args, **kwargs):
        # A reported percentage is its numerator over its denominator, whatever value was sent.
        if self.numerator is not None and self.denominator:
            self.value = (self.numerator * 100 / self.denominator).quantize(Decimal("0.001"))
        super().save(*args, **kwargs)

    def clean(self):
        errors = self.period_errors(allow_life=False)
        indicator = self.indicator if self.indicator_id else None
        if indicator is not None and indicator.kind != Indicator.Kind.REPORTED:
            errors["indicator"] = _("This indicator is computed from the records: nothing to report.")
        if indicator is not None and indicator.unit == Indicator.Unit.PERCENTAGE:
            if self.numerator is None:
                errors["numerator"] = _("A percentage is reported with its numerator.")
            if not self.denominator:
                errors["denominator"] = _("A percentage is reported with its denominator (not zero).")
            if self.numerator is not None and self.denominator and self.numerator > self.denominator:
                errors["numerator"] = _("The numerator cannot be larger than the denominator.")
        elif self.value is None:
            errors["value"] = _("Give the actual value.")
        for name in ("value", "numerator", "denominator"):
            if getattr(self, name) is not None and getattr(self, name) < 0 and name not in errors:
                errors[name] = _("An actual is not negative.")
        if not self.evidence and not self.document:
            errors["evidence"] = _("Give an evidence note or attach a document.")
        if errors:
            raise ValidationError(errors)


class ProgressNarrative(PeriodFields, TimeStampedModel):
    """In words, how a result progressed in a period: the donor report's text beside the figures."""

    result = models.ForeignKey(
        Result, verbose_name=_("result"), on_delete=models.CASCADE, related_name="narratives"
    )
    text = models.TextField(_("narrative"))
    written_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress narrative")
        verbose_name_plural = _("progress narratives")
        ordering = ["result", "period_type", "year", "quarter"]
        constraints = [
            PeriodFields.period_constraint("narrative_period_valid"),
            models.UniqueConstraint(
                fields=["result", "period_type", "year", "quarter"],
                nulls_distinct=False,
                name="narrative_unique_per_period",
                violation_error_message=_("This result already has a narrative for this period."),
            ),
        ]

    def __str__(self):
        return f"{self.result.code} {self.period_label}"

    def clean(self):
        errors = self.period_errors()
        if not (self.text or "").strip():
            errors["text"] = _("Write the narrative.")
        if errors:
            raise ValidationError(errors)
