from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = _("Sync")

    def ready(self):
        from core.access import register_rules

        from . import access

        register_rules(access.RULES)
