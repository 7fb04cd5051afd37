"""The API's lean request path (issue 21): a principal cached in the shared cache and dropped the
moment it changes, the rate limit as one script, no FilterSet without filters, JSON by orjson
with DRF's forms, no audit context for reads, and the stats API's figures cached by access and
data version, shown anew after a write by every path."""

import datetime
import decimal
import json
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_key_create, api_key_revoke
from core import filters as core_filters
from core.api.renderers import FastJSONRenderer
from core.api.views import ProgrammeViewSet
from core.archive import record_archive
from core.datacache import data_version_increment
from countries.models import Country
from crimjust.api import router
from imports.services import import_job_confirm, import_job_create
from operations.models import Seizure, Substance
from operations.services import substance_recompute_seizure_masses
from tests import factories
from tests.core.test_audit import _change_form_data
from tests.imports.conftest import SEIZURE_HEADER, csv_bytes, seizure_row

pytestmark = pytest.mark.django_db

SEIZURE_STATS = "/api/v1/stats/seizures/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _key(*, countries=(), write=False, restricted=True):
    api_key, raw = api_key_create(
        name="lean path",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_write=write,
        can_see_personal_data=True,
        can_see_restricted=restricted,
        countries=[Country.objects.get(iso2=code) for code in countries],
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return api_key, client


def _countries_seen(client) -> set[str]:
    response = client.get("/api/v1/seizures/", {"page_size": 500})
    assert response.status_code == 200, response.content[:300]
    return {row["country"] for row in response.json()["results"]}


# --- the principal, cached and dropped the moment it changes ------------------------------------


def test_a_key_is_read_from_the_database_once_then_from_the_cache(django_capture_on_commit_callbacks):
    # Created and committed (a key changed by a transaction still open is read from the database).
    with django_capture_on_commit_callbacks(execute=True):
        api_key, client = _key()
    assert client.get("/api/v1/pillars/").status_code == 200
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/pillars/").status_code == 200
    tables = " ".join(query["sql"] for query in captured)
    assert "accounts_apikey" not in tables, tables


def test_a_key_rescoped_by_an_administrator_is_rescoped_at_once(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_key, client = _key(countries=["PE"])
    assert _countries_seen(client) == {"PE"}

    # The administrator's own page, as they would change it.
    url = reverse("admin:accounts_apikey_change", args=[api_key.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    data = _change_form_data(page)
    data["countries"] = [str(Country.objects.get(iso2="CO").pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert _countries_seen(client) == {"CO"}


def test_a_revoked_key_is_refused_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api_key, client = _key()
    assert client.get("/api/v1/pillars/").status_code == 200
    api_key_revoke(api_key=api_key, user=User.objects.get(username="admin"))
    assert client.get("/api/v1/pillars/").status_code == 401


def test_a_key_whose_clearance_is_taken_away_loses_restricted_records_at_once():
    restricted = factories.SeizureFactory(sensitivity="restricted")
    api_key, client = _key()
    assert client.get(f"/api/v1/seizures/{restricted.pk}/").status_code == 200
    api_key.can_see_restricted = False
    api_key.save()
    assert client.get(f"/api/v1/seizures/{restricted.pk}/").status_code == 404


def test_a_users_countries_and_role_changed_apply_at_once():
    viewer = User.objects.create_user("lean-mission", password="x", role=User.Role.MISSION_VIEWER)
    viewer.countries.set([Country.objects.get(iso2="PE")])

    def countries_in_figures() -> set[str]:
        client = APIClient()
        # As each request reads its user's row afresh.
        client.force_authenticate(User.objects.get(pk=viewer.pk))
        response = client.get("/api/v1/stats/seizures/", {"group_by": "country"})
        assert response.status_code == 200, response.content[:300]
        return {row["key"] for row in response.json()["results"] if row["count"]}

    assert countries_in_figures() == {"PE"}
    viewer.countries.add(Country.objects.get(iso2="CO"))
    assert countries_in_figures() == {"PE", "CO"}
    # Another role, written past every signal: the row read by the request decides (an officer
    # sees every country's figures).
    User.objects.filter(pk=viewer.pk).update(role=User.Role.OFFICER)
    assert countries_in_figures() - {"PE", "CO"}


def test_a_countrys_region_changed_moves_it_into_an_officers_scope_at_once():
    from core.access import access_for

    officer = User.objects.create_user("lean-officer", password="x", role=User.Role.OFFICER)
    peru = Country.objects.get(iso2="PE")
    officer.regions = [peru.sub_region]
    officer.save()
    assert peru.pk in access_for(User.objects.get(pk=officer.pk)).edit_country_ids
    ghana = Country.objects.get(iso2="GH")
    assert ghana.pk not in access_for(User.objects.get(pk=officer.pk)).edit_country_ids

    ghana.sub_region = peru.sub_region
    ghana.save()
    assert ghana.pk in access_for(User.objects.get(pk=officer.pk)).edit_country_ids


# --- the rate limit: one script on the server --------------------------------------------------------


def test_the_rate_limit_counts_in_one_round_trip_and_expires(client, monkeypatch):
    from core.api.throttling import PrincipalRateThrottle

    monkeypatch.setattr(PrincipalRateThrottle, "THROTTLE_RATES", {"principal": "2/minute"})
    cache.clear()
    api_key, key_client = _key()
    assert [key_client.get("/api/v1/pillars/").status_code for _ in range(3)] == [200, 200, 429]
    redis = cache._cache.get_client(write=True)
    counters = [key for key in redis.keys("*throttle_principal_key-*")]
    assert counters, "the counter is in the shared cache"
    assert all(0 < redis.ttl(key) <= 61 for key in counters)
    cache.clear()


# --- no FilterSet without filters ---------------------------------------------------------------------


LISTS = [
    (prefix, viewset)
    for prefix, viewset, _basename in router.registry
    if issubclass(viewset, ProgrammeViewSet) and viewset.selector is not None
]


@pytest.mark.parametrize(("prefix", "viewset"), LISTS, ids=[prefix for prefix, _ in LISTS])
def test_a_list_without_filters_is_the_list_with_empty_filters(prefix, viewset, admin, monkeypatch):
    with_filterset = list(viewset.selector(user=admin, filters={"ordering": ""}).values_list("pk", flat=True))

    built = []
    original = core_filters.StrictFilterSet.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(core_filters.StrictFilterSet, "__init__", counting)
    for filters in (None, {}):
        assert (
            list(viewset.selector(user=admin, filters=filters).values_list("pk", flat=True)) == with_filterset
        )
    assert viewset.filterset_class not in built


def test_a_page_number_alone_is_no_filter_but_a_bad_page_size_is_still_refused(admin_client):
    first = admin_client.get("/api/v1/seizures/", {"page": "2"})
    assert first.status_code == 200
    assert admin_client.get("/api/v1/seizures/", {"page_size": "0"}).status_code == 400
    twice = admin_client.get("/api/v1/seizures/?page=1&page=2")
    assert twice.status_code == 400
    assert "page" in twice.json()["errors"]


# --- JSON by orjson, in DRF's forms ----------------------------------------------------------------------


def test_the_json_is_drfs_byte_for_byte():
    data = {
        "text": "Ñandú — 東京",
        "lazy": gettext_lazy("Seizures"),
        "decimal": decimal.Decimal("1875.598"),
        "when": datetime.datetime(2021, 11, 30, 12, 1, 2, 345678, tzinfo=datetime.UTC),
        "day": datetime.date(2021, 11, 30),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nested": [{"a": None, "b": True, "c": 1.5, "d": 10**12}],
        7: "a number as a key",
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_every_list_page_renders_as_before(admin_client):
    for prefix, _viewset in LISTS:
        response = admin_client.get(f"/api/v1/{prefix}/")
        assert response.status_code == 200, prefix
        assert response.content == JSONRenderer().render(json.loads(response.content)), prefix


def test_the_browsable_api_is_off_in_production():
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from core.api.views import ProgrammeViewSet;"
        "from django.conf import settings;"
        "print([r.__name__ for r in ProgrammeViewSet.renderer_classes],"
        " settings.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'])"
    )
    import os

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "crimjust.settings.production",
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_ALLOWED_HOSTS": "localhost",
    }
    env.pop("API_BROWSABLE", None)
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert "BrowsableAPIRenderer" not in output.stdout, output.stdout
    assert "FastJSONRenderer" in output.stdout


# --- no audit context for reads ----------------------------------------------------------------------------


def test_a_read_opens_no_audit_context_and_a_write_still_names_its_key(admin):
    import pghistory.runtime

    opened = []
    original = pghistory.runtime.context.__enter__

    def entering(self):
        opened.append(self.metadata)
        return original(self)

    pghistory.runtime.context.__enter__ = entering
    try:
        api_key, client = _key(write=True)
        assert client.get("/api/v1/seizures/").status_code == 200
        assert opened == []
        seizure = factories.SeizureFactory()
        response = client.patch(f"/api/v1/seizures/{seizure.pk}/", {"arrests": 3}, format="json")
        assert response.status_code == 200, response.content[:300]
        assert opened
    finally:
        pghistory.runtime.context.__enter__ = original
    from audit.models import AuditEvent

    event = AuditEvent.objects.filter(pgh_obj_model="operations.Seizure", pgh_obj_id=str(seizure.pk)).latest(
        "pgh_created_at"
    )
    assert event.pgh_context["api_key"] == api_key.prefix


# --- the stats API: cached, and a write by any path shows at once ----------------------------------------


def _seizure_totals(client) -> dict:
    response = client.get(SEIZURE_STATS)
    assert response.status_code == 200, response.content[:300]
    return response.json()["totals"]


@pytest.fixture
def staff():
    client = APIClient()
    client.force_authenticate(User.objects.get(username="monitoring"))
    return client


def test_a_cached_statistic_is_answered_without_the_database(staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _seizure_totals(staff)
    with CaptureQueriesContext(connection) as captured:
        assert _seizure_totals(staff) == first
    assert not [q for q in captured if "operations_seizure" in q["sql"]], [q["sql"] for q in captured]


def test_two_principals_with_different_access_never_share_a_cached_statistic(staff, mission):
    everything = _seizure_totals(staff)
    client = APIClient()
    client.force_authenticate(mission)
    assert _seizure_totals(client)["count"] < everything["count"]


def test_a_write_through_the_api_shows_at_once(staff, django_capture_on_commit_callbacks):
    before = _seizure_totals(staff)
    _key_, writer = _key(write=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = writer.post(
            "/api/v1/seizures/",
            {
                "reference": "LEAN-API-1",
                "date": "2024-03-15",
                "country": "PE",
                "place": "airport",
                "conveyance": "air_passenger",
                "detection": "canine",
                "substance": Substance.objects.get(name="Heroin").pk,
                "quantity": "2",
                "unit": "kg",
                "arrests": 2,
            },
            format="json",
        )
    assert response.status_code == 201, response.content[:500]
    after = _seizure_totals(staff)
    assert (after["count"], after["arrests"]) == (before["count"] + 1, before["arrests"] + 2)


def test_a_write_through_the_admin_shows_at_once(staff, admin_client, django_capture_on_commit_callbacks):
    seizure = factories.SeizureFactory(arrests=0)
    before = _seizure_totals(staff)
    url = reverse("admin:operations_seizure_change", args=[seizure.pk])
    data = _change_form_data(admin_client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**data, "arrests": "5"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _seizure_totals(staff)["arrests"] == before["arrests"] + 5


def test_an_import_shows_at_once(staff, admin, django_capture_on_commit_callbacks):
    before = _seizure_totals(staff)
    data = csv_bytes(SEIZURE_HEADER, [seizure_row(reference="LEAN-1"), seizure_row(reference="LEAN-2")])
    job = import_job_create(principal=admin, kind="seizures", file_name="lean.csv", data=data)
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(job=job, principal=admin, background=False)
    assert _seizure_totals(staff)["count"] == before["count"] + 2


def test_an_archive_shows_at_once(staff, admin, django_capture_on_commit_callbacks):
    seizure = factories.SeizureFactory()
    before = _seizure_totals(staff)
    with django_capture_on_commit_callbacks(execute=True):
        record_archive(record=seizure, user=admin)
    assert _seizure_totals(staff)["count"] == before["count"] - 1


def test_a_bulk_mass_recompute_shows_at_once(staff, django_capture_on_commit_callbacks):
    substance = Substance.objects.get(name="Heroin")
    seizure = factories.SeizureFactory(substance=substance, quantity=decimal.Decimal("3"), unit="kg")
    # A mass recorded wrong (written past every path, so the version is moved by hand here)...
    Seizure.objects.filter(pk=seizure.pk).update(mass_kg=decimal.Decimal("1000"))
    data_version_increment()
    before = _seizure_totals(staff)
    # ...put right by the bulk path, which writes with bulk_update (no signal).
    with django_capture_on_commit_callbacks(execute=True):
        substance_recompute_seizure_masses(substance_id=substance.pk)
    after = _seizure_totals(staff)
    assert decimal.Decimal(str(after["kg"])) == decimal.Decimal(str(before["kg"])) - 997


def test_a_change_rolled_back_is_never_cached(django_capture_on_commit_callbacks):
    """A transaction reads its own uncommitted rows: what it reads of a principal it changed is
    not cached, so a rollback leaves no trace in the cache."""
    from django.db import transaction

    from core.access import access_for

    with django_capture_on_commit_callbacks(execute=True):
        viewer = User.objects.create_user("lean-rollback", password="x", role=User.Role.MISSION_VIEWER)
        viewer.countries.set([Country.objects.get(iso2="PE")])
    peru_only = access_for(User.objects.get(pk=viewer.pk)).visible_country_ids
    try:
        with transaction.atomic():
            viewer.countries.set([Country.objects.get(iso2="CO")])
            assert access_for(User.objects.get(pk=viewer.pk)).visible_country_ids != peru_only
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert access_for(User.objects.get(pk=viewer.pk)).visible_country_ids == peru_only


def test_a_country_whose_keys_are_cleared_from_its_side_rescopes_them_at_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        api_key, client = _key(countries=["PE"])
    assert _countries_seen(client) == {"PE"}
    peru = Country.objects.get(iso2="PE")
    with django_capture_on_commit_callbacks(execute=True):
        peru.api_keys.clear()
    # No country left: the key sees every country.
    assert _countries_seen(client) - {"PE"}
    with django_capture_on_commit_callbacks(execute=True):
        Country.objects.get(iso2="CO").api_keys.add(api_key)
    assert _countries_seen(client) == {"CO"}
