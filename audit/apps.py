from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from core.admin_history import register_history_page, register_last_change

        from .admin import history_page, last_change

        register_history_page(history_page)
        register_last_change(last_change)
