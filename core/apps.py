from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import admin_i18n
        from core.datacache import connect_signals

        connect_signals()
        admin_i18n.install()
