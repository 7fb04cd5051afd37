"""The operational records of the API: seizures, operations, cases, equipment handovers, substances."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.services import api_key_create
from activities.models import Activity
from core.models import Sensitivity
from countries.models import Agency, Country
from operations.models import Case, EquipmentHandover, Operation, Seizure, Substance

pytestmark = pytest.mark.django_db

SEIZURES = "/api/v1/seizures/"
LISTS = ["substances", "seizures", "operations", "cases", "equipment-handovers"]


def _key(**scopes) -> dict:
    _api_key, raw = api_key_create(
        name=f"test {sorted(scopes)}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        **scopes,
    )
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


@pytest.fixture
def login(client):
    def sign_in(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


def _walk(client, url: str, **headers) -> list[dict]:
    """Every row of a list, page after page; fails on a row that comes twice."""
    rows, seen = [], set()
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        page = response.json()
        for row in page["results"]:
            assert row["id"] not in seen, f"{row['id']} came twice"
            seen.add(row["id"])
            rows.append(row)
        url = page["next"]
    return rows


def _ids(rows) -> set[int]:
    return {row["id"] for row in rows}


def _seizure_payload(**fields) -> dict:
    return {
        "reference": "API-TEST-001",
        "date": "2024-05-01",
        "country": "PE",
        "place": "seaport",
        "location": "Callao",
        "substance": Substance.objects.get(name="Cannabis herb").pk,
        "quantity": "1.1",
        "unit": "t",
        "conveyance": "container",
        "detection": "scanner",
        **fields,
    }


# --- seizures: scope -----------------------------------------------------------------------------


def test_a_mission_sees_only_its_countrys_released_seizures(login):
    peru = Seizure.objects.filter(country__iso2="PE").order_by("pk")
    restricted = peru.first()
    Seizure.objects.filter(pk=restricted.pk).update(sensitivity=Sensitivity.RESTRICTED)
    client = login("mission-pe")

    rows = _walk(client, f"{SEIZURES}?page_size=5")

    expected = set(peru.exclude(pk=restricted.pk).values_list("pk", flat=True))
    assert _ids(rows) == expected
    assert {row["country"] for row in rows} == {"PE"}
    assert client.get(f"{SEIZURES}{restricted.pk}/").status_code == 404
    elsewhere = Seizure.objects.exclude(country__iso2="PE").first()
    assert client.get(f"{SEIZURES}{elsewhere.pk}/").status_code == 404
    assert client.get(f"{SEIZURES}{peru.last().pk}/").status_code == 200


def test_a_key_scoped_to_peru_sees_peru_only(client):
    headers = _key(countries=[Country.objects.get(iso2="PE")])
    rows = _walk(client, f"{SEIZURES}?page_size=100", **headers)
    assert _ids(rows) == set(Seizure.objects.filter(country__iso2="PE").values_list("pk", flat=True))
    elsewhere = Seizure.objects.exclude(country__iso2="PE").first()
    assert client.get(f"{SEIZURES}{elsewhere.pk}/", **headers).status_code == 404


# --- seizures: filters, pagination, CSV, ETag, sync ----------------------------------------------


def test_the_2021_seizures_of_peru(login):
    rows = _walk(login("monitoring"), f"{SEIZURES}?country=PE&date_from=2021-01-01&date_to=2021-12-31")
    expected = Seizure.objects.filter(country__iso2="PE", date__year=2021, archived_at__isnull=True)
    assert rows and _ids(rows) == set(expected.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("substance=coke", Q(substance__name="Cocaine hydrochloride")),
        ("substance=TRAMADOL", Q(substance__name="Tramadol")),
        ("substance_category=cocaine", Q(substance__category__name="Cocaine")),
        ("region=Western Africa", Q(country__intermediate_region="Western Africa")),
        ("mass_status=no_unit_mass", Q(mass_status="no_unit_mass")),
        ("place=mail_centre&place=courier_hub", Q(place__in=["mail_centre", "courier_hub"])),
        ("operation={azure}", Q(operation__code_name="Azure")),
        (
            "search=lima",
            Q(location__icontains="lima") | Q(reference__icontains="lima") | Q(notes__icontains="lima"),
        ),
    ],
)
def test_seizure_filters_match_the_database(login, query, expected):
    azure = Operation.objects.get(code_name="Azure")
    rows = _walk(login("admin"), f"{SEIZURES}?page_size=500&{query.format(azure=azure.pk)}")
    in_database = Seizure.objects.filter(expected, archived_at__isnull=True)
    assert in_database.exists()
    assert _ids(rows) == set(in_database.values_list("pk", flat=True))


def test_a_substance_is_found_by_id_name_or_synonym(login):
    client = login("admin")
    heroin = Substance.objects.get(name="Heroin")
    by_id = _ids(_walk(client, f"{SEIZURES}?substance={heroin.pk}"))
    assert by_id == _ids(_walk(client, f"{SEIZURES}?substance=diacetylmorphine"))
    assert by_id == _ids(_walk(client, f"{SEIZURES}?substance=heroin"))


def test_the_cursor_walks_a_changing_list_without_skipping_or_repeating(login):
    client = login("admin")
    before = set(Seizure.objects.filter(archived_at__isnull=True).values_list("pk", flat=True))
    first = client.get(f"{SEIZURES}?page_size=10").json()
    seen = _ids(first["results"])
    # Meanwhile: a seen record changes, a new one arrives.
    edited = Seizure.objects.get(pk=min(seen))
    edited.notes = "Re-weighed"
    edited.save()
    created = client.post(SEIZURES, _seizure_payload(), content_type="application/json")
    assert created.status_code == 201, created.content

    rest = _walk(client, first["next"])

    assert not seen & _ids(rest), "a record came twice"
    assert seen | _ids(rest) == before | {created.json()["id"]}


def test_only_id_orders_a_cursor_list(login):
    client = login("admin")
    descending = client.get(f"{SEIZURES}?ordering=-id&page_size=3").json()["results"]
    assert [row["id"] for row in descending] == sorted((row["id"] for row in descending), reverse=True)
    # Any other ordering is refused: a cursor over changing data is ordered by id alone.
    by_date = client.get(f"{SEIZURES}?ordering=date&page_size=3")
    assert by_date.status_code == 400 and list(by_date.json()["errors"]) == ["ordering"]


def test_csv_streams_every_row_with_formulas_escaped(login):
    first, second = Seizure.objects.order_by("pk")[:2]
    Seizure.objects.filter(pk=first.pk).update(location='=HYPERLINK("http://evil")')
    Seizure.objects.filter(pk=second.pk).update(location="+1+2")
    response = login("admin").get(f"{SEIZURES}?format=csv")

    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == Seizure.objects.filter(archived_at__isnull=True).count()
    by_id = {int(row["id"]): row for row in rows}
    assert by_id[first.pk]["location"] == '\'=HYPERLINK("http://evil")'
    assert by_id[second.pk]["location"] == "'+1+2"
    assert by_id[first.pk]["country"] == first.country.iso2


def test_a_detail_answers_304_to_its_etag(login):
    client = login("admin")
    seizure = Seizure.objects.first()
    response = client.get(f"{SEIZURES}{seizure.pk}/")
    assert client.get(f"{SEIZURES}{seizure.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    client.patch(f"{SEIZURES}{seizure.pk}/", {"notes": "changed"}, content_type="application/json")
    assert client.get(f"{SEIZURES}{seizure.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_delete_archives_and_the_sync_reports_a_tombstone(login):
    client = login("officer")
    seizure = Seizure.objects.filter(archived_at__isnull=True).order_by("pk").last()
    since = timezone.now().isoformat().replace("+00:00", "Z")

    assert client.delete(f"{SEIZURES}{seizure.pk}/").status_code == 204

    assert Seizure.objects.filter(pk=seizure.pk, archived_at__isnull=False).exists()
    assert client.get(f"{SEIZURES}{seizure.pk}/").status_code == 404
    assert seizure.pk not in _ids(_walk(client, f"{SEIZURES}?page_size=500"))
    changes = _walk(client, f"{SEIZURES}?modified_since={since}")
    assert [(row["id"], row["archived_at"] is not None) for row in changes] == [(seizure.pk, True)]


# --- seizures: writes ------------------------------------------------------------------------------


def test_a_seizure_in_tonnes_is_stored_with_its_mass_in_kg(login):
    response = login("officer").post(
        SEIZURES, _seizure_payload(transit_countries=["CO", "EC"]), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert Decimal(body["mass_kg"]) == Decimal("1100") and body["mass_status"] == "computed"
    assert body["substance_name"] == "Cannabis herb" and sorted(body["transit_countries"]) == ["CO", "EC"]
    stored = Seizure.objects.get(reference="API-TEST-001")
    assert stored.mass_kg == Decimal("1100") and stored.country.iso2 == "PE"


def test_a_zero_quantity_is_refused_naming_the_field(login):
    count = Seizure.objects.count()
    response = login("admin").post(SEIZURES, _seizure_payload(quantity="0"), content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"quantity"}
    assert Seizure.objects.count() == count


def test_read_only_fields_are_not_written(login):
    response = login("admin").post(
        SEIZURES,
        _seizure_payload(mass_kg="5", mass_status="no_density", archived_at="2020-01-01T00:00:00Z"),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    stored = Seizure.objects.get(reference="API-TEST-001")
    assert (stored.mass_kg, stored.mass_status, stored.archived_at) == (Decimal("1100"), "computed", None)


def test_a_read_only_key_may_not_write(client):
    response = client.post(SEIZURES, _seizure_payload(), content_type="application/json", **_key())
    assert response.status_code == 403
    assert not Seizure.objects.filter(reference="API-TEST-001").exists()


def test_a_write_key_writes_within_its_countries(client):
    headers = _key(can_write=True, countries=[Country.objects.get(iso2="PE")])
    assert (
        client.post(SEIZURES, _seizure_payload(), content_type="application/json", **headers).status_code
        == 201
    )
    in_nigeria = _seizure_payload(reference="API-TEST-NG", country="NG")
    assert client.post(SEIZURES, in_nigeria, content_type="application/json", **headers).status_code == 403
    assert not Seizure.objects.filter(reference="API-TEST-NG").exists()


def test_an_officer_of_a_region_may_not_record_a_seizure_elsewhere(login):
    officer = User.objects.get(username="officer")
    officer.regions = ["Latin America and the Caribbean"]
    officer.save()
    client = login("officer")

    in_nigeria = _seizure_payload(reference="API-TEST-NG", country="NG")
    response = client.post(SEIZURES, in_nigeria, content_type="application/json")

    assert response.status_code == 403
    assert not Seizure.objects.filter(reference="API-TEST-NG").exists()
    assert client.post(SEIZURES, _seizure_payload(), content_type="application/json").status_code == 201


def test_a_mission_may_not_write(login):
    client = login("mission-pe")
    seizure = Seizure.objects.filter(country__iso2="PE").first()
    assert client.post(SEIZURES, _seizure_payload(), content_type="application/json").status_code == 403
    assert (
        client.patch(f"{SEIZURES}{seizure.pk}/", {"notes": "x"}, content_type="application/json").status_code
        == 403
    )
    assert client.delete(f"{SEIZURES}{seizure.pk}/").status_code == 403


# --- operations --------------------------------------------------------------------------------------


def test_operations_carry_phases_countries_and_figures(login):
    azure = Operation.objects.get(code_name="Azure")
    archived = Seizure.objects.filter(operation=azure).order_by("pk").first()
    Seizure.objects.filter(pk=archived.pk).update(archived_at=timezone.now())

    body = login("admin").get(f"/api/v1/operations/{azure.pk}/").json()

    counted = Seizure.objects.filter(operation=azure, archived_at__isnull=True).aggregate(
        count=Count("pk"), kg=Sum("mass_kg"), arrests=Sum("arrests")
    )
    assert body["id"] == azure.pk and body["activity"]["title"] == azure.activity.title
    assert body["seizure_count"] == counted["count"]
    assert Decimal(body["seizure_kg"]) == counted["kg"]
    assert body["arrests"] == counted["arrests"]
    assert [phase["number"] for phase in body["phases"]] == list(
        azure.phases.order_by("number").values_list("number", flat=True)
    )
    assert {row["country"] for row in body["participants"]} == set(
        azure.participants.values_list("country__iso2", flat=True)
    )


def test_a_missions_operation_figures_leave_out_what_it_may_not_see(login):
    azure = Operation.objects.get(code_name="Azure")
    body = login("mission-pe").get(f"/api/v1/operations/{azure.pk}/").json()
    assert body["seizure_count"] == Seizure.objects.filter(operation=azure, country__iso2="PE").count()
    assert {row["country"] for row in body["participants"]} == {"PE"}


def test_operation_filters(login):
    client = login("admin")
    azure = Operation.objects.get(code_name="Azure")
    assert _ids(_walk(client, "/api/v1/operations/?date_from=2021-10-15&date_to=2021-10-20")) >= {azure.pk}
    assert azure.pk not in _ids(_walk(client, "/api/v1/operations/?date_to=2021-09-30"))
    nigeria = set(Operation.objects.filter(participants__country__iso2="NG").values_list("pk", flat=True))
    assert _ids(_walk(client, "/api/v1/operations/?country=NG")) == nigeria
    completed = set(Operation.objects.filter(activity__status="completed").values_list("pk", flat=True))
    assert _ids(_walk(client, "/api/v1/operations/?status=completed")) == completed


def test_an_operation_is_created_with_its_activity_phases_and_countries(login):
    agency = Agency.objects.filter(country__iso2="PE").first()
    payload = {
        "title": "Operation Test",
        "status": "completed",
        "start_date": "2023-03-01",
        "end_date": "2023-03-31",
        "code_name": "Testbed",
        "target": "Cocaine in containers",
        "sensitivity": "restricted",
        "phases": [
            {"name": "Preparation", "start_date": "2023-03-01", "end_date": "2023-03-10"},
            {"name": "Action", "start_date": "2023-03-11", "end_date": "2023-03-31"},
        ],
        "participants": [{"country": "PE", "coordinating_agency": agency.pk}, {"country": "CO"}],
    }
    client = login("officer")

    response = client.post("/api/v1/operations/", payload, content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    operation = Operation.objects.get(code_name="Testbed")
    assert body["id"] == operation.pk and body["seizure_count"] == 0
    assert operation.activity.kind == Activity.Kind.OPERATION and operation.sensitivity == "restricted"
    assert [phase["number"] for phase in body["phases"]] == [1, 2]
    assert {row["country"]: row["coordinating_agency"] for row in body["participants"]} == {
        "PE": agency.pk,
        "CO": None,
    }
    assert set(operation.activity.countries.values_list("iso2", flat=True)) == {"PE", "CO"}

    patched = client.patch(
        f"/api/v1/operations/{operation.pk}/", {"target": "Precursors"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["target"] == "Precursors"
    assert patched.json()["participants"], "the answer to a write is the full record"

    assert client.delete(f"/api/v1/operations/{operation.pk}/").status_code == 204
    assert Activity.objects.get(pk=operation.pk).archived_at is not None
    assert client.get(f"/api/v1/operations/{operation.pk}/").status_code == 404


def test_an_invalid_operation_names_the_fields_and_writes_nothing(login):
    payload = {
        "title": "Operation Broken",
        "start_date": "2023-03-31",
        "end_date": "2023-03-01",
        "code_name": "Broken",
        "target": "x",
        "participants": [{"country": "PE"}, {"country": "PE"}],
    }
    response = login("admin").post("/api/v1/operations/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "participants" in response.json()["errors"]
    assert not Operation.objects.filter(code_name="Broken").exists()


# --- cases, equipment handovers, substances ------------------------------------------------------------


def test_cases_filter_by_stage_country_dates_and_cooperation(login):
    client = login("admin")
    stages = _ids(_walk(client, "/api/v1/cases/?stage=charged&stage=trial"))
    assert stages == set(Case.objects.filter(stage__in=["charged", "trial"]).values_list("pk", flat=True))
    peru = set(
        Case.objects.filter(Q(countries__iso2="PE") | Q(lead_country__iso2="PE")).values_list("pk", flat=True)
    )
    assert _ids(_walk(client, "/api/v1/cases/?country=PE")) == peru
    delivered = set(Case.objects.filter(used_controlled_delivery=True).values_list("pk", flat=True))
    assert _ids(_walk(client, "/api/v1/cases/?used_controlled_delivery=true")) == delivered
    opened_2022 = set(Case.objects.filter(opened_on__year=2022).values_list("pk", flat=True))
    assert _ids(_walk(client, "/api/v1/cases/?date_from=2022-01-01&date_to=2022-12-31")) == opened_2022


def test_a_case_is_written_through_its_service(login):
    seizure = Seizure.objects.filter(country__iso2="CO").first()
    payload = {
        "reference": "CASE-API-001",
        "title": "A case from the API",
        "opened_on": "2024-01-10",
        "lead_country": "PE",
        "seizures": [seizure.pk],
        "used_joint_investigation_team": True,
    }
    response = login("officer").post("/api/v1/cases/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    # case_save adds the lead country and the seizures' countries.
    assert set(body["countries"]) == {"PE", "CO"} and body["seizures"] == [seizure.pk]
    assert body["stage"] == "investigation" and body["used_joint_investigation_team"] is True

    refused = login("officer").patch(
        f"/api/v1/cases/{body['id']}/", {"convictions": 2}, content_type="application/json"
    )
    assert refused.status_code == 400 and "convictions" in refused.json()["errors"]


def test_equipment_handovers_nest_their_items(login):
    client = login("admin")
    handover = EquipmentHandover.objects.filter(country__iso2="PE").first()
    body = client.get(f"/api/v1/equipment-handovers/{handover.pk}/").json()
    assert body["country"] == "PE"
    assert sorted(item["item"] for item in body["items"]) == sorted(
        handover.items.values_list("item", flat=True)
    )
    assert _ids(_walk(client, "/api/v1/equipment-handovers/?country=PE")) == {handover.pk}
    with_operation = set(
        EquipmentHandover.objects.filter(operation__isnull=False).values_list("pk", flat=True)
    )
    operation = Operation.objects.get(code_name="Azure").pk
    assert _ids(_walk(client, f"/api/v1/equipment-handovers/?operation={operation}")) <= with_operation


def test_substances_are_found_by_category_and_synonym(login):
    client = login("mission-pe")
    opioids = _ids(_walk(client, "/api/v1/substances/?category=Opioids"))
    assert opioids == set(Substance.objects.filter(category__name="Opioids").values_list("pk", flat=True))
    found = client.get("/api/v1/substances/?search=shabu").json()["results"]
    assert [row["name"] for row in found] == ["Methamphetamine"]


# --- every list ------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # the principal cached (accounts.principal_cache), as on every later request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize("username", ["admin", "mission-pe"])
@pytest.mark.parametrize("prefix", LISTS)
def test_query_count_does_not_grow_with_the_page(login, prefix, username):
    client = login(username)
    url = f"/api/v1/{prefix}/"
    assert _queries(client, f"{url}?page_size=1") == _queries(client, f"{url}?page_size=100")
    since = "modified_since=2000-01-01T00:00:00Z"
    assert _queries(client, f"{url}?page_size=1&{since}") == _queries(client, f"{url}?page_size=100&{since}")


def test_a_time_with_a_large_utc_offset_is_taken_in_utc(login):
    # ISO 8601 allows offsets PostgreSQL refuses: the filter converts to UTC first.
    response = login("admin").get("/api/v1/operations/?modified_since=2021-10-19T15:13:28-20:21")
    assert response.status_code == 200
    assert (
        login("admin").get("/api/v1/operations/?modified_since=0001-01-01T00:00:00%2B05:00").status_code
        == 400
    )
