from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import (
            schema,  # noqa: F401  (the API key scheme in the OpenAPI document)
            signals,  # noqa: F401  (connects the security-event receivers)
        )
