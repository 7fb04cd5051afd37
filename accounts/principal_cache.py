"""A request's principal and scope, resolved once and kept briefly in the shared cache.

Every API request used to read its key (one query) and the key's countries (another), and every
signed-in user's request their countries (and a region's countries): the same few rows, thousands
of times a minute. They are kept in the shared cache (Redis) for PRINCIPAL_CACHE_SECONDS instead:
one cache read a request.

The cache is the shared one, so an entry dropped is dropped for every process at once. Entries are
dropped the moment what they hold changes: a key saved (revoked, rescoped) or deleted, its countries
changed; a user saved (role, regions, active) or deleted, their countries changed; a country saved
or deleted (a region's countries: every user's entry, through a generation number read with the
entry in the same round trip). Each is dropped at once and again after the transaction commits, so
that a request reading the old rows in between cannot keep them cached.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

# The entries this thread's transaction changed: while it is open they are read from the database
# and not cached (its uncommitted rows are visible to this connection only, and would stay cached if
# it rolled back); its commit clears them. A rolled-back change leaves its entry here, read from the
# database by this thread from then on: correct, and rare.
_changing = threading.local()

_KEY = "crimjust:principal:api-key:{prefix}"
_USER = "crimjust:principal:user:{pk}"
_GENERATION = "crimjust:principal:generation"


def _timeout() -> int:
    return settings.PRINCIPAL_CACHE_SECONDS


# --- API keys -------------------------------------------------------------------------------------


def api_key_by_prefix(prefix: str):
    """The key of this prefix with its country scope (`_country_ids`), or None."""
    from .models import ApiKey

    if not _timeout():
        return _api_key_read(prefix)
    cache_key = _KEY.format(prefix=prefix)
    if _is_changing(cache_key):
        return _api_key_read(prefix)
    entry = cache.get(cache_key)
    if entry is None:
        api_key = _api_key_read(prefix)
        # A miss is kept too (briefly): a flood of unknown keys does not become a flood of queries.
        entry = (
            {"fields": _fields(api_key), "country_ids": sorted(api_key._country_ids)}
            if api_key is not None
            else {}
        )
        cache.set(cache_key, entry, _timeout())
    if not entry:
        return None
    api_key = ApiKey.from_db("default", list(entry["fields"]), list(entry["fields"].values()))
    api_key._country_ids = frozenset(entry["country_ids"])
    return api_key


def api_key_used(api_key) -> None:
    """Keeps the cached entry's `last_used_at` as just written (not re-written on each request)."""
    if _timeout() and not _is_changing(_KEY.format(prefix=api_key.prefix)):
        cache.set(
            _KEY.format(prefix=api_key.prefix),
            {"fields": _fields(api_key), "country_ids": sorted(api_key._country_ids)},
            _timeout(),
        )


def _api_key_read(prefix: str):
    from django.contrib.postgres.aggregates import ArrayAgg

    from .models import ApiKey

    api_key = (
        ApiKey.objects.filter(prefix=prefix)
        .annotate(scope=ArrayAgg("countries", default=[], distinct=True))
        .first()
    )
    if api_key is not None:
        api_key._country_ids = frozenset(pk for pk in api_key.scope if pk is not None)
    return api_key


def _fields(api_key) -> dict:
    return {field.attname: getattr(api_key, field.attname) for field in api_key._meta.concrete_fields}


# --- users ----------------------------------------------------------------------------------------


def user_access(user, compute):
    """The access of a signed-in user: `compute(user)` once, then from the cache."""
    if not _timeout() or user.pk is None:
        return compute(user)
    entry_key = _USER.format(pk=user.pk)
    if _is_changing(entry_key) or _is_changing(_GENERATION):
        return compute(user)
    found = cache.get_many([entry_key, _GENERATION])
    generation = found.get(_GENERATION, 0)
    entry = found.get(entry_key)
    # The row read this request decides role, activity and regions; the entry must agree with it.
    # (`date_joined`: another account under a reused id, after a database is made again.)
    fingerprint = (user.date_joined, user.role, user.is_superuser, user.is_active, tuple(user.regions or ()))
    if entry is not None and entry[0] == generation and entry[1] == fingerprint:
        return entry[2]
    access = compute(user)
    cache.set(entry_key, (generation, fingerprint, access), _timeout())
    return access


