"""A version number of the programme's data, for caches of aggregates (dashboards, stats).

Every save, delete or many-to-many change of a model in a programme app bumps the version
(signals, connected in CoreConfig.ready); code that writes in bulk (bulk_create, QuerySet.update,
COPY) calls `data_version_bump()` itself after its transaction commits. A cache key that includes
`data_version()` is therefore never served after a write; entries also expire after a TTL.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "crimjust:data-version"
PROGRAMME_APPS = frozenset({"countries", "activities", "people", "trainings", "operations", "results"})


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() keeps a version another process set in between.
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def data_version_increment() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def data_version_bump() -> None:
    """Invalidate every cache keyed by the data version (after the current transaction commits).

    After the commit, not before: a reader between the two would cache the old data under the
    new version.
    """
    transaction.on_commit(data_version_increment)


def _on_change(sender, **kwargs):
    if sender._meta.app_label in PROGRAMME_APPS:
        data_version_bump()


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="core.datacache.post_save")
    post_delete.connect(_on_change, dispatch_uid="core.datacache.post_delete")
    m2m_changed.connect(_on_change, dispatch_uid="core.datacache.m2m_changed")


def figures_key(prefix: str, *, user, parts: dict) -> str:
    """A cache key for figures `user` is shown: what the principal may see (two principals with
    the same access share an entry, two with different access never do), `parts` (the figure and
    its filters), the language of its labels, the day (restricted records are released on a day,
    core.access.released_q) and the data version (a write shows at once)."""
    from core.access import access_for

    access = access_for(user)
    countries = "all" if access.visible_country_ids is None else sorted(access.visible_country_ids)
    key = {
        "access": [access.role, countries, access.sees_personal_data, access.sees_restricted],
        "parts": parts,
        "language": get_language(),
        "day": datetime.date.today().isoformat(),
        "version": data_version(),
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    return f"{prefix}:{digest}"


def cached_figures(prefix: str, *, user, parts: dict, compute: Callable[[], Any], timeout: int | None = None):
    """`compute()`, from the cache when nothing was written since it was computed for a principal
    with the same access (`figures_key`); `timeout` (default FIGURES_CACHE_SECONDS, 0: not
    cached) only bounds how long an unused entry is kept."""
    timeout = settings.FIGURES_CACHE_SECONDS if timeout is None else timeout
    if not timeout:
        return compute()
    key = figures_key(prefix, user=user, parts=parts)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found
