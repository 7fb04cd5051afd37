"""Archive instead of delete: activities, people, seizures and cases are never lost by a slip.

Deleting one of them archives it: it keeps every value and link but leaves lists and figures
(`core.access` excludes `archived_at IS NOT NULL`). An administrator can restore it, or delete
it for good with a reason. Every step is audited: the update or delete events of the audit trail
carry the user (and the reason), and restores and hard deletes are also security events.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import SecurityEvent, User
from accounts.security import security_event_record
from core.access import Action, Role, access_for, can
from core.audit import audit_context
from core.datacache import data_version_bump
from core.models import ArchivableRecord

_SHOWN_BLOCKERS = 5


def _set_archived(record: ArchivableRecord, *, archive: bool, user: User | None) -> bool:
    """Archive (by `user`, None for an API client) or restore; False if another request did it first.

    One UPDATE of these columns only: archiving never fails on a rule the record's other values
    no longer meet, and the audit event shows exactly what changed.
    """
    now = timezone.now()
    archived_at = now if archive else None
    user = user if archive and isinstance(user, User) else None
    changed = (
        type(record)
        ._base_manager.filter(pk=record.pk, archived_at__isnull=archive)
        .update(archived_at=archived_at, archived_by=user, updated_at=now)
    )
    if changed:
        record.archived_at, record.archived_by, record.updated_at = archived_at, user, now
        data_version_bump()
    else:
        record.refresh_from_db(fields=["archived_at", "archived_by", "updated_at"])
    return bool(changed)


def _require_administrator(user: User) -> None:
    if access_for(user).role is not Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only an administrator may do this."))


def _describe(record: ArchivableRecord) -> dict:
    return {"model": record._meta.label, "pk": record.pk, "record": str(record)}


@transaction.atomic
def record_archive(*, record: ArchivableRecord, user: User) -> ArchivableRecord:
    """Archive `record`: it leaves lists and figures and can be restored. Archiving twice is a no-op."""
    if not can(user, Action.ARCHIVE, record):
        raise PermissionDenied(_("You may not archive this record."))
    with audit_context(user=user):
        _set_archived(record, archive=True, user=user)
    return record


@transaction.atomic
def record_restore(
    *, record: ArchivableRecord, user: User, request: HttpRequest | None = None
) -> ArchivableRecord:
    """Bring an archived record back into lists and figures. Administrators only."""
    _require_administrator(user)
    with audit_context(user=user):
        restored = _set_archived(record, archive=False, user=None)
    if restored:
        security_event_record(
            kind=SecurityEvent.Kind.RESTORE, request=request, user=user, detail=_describe(record)
        )
    return record


@transaction.atomic
def record_hard_delete(
    *, record: ArchivableRecord, user: User, reason: str, request: HttpRequest | None = None
) -> dict[str, int]:
    """Delete `record` for good, with what is deleted along with it. Administrators only.

    The delete events of the audit trail keep the last values of every row deleted and carry the
    user and the reason; a HARD_DELETE security event says the same. A record that others still
    refer to (a person with participations) is refused with a `ValidationError` naming them.
    """
    if not can(user, Action.DELETE, record):
        raise PermissionDenied(_("Only an administrator may delete a record for good."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the record is deleted for good.")})
    described = _describe(record)
    try:
        with audit_context(user=user, reason=reason):
            _total, deleted = record.delete()
    except (ProtectedError, RestrictedError) as error:
        blockers = list(
            error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        )
        raise ValidationError(
            _("%(record)s cannot be deleted while these refer to it: %(blockers)s.")
            % {
                "record": capfirst(described["record"]),
                "blockers": "; ".join(str(blocker) for blocker in blockers[:_SHOWN_BLOCKERS])
                + ("…" if len(blockers) > _SHOWN_BLOCKERS else ""),
            },
            code="protected",
        ) from error
    security_event_record(
        kind=SecurityEvent.Kind.HARD_DELETE,
        request=request,
        user=user,
        detail={**described, "reason": reason, "deleted": deleted},
    )
    return deleted
