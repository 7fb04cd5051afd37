"""Security events: sign-ins, second factors, failed sign-ins, lockouts, permission denials, API keys.

Every event is one `SecurityEvent` row and one line on the "crimjust.security" logger, so a
log shipper sees what the admin's security-event list shows, without personal data: the row keeps
the username typed and the client's address (the admin's list, behind its permission); the line
has the user's id and `client_address_hash`, a keyed hash of the address that lets lines from one
client be put together but not the address be read back.
"""

import hashlib
import hmac
import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

from .models import ApiKey, SecurityEvent, User

logger = logging.getLogger("crimjust.security")

_WARNING_KINDS = frozenset(
    kind.value
    for kind in (
        SecurityEvent.Kind.SIGN_IN_FAILED,
        SecurityEvent.Kind.LOCKED_OUT,
        SecurityEvent.Kind.PERMISSION_DENIED,
        SecurityEvent.Kind.API_KEY_REJECTED,
        SecurityEvent.Kind.SECOND_FACTOR_FAILED,
    )
)
_PATH_MAX_LENGTH = SecurityEvent._meta.get_field("path").max_length
_USERNAME_MAX_LENGTH = SecurityEvent._meta.get_field("username").max_length
# What an event's detail may hold that names a person: the account an administrator acted on, a
# record's text (a person's name), an API key's name. In the row, never in the log line.
_DETAIL_NOT_LOGGED = frozenset({"account", "record", "name"})


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind `TRUSTED_PROXY_COUNT` proxies.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    client is the N-th entry from the right; anything further left was sent by the client and
    can be forged. Also django-axes' `AXES_CLIENT_IP_CALLABLE`: lockouts and events agree.
    """
    proxy_count = settings.TRUSTED_PROXY_COUNT
    if proxy_count > 0:
        forwarded = [
            entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()
        ]
        if len(forwarded) >= proxy_count:
            return _valid_ip(forwarded[-proxy_count])
    return _valid_ip(request.META.get("REMOTE_ADDR"))


def client_address_hash(address: str | None) -> str | None:
    """12 hex digits of an HMAC of the address keyed by SECRET_KEY: the same client gives the same
    value in every line (and every process), and the address cannot be found from it by trying the
    4 billion IPv4 addresses without the key."""
    if not address:
        return None
    digest = hmac.new(settings.SECRET_KEY.encode(), f"client-address:{address}".encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """django-axes' AXES_CLIENT_STR_CALLABLE: its own log lines name the client by the hash, never
    by the username and address it locks out."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f'{{client: "{client_address_hash(ip_address)}", path_info: "{path_info}"}}'


def security_event_record(
    *,
    kind: SecurityEvent.Kind | str,
    request: HttpRequest | None = None,
    user: User | None = None,
    username: str = "",
    api_key: ApiKey | None = None,
    detail: dict | None = None,
) -> SecurityEvent:
    """Store a security event and write it to the "crimjust.security" log.

    `username` is what was typed at a sign-in (it may name no account); with a `user` and no
    `username`, the user's own is kept, so the row still says who it was if the user is deleted.
    Never pass a password or a key in `detail`.
    """
    if user is not None and not user.is_authenticated:
        user = None
    if not username and user is not None:
        username = user.get_username()
    event = SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or "")[:_USERNAME_MAX_LENGTH],
        api_key=api_key,
        ip_address=client_ip_address(request) if request is not None else None,
        path=request.path[:_PATH_MAX_LENGTH] if request is not None else "",
        detail=detail or {},
    )
    client = client_address_hash(event.ip_address)
    detail = {key: value for key, value in event.detail.items() if key not in _DETAIL_NOT_LOGGED}
    logger.log(
        logging.WARNING if event.kind in _WARNING_KINDS else logging.INFO,
        "%s user_id=%s api_key_id=%s client=%s path=%r detail=%s",
        event.kind,
        event.user_id,
        event.api_key_id,
        client,
        event.path,
        detail,
        extra={
            "security_event_id": event.pk,
            "security_event_kind": event.kind,
            "user_id": event.user_id,
            "api_key_id": event.api_key_id,
            "client": client,
        },
    )
    return event
