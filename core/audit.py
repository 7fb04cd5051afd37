"""Who changed what, and why: the context of audit events, and a record's history.

PostgreSQL triggers write an event for every insert, update and delete of a tracked table (see
`audit.models`); this module says whose change it was. In a request, pghistory's
`HistoryMiddleware` records the signed-in user and the URL. Code that runs outside a request (a
management command, a Celery task, the shell) or that has a reason to give names them with
`audit_context`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pghistory
from django.db import models
from django.db.models import QuerySet


@contextmanager
def audit_context(*, user=None, reason: str = "") -> Iterator[None]:
    """Record `user` (and `reason`, if given) on every audit event written inside the block.

    Within a request, or another `audit_context`, this joins the context already open: the
    request's events and these share one context, which then carries the reason too.
    """
    metadata = {}
    api_key = getattr(user, "api_key", None)
    if api_key is not None:
        # An external system: its key, since it is no user of the tracker.
        metadata["api_key"] = api_key.prefix
    elif user is not None:
        metadata["user"] = user.pk
    if reason:
        metadata["reason"] = reason
    with pghistory.context(**metadata):
        yield


def event_model_for(model: type[models.Model]) -> type[models.Model] | None:
    """The event table of a tracked model or join table, or None if it is not tracked."""
    from audit.models import EVENT_MODELS

    return EVENT_MODELS.get(model)


def history_parts(model: type[models.Model]) -> list[type[models.Model]]:
    """What a record's history is made of: the record itself, its many-to-many links, and the
    parts that are deleted with it (an activity's participations, documents and links)."""
    parts = [model]
    parts += [field.remote_field.through for field in model._meta.local_many_to_many]
    parts += [
        relation.related_model
        for relation in model._meta.related_objects
        if relation.one_to_many or relation.one_to_one
        if relation.on_delete is models.CASCADE
    ]
    return [part for part in dict.fromkeys(parts) if event_model_for(part) is not None]


def record_history(record: models.Model) -> QuerySet:
    """Every audit event of `record` and of its parts, newest first, with who, when and the diff.

    Each row is an `audit.AuditEvent`: `pgh_label` (insert, update, delete), `pgh_created_at`,
    `pgh_data` (the values after the event; for a delete, the last values), `pgh_diff`
    (`{column: [before, after]}` against the previous event of the same row), `user`, `url` and
    `reason`.
    """
    from audit.models import AuditEvent

    event_models = [event_model_for(part) for part in history_parts(type(record))]
    if not event_models:
        return AuditEvent.objects.none()
    return AuditEvent.objects.across(*event_models).references(record).order_by("-pgh_created_at", "-pgh_id")
