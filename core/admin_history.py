"""A record's "History" page in the admin shows its audit trail.

`HistoryAdminMixin` (part of `core.admin.ServiceAdmin`, so of every ModelAdmin of the project)
replaces the admin's own history page, which lists only what was done through the admin. It
decides who may open the page; the page itself belongs to the audit app, which sits above every
app it tracks (its event tables are built from their models) and so cannot be imported here: it
registers its page with `register_history_page` from AuditConfig.ready().
"""

from collections.abc import Callable

from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse

from core.access import can_see_personal_data

# (model_admin, request, record, extra_context) -> the page.
HistoryPage = Callable[..., HttpResponse]

_history_page: HistoryPage | None = None
# record -> (who made its latest change, the labels of the fields it changed), or None.
LastChange = Callable[..., tuple[str, list[str]] | None]
_last_change: LastChange | None = None


def register_history_page(page: HistoryPage) -> None:
    """The page a record's "History" link shows (the audit app registers it)."""
    global _history_page
    _history_page = page


def register_last_change(last_change: LastChange) -> None:
    """How a record's latest change is told (the audit app registers it): a change form refused
    as stale says who changed what."""
    global _last_change
    _last_change = last_change


def last_change(record) -> tuple[str, list[str]] | None:
    return _last_change(record) if _last_change is not None else None


class HistoryAdminMixin:
    """Mix into a ModelAdmin of a tracked model: its "History" page shows the audit trail.

    The page shows the values of every field, so it is for those who may see personal data.
    """

    history_per_page = 50

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj) or not can_see_personal_data(request.user):
            raise PermissionDenied
        if _history_page is None:
            raise ImproperlyConfigured("No history page registered: is the audit app installed?")
        return _history_page(self, request, obj, extra_context)
