"""An operation's figures come from a rollup (OperationFigures) kept by triggers on the seizure table:
after every write path it equals the live aggregate of the seizures, and each principal's list
sums only the rows of what it may see (its countries, its clearance), as the live aggregate over
its visible seizures did."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.access import ApiClient
from accounts.models import User
from accounts.services import api_key_create
from core.access import scope_queryset
from core.archive import record_archive, record_restore
from core.models import Sensitivity
from countries.models import Country
from imports.services import import_job_confirm, import_job_create
from operations.models import OperationFigures, Seizure
from operations.services import (
    seizure_save,
    substance_recompute_seizure_masses,
    substance_save,
)
from tests import factories
from tests.core.test_audit import _change_form_data
from tests.imports.conftest import SEIZURE_HEADER, csv_bytes, seizure_row
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

LIST = "/api/v1/operations/"


def _live() -> dict:
    """The figures by rollup key, aggregated from the seizures themselves."""
    rows = (
        Seizure.objects.filter(operation__isnull=False, archived_at__isnull=True)
        .values("operation_id", "country_id", "sensitivity", "restricted_until")
        .annotate(count=Count("pk"), kg=Coalesce(Sum("mass_kg"), Decimal(0)), arrests=Sum("arrests"))
    )
    live: dict = {}
    for row in rows:
        released = None if row["sensitivity"] == Sensitivity.NORMAL else row["restricted_until"]
        key = (row["operation_id"], row["country_id"], row["sensitivity"], released)
        count, kg, arrests = live.get(key, (0, Decimal(0), 0))
        live[key] = (count + row["count"], kg + row["kg"], arrests + row["arrests"])
    return live


def _rollup() -> dict:
    return {
        (row.operation_id, row.country_id, row.sensitivity, row.restricted_until): (
            row.seizure_count,
            row.seizure_kg,
            row.arrests,
        )
        for row in OperationFigures.objects.all()
    }


def assert_rollup_is_live():
    assert _rollup() == _live()


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


@pytest.fixture
def colombia():
    return Country.objects.get(iso2="CO")


@pytest.fixture
def seizure(azure, peru):
    return factories.SeizureFactory(operation=azure, country=peru, arrests=2)


def test_the_demo_figures_are_in_the_rollup():
    assert OperationFigures.objects.exists()
    assert_rollup_is_live()


def test_service_create_update_and_delete(azure, peru):
    before = _rollup()
    seizure = factories.SeizureFactory(operation=azure, country=peru, arrests=3)
    assert_rollup_is_live()
    assert _rollup() != before
    seizure.arrests, seizure.quantity = 7, Decimal("12.5")
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    seizure.delete()
    assert_rollup_is_live()
    assert _rollup() == before


def test_moving_a_seizure_to_another_operation_or_country(azure, seizure, colombia, admin):
    other = factories.OperationFactory()  # in Peru and Colombia
    seizure.operation = other
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    assert OperationFigures.objects.filter(operation=other, country=seizure.country).get().arrests == 2
    seizure.country = colombia
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    assert not OperationFigures.objects.filter(operation=other, country=Country.objects.get(iso2="PE"))
    seizure.operation = None
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    assert not OperationFigures.objects.filter(operation=other).exists()


def test_changing_sensitivity_and_release_date(seizure):
    seizure.sensitivity = Sensitivity.RESTRICTED
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    seizure.restricted_until = datetime.date.today() + datetime.timedelta(days=30)
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    row = OperationFigures.objects.get(sensitivity=Sensitivity.RESTRICTED)
    assert (row.restricted_until, row.seizure_count) == (seizure.restricted_until, 1)
    seizure.sensitivity = Sensitivity.NORMAL  # a release date left behind is no part of the key
    seizure_save(seizure=seizure)
    assert_rollup_is_live()
    assert not OperationFigures.objects.filter(sensitivity=Sensitivity.RESTRICTED).exists()


def test_admin_save(admin_client, seizure):
    url = reverse("admin:operations_seizure_change", args=[seizure.pk])
    data = _change_form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "arrests": "9", "quantity": "40"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_rollup_is_live()
    assert Seizure.objects.get(pk=seizure.pk).arrests == 9


def test_api_patch_and_delete(admin, seizure):
    client = signed_in(admin)
    response = client.patch(
        f"/api/v1/seizures/{seizure.pk}/", {"arrests": 11}, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:300]
    assert_rollup_is_live()
    assert client.delete(f"/api/v1/seizures/{seizure.pk}/").status_code == 204  # archives it
    assert_rollup_is_live()


def test_import_confirm_and_undo(admin, azure):
    rows = [seizure_row(reference=f"FIG-{n}", arrests=str(n)) for n in range(1, 4)]
    job = import_job_create(
        principal=admin,
        kind="seizures",
        file_name="figures.csv",
        data=csv_bytes(SEIZURE_HEADER, rows),
        operation_id=azure.pk,
    )
    assert job.errors == []
    before = _rollup()
    import_job_confirm(job=job, principal=admin, background=False)
    assert Seizure.objects.filter(reference__startswith="FIG-", operation=azure).count() == 3
    assert_rollup_is_live()
    assert _rollup() != before
    from imports.services import import_job_undo

    job.refresh_from_db()
    import_job_undo(job=job, user=admin, reason="Wrong file")
    assert_rollup_is_live()
    assert _rollup() == before


def test_archive_and_restore(admin, seizure):
    record_archive(record=seizure, user=admin)
    assert_rollup_is_live()
    record_restore(record=seizure, user=admin)
    assert_rollup_is_live()


def test_bulk_mass_recompute(azure, peru):
    substance = factories.SubstanceFactory(density_kg_per_l=None)
    for n in range(3):
        factories.SeizureFactory(
            operation=azure, country=peru, substance=substance, quantity=Decimal(n + 1), unit=Seizure.Unit.L
        )
    assert_rollup_is_live()
    substance.density_kg_per_l = Decimal("1.2")
    substance_save(substance=substance)
    assert substance_recompute_seizure_masses(substance_id=substance.pk) == 3
    assert_rollup_is_live()


def test_one_statement_of_many_rows(azure):
    # A raw bulk write (what no service sees) keeps the figures too.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE operations_seizure SET arrests = arrests + 1 WHERE operation_id = %s", [azure.pk]
        )
    assert_rollup_is_live()


# -- what each principal sees ---------------------------------------------------------------------


def _key(admin, **options) -> tuple[dict, ApiClient]:
    """The headers of a new API key, and its principal."""
    api_key, raw = api_key_create(
        name="figures", created_by=admin, expires_at=timezone.now() + datetime.timedelta(days=1), **options
    )
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}, ApiClient(api_key)


def _shown(client, headers=None, query="?page_size=100") -> dict:
    response = client.get(f"{LIST}{query}", **(headers or {}))
    assert response.status_code == 200, response.content[:300]
    return {
        row["id"]: (row["seizure_count"], Decimal(row["seizure_kg"]), row["arrests"])
        for row in response.json()["results"]
    }


def _expected(principal, operation_ids, leaving_out=()) -> dict:
    """The figures as the live aggregate over the seizures `principal` may see gives them."""
    seizures = scope_queryset(
        Seizure.objects.filter(operation_id__in=operation_ids).exclude(pk__in=leaving_out), principal
    )
    found = {
        row["operation_id"]: (row["count"], row["kg"], row["arrests"])
        for row in seizures.values("operation_id").annotate(
            count=Count("pk"), kg=Coalesce(Sum("mass_kg"), Decimal(0)), arrests=Sum("arrests")
        )
    }
    return {pk: found.get(pk, (0, Decimal(0), 0)) for pk in operation_ids}


@pytest.fixture
def mixed(azure, peru, colombia):
    """Azure's seizures in Peru and Colombia, normal, restricted and restricted but released."""
    assert azure.participants.filter(country=colombia).exists()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    made = [
        factories.SeizureFactory(operation=azure, country=peru, arrests=1),
        factories.SeizureFactory(operation=azure, country=colombia, arrests=10),
        factories.SeizureFactory(
            operation=azure, country=peru, arrests=100, sensitivity=Sensitivity.RESTRICTED
        ),
        factories.SeizureFactory(
            operation=azure,
            country=peru,
            arrests=1000,
            sensitivity=Sensitivity.RESTRICTED,
            restricted_until=yesterday,
        ),
    ]
    assert_rollup_is_live()
    return made


