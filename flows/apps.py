from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    """One-page staff flows in the admin: record an operation, record a training (no models of its
    own: it writes the records of the activities, operations, trainings and people apps through
    their services)."""

    name = "flows"
    verbose_name = _("Record on one page")
