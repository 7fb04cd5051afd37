from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations and seizures")

    def ready(self):
        from core.access import register_rules

        from . import access

        register_rules(access.RULES, getattr(access, "PERSONAL_FIELDS", None))
        # Registers this app's save services with core.services before any generic save runs.
        from . import services  # noqa: F401
