"""The permission matrix of the access issue, through every API route x method x role.

Expectations come from the one table in tests/accounts/test_permission_matrix.py; API keys with
a country scope are checked on a record of their country and on one of another country.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import api_key_create
from core.api.views import ProgrammeViewSet
from countries.models import Country
from crimjust.api import router
from tests.accounts.test_permission_matrix import MATRIX, ROLES, sample

pytestmark = pytest.mark.django_db

# The programme's records (reports and imports are jobs on the same router, tested on their own).
ROUTES = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if issubclass(viewset, ProgrammeViewSet)
]


def _key(**scopes) -> str:
    admin = User.objects.get(username="admin")
    _api_key, raw = api_key_create(
        name=f"matrix {sorted(scopes)}",
        created_by=admin,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        **scopes,
    )
    return raw


@pytest.fixture
def callers(client):
    """role -> a function (method, url, data) -> status code."""
    sessions = {role: User.objects.get(username=name) for role, name in _USERS.items()}
    keys = {
        "api_read": _key(),
        "api_write": _key(can_write=True, can_see_personal_data=True),
    }

    def call_as(role):
        def call(method, url, data=None):
            client.logout()
            headers = {}
            if role in sessions:
                client.force_login(sessions[role])
            else:
                headers["HTTP_AUTHORIZATION"] = f"Api-Key {keys[role]}"
            send = getattr(client, method)
            if method in ("post", "patch"):
                return send(url, data or {}, content_type="application/json", **headers).status_code
            return send(url, **headers).status_code

        return call

    return {role: call_as(role) for role in ROLES}


_USERS = {"admin": "admin", "officer": "officer", "monitoring": "monitoring", "mission": "mission-pe"}


@pytest.mark.parametrize(("prefix", "viewset"), ROUTES, ids=[prefix for prefix, _v in ROUTES])
def test_every_route_method_and_role(prefix, viewset, callers):
    model = viewset.model
    record = sample(model)
    expected_by_role = dict(zip(ROLES, MATRIX[model], strict=True))
    list_url = f"/api/v1/{prefix}/"
    detail_url = f"{list_url}{record.pk}/"
    for role, expected in expected_by_role.items():
        call = callers[role]
        can_view = "v" in expected
        assert call("get", list_url) == (200 if can_view else 403), (prefix, role, "list")
        # A record the role may not see at all answers 404, as one out of its scope does.
        assert call("get", detail_url) == (200 if can_view else 404), (prefix, role, "detail")
        created = call("post", list_url, {})
        if "c" in expected:
            assert created == 400, (prefix, role, "create")  # allowed, and the empty body is refused
        else:
            assert created == 403, (prefix, role, "create")
        updated = call("patch", detail_url, {})
        assert updated == (200 if "u" in expected else 403), (prefix, role, "update")
        removal = "a" if model_is_archivable(model) else "d"
        with transaction.atomic():
            # Whatever the delete does (archive, delete, refuse) is undone for the next role.
            deleted = call("delete", detail_url)
            transaction.set_rollback(True)
        if removal in expected:
            assert deleted in (204, 409), (prefix, role, "delete")
        else:
            assert deleted == 403, (prefix, role, "delete")


def model_is_archivable(model) -> bool:
    from core.models import ArchivableRecord

    return issubclass(model, ArchivableRecord)


@pytest.mark.parametrize(("prefix", "viewset"), ROUTES, ids=[prefix for prefix, _v in ROUTES])
def test_a_country_scoped_key_sees_its_country_only(prefix, viewset, client):
    model = viewset.model
    raw = _key(can_write=True, can_see_personal_data=True, countries=[Country.objects.get(iso2="PE")])
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    peru_record = sample(model)
    response = client.get(f"/api/v1/{prefix}/{peru_record.pk}/", **headers)
    from core.access import Kind, rule_for

    if rule_for(model).kind is Kind.RESULTS:
        # The results framework is programme-wide: not for a key limited to countries (not found).
        assert response.status_code == 404, prefix
        return
    assert response.status_code == 200, prefix

    if not rule_for(model).countries:
        return  # programme-wide reference data: the same for every key
    other = model._default_manager.exclude(pk__in=_records_of_peru(model)).order_by("pk").first()
    if other is None:
        return
    assert client.get(f"/api/v1/{prefix}/{other.pk}/", **headers).status_code == 404, prefix
    assert (
        client.patch(
            f"/api/v1/{prefix}/{other.pk}/", {}, content_type="application/json", **headers
        ).status_code
        == 404
    )


def _records_of_peru(model):
    from core.access import _country_q, rule_for

    peru = Country.objects.get(iso2="PE")
    return model._default_manager.filter(_country_q(rule_for(model), frozenset({peru.pk}))).values("pk")
