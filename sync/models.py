from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .records import SYNCED_RECORDS


class Deletion(models.Model):
    """A record deleted for good, for the clients that keep a copy (`GET /api/v1/deletions/`).

    Written by the database itself (a trigger on each synced table, in this app's migration), so
    no delete escapes it: a cascade, a queryset's delete, an import undone, raw SQL. With it, what
    scoping needs, taken when the record went: its countries and whether it was restricted (and
    until when), so a principal is told only of records it could have seen. Archiving is not
    deleting: archived records come back in the lists as tombstones (`archived_at`).
    """

    type = models.CharField(
        _("type"), max_length=40, choices=[(name, name) for name in SYNCED_RECORDS], db_index=True
    )
    record_id = models.BigIntegerField(_("record id"))
    # The trigger's clock_timestamp(): after its transaction began, as the watermark requires.
    deleted_at = models.DateTimeField(_("deleted at"), db_index=True)
    country_ids = ArrayField(models.BigIntegerField(), verbose_name=_("countries"), default=list, blank=True)
    restricted = models.BooleanField(_("restricted"), default=False)
    # With `restricted`: released on this date; empty, restricted until changed (as SensitiveRecord).
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)

    class Meta:
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")

    def __str__(self):
        return f"{self.type} {self.record_id} ({self.deleted_at:%Y-%m-%d %H:%M})"


class Change(models.Model):
    """A change to what a record shows that leaves its own row as it was: a link added or removed
    (an activity's countries, a case's seizures), a nested record deleted (an operation's phase, a
    handover's item), a figure moved by another record (a training's participants, an operation's
    seizures). Written by triggers (this app's migrations), read by every list's `modified_since`
    (core.filters.changed_since), so a sync fetches the record again. Insert-only: the record's row
    is neither locked nor stamped, so its version (If-Match) and its writers are not disturbed."""

    type = models.CharField(_("type"), max_length=40, choices=[(name, name) for name in SYNCED_RECORDS])
    record_id = models.BigIntegerField(_("record id"))
    # The trigger's clock_timestamp(): after its transaction began, as the watermark requires.
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["type", "changed_at"], name="sync_change_type_at")]

    def __str__(self):
        return f"{self.type} {self.record_id} ({self.changed_at:%Y-%m-%d %H:%M})"
