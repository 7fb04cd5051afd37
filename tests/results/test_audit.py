"""The results framework's records are audited like every programme record."""

import pytest
from django.apps import apps

from audit.history import record_history
from audit.models import EVENT_MODELS
from results.models import Indicator

from .factories import IndicatorFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_every_results_table_is_tracked():
    models = list(apps.get_app_config("results").get_models())
    links = [field.remote_field.through for model in models for field in model._meta.local_many_to_many]
    assert set(models + links) <= set(EVENT_MODELS)


def test_a_changed_target_is_in_its_indicators_history():
    target = TargetFactory(value=10)
    target.value = 12
    target.save()
    events = EVENT_MODELS[type(target)].objects.filter(pgh_obj_id=target.pk).order_by("pgh_id")
    assert [(event.pgh_label, event.value) for event in events] == [("insert", 10), ("update", 12)]
    indicator = Indicator.objects.get(pk=target.indicator_id)
    assert {event.pgh_label for event in record_history(indicator)} >= {"insert", "update"}


def test_an_indicator_deleted_leaves_its_last_values():
    indicator = IndicatorFactory(name="Gone")
    pk = indicator.pk
    indicator.delete()
    assert EVENT_MODELS[Indicator].objects.get(pgh_obj_id=pk, pgh_label="delete").name == "Gone"
