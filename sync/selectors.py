import datetime

from django.db.models import Q, QuerySet

from core.access import Action, access_for, rule_for
from core.filters import filter_list

from .filters import DeletionFilter
from .models import Deletion
from .records import SYNCED_RECORDS


def deletion_list(*, user, filters=None) -> QuerySet[Deletion]:
    """The deletions of records `user` could have seen, narrowed by `DeletionFilter`.

    The scope of `core.access.scope_queryset`, applied to what the record was when it went: the
    kind of record the principal may read, its countries, its restriction on this day. Archiving
    is left out as the lists' tombstones leave it out: a sync sees archived records.
    """
    access = access_for(user)
    today = datetime.date.today()
    seen = Q(pk__in=[])
    for kind, record in SYNCED_RECORDS.items():
        rule = rule_for(record.model_class())
        if not access.allows(Action.VIEW, rule.kind):
            continue
        condition = Q(type=kind)
        if not access.sees_restricted and rule.sensitivity:
            condition &= Q(restricted=False) | Q(restricted_until__lte=today)
        if access.visible_country_ids is not None and rule.countries:
            condition &= Q(country_ids__overlap=sorted(access.visible_country_ids))
        seen |= condition
    return filter_list(DeletionFilter, Deletion.objects.filter(seen), filters, user=user)
