"""The benchmark's floors (benchmarks.floors) compute what the selectors answer an administrator:
every aggregate of the three dashboard pages and of the stats endpoints, on the demo data and
with the edge cases the demo lacks."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from activities.models import Activity
from benchmarks.floors import floor_result, floors, selector_figures, selector_stats, stats_endpoint_floors
from core.models import Sensitivity
from countries.models import Country
from operations.models import Case, Operation, Seizure
from people.models import Participation, Person
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    CountryFactory,
    OperationFactory,
    ParticipationFactory,
    PersonFactory,
    SeizureFactory,
)

pytestmark = pytest.mark.django_db

# Floor names do not depend on the ids of the scope: list them without the database.
SCOPES = {"overview": {}, "country": {"country_id": 0}, "operation": {"operation_id": 0}}
PAGE_FLOORS = [(scope, floor.name) for scope, kwargs in SCOPES.items() for floor in floors(**kwargs)]


def _page_floors(scope: str) -> list:
    if scope == "country":
        return floors(country_id=Country.objects.get(iso2="PE").pk)
    if scope == "operation":
        return floors(operation_id=Operation.objects.get(code_name="Azure").pk)
    return floors()


def _assert_floor_is_the_selector(floor, user) -> dict:
    with connection.cursor() as cursor:
        found = floor_result(cursor, floor)
    assert found == selector_figures(selector_stats(floor, user=user)), floor.name
    return found


@pytest.mark.parametrize(("scope", "name"), PAGE_FLOORS)
def test_a_dashboard_floor_gives_the_selectors_figures(admin, scope, name):
    floor = next(floor for floor in _page_floors(scope) if floor.name == name)
    found = _assert_floor_is_the_selector(floor, admin)
    assert found["rows"], "the demo has figures in every scope"


@pytest.mark.parametrize("endpoint", ["people", "activities", "seizures", "operations", "cases"])
def test_a_stats_endpoint_floor_gives_the_selectors_figures(admin, endpoint):
    floor = stats_endpoint_floors()[endpoint]
    assert floor.params == {}
    _assert_floor_is_the_selector(floor, admin)


def test_a_page_is_about_a_country_or_an_operation():
    # The page draws the officials trained and, since the figures' definitions were unified, the
    # people who took part too (its headline).
    assert len(floors()) == 12
    assert len(floors(country_id=1)) == 11
    with pytest.raises(ValueError):
        floors(country_id=1, operation_id=2)


@pytest.fixture
def edge_cases(azure):
    """What the demo lacks: archived records (left out), restricted ones (counted for an
    administrator), activities with no country or pillar, a case across two operations, people who
    took part otherwise than as participants or in other activities than trainings."""
    peru, colombia = CountryFactory(iso2="PE"), CountryFactory(iso2="CO")
    now = timezone.now()

    archived_seizure = SeizureFactory(operation=azure, country=peru)
    Seizure.objects.filter(pk=archived_seizure.pk).update(archived_at=now)

    restricted = OperationFactory(participants=[(peru, None), (colombia, None)])
    Operation.objects.filter(pk=restricted.pk).update(sensitivity=Sensitivity.RESTRICTED)
    restricted_seizures = [
        SeizureFactory(operation=restricted, country=peru),
        SeizureFactory(operation=restricted, country=colombia, quantity=3, unit=Seizure.Unit.TABLET),
    ]
    Seizure.objects.filter(pk=restricted_seizures[1].pk).update(sensitivity=Sensitivity.RESTRICTED)

    # An archived operation leaves the operations table, and its seizures (not archived
    # themselves) leave the seizure figures with it.
    gone = OperationFactory(participants=[(peru, None)])
    gone_seizure = SeizureFactory(operation=gone, country=peru)
    Activity.objects.filter(pk=gone.pk).update(archived_at=now)

    ActivityFactory(kind=Activity.Kind.MEETING, host_country=None)
    # Hosted by Peru with no participating country: the services add the host, rows written
    # before they did (or by SQL) may lack it; the country page still counts the activity.
    hosted_only = ActivityFactory(kind=Activity.Kind.WORKSHOP, host_country=peru)
    Activity.countries.through.objects.filter(activity=hosted_only).delete()
    Activity.objects.filter(pk=ActivityFactory(host_country=peru).pk).update(archived_at=now)

    training = ActivityFactory(kind=Activity.Kind.TRAINING, host_country=peru, countries=[peru])
    person = PersonFactory(country=peru, gender=Person.Gender.ANOTHER)
    ParticipationFactory(person=person, activity=training)
    archived_person = PersonFactory(country=peru)
    ParticipationFactory(person=archived_person, activity=training)
    Person.objects.filter(pk=archived_person.pk).update(archived_at=now)
    # A trainer is not trained; someone at a workshop took part but was not trained.
    trainer = PersonFactory(country=peru)
    ParticipationFactory(person=trainer, activity=training, role=Participation.Role.TRAINER)
    workshop = ActivityFactory(kind=Activity.Kind.WORKSHOP, host_country=peru, countries=[peru])
    ParticipationFactory(person=PersonFactory(country=peru), activity=workshop)

    azure_seizure = Seizure.objects.filter(operation=azure, country=peru, archived_at__isnull=True).first()
    CaseFactory(
        lead_country=colombia,
        countries=[peru],
        seizures=[azure_seizure, restricted_seizures[0]],
        stage=Case.Stage.CLOSED,
        closed_on=datetime.date(2022, 6, 1),
        convictions=2,
        arrests=3,
    )
    archived_case = CaseFactory(lead_country=peru, seizures=[azure_seizure])
    Case.objects.filter(pk=archived_case.pk).update(archived_at=now)
    return {
        "restricted": restricted,
        "gone": gone,
        "gone_seizure": gone_seizure,
        "archived_seizure": archived_seizure,
    }


@pytest.mark.parametrize("scope", SCOPES)
def test_the_floors_follow_the_selectors_on_edge_cases(admin, edge_cases, scope):
    found = {floor.name: _assert_floor_is_the_selector(floor, admin) for floor in _page_floors(scope)}

    if scope != "operation":
        operations = found["operation results"]["rows"]
        assert str(edge_cases["restricted"].pk) in operations
        assert str(edge_cases["gone"].pk) not in operations
        assert None in found["activities by country"]["rows"]
    if scope == "country":
        # A seizure of an archived operation is in no seizure figure.
        seizure = edge_cases["gone_seizure"]
        recorded = Seizure.objects.filter(
            substance=seizure.substance, country__iso2="PE", archived_at__isnull=True
        ).count()
        counted = found["seizures by substance"]["rows"].get(str(seizure.substance_id), {"count": 0})
        assert counted["count"] == recorded - 1
        people = found["people who took part"]["totals"]["people"]
        assert people > found["officials trained by gender"]["totals"]["people"]
    if scope == "overview":
        assert None in found["activities by pillar"]["rows"]
        for floor in stats_endpoint_floors().values():
            _assert_floor_is_the_selector(floor, admin)