# --- invalidation ---------------------------------------------------------------------------------


def _is_changing(key: str) -> bool:
    return key in getattr(_changing, "keys", ())


def _mark_changing(keys) -> None:
    if not transaction.get_connection().in_atomic_block:
        return
    if not hasattr(_changing, "keys"):
        _changing.keys = set()
    _changing.keys.update(keys)

    def committed():
        _changing.keys.difference_update(keys)

    transaction.on_commit(committed)


def _drop(*keys: str) -> None:
    cache.delete_many(keys)
    _mark_changing(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _new_generation() -> None:
    def bump():
        try:
            cache.incr(_GENERATION)
        except ValueError:
            cache.set(_GENERATION, 1, None)

    bump()
    _mark_changing([_GENERATION])
    transaction.on_commit(bump)


def _api_key_changed(sender, instance, **kwargs):
    _drop(_api_key_key(instance))


def _scope_changed(model, key_of, instance, action: str, pk_set) -> None:
    """A key's or a user's countries changed, from either side of the link."""
    if isinstance(instance, model):
        if action.startswith("post_"):
            _drop(key_of(instance))
        return
    # From the country's side: the records named, or, before a clear, every record of the country.
    if action == "pre_clear":
        records = model.objects.filter(countries=instance)
    elif action in ("post_add", "post_remove"):
        records = model.objects.filter(pk__in=pk_set or ())
    else:
        return
    keys = [key_of(record) for record in records]
    if keys:
        _drop(*keys)


def _api_key_key(api_key) -> str:
    return _KEY.format(prefix=api_key.prefix)


def _user_key(user) -> str:
    return _USER.format(pk=user.pk)


def _api_key_countries_changed(sender, instance, action, pk_set=None, **kwargs):
    from .models import ApiKey

    _scope_changed(ApiKey, _api_key_key, instance, action, pk_set)


def _user_changed(sender, instance, **kwargs):
    _drop(_user_key(instance))


def _user_countries_changed(sender, instance, action, pk_set=None, **kwargs):
    from .models import User

    _scope_changed(User, _user_key, instance, action, pk_set)


def _country_changed(sender, instance, **kwargs):
    # A region's countries, or a country's scope rows going with it: every user's entry is renewed.
    _new_generation()
    from .models import ApiKey

    prefixes = list(ApiKey.objects.filter(countries=instance).values_list("prefix", flat=True))
    if prefixes:
        _drop(*(_KEY.format(prefix=prefix) for prefix in prefixes))


def connect_signals() -> None:
    from countries.models import Country

    from .models import ApiKey, User

    post_save.connect(_api_key_changed, sender=ApiKey, dispatch_uid="principal_cache.api_key.save")
    post_delete.connect(_api_key_changed, sender=ApiKey, dispatch_uid="principal_cache.api_key.delete")
    m2m_changed.connect(
        _api_key_countries_changed,
        sender=ApiKey.countries.through,
        dispatch_uid="principal_cache.api_key.m2m",
    )
    post_save.connect(_user_changed, sender=User, dispatch_uid="principal_cache.user.save")
    post_delete.connect(_user_changed, sender=User, dispatch_uid="principal_cache.user.delete")
    m2m_changed.connect(
        _user_countries_changed, sender=User.countries.through, dispatch_uid="principal_cache.user.m2m"
    )
    post_save.connect(_country_changed, sender=Country, dispatch_uid="principal_cache.country.save")
    # Before the delete: the keys scoped to the country are found while their rows still exist.
    pre_delete.connect(_country_changed, sender=Country, dispatch_uid="principal_cache.country.delete")
