"""Sign-ins, sign-outs, failed sign-ins, lockouts, restores and hard deletes become security events;
each sign-in also notes on its session what second factor it owes (accounts.second_factor).

Connected in `AccountsConfig.ready`. Permission denials are recorded by
`accounts.middleware.PermissionDeniedLogMiddleware`, which sees every 403 whatever raised it.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.signals import record_hard_deleted, record_restored

from .models import SecurityEvent
from .second_factor import second_factor_state_record
from .security import security_event_record


@receiver(user_logged_in, dispatch_uid="accounts.security_event.sign_in")
def sign_in_record(sender, request, user, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.SIGN_IN, request=request, user=user)


@receiver(user_logged_in, dispatch_uid="accounts.second_factor.state")
def second_factor_state_on_sign_in(sender, request, user, **kwargs):
    # Every sign-in, by whatever page, notes what it still owes; see accounts.second_factor.
    if request is not None and hasattr(request, "session"):
        second_factor_state_record(request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts.security_event.sign_out")
def sign_out_record(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(kind=SecurityEvent.Kind.SIGN_OUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="accounts.security_event.sign_in_failed")
def sign_in_failed_record(sender, credentials, request=None, **kwargs):
    # Only the username is read: `credentials` holds the (masked) password and nothing of it is kept.
    username = credentials.get(get_user_model().USERNAME_FIELD) or ""
    security_event_record(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=str(username),
        detail={"locked_out": bool(getattr(request, "axes_locked_out", False))},
    )


@receiver(user_locked_out, dispatch_uid="accounts.security_event.locked_out")
def locked_out_record(sender, request, username, ip_address, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")


@receiver(record_restored, dispatch_uid="accounts.security_event.restore")
def restore_event_record(sender, user, request, described, **kwargs):
    security_event_record(kind=SecurityEvent.Kind.RESTORE, request=request, user=user, detail=described)


@receiver(record_hard_deleted, dispatch_uid="accounts.security_event.hard_delete")
def hard_delete_event_record(sender, user, request, described, reason, deleted, **kwargs):
    security_event_record(
        kind=SecurityEvent.Kind.HARD_DELETE,
        request=request,
        user=user,
        detail={**described, "reason": reason, "deleted": deleted},
    )
