from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        from .reference import create_reference_data

        # Sent by this app only: once per `migrate`, once the taxonomy's tables are there.
        post_migrate.connect(create_reference_data, sender=self, dispatch_uid="operations.reference")
