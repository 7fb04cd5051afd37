from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.models import PERCENT_VALIDATORS, ArchivableRecord, ProgrammeRecord, require_same_country

# What `Person.picker_label` reads: select them with the people a picker shows.
PICKER_RELATED = ("country", "agency", "organisation")


class Person(ArchivableRecord, ProgrammeRecord):
    """A participant, trainer or speaker. Names and contacts are personal data: staff only."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        ANOTHER = "another", _("Another gender")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    class Category(models.TextChoices):
        POLICE = "police", _("Police officer")
        CUSTOMS = "customs", _("Customs officer")
        BORDER = "border", _("Border control officer")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        JUDGE = "judge", _("Judge")
        FORENSIC = "forensic", _("Forensic expert")
        ANALYST = "analyst", _("Intelligence analyst")
        INVESTIGATOR = "investigator", _("Investigator")
        POLICYMAKER = "policymaker", _("Policymaker / official")
        DIPLOMAT = "diplomat", _("Diplomat")
        EXPERT = "expert", _("Expert / trainer")
        OTHER = "other", _("Other")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED, db_index=True
    )
    country = models.ForeignKey(
        "countries.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="people"
    )
    agency = models.ForeignKey(
        "countries.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    organisation = models.ForeignKey(
        "activities.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("For trainers and speakers from UNODC, partners or sister programmes."),
    )
    professional_category = models.CharField(
        _("professional category"), max_length=20, choices=Category.choices, db_index=True
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["country", "gender"], name="person_country_gender_idx"),
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="person_unique_email",
                violation_error_message=_("Another person already has this email address."),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def picker_label(self) -> str:
        """The person as a picker names them, so that two "Yaw Acheampong" are told apart: the
        name, then the country, the agency (or else the organisation) and the category. Personal
        data, as the name is: shown only where people may be seen. Read with `PICKER_RELATED`
        selected."""
        details = [str(self.country)]
        if self.agency_id:
            details.append(str(self.agency))
        elif self.organisation_id:
            details.append(str(self.organisation))
        details.append(str(self.get_professional_category_display()))
        return f"{self} — {', '.join(details)}"

    def clean(self):
        errors = {}
        require_same_country(
            errors=errors,
            record=self,
            field="agency",
            country_id=self.country_id,
            message=_("Choose an agency of the person's country: the one chosen belongs to another country."),
        )
        if errors:
            raise ValidationError(errors)


class Participation(ProgrammeRecord):
    """One person's attendance at one activity, with role and test scores."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        TRAINER = "trainer", _("Trainer")
        SPEAKER = "speaker", _("Speaker")
        ORGANISER = "organiser", _("Organiser")
        OBSERVER = "observer", _("Observer")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    days_attended = models.PositiveSmallIntegerField(_("days attended"), null=True, blank=True)
    pre_test_score = models.DecimalField(
        _("pre-test score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    post_test_score = models.DecimalField(
        _("post-test score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    completed = models.BooleanField(_("completed"), default=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["activity", "person"]
        indexes = [models.Index(fields=["activity", "role"], name="participation_act_role_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "activity"], name="participation_unique_person_activity"
            ),
            models.CheckConstraint(
                condition=Q(pre_test_score__isnull=True) | Q(pre_test_score__gte=0, pre_test_score__lte=100),
                name="participation_pre_test_range",
                violation_error_message=_("A test score is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(post_test_score__isnull=True)
                | Q(post_test_score__gte=0, post_test_score__lte=100),
                name="participation_post_test_range",
                violation_error_message=_("A test score is between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(days_attended__isnull=True) | Q(days_attended__gte=0),
                name="participation_days_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.activity}"

    def clean(self):
        activity = self.activity if self.activity_id else None
        if (
            activity is not None
            and self.days_attended is not None
            and activity.start_date
            and activity.end_date
            and self.days_attended > activity.duration_days
        ):
            raise ValidationError(
                {
                    "days_attended": _(
                        "Enter at most %(duration)s days: the activity lasts %(duration)s days, not %(days)s."
                    )
                    % {"days": self.days_attended, "duration": activity.duration_days}
                }
            )

    @property
    def knowledge_gain(self):
        if self.pre_test_score is None or self.post_test_score is None:
            return None
        return self.post_test_score - self.pre_test_score
