"""Reference data every database has after `manage.py migrate`: the ISO 3166-1 countries with their
UN M49 regions (the data: `pycountry` and `data/m49.csv`, see countries.services).

`CountriesConfig.ready()` connects `create_reference_data` to `post_migrate` with this app as the
sender, so it runs once per `migrate` and once per test database flush. It only inserts what is
missing (a country staff edited stays as it is) and costs one query when nothing is.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, models


def tables_migrated(apps, *model_classes: type[models.Model]) -> bool:
    """Whether the migration state `migrate` just reached has these models' tables with all their
    columns: not so after a backwards or partial migrate, when writing to them would fail.

    `apps` is the state `migrate` passes with post_migrate; a flush passes none, and the project's
    own models are then the state.
    """
    for model in model_classes:
        try:
            state = apps.get_model(model._meta.app_label, model._meta.model_name)
        except LookupError:
            return False
        columns = {field.column for field in state._meta.concrete_fields}
        if any(field.column not in columns for field in model._meta.concrete_fields):
            return False
    return True


def create_reference_data(sender, *, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: add the countries the table lacks."""
    from .models import Country
    from .services import country_create_missing

    # The services write through the default database; the project has no other.
    if using != DEFAULT_DB_ALIAS or not tables_migrated(apps, Country):
        return
    country_create_missing()
