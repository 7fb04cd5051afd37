from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Role and country scope are enforced by the access-control layer."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Programme administrator")
        OFFICER = "officer", _("Programme officer")
        MONITORING = "monitoring", _("Monitoring & reporting officer")
        MISSION_VIEWER = "mission_viewer", _("Partner-mission viewer")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    countries = models.ManyToManyField(
        "countries.Country",
        verbose_name=_("countries"),
        blank=True,
        related_name="users",
        help_text=_("For mission viewers, their own countries; for officers, an optional limit."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"
