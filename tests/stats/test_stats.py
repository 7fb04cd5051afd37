"""/api/v1/stats/ and the selectors behind it: figures equal to the database, scoped, suppressed,
with query counts that do not grow with the rows."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from core.models import Sensitivity
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Case, Operation, Seizure
from people.models import Participation, Person
from stats.selectors import (
    ACTIVITY_GROUPS,
    PEOPLE_GROUPS,
    SEIZURE_GROUPS,
    StatsFilters,
    case_funnel_stats,
    participant_stats,
    seizure_stats,
)
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    CountryFactory,
    ParticipationFactory,
    PersonFactory,
    SeizureFactory,
)
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

SEP_OCT_2021 = {"date_from": "2021-09-01", "date_to": "2021-10-31", "kind": "training"}


@pytest.fixture
def admin_client(admin):
    return signed_in(admin)


@pytest.fixture
def mission_client(mission):
    return signed_in(mission)


def _get(client, name, params=None, status=200):
    response = client.get(reverse(f"api:stats-{name}-list"), params or {})
    assert response.status_code == status, response.content[:500]
    return response.json()


def _kg(value) -> float:
    return float(Decimal(value or 0).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


# --- figures equal the database ------------------------------------------------------------------


def test_seizures_by_substance_of_operation_azure_equal_the_database(admin_client, azure):
    body = _get(admin_client, "seizures", {"group_by": "substance", "operation": azure.pk})
    seizures = Seizure.objects.filter(operation=azure, archived_at__isnull=True)
    assert body["group_by"] == "substance" and body["suppressed"] is False
    assert body["totals"]["count"] == seizures.count() == 125
    assert body["totals"]["kg"] == _kg(seizures.aggregate(kg=Sum("mass_kg"))["kg"])
    assert body["totals"]["without_mass"] == seizures.filter(mass_kg__isnull=True).count()
    assert body["totals"]["arrests"] == seizures.aggregate(arrests=Sum("arrests"))["arrests"]
    expected = {
        str(row["substance"]): row
        for row in seizures.values("substance").annotate(count=Count("pk"), kg=Sum("mass_kg"))
    }
    assert {row["key"]: row["count"] for row in body["results"]} == {
        key: row["count"] for key, row in expected.items()
    }
    for row in body["results"]:
        assert row["kg"] == _kg(expected[row["key"]]["kg"])
    assert seizures.values("country").distinct().count() == 10


@pytest.mark.parametrize("group_by", SEIZURE_GROUPS)
def test_every_seizure_breakdown_adds_up_to_the_total(admin_client, group_by):
    body = _get(admin_client, "seizures", {"group_by": group_by, "date_from": "2021-01-01"})
    assert sum(row["count"] for row in body["results"]) == body["totals"]["count"]
    assert (
        body["totals"]["count"]
        == Seizure.objects.filter(archived_at__isnull=True, date__gte=datetime.date(2021, 1, 1)).count()
    )
    if group_by == "month":
        assert all(len(row["key"]) == 7 and row["key"][4] == "-" for row in body["results"])


def test_operation_azure_results(admin_client, azure):
    body = _get(admin_client, "operations", {"operation": azure.pk})
    (row,) = body["results"]
    assert row["label"] == "Azure" and row["key"] == str(azure.pk)
    assert row["seizures"] == 125 and len(row["countries"]) == 10
    assert body["totals"]["countries"] == 10 and body["totals"]["seizures"] == 125
    assert row["arrests"] == Seizure.objects.filter(operation=azure).aggregate(n=Sum("arrests"))["n"]


def test_people_trained_by_gender_over_the_sep_oct_2021_trainings(admin_client):
    body = _get(admin_client, "people", {"group_by": "gender", **SEP_OCT_2021})
    assert body["totals"]["people"] == 153
    by_gender = {row["key"]: row["people"] for row in body["results"]}
    assert by_gender["female"] == 42
    assert sum(by_gender.values()) == 153
    assert set(by_gender) == set(Person.Gender.values)
    participations = Participation.objects.filter(
        activity__kind=Activity.Kind.TRAINING,
        activity__start_date__range=(datetime.date(2021, 9, 1), datetime.date(2021, 10, 31)),
    )
    assert body["totals"]["participations"] == participations.count()


@pytest.mark.parametrize("group_by", PEOPLE_GROUPS)
def test_people_breakdowns_for_staff_are_exact(admin_client, group_by):
    body = _get(admin_client, "people", {"group_by": group_by, **SEP_OCT_2021})
    assert body["suppressed"] is False
    assert body["totals"] == {"people": 153, "participations": 224}
    for row in body["results"]:
        assert isinstance(row["people"], int) and isinstance(row["participations"], int)


def test_a_person_in_two_years_counts_once_in_the_total(admin):
    person = PersonFactory(country=CountryFactory(iso2="PE"))
    for year in (2023, 2024):
        ParticipationFactory(
            person=person,
            activity=ActivityFactory(kind=Activity.Kind.TRAINING, start_date=datetime.date(year, 3, 1)),
        )
    stats = participant_stats(
        user=admin, group_by="year", filters=StatsFilters(date_from=datetime.date(2023, 1, 1))
    )
    assert {row["key"]: row["people"] for row in stats.results} == {"2023": 1, "2024": 1}
    assert stats.totals == {"people": 1, "participations": 2}


@pytest.mark.parametrize("group_by", ACTIVITY_GROUPS)
def test_activities_total_counts_each_activity_once(admin_client, group_by):
    body = _get(admin_client, "activities", {"group_by": group_by})
    assert body["totals"]["count"] == Activity.objects.filter(archived_at__isnull=True).count()
    assert sum(row["count"] for row in body["results"]) >= body["totals"]["count"]
    if group_by in ("kind", "year"):
        assert sum(row["count"] for row in body["results"]) == body["totals"]["count"]


def test_activities_linked_to_an_operation(admin_client, azure):
    body = _get(admin_client, "activities", {"group_by": "kind", "operation": azure.pk})
    counts = {row["key"]: row["count"] for row in body["results"]}
    # The operation itself, the trainings that prepared it and its debrief.
    assert counts["operation"] == 1 and counts["meeting"] == 1
    assert counts["training"] == azure.activity.links_in.filter(relation="prepared").count()


def test_the_case_funnel(admin_client, admin):
    body = _get(admin_client, "cases")
    cases = Case.objects.filter(archived_at__isnull=True)
    seizures = Seizure.objects.filter(archived_at__isnull=True)
    by_key = {row["key"]: row["count"] for row in body["results"]}
    assert list(by_key) == ["seizure", "investigation", "prosecution", "conviction"]
    assert by_key["seizure"] == seizures.count() == body["totals"]["seizures"]
    # Every seizure with a follow-up or a case (the administrator sees every case not archived).
    with_case = seizures.filter(pk__in=cases.values("seizures"))
    assert by_key["investigation"] == (seizures.exclude(follow_up="none") | with_case).distinct().count()
    assert by_key["investigation"] > 0 and by_key["prosecution"] > 0
    assert body["totals"]["cases"] == cases.count()
    assert body["totals"]["arrests"] == cases.aggregate(n=Sum("arrests"))["n"]
    assert sum(body["totals"]["by_stage"].values()) == cases.count()


def test_a_convicted_case_counts_its_seizure_in_every_stage_it_reached(admin):
    before = case_funnel_stats(user=admin)
    seizure, closed = SeizureFactory(), SeizureFactory()
    CaseFactory(stage=Case.Stage.CONVICTED, convictions=3, arrests=4, seizures=[seizure])
    CaseFactory(stage=Case.Stage.CLOSED, seizures=[closed])  # closed without conviction: investigated only
    after = case_funnel_stats(user=admin)
    reached = {row["key"]: row["count"] for row in after.results}
    was = {row["key"]: row["count"] for row in before.results}
    assert reached["seizure"] == was["seizure"] + 2
    assert reached["investigation"] == was["investigation"] + 2
    assert reached["prosecution"] == was["prosecution"] + 1
    assert reached["conviction"] == was["conviction"] + 1
    assert after.totals["cases"] == before.totals["cases"] + 2
    assert after.totals["convictions"] == before.totals["convictions"] + 3


# --- scope: mission viewers ----------------------------------------------------------------------


def _people_values(body) -> list:
    values = [body["totals"]["people"], body["totals"]["participations"]]
    for row in body["results"]:
        values += [row["people"], row["participations"]]
    return values


@pytest.mark.parametrize("group_by", PEOPLE_GROUPS)
@pytest.mark.parametrize("params", [{}, {"country": "PE"}, SEP_OCT_2021, {"country": "PE", **SEP_OCT_2021}])
def test_a_mission_viewer_never_sees_a_count_of_people_from_1_to_4(mission_client, group_by, params):
    body = _get(mission_client, "people", {"group_by": group_by, **params})
    assert body["suppressed"] is True
    for value in _people_values(body):
        assert value in ("<5", "suppressed") or value == 0 or value >= 5, body


def test_small_counts_are_hidden_with_secondary_suppression(mission_client):
    body = _get(mission_client, "people", {"group_by": "category", "country": "PE"})
    people = {row["key"]: row["people"] for row in body["results"]}
    assert "<5" in people.values()
    hidden = [key for key, value in people.items() if isinstance(value, str)]
    exact = participant_stats(
        user=User.objects.get(username="monitoring"),
        group_by="category",
        filters=StatsFilters(countries=(Country.objects.get(iso2="PE"),)),
    )
    exact_people = {row["key"]: row["people"] for row in exact.results}
    # What is hidden adds up to at least the threshold: the total cannot give a small cell back.
    assert sum(exact_people[key] for key in hidden) >= 5 or isinstance(body["totals"]["people"], str)


def test_a_mission_viewer_breakdown_by_country_shows_their_own_country_only(mission_client):
    body = _get(mission_client, "people", {"group_by": "country"})
    assert [row["key"] for row in body["results"]] == ["PE"]


@pytest.mark.parametrize("name", ["people", "activities", "seizures", "operations", "cases"])
def test_another_countrys_figures_are_a_404_for_a_mission_viewer(mission_client, name):
    body = _get(mission_client, name, {"country": "CO"}, status=404)
    assert body["code"] == "not_found"
    _get(mission_client, name, {"region": "Western Africa"}, status=404)
    _get(mission_client, name, {"country": "PE"})


def test_an_operation_out_of_scope_is_a_404(mission_client, azure):
    Operation.objects.filter(pk=azure.pk).update(sensitivity=Sensitivity.RESTRICTED)
    _get(mission_client, "seizures", {"operation": azure.pk}, status=404)
    _get(mission_client, "seizures", {"operation": 999999}, status=404)


def test_restricted_seizures_are_left_out_of_a_mission_viewers_figures(mission_client, admin_client):
    before = _get(mission_client, "seizures", {"group_by": "country"})["totals"]["count"]
    staff_before = _get(admin_client, "seizures")["totals"]["count"]
    seizure = Seizure.objects.filter(country__iso2="PE", archived_at__isnull=True).first()
    Seizure.objects.filter(pk=seizure.pk).update(sensitivity=Sensitivity.RESTRICTED)
    assert _get(mission_client, "seizures", {"group_by": "country"})["totals"]["count"] == before - 1
    assert _get(mission_client, "cases")["totals"]["seizures"] == before - 1
    assert _get(admin_client, "seizures")["totals"]["count"] == staff_before


def test_a_mission_viewer_sees_only_own_country_seizures(mission):
    stats = seizure_stats(user=mission, group_by="country")
    assert [row["key"] for row in stats.results] == ["PE"]
    assert (
        stats.totals["count"] == Seizure.objects.filter(country__iso2="PE", archived_at__isnull=True).count()
    )


def test_archived_seizures_leave_the_figures(admin_client):
    before = _get(admin_client, "seizures")["totals"]["count"]
    Seizure.objects.filter(pk=Seizure.objects.filter(archived_at__isnull=True).first().pk).update(
        archived_at=timezone.now()
    )
    assert _get(admin_client, "seizures")["totals"]["count"] == before - 1


def test_signed_out_is_refused(client):
    response = client.get(reverse("api:stats-seizures-list"))
    assert response.status_code in (401, 403)


def test_suppressed_values_are_objects_in_the_selector(mission):
    stats = participant_stats(
        user=mission, group_by="category", filters=StatsFilters(countries=(Country.objects.get(iso2="PE"),))
    )
    assert stats.suppressed
    assert any(isinstance(row["people"], Suppressed) for row in stats.results)


# --- parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("seizures", {"country": "XX"}, "country"),
        ("seizures", {"country": "Peru"}, "country"),
        ("people", {"group_by": "shoe_size"}, "group_by"),
        ("activities", {"date_from": "yesterday"}, "date_from"),
        ("activities", {"kind": "picnic"}, "kind"),
        ("seizures", {"date_from": "2022-01-01", "date_to": "2021-01-01"}, "date_to"),
        ("seizures", {"pillar": "one"}, "pillar"),
        ("seizures", {"pillar": "99"}, "pillar"),
        ("cases", {"donor": "999999"}, "donor"),
        ("operations", {"substance": "999999"}, "substance"),
        ("people", {"region": "Atlantis"}, "region"),
        # An operation is given by its id (a whole number from 1) or its code name.
        ("seizures", {"operation": "0"}, "operation"),
        ("seizures", {"countries": "PE"}, "countries"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(admin_client, name, params, field):
    body = _get(admin_client, name, params, status=400)
    assert body["code"] == "invalid" and body["detail"]
    assert list(body["errors"]) == [field]


def test_filters_combine(admin_client, azure):
    pillar = azure.activity.pillars.order_by("number").first()
    donor = azure.activity.donors.order_by("pk").first()
    body = _get(
        admin_client,
        "seizures",
        {
            "group_by": "country",
            "country": "PE,CO",
            "region": "South America",
            "pillar": str(pillar.number),
            "donor": str(donor.pk),
            "date_from": "2021-10-01",
            "date_to": "2021-11-30",
        },
    )
    expected = Seizure.objects.filter(
        archived_at__isnull=True,
        country__iso2__in=["PE", "CO"],
        operation__activity__pillars=pillar,
        operation__activity__donors=donor,
        date__range=(datetime.date(2021, 10, 1), datetime.date(2021, 11, 30)),
    )
    assert body["totals"]["count"] == expected.count() > 0
    assert {row["key"] for row in body["results"]} == {"PE", "CO"}


# --- query counts --------------------------------------------------------------------------------

ENDPOINTS = [
    ("people", {"group_by": "gender"}),
    ("people", {"group_by": "country", "date_from": "2017-01-01"}),
    ("people", {"group_by": "category", "country": "PE"}),
    ("people", {"group_by": "year", "pillar": "1"}),
    ("activities", {"group_by": "kind"}),
    ("activities", {"group_by": "country"}),
    ("activities", {"group_by": "pillar", "donor": "1"}),
    ("activities", {"group_by": "year", "region": "Americas"}),
    ("seizures", {"group_by": "substance"}),
    ("seizures", {"group_by": "country", "region": "Americas"}),
    ("seizures", {"group_by": "month", "substance": "1"}),
    ("operations", {}),
    ("operations", {"country": "PE"}),
    ("cases", {}),
    ("cases", {"country": "PE", "pillar": "1"}),
]


def _queries(client, name, params) -> int:
    _get(client, name, params)  # the principal cached (accounts.principal_cache), as on every later request
    with CaptureQueriesContext(connection) as captured:
        _get(client, name, params)
    return len(captured)


def _more_rows(azure):
    peru = CountryFactory(iso2="PE")
    training = ActivityFactory(
        kind=Activity.Kind.TRAINING, start_date=datetime.date(2022, 2, 1), countries=[peru], host_country=peru
    )
    for _ in range(6):
        ParticipationFactory(person=PersonFactory(country=peru), activity=training)
    seizures = [SeizureFactory(operation=azure, date=datetime.date(2021, 11, 2)) for _ in range(4)]
    seizures += [SeizureFactory(country=peru, date=datetime.date(2022, 3, 1)) for _ in range(3)]
    CaseFactory(lead_country=peru, countries=[peru], seizures=seizures[:2])


@pytest.mark.parametrize("user", ["admin", "mission-pe"])
def test_query_counts_do_not_grow_with_the_rows(azure, user):
    client = signed_in(User.objects.get(username=user))
    before = [_queries(client, name, params) for name, params in ENDPOINTS]
    _more_rows(azure)
    after = [_queries(client, name, params) for name, params in ENDPOINTS]
    assert after == before


def test_selector_query_counts_are_a_constant_handful(admin, azure):
    for selector, group_by in [(participant_stats, "country"), (seizure_stats, "substance")]:
        with CaptureQueriesContext(connection) as captured:
            selector(user=admin, group_by=group_by)
        assert len(captured) <= 2
    with CaptureQueriesContext(connection) as captured:
        case_funnel_stats(user=admin, filters=StatsFilters(operation=azure))
    assert len(captured) <= 3


# --- schema --------------------------------------------------------------------------------------


def test_suppressible_counts_are_integer_or_string_in_the_schema(admin_client):
    response = admin_client.get(reverse("api:schema"), {"format": "json"})
    schema = response.json()
    row = schema["components"]["schemas"]["PeopleStatsRow"]["properties"]["people"]
    assert [option["type"] for option in row["oneOf"]] == ["integer", "string"]
    for path in ("people", "activities", "seizures", "operations", "cases"):
        operation = schema["paths"][f"/api/v1/stats/{path}/"]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {
            "date_from",
            "date_to",
            "country",
            "region",
            "pillar",
            "donor",
            "substance",
            "operation",
        } <= names
        assert {"200", "400", "404"} <= set(operation["responses"])
