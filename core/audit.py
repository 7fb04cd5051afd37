"""Who changed what, and why: the context of audit events.

PostgreSQL triggers write an event for every insert, update and delete of a tracked table (see
`audit.models`); this module says whose change it was. In a request, pghistory's
`HistoryMiddleware` records the signed-in user and the URL. Code that runs outside a request (a
management command, a Celery task, the shell) or that has a reason to give names them with
`audit_context`. A record's history is read with `audit.history.record_history`.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pghistory


def principal_metadata(principal) -> dict:
    """How an audit event names who made it: a user by id, an external system by its API key."""
    api_key = getattr(principal, "api_key", None)
    if api_key is not None:
        # An external system: its key, since it is no user of the tracker.
        return {"api_key": api_key.prefix, "principal": principal.username}
    if principal is not None:
        return {"user": principal.pk}
    return {}


@contextmanager
def audit_context(*, user=None, reason: str = "") -> Iterator[None]:
    """Record `user` (and `reason`, if given) on every audit event written inside the block.

    Within a request, or another `audit_context`, this joins the context already open: the
    request's events and these share one context, which then carries the reason too.
    """
    metadata = principal_metadata(user)
    if reason:
        metadata["reason"] = reason
    with pghistory.context(**metadata):
        yield
