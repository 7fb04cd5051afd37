"""The second factor of a sign-in: a code from an authenticator app (TOTP), or a recovery code.

Who gives one: every role that reads personal data (administrators, officers, monitoring); a
mission viewer only after choosing to enrol. An account with a `SecondFactorExemption` (the demo's,
made by `load_demo`) signs in with its password alone, except under the production settings.

How a sign-in proceeds: the password step (`/accounts/login/` or `/admin/login/`) signs the user in
as Django always does, and `second_factor_state_record` notes on the session what the sign-in still
owes. Until a code is given (`django_otp.login`, which `request.user.is_verified()` then reads),
`SecondFactorMiddleware` sends every page to the second step and `VerifiedSessionAuthentication`
refuses the session on the API. The decision is `second_factor_pending`, one rule for both.

Why the state lives on the session: it is decided when a sign-in happens, whatever made it
(a sign-in page, or a test client's `force_login`), so a request costs no query to know it. A
session without it (made before this rule existed) has it decided on its first request.

Secrets stay in django-otp's own tables, which the audit trail does not track; security events
say what happened and never carry a code or a key.
"""

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecondFactorExemption, SecurityEvent, User
from .security import security_event_record

STATE_SESSION_KEY = "accounts_second_factor"
# What a sign-in owes, noted on its session when it happens.
EXEMPT = "exempt"  # a demo account: the password is enough
OPTIONAL = "optional"  # a mission viewer who has not enrolled
OWED = "owed"  # a code must be given before anything else

AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_CODES_NAME = "recovery codes"


def second_factor_required(user: User) -> bool:
    """Every role but the mission viewer reads personal data (`core.access.principal_access`)."""
    return user.is_superuser or user.role != User.Role.MISSION_VIEWER


def second_factor_exempt(user: User) -> bool:
    return (
        settings.SECOND_FACTOR_EXEMPTIONS_ALLOWED
        and SecondFactorExemption.objects.filter(user_id=user.pk).exists()
    )


def second_factor_enrolled(user: User) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def _state_of(user: User) -> str:
    if second_factor_exempt(user):
        return EXEMPT
    if not second_factor_required(user) and not second_factor_enrolled(user):
        return OPTIONAL
    return OWED


def second_factor_state_record(*, request: HttpRequest, user: User) -> str:
    """Note on the session what this sign-in owes (called at every sign-in)."""
    state = _state_of(user)
    request.session[STATE_SESSION_KEY] = state
    return state


def second_factor_pending(request: HttpRequest) -> bool:
    """Whether this request's session signed in with a password and still owes its second factor."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    # Set by django-otp's OTPMiddleware: a device of this user verified a code in this session.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    state = request.session.get(STATE_SESSION_KEY)
    if state is None:
        state = second_factor_state_record(request=request, user=user)
    if state == EXEMPT:
        return False
    # A mission viewer given a staff role since signing in owes it from now on.
    return state == OWED or second_factor_required(user)


# --- enrolment ------------------------------------------------------------------------------------


def authenticator_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator of an enrolment under way, made on its first page view."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_qr_code(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG data: URI (an image: the pages run no script)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def authenticator_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.SECOND_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_enrol(*, request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows; its recovery codes, or None.

    The session counts as verified at once: the code just given is the second factor.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(_normalised(code)):
        security_event_record(
            kind=SecurityEvent.Kind.SECOND_FACTOR_FAILED, request=request, user=user, detail={"step": "enrol"}
        )
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One authenticator per account: an older one stops working.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _recovery_codes_replace(user)
    django_otp.login(request, device)
    security_event_record(
        kind=SecurityEvent.Kind.SECOND_FACTOR_ENROLLED,
        request=request,
        user=user,
        detail={"recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, request: HttpRequest, user: User) -> list[str]:
    """New recovery codes for an enrolled account; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    security_event_record(
        kind=SecurityEvent.Kind.RECOVERY_CODES_CREATED,
        request=request,
        user=user,
        detail={"recovery_codes": len(codes)},
    )
    return codes


# --- the second step of a sign-in ------------------------------------------------------------------


def _normalised(code: str) -> str:
    return "".join(code.split()).lower()


def _devices_for(user: User, code: str):
    # Six digits are an authenticator's code, anything else a recovery code: a wrong code counts
    # against one device's throttle only, so a mistyped code does not delay the other device.
    model = TOTPDevice if code.isdigit() else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).select_for_update()


@transaction.atomic
def second_factor_verify(*, request: HttpRequest, user: User, code: str) -> Device | None:
    """The device that accepts this code (a recovery code is used up), or None.

    django-otp refuses codes for a while after each wrong one (its throttling), and an
    authenticator's code once accepted is not accepted again.
    """
    code = _normalised(code)
    for device in _devices_for(user, code):
        if device.verify_token(code):
            django_otp.login(request, device)
            detail = {"method": "totp" if isinstance(device, TOTPDevice) else "recovery_code"}
            if isinstance(device, StaticDevice):
                detail["recovery_codes_left"] = device.token_set.count()
            security_event_record(
                kind=SecurityEvent.Kind.SECOND_FACTOR_VERIFIED, request=request, user=user, detail=detail
            )
            return device
    security_event_record(
        kind=SecurityEvent.Kind.SECOND_FACTOR_FAILED, request=request, user=user, detail={"step": "sign_in"}
    )
    return None


# --- administration -------------------------------------------------------------------------------


@transaction.atomic
def second_factor_reset(*, user: User, by: User, request: HttpRequest | None = None) -> None:
    """Remove an account's authenticator and recovery codes (a lost phone): it enrols again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_event_record(
        kind=SecurityEvent.Kind.SECOND_FACTOR_RESET,
        request=request,
        user=by,
        detail={"account": user.get_username(), "account_id": user.pk},
    )


def second_factor_exemption_grant(*, user: User, reason: str) -> SecondFactorExemption:
    """Let an account sign in with its password alone: for the demo's accounts only."""
    exemption, _created = SecondFactorExemption.objects.get_or_create(user=user, defaults={"reason": reason})
    return exemption
