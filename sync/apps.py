from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = _("Sync")

    def ready(self):
        from core.access import register_rules
        from core.filters import register_nested_changes

        from . import access
        from .changes import nested_changes

        register_rules(access.RULES)
        register_nested_changes(nested_changes)
