from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What a role may see and do is decided in `core.access`."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Programme administrator")
        OFFICER = "officer", _("Programme officer")
        MONITORING = "monitoring", _("Monitoring & reporting officer")
        MISSION_VIEWER = "mission_viewer", _("Partner-mission viewer")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The interface's language from sign-in on (the language switch changes it). Empty: the "
            "browser's language."
        ),
    )
    countries = models.ManyToManyField(
        "countries.Country",
        verbose_name=_("countries"),
        blank=True,
        related_name="users",
        help_text=_(
            "A mission viewer's own countries. For an officer, an optional limit on what they edit "
            "(with the regions below); empty means every country."
        ),
    )
    regions = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("regions"),
        default=list,
        blank=True,
        help_text=_(
            "For an officer, UN M49 regions, sub-regions or intermediate regions whose countries they "
            "edit, comma-separated, e.g. 'Latin America and the Caribbean'."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"


class ApiKey(models.Model):
    """An external system's key: stored hashed, shown once, revocable, expiring, scoped."""

    name = models.CharField(_("system"), max_length=200, help_text=_("The system that uses this key."))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(_("write scope"), default=False)
    can_see_personal_data = models.BooleanField(_("personal-data scope"), default=False)
    can_see_restricted = models.BooleanField(_("clearance for restricted records"), default=False)
    countries = models.ManyToManyField(
        "countries.Country",
        verbose_name=_("country scope"),
        blank=True,
        related_name="api_keys",
        help_text=_("Empty: every country."),
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="api_keys_created"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SecurityEvent(models.Model):
    """Sign-ins, failed sign-ins, second factors, lockouts, permission denials and API-key events."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        LOCKED_OUT = "locked_out", _("Locked out")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        API_KEY_CREATED = "api_key_created", _("API key created")
        API_KEY_REVOKED = "api_key_revoked", _("API key revoked")
        API_KEY_REJECTED = "api_key_rejected", _("API key rejected")
        HARD_DELETE = "hard_delete", _("Record deleted for good")
        RESTORE = "restore", _("Record restored")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
        SECOND_FACTOR_VERIFIED = "second_factor_verified", _("Second factor given")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor refused")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("Recovery codes created")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    username = models.CharField(_("username given"), max_length=150, blank=True)
    api_key = models.ForeignKey(
        ApiKey, verbose_name=_("API key"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "created_at"], name="security_event_kind_at_idx")]

    def __str__(self):
        who = self.username or self.user_id or ""
        return f"{self.get_kind_display()} {who} {self.created_at:%Y-%m-%d %H:%M}"


class SecondFactorExemption(models.Model):
    """An account that signs in with its password alone: only the demo's accounts (`load_demo`).

    Its own table rather than a column of the user, so that granting one is never a side effect of
    editing an account in the admin. Production refuses to start while an active account has one
    (`accounts.checks`), and the production settings ignore it anyway.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="second_factor_exemption",
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("second-factor exemption")
        verbose_name_plural = _("second-factor exemptions")

    def __str__(self):
        return f"{self.user} ({self.reason})"
