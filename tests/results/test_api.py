"""/api/v1/results/: who may see and write it, its parameters, and its figures equal to the stats API's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.services import api_key_create
from countries.models import Country
from results.models import Framework, Indicator, Result

pytestmark = pytest.mark.django_db

IPTT = "/api/v1/results/iptt/"


def key_headers(*, can_write=False, can_see_personal_data=False, countries=()) -> dict:
    api_key, raw = api_key_create(
        name=f"results key {can_write} {can_see_personal_data} {len(countries)}",
        created_by=User.objects.get(username="admin"),
        expires_at=timezone.now() + datetime.timedelta(days=1),
        can_write=can_write,
        can_see_personal_data=can_see_personal_data,
    )
    if countries:
        api_key.countries.set(countries)
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


@pytest.fixture
def inl():
    return Framework.objects.get(owner__acronym="INL")


def signed_in(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_staff_and_programme_wide_keys_see_the_iptt(client, inl):
    for username in ("admin", "officer", "monitoring"):
        answer = signed_in(client, username).get(IPTT, {"framework": inl.pk})
        assert answer.status_code == 200, username
    client.logout()
    answer = client.get(IPTT, {"framework": inl.pk}, **key_headers())
    assert answer.status_code == 200
    people = next(
        row
        for row in answer.json()["results"]
        if row["measure"] == "people_trained" and row["period"] == "2021"
    )
    # No personal-data scope: perturbed, as the stats API gives it to the same key.
    stats = client.get(
        "/api/v1/stats/people/",
        {"kind": "training", "donor": "INL", "date_from": "2021-01-01", "date_to": "2021-12-31"},
        **key_headers(),
    ).json()
    assert people["actual"] == stats["totals"]["people"]


def test_missions_and_country_keys_are_refused(client, inl):
    mission = signed_in(client, "mission-pe")
    for url in (
        IPTT,
        "/api/v1/results/measures/",
        "/api/v1/results/frameworks/",
        "/api/v1/results/indicators/",
    ):
        assert mission.get(url, {"framework": inl.pk} if url == IPTT else {}).status_code == 403, url
    client.logout()
    peru_key = key_headers(can_see_personal_data=True, countries=[Country.objects.get(iso2="PE")])
    for url in (IPTT, "/api/v1/results/measures/", "/api/v1/results/frameworks/"):
        assert client.get(url, {"framework": inl.pk} if url == IPTT else {}, **peru_key).status_code == 403, (
            url
        )


def test_the_iptt_equals_the_stats_api_for_staff(client, inl):
    admin = signed_in(client, "admin")
    rows = admin.get(IPTT, {"framework": inl.pk, "date_from": "2021-01-01", "date_to": "2021-12-31"}).json()
    row = {r["measure"]: r for r in rows["results"] if r["period"] == "2021" and r["disaggregation"] is None}
    stats = admin.get(
        "/api/v1/stats/people/",
        {"kind": "training", "donor": "INL", "date_from": "2021-01-01", "date_to": "2021-12-31"},
    ).json()
    assert row["people_trained"]["actual"] == stats["totals"]["people"] == 153
    seizures = admin.get(
        "/api/v1/stats/seizures/", {"donor": "INL", "date_from": "2021-01-01", "date_to": "2021-12-31"}
    ).json()
    assert row["seizures"]["actual"] == seizures["totals"]["count"] == 125
    funnel = admin.get(
        "/api/v1/stats/cases/", {"donor": "INL", "date_from": "2021-01-01", "date_to": "2021-12-31"}
    )
    investigated = next(stage for stage in funnel.json()["results"] if stage["key"] == "investigation")
    assert row["seizures_investigated_share"]["numerator"] == investigated["count"]


def test_bad_parameters_are_400_naming_them(client, inl):
    admin = signed_in(client, "admin")
    for parameters, name in (
        ({"framework": inl.pk, "frequency": "monthly"}, "frequency"),
        ({"framework": inl.pk, "disaggregate": "shoe_size"}, "disaggregate"),
        ({"framework": inl.pk, "date_from": "2022-01-01", "date_to": "2021-01-01"}, "date_to"),
        ({"framework": inl.pk, "colour": "blue"}, "colour"),
        ({"framework": 999999}, "framework"),
        ({}, "framework"),
    ):
        answer = admin.get(IPTT, parameters)
        assert answer.status_code == 400, parameters
        assert name in answer.json()["errors"], answer.json()


def test_quarterly_with_a_breakdown(client, inl):
    admin = signed_in(client, "admin")
    answer = admin.get(IPTT, {"framework": inl.pk, "frequency": "quarterly", "disaggregate": "sex"}).json()
    people = [r for r in answer["results"] if r["measure"] == "people_trained" and r["period"] == "2021-Q4"]
    total = next(r for r in people if r["disaggregation"] is None)
    parts = [r for r in people if r["disaggregation"] is not None]
    assert {part["disaggregation"]["value"] for part in parts} == {
        "female",
        "male",
        "another",
        "not_recorded",
    }
    assert sum(part["actual"] for part in parts) == total["actual"]


def test_the_catalogue(client):
    answer = signed_in(client, "admin").get("/api/v1/results/measures/").json()
    codes = {measure["code"] for measure in answer}
    assert {"people_trained", "seizures_investigated", "chain_seizures"} <= codes
    assert all(measure["name"] and measure["definition"] for measure in answer)


def test_lists_and_filters(client, inl):
    admin = signed_in(client, "admin")
    frameworks = admin.get("/api/v1/results/frameworks/").json()
    assert {row["name"] for row in frameworks["results"]} >= {inl.name}
    indicators = admin.get("/api/v1/results/indicators/", {"framework": inl.pk}).json()
    assert indicators["count"] == inl.indicators.count()
    assert all(row["framework"] == inl.pk for row in indicators["results"])
    assert admin.get("/api/v1/results/indicators/", {"framework": "x"}).status_code == 400


def test_the_indicator_list_queries_do_not_grow_with_rows(client, inl):
    admin = signed_in(client, "admin")
    with CaptureQueriesContext(connection) as few:
        admin.get("/api/v1/results/indicators/", {"framework": inl.pk, "page_size": 2})
    with CaptureQueriesContext(connection) as many:
        admin.get("/api/v1/results/indicators/", {"framework": inl.pk, "page_size": 16})
    assert len(many.captured_queries) == len(few.captured_queries)


def test_writers_write_and_readers_do_not(client, inl):
    goal = inl.results.get(code="G")
    body = {
        "framework": inl.pk,
        "result": goal.pk,
        "code": "G.9",
        "name": "Convictions, again",
        "kind": "computed",
        "measure": "convictions",
        "unit": "number",
    }
    read_key = key_headers(can_see_personal_data=True)
    assert (
        client.post(
            "/api/v1/results/indicators/", body, content_type="application/json", **read_key
        ).status_code
        == 403
    )
    write_key = key_headers(can_write=True)
    created = client.post("/api/v1/results/indicators/", body, content_type="application/json", **write_key)
    assert created.status_code == 201, created.json()
    bad = client.post(
        "/api/v1/results/indicators/",
        {**body, "code": "G.10", "measure": "no_such_measure"},
        content_type="application/json",
        **write_key,
    )
    assert bad.status_code == 400 and "measure" in bad.json()["errors"]
    target = client.post(
        "/api/v1/results/targets/",
        {"indicator": created.json()["id"], "period_type": "quarter", "year": 2021, "value": "3"},
        content_type="application/json",
        **write_key,
    )
    assert target.status_code == 400 and "quarter" in target.json()["errors"]
    officer = signed_in(client, "officer")
    narrative = officer.post(
        "/api/v1/results/narratives/",
        {"result": goal.pk, "period_type": "year", "year": 2022, "text": "Two cases charged."},
        content_type="application/json",
    )
    assert narrative.status_code == 201
    assert narrative.json()["written_by"] == User.objects.get(username="officer").pk
    monitoring = signed_in(client, "monitoring")
    assert (
        monitoring.patch(
            f"/api/v1/results/frameworks/{inl.pk}/", {"name": "Renamed"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert Indicator.objects.filter(framework=inl, code="G.9").exists()
    assert Result.objects.filter(framework=inl).count() == 8
