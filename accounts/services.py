"""API keys: created with a secret shown once, stored as a hash, revocable, expiring, scoped."""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import Action, can
from countries.models import Country

from .models import ApiKey, SecurityEvent, User
from .principal_cache import api_key_by_prefix, api_key_used
from .security import security_event_record

KEY_PREFIX = "cj"
# A key's last use is written at most this often, so that reads do not turn into writes.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _hash(raw_key: str) -> str:
    # The secret is 256 random bits: a fast hash is enough (no dictionary to guess from).
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    created_by: User,
    expires_at: datetime.datetime,
    can_write: bool = False,
    can_see_personal_data: bool = False,
    can_see_restricted: bool = False,
    countries: Iterable[Country] = (),
    request: HttpRequest | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret. The secret is returned once here and never stored."""
    if not can(created_by, Action.CREATE, ApiKey):
        raise PermissionDenied(_("Only a programme administrator creates API keys."))
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    prefix = secrets.token_hex(4)
    raw_key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        name=name.strip(),
        prefix=prefix,
        key_hash=_hash(raw_key),
        created_by=created_by,
        expires_at=expires_at,
        can_write=can_write,
        can_see_personal_data=can_see_personal_data,
        can_see_restricted=can_see_restricted,
    )
    api_key.full_clean()
    api_key.save()
    api_key.countries.set(countries)
    security_event_record(
        kind=SecurityEvent.Kind.API_KEY_CREATED,
        request=request,
        user=created_by,
        api_key=api_key,
        detail={"name": api_key.name, "write": can_write, "personal_data": can_see_personal_data},
    )
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, user: User, request: HttpRequest | None = None) -> ApiKey:
    if not can(user, Action.UPDATE, ApiKey):
        raise PermissionDenied(_("Only a programme administrator revokes API keys."))
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at", "updated_at"])
        security_event_record(
            kind=SecurityEvent.Kind.API_KEY_REVOKED, request=request, user=user, api_key=api_key
        )
    return api_key


def api_key_authenticate(*, raw_key: str, request: HttpRequest | None = None) -> ApiKey | None:
    """The active key this secret belongs to, or None (and a logged rejection)."""
    parts = raw_key.strip().split("_", 2)
    api_key = None
    if len(parts) == 3 and parts[0] == KEY_PREFIX:
        api_key = api_key_by_prefix(parts[1])
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash(raw_key.strip())):
        security_event_record(
            kind=SecurityEvent.Kind.API_KEY_REJECTED, request=request, detail={"reason": "unknown key"}
        )
        return None
    if not api_key.is_active:
        reason = "revoked" if api_key.revoked_at else "expired"
        security_event_record(
            kind=SecurityEvent.Kind.API_KEY_REJECTED,
            request=request,
            api_key=api_key,
            detail={"reason": reason},
        )
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
        api_key_used(api_key)
    return api_key
