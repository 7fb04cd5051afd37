"""Optimistic concurrency: a record's version is the time of its last write (`updated_at`, which
every write sets), so a client or a form that read a record can say which version it changes.

A write that names the version it read (`If-Match` in the API, the admin change form's hidden
`_record_version`) locks the row, compares, and is refused when someone wrote the record since:
it never silently puts back what the other writer changed. Writes also start from the row as it
is under the lock, so two writers of different fields both win.
"""

from __future__ import annotations

from django.db import models


class StaleRecord(Exception):
    """The record was written since the version the writer read."""

    def __init__(self, current: models.Model):
        super().__init__("stale record")
        self.current = current


def record_version(record: models.Model) -> str | None:
    """The version of `record` as read: microseconds since the epoch of its last write."""
    updated_at = getattr(record, "updated_at", None)
    if updated_at is None:
        return None
    return str(round(updated_at.timestamp() * 1_000_000))


def record_lock(record: models.Model, *, versions: frozenset[str] | None = None) -> models.Model:
    """The record as it is now, its row locked until the end of the transaction; raises
    StaleRecord if the writer named the `versions` it read and the current one is not among them."""
    current = type(record)._base_manager.select_for_update(of=("self",)).get(pk=record.pk)
    current_version = record_version(current)
    if versions is not None and current_version is not None and current_version not in versions:
        raise StaleRecord(current)
    return current
