from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results framework")

    def ready(self):
        from core.access import register_rules

        from . import access

        register_rules(access.RULES)
