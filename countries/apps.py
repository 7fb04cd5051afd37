from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = _("Countries")

    def ready(self):
        from core.access import register_rules

        from . import access

        register_rules(access.RULES, getattr(access, "PERSONAL_FIELDS", None))

        from .reference import create_reference_data

        # Sent by this app only: once per `migrate`, once the countries' tables are there.
        post_migrate.connect(create_reference_data, sender=self, dispatch_uid="countries.reference")
