from django.http import Http404
from rest_framework.permissions import BasePermission

from core.access import Action, can
from core.models import ArchivableRecord

_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.CREATE,
    "PUT": Action.UPDATE,
    "PATCH": Action.UPDATE,
}


def action_for(method: str, model) -> Action:
    if method == "DELETE":
        return Action.ARCHIVE if issubclass(model, ArchivableRecord) else Action.DELETE
    return _ACTIONS.get(method, Action.DELETE)


class AccessPermission(BasePermission):
    """Asks `core.access` for the view's model; reads are also scoped by the queryset itself,
    so an object permission is never the only guard."""

    def has_permission(self, request, view):
        # The view's model, not its queryset: a list's filters are checked after its permissions.
        model = getattr(view, "model", None) or view.get_queryset().model
        action = action_for(request.method, model)
        allowed = can(request.user, action, model)
        if (
            not allowed
            and action is Action.VIEW
            and view.kwargs.get(view.lookup_url_kwarg or view.lookup_field)
        ):
            # A record the caller may not see at all (a person, for a mission) is not found, like
            # one out of their scope: a 403 would confirm that it exists.
            raise Http404
        return allowed

    def has_object_permission(self, request, view, obj):
        return can(request.user, action_for(request.method, type(obj)), obj)
