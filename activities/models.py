import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import ArchivableRecord, ProgrammeRecord, TimeStampedModel
from core.ranges import PLANNED
from core.translated import stored_in_default_language


class Organisation(TimeStampedModel):
    """Donors, implementing partners, UNODC offices and sister programmes."""

    class Kind(models.TextChoices):
        DONOR = "donor", _("Donor")
        IMPLEMENTING_PARTNER = "implementing_partner", _("Implementing partner")
        UNODC_OFFICE = "unodc_office", _("UNODC office")
        SISTER_PROGRAMME = "sister_programme", _("Sister programme")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.acronym} – {self.name}" if self.acronym else self.name


class Pillar(TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["number"]
        # Names and descriptions per language: activities/translation.py.
        triggers = [stored_in_default_language("name", "description", name="pillar_stored_in_english")]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="pillar_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class SDGTarget(TimeStampedModel):
    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("For example 16.4"))
    description = models.TextField(_("description"))

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["code"]

    def __str__(self):
        return f"SDG {self.code}"


class Topic(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Activity(ArchivableRecord, ProgrammeRecord):
    """Every kind of event the programme runs, in one table."""

    plausible_dates = {"start_date": PLANNED, "end_date": PLANNED}

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        MEETING = "meeting", _("Meeting / briefing")
        CASE_FORUM = "case_forum", _("Case forum")
        OPERATION = "operation", _("Operation")
        MENTORING = "mentoring", _("Mentoring")
        EQUIPMENT_HANDOVER = "equipment_handover", _("Equipment handover")
        STUDY_VISIT = "study_visit", _("Study visit")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        INTER_REGIONAL = "inter_regional", _("Inter-regional")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("City or place"))
    host_country = models.ForeignKey(
        "countries.Country",
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_activities",
    )
    modality = models.CharField(
        _("modality"), max_length=20, choices=Modality.choices, default=Modality.IN_PERSON
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL)
    countries = models.ManyToManyField(
        "countries.Country",
        verbose_name=_("participating countries"),
        blank=True,
        related_name="activities",
    )
    pillars = models.ManyToManyField(Pillar, verbose_name=_("pillars"), blank=True, related_name="activities")
    sdg_targets = models.ManyToManyField(
        SDGTarget, verbose_name=_("SDG targets"), blank=True, related_name="activities"
    )
    donors = models.ManyToManyField(
        Organisation, verbose_name=_("donors"), blank=True, related_name="funded_activities"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), blank=True, related_name="partnered_activities"
    )
    lead_office = models.ForeignKey(
        Organisation,
        verbose_name=_("lead office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_activities",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="activities")
    description = models.TextField(_("description"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    reported_participants = models.PositiveIntegerField(
        _("participants reported"),
        null=True,
        blank=True,
        help_text=_("The figure the source document gives, kept beside the registered participations."),
    )
    source_url = models.URLField(_("source"), blank=True)
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related activities"),
        through="ActivityLink",
        symmetrical=False,
        blank=True,
        related_name="related_from",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["kind", "start_date"], name="activity_kind_start_idx"),
            models.Index(fields=["status"], name="activity_status_idx"),
            models.Index(fields=["start_date", "end_date"], name="activity_dates_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="activity_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%d %b %Y})"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if (
            self.status == self.Status.COMPLETED
            and self.start_date
            and self.start_date > datetime.date.today()
        ):
            errors["status"] = _("An activity that has not started yet cannot be completed.")
        if errors:
            raise ValidationError(errors)

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class ActivityLink(TimeStampedModel):
    """A typed link between two activities: a training that prepared an operation, a debrief."""

    class Relation(models.TextChoices):
        PREPARED = "prepared", _("prepared")
        DEBRIEF = "debrief", _("was debriefed at")
        FOLLOWED_BY = "followed_by", _("was followed by")
        PART_OF = "part_of", _("is part of")
        LED_TO = "led_to", _("led to")
        RELATED = "related", _("is related to")

    from_activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="links_out"
    )
    to_activity = models.ForeignKey(
        Activity, verbose_name=_("related activity"), on_delete=models.CASCADE, related_name="links_in"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("activity link")
        verbose_name_plural = _("activity links")
        ordering = ["from_activity", "relation"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_activity", "to_activity", "relation"], name="activity_link_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_activity=F("to_activity")),
                name="activity_link_not_self",
                violation_error_message=_("An activity cannot be linked to itself."),
            ),
        ]

    def __str__(self):
        return f"{self.from_activity.title} {self.get_relation_display()} {self.to_activity.title}"

    def clean(self):
        if self.from_activity_id and self.from_activity_id == self.to_activity_id:
            raise ValidationError({"to_activity": _("An activity cannot be linked to itself.")})


class ActivityDocument(TimeStampedModel):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        REPORT = "report", _("Report")
        OUTCOME = "outcome", _("Outcome document")
        PRESENTATION = "presentation", _("Presentation")
        PRESS = "press", _("Press release / news")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to="activity-documents/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["activity", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="activity_document_file_or_url",
                violation_error_message=_("A document needs a file or a link."),
            ),
        ]

    def __str__(self):
        return self.title