def test_each_principal_sees_the_figures_of_what_it_may_see(client, admin, mission, azure, mixed):
    principals = {
        "admin": admin,
        "officer": User.objects.get(username="officer"),
        "mission": mission,
    }
    keys = {
        "peru key": _key(admin, countries=[Country.objects.get(iso2="PE")]),
        "uncleared key": _key(admin),
        "cleared key": _key(admin, can_see_restricted=True),
    }
    seen = {name: _shown(signed_in(user)) for name, user in principals.items()}
    seen |= {name: _shown(client, headers) for name, (headers, _principal) in keys.items()}
    principals |= {name: principal for name, (_headers, principal) in keys.items()}
    mine = [seizure.pk for seizure in mixed]
    for name, principal in principals.items():
        # Every operation's figures are those of the seizures the principal may see...
        assert seen[name] == _expected(principal, list(seen[name])), name
        # ...and which of the four new ones it counted shows in Azure's arrests.
        others = _expected(principal, [azure.pk], leaving_out=mine)[azure.pk][2]
        seen[name] = seen[name][azure.pk][2] - others
    assert seen == {
        "admin": 1111,
        "officer": 1111,
        "cleared key": 1111,
        "uncleared key": 1011,  # the released restricted seizure, not the other
        "peru key": 1001,  # Peru's, without clearance
        "mission": 1001,  # Peru's, no restricted one but the released one
    }


