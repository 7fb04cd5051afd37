from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from core.access import register_rules

        from . import access

        register_rules(access.RULES, getattr(access, "PERSONAL_FIELDS", None))
