"""A record's history: its audit events and those of its links and parts, newest first."""

from django.db import models
from django.db.models import QuerySet

from audit.models import EVENT_MODELS, AuditEvent


def event_model_for(model: type[models.Model]) -> type[models.Model] | None:
    """The event table of a tracked model or join table, or None if it is not tracked."""
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
    event_models = [event_model_for(part) for part in history_parts(type(record))]
    if not event_models:
        return AuditEvent.objects.none()
    return AuditEvent.objects.across(*event_models).references(record).order_by("-pgh_created_at", "-pgh_id")
