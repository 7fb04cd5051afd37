"""Signals of the core mechanisms, for the apps above core to act on.

`record_restored` and `record_hard_deleted` are sent by `core.archive` once a record is restored
or deleted for good (inside the same transaction). Keyword arguments: `user` (the administrator),
`request` (None outside a request) and `described` (the record's model label, pk and name, as
they were before the delete); `record_hard_deleted` also sends `reason` and `deleted` (how many
rows of each model went with it). The accounts app records both as security events.
"""

from django.dispatch import Signal

record_restored = Signal()
record_hard_deleted = Signal()