def test_an_archived_operation_shows_no_figures_in_its_tombstone(admin, azure, mixed):
    record_archive(record=azure.activity, user=admin)
    shown = _shown(signed_in(admin), query="?modified_since=2000-01-01T00:00:00Z&page_size=100")
    assert shown[azure.pk] == (0, Decimal(0), 0)


def test_a_restricted_operation_shows_no_figures_to_who_may_not_see_it(admin, azure, mixed):
    # Read back by a writer without clearance (operation_written): the seizures under a restricted
    # operation are withheld with it, figures included.
    from operations.selectors import operation_written

    azure.sensitivity = Sensitivity.RESTRICTED
    azure.save(update_fields=["sensitivity"])
    _headers, writer = _key(admin, can_write=True)
    read = operation_written(user=writer, pk=azure.pk)
    assert (read.seizure_count, read.seizure_kg, read.arrests) == (0, 0, 0)
    cleared = operation_written(user=admin, pk=azure.pk)
    assert cleared.seizure_count == _expected(admin, [azure.pk])[azure.pk][0] > 0


# -- ordering, query count, the rows read straight from the database ------------------------------


@pytest.mark.parametrize("name", ["seizure_count", "seizure_kg", "arrests"])
def test_ordering_by_each_figure(admin, name, mixed):
    client = signed_in(admin)
    for sign in ("", "-"):
        results = client.get(f"{LIST}?ordering={sign}{name},id&page_size=100").json()["results"]
        values = [Decimal(str(row[name])) for row in results]
        assert values == sorted(values, reverse=bool(sign))


def test_an_unknown_ordering_is_refused_naming_the_field(admin):
    response = signed_in(admin).get(f"{LIST}?ordering=-mass_kg")
    assert response.status_code == 400
    assert "ordering" in json.dumps(response.json())


def test_the_schema_offers_the_figures_as_orderings(admin):
    schema = signed_in(admin).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200, schema.content[:300]
    document = json.loads(schema.content)
    parameters = document["paths"]["/api/v1/operations/"]["get"]["parameters"]
    (ordering,) = [parameter for parameter in parameters if parameter["name"] == "ordering"]
    offered = json.dumps(ordering)
    for name in ("seizure_count", "-seizure_kg", "arrests"):
        assert f'"{name}"' in offered


def test_the_list_query_count_does_not_grow_with_operations(admin):
    client = signed_in(admin)
    client.get(f"{LIST}?page_size=2")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{LIST}?page_size=2").status_code == 200
    for _ in range(3):
        operation = factories.OperationFactory()
        factories.SeizureFactory(operation=operation, country=operation.participants.first().country)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{LIST}?page_size=100")
    assert response.status_code == 200 and len(response.json()["results"]) == 5
    assert len(many) == len(few)


def test_the_page_does_not_go_through_the_serializer(monkeypatch, admin, mixed):
    from operations.api.serializers import OperationSerializer

    def refuse(self, instance):
        raise AssertionError("serialized record by record")

    monkeypatch.setattr(OperationSerializer, "to_representation", refuse)
    assert signed_in(admin).get(f"{LIST}?page_size=20").json()["results"]


def test_the_page_is_the_serializers_page(monkeypatch, admin, mission, azure, mixed):
    # The rows read straight from the database give the JSON the serializer gave, byte for byte,
    # archived operations' tombstones (a moment in the nested activity) included.
    from core.api.views import ProgrammeViewSet

    moment = timezone.now()
    monkeypatch.setattr("core.api.pagination.sync_watermark", lambda: moment)
    record_archive(record=factories.OperationFactory().activity, user=admin)
    for user in (admin, mission):
        client = signed_in(user)
        for query in ("?page_size=100", "?modified_since=2000-01-01T00:00:00Z&ordering=-arrests"):
            fast = client.get(f"{LIST}{query}")
            monkeypatch.setattr(ProgrammeViewSet, "values_pages", False)
            slow = client.get(f"{LIST}{query}")
            monkeypatch.setattr(ProgrammeViewSet, "values_pages", True)
            assert fast.status_code == slow.status_code == 200
            assert fast.content == slow.content
    tombstones = [row for row in json.loads(fast.content)["results"] if row["archived_at"]]
    assert tombstones and tombstones[0]["activity"]["archived_at"] == tombstones[0]["archived_at"]
