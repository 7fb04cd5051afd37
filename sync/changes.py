"""Which records a nested change touched (sync_change, written by this app's triggers), for every
list's `modified_since` (registered with core.filters at start-up)."""

import datetime

from django.db.models import Q

from .models import Change
from .records import SYNCED_RECORDS

# The record types whose nested records are watched (migrations/0002_nested_changes.py).
_TYPES = {
    SYNCED_RECORDS[name].model: name
    for name in ("activity", "training", "operation", "seizure", "case", "equipment-handover")
}


def nested_changes(model, value: datetime.datetime) -> Q:
    kind = _TYPES.get(model._meta.label)
    if kind is None:
        return Q()
    return Q(pk__in=Change.objects.filter(type=kind, changed_at__gte=value).values("record_id"))
