from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class TrainingDetail(TimeStampedModel):
    """What only a training has: audience, level and its evaluation. One per training activity."""

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")
        TRAINING_OF_TRAINERS = "tot", _("Training of trainers")

    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="training",
        primary_key=True,
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BASIC)
    target_audience = models.CharField(_("target audience"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("contact hours"), null=True, blank=True)
    evaluation_score = models.DecimalField(
        _("evaluation score (1–5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Mean of the participants' overall rating, 1 (poor) to 5 (excellent)."),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evaluation_summary = models.TextField(_("evaluation summary"), blank=True)

    class Meta:
        verbose_name = _("training detail")
        verbose_name_plural = _("training details")
        ordering = ["-activity__start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation_score__isnull=True)
                | Q(evaluation_score__gte=1, evaluation_score__lte=5),
                name="training_evaluation_range",
                violation_error_message=_("The evaluation score is between 1 and 5."),
            ),
        ]

    def __str__(self):
        return str(self.activity)

    def clean(self):
        from activities.models import Activity

        if self.activity_id and self.activity.kind != Activity.Kind.TRAINING:
            raise ValidationError({"activity": _("Training details belong to an activity of kind training.")})


class TrainingModule(TimeStampedModel):
    training = models.ForeignKey(
        TrainingDetail, verbose_name=_("training"), on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=300)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    trainer = models.ForeignKey(
        "people.Person",
        verbose_name=_("trainer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="modules_taught",
    )

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["training", "order"]
        constraints = [
            models.UniqueConstraint(fields=["training", "order"], name="training_module_unique_order"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="training_module_hours_positive"
            ),
        ]

    def __str__(self):
        return self.title
