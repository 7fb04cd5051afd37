"""The principals of the access mechanism (`core.access`): users and API keys.

`principal_access` computes what a signed-in user or an API client may do; AccountsConfig.ready()
registers it with `core.access`, together with the rules of this app's own records.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.access import NO_ACCESS, Access, Kind, ModelRule, Role
from core.filters import region_q
from countries.models import Country

from .models import ApiKey, SecurityEvent, User
from .principal_cache import user_access

RULES = {
    User: ModelRule(Kind.ACCOUNTS),
    Group: ModelRule(Kind.ACCOUNTS),
    ApiKey: ModelRule(Kind.ACCOUNTS),
    SecurityEvent: ModelRule(Kind.SECURITY_LOG),
}
PERSONAL_FIELDS = {User: frozenset({"first_name", "last_name", "email"})}


class ApiClient:
    """The principal of a request authenticated with an API key (what `request.user` is then)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.pk = None
        self.username = f"api:{api_key.prefix}"

    def __str__(self):
        return str(self.api_key)


def principal_access(principal) -> Access:
    nothing = NO_ACCESS
    if principal is None or not principal.is_authenticated or not principal.is_active:
        return nothing
    if isinstance(principal, ApiClient):
        key = principal.api_key
        if not key.is_active:
            return nothing
        scope = getattr(key, "_country_ids", None)
        if scope is None:
            scope = frozenset(key.countries.values_list("pk", flat=True))
        countries = scope or None
        return Access(
            role=Role.API_WRITER if key.can_write else Role.API_CLIENT,
            visible_country_ids=countries,
            edit_country_ids=countries,
            sees_personal_data=key.can_see_personal_data,
            sees_restricted=key.can_see_restricted,
        )
    return user_access(principal, _user_access)


def _user_access(principal) -> Access:
    nothing = NO_ACCESS
    if principal.is_superuser or principal.role == User.Role.ADMINISTRATOR:
        return Access(Role.ADMINISTRATOR, None, None, True, True)
    if principal.role == User.Role.MONITORING:
        return Access(Role.MONITORING, None, frozenset(), True, True)
    own = frozenset(principal.countries.values_list("pk", flat=True))
    if principal.role == User.Role.MISSION_VIEWER:
        return Access(Role.MISSION_VIEWER, own, frozenset(), False, False)
    if principal.role == User.Role.OFFICER:
        in_regions = frozenset()
        if principal.regions:
            in_regions = frozenset(
                Country.objects.filter(region_q("", principal.regions)).values_list("pk", flat=True)
            )
        limited = bool(own) or bool(principal.regions)
        return Access(Role.OFFICER, None, (own | in_regions) if limited else None, True, True)
    return nothing
