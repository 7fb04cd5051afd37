from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from core.access import register_access_resolver, register_rules

        from . import access, principal_cache

        register_access_resolver(access.principal_access)
        principal_cache.connect_signals()
        register_rules(access.RULES, access.PERSONAL_FIELDS)
        from . import (
            checks,  # noqa: F401  (registers the exempt-accounts check)
            language,  # noqa: F401  (the account's language at sign-in)
            schema,  # noqa: F401  (the API key and session schemes in the OpenAPI document)
            signals,  # noqa: F401  (connects the security-event receivers)
        )
