"""Archive instead of delete: activities, people, seizures and cases are never lost by a slip.

Deleting one of them archives it: it keeps every value and link but leaves lists and figures
(`core.access` excludes `archived_at IS NOT NULL`). An administrator can restore it, or delete
it for good with a reason. Every step is audited: the update or delete events of the audit trail
carry the user (and the reason); restores and hard deletes also send a signal (`core.signals`),
which the accounts app records as a security event.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.access import Action, Role, access_for, can
from core.audit import audit_context
from core.datacache import data_version_bump
from core.models import ArchivableRecord
from core.signals import record_hard_deleted, record_restored

_SHOWN_BLOCKERS = 5


def _set_archived(record: ArchivableRecord, *, archive: bool, user: AbstractBaseUser | None) -> bool:
    """Archive (by `user`, None for an API client) or restore; False if another request did it first.

    One UPDATE of these columns only: archiving never fails on a rule the record's other values
    no longer meet, and the audit event shows exactly what changed.
    """
    now = timezone.now()
    archived_at = now if archive else None
    user = user if archive and isinstance(user, get_user_model()) else None
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


def _require_administrator(user: AbstractBaseUser) -> None:
    if access_for(user).role is not Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only an administrator may do this."))


def _describe(record: ArchivableRecord) -> dict:
    return {"model": record._meta.label, "pk": record.pk, "record": str(record)}


@transaction.atomic
def record_archive(*, record: ArchivableRecord, user: AbstractBaseUser) -> ArchivableRecord:
    """Archive `record`: it leaves lists and figures and can be restored. Archiving twice is a no-op."""
    if not can(user, Action.ARCHIVE, record):
        raise PermissionDenied(_("You may not archive this record."))
    with audit_context(user=user):
        _set_archived(record, archive=True, user=user)
    return record


@transaction.atomic
def record_restore(
    *, record: ArchivableRecord, user: AbstractBaseUser, request: HttpRequest | None = None
) -> ArchivableRecord:
    """Bring an archived record back into lists and figures. Administrators only."""
    _require_administrator(user)
    with audit_context(user=user):
        restored = _set_archived(record, archive=False, user=None)
    if restored:
        record_restored.send(type(record), user=user, request=request, described=_describe(record))
    return record


@transaction.atomic
def record_hard_delete(
    *, record: ArchivableRecord, user: AbstractBaseUser, reason: str, request: HttpRequest | None = None
) -> dict[str, int]:
    """Delete `record` for good, with what is deleted along with it. Administrators only.

    The delete events of the audit trail keep the last values of every row deleted and carry the
    user and the reason; the `record_hard_deleted` signal says the same (accounts records it as a
    HARD_DELETE security event). A record that others still refer to (a person with
    participations) is refused with a `ValidationError` naming them.
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
    record_hard_deleted.send(
        type(record), user=user, request=request, described=described, reason=reason, deleted=deleted
    )
    return deleted
