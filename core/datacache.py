"""A version number of the programme's data, for caches of aggregates (dashboards, stats).

Every save, delete or many-to-many change of a model in a programme app bumps the version
(signals, connected in CoreConfig.ready); code that writes in bulk (bulk_create, QuerySet.update,
COPY) calls `data_version_bump()` itself after its transaction commits. A cache key that includes
`data_version()` is therefore never served after a write; entries also expire after a TTL.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "crimjust:data-version"
PROGRAMME_APPS = frozenset({"countries", "activities", "people", "trainings", "operations"})


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
