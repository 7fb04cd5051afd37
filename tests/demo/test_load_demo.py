"""The demo data holds the documented events with their figures exact, and loading it twice is a no-op.

tests/conftest.py loads the demo once into the test database; these tests read it.
"""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max

from activities.models import Activity, ActivityLink
from core.access import Action, can
from demo.services import demo_load
from operations.models import Case, EquipmentHandover, Operation, Seizure
from people.models import Participation, Person

pytestmark = pytest.mark.django_db

D = datetime.date
AZURE_COUNTRIES = {"BO", "CO", "DO", "EC", "PA", "PY", "PE", "UY", "NG", "GH"}
WORKSHOP_COUNTRIES = {"CV", "GH", "GW", "NG", "DO", "BR", "CO", "PE", "PA"}
BRIEFING_COUNTRIES = {"AR", "BR", "CO", "EC", "DO", "PA"}
COCAINE_2022_COUNTRIES = {"PE", "BO", "AR", "EC", "PA", "DO", "GT", "SV", "HN", "CR"}
CONTROLLED_DELIVERY_COUNTRIES = {"PE", "CO", "EC", "BO"}
WORKSHOP_TITLE = (
    "Institutional Integrity: A key building block in strengthening criminal investigation and "
    "cooperation along the Cocaine Route"
)


def iso2s(queryset) -> set[str]:
    return set(queryset.values_list("iso2", flat=True))


@pytest.fixture
def azure() -> Operation:
    return Operation.objects.select_related("activity").get(code_name="Azure")


@pytest.fixture
def azure_trainings(azure):
    return Activity.objects.filter(
        kind=Activity.Kind.TRAINING,
        links_out__to_activity=azure.activity,
        links_out__relation=ActivityLink.Relation.PREPARED,
    )


def test_operation_azure_has_two_phases_ten_countries_and_125_seizures(azure):
    phases = list(azure.phases.order_by("number").values_list("start_date", "end_date"))
    assert phases == [(D(2021, 10, 1), D(2021, 10, 31)), (D(2021, 11, 1), D(2021, 11, 30))]
    assert iso2s(azure.activity.countries) == AZURE_COUNTRIES
    participants = azure.participants.select_related("country", "coordinating_agency")
    assert {participant.country.iso2 for participant in participants} == AZURE_COUNTRIES
    assert all(p.coordinating_agency.country_id == p.country_id for p in participants)

    seizures = Seizure.objects.filter(operation=azure)
    assert seizures.count() == 125
    assert iso2s(azure.activity.countries.filter(seizures__operation=azure).distinct()) == AZURE_COUNTRIES
    assert seizures.filter(date__month=10).exists() and seizures.filter(date__month=11).exists()
    assert not seizures.exclude(date__range=(D(2021, 10, 1), D(2021, 11, 30))).exists()
    assert not seizures.exclude(place__in=[Seizure.Place.MAIL_CENTRE, Seizure.Place.COURIER_HUB]).exists()
    opioids = seizures.filter(substance__category__name="Opioids").count()
    assert opioids > 125 / 2
    # Nigeria and Peru reached out to counterparts abroad for cross-border controlled deliveries.
    cross_border = seizures.filter(
        follow_up__in=[Seizure.FollowUp.INTERNATIONAL_REQUEST, Seizure.FollowUp.CONTROLLED_DELIVERY]
    )
    assert set(cross_border.values_list("country__iso2", flat=True)) == {"NG", "PE"}
    assert not cross_border.filter(destination_country__isnull=True).exists()


def test_every_azure_country_received_raman_devices_and_crime_scene_kits(azure):
    handovers = EquipmentHandover.objects.filter(operation=azure)
    assert iso2s(azure.activity.countries.filter(equipment_handovers__operation=azure)) == AZURE_COUNTRIES
    assert handovers.count() == 10
    for handover in handovers.prefetch_related("items"):
        assert handover.is_synthetic
        assert {item.item for item in handover.items.all()} == {
            "TruNarc handheld Raman drug-testing device",
            "Crime-scene kit",
        }


def test_azure_trainings_reached_153_officials_42_women_from_12_countries(azure_trainings):
    assert azure_trainings.count() == 18
    assert not azure_trainings.exclude(start_date__gte=D(2021, 9, 1), end_date__lte=D(2021, 10, 31)).exists()
    people = Person.objects.filter(participations__activity__in=azure_trainings).distinct()
    assert people.count() == 153
    assert people.filter(gender=Person.Gender.FEMALE).count() == 42
    countries = set(people.values_list("country__iso2", flat=True))
    assert len(countries) == 12
    assert AZURE_COUNTRIES < countries
    # Some officials attended more than one training: participations are not people.
    assert Participation.objects.filter(activity__in=azure_trainings).count() > 153
    assert azure_trainings.filter(venue="Bogotá", host_country__iso2="CO").count() == 1
    scored = Participation.objects.filter(activity__in=azure_trainings, post_test_score__isnull=False)
    assert scored.exists()
    assert all(p.post_test_score >= p.pre_test_score for p in scored)


def test_workshop_2017_had_50_participants_from_the_9_named_countries():
    workshop = Activity.objects.get(kind=Activity.Kind.WORKSHOP, title=WORKSHOP_TITLE)
    assert (workshop.start_date, workshop.end_date) == (D(2017, 1, 31), D(2017, 2, 1))
    assert workshop.host_country.iso2 == "PA"
    assert workshop.lead_office.acronym == "ROPAN"
    assert list(workshop.pillars.values_list("number", flat=True)) == [3]
    assert workshop.reported_participants == 50
    assert workshop.participations.count() == 50
    assert Person.objects.filter(participations__activity=workshop).distinct().count() == 50
    assert iso2s(workshop.countries) == WORKSHOP_COUNTRIES
    people_countries = set(workshop.participations.values_list("person__country__iso2", flat=True))
    assert people_countries == WORKSHOP_COUNTRIES
    assert "outcome document" in workshop.outcomes
    assert "60%" in workshop.outcomes and "90%" in workshop.outcomes


def test_briefings_to_the_six_permanent_missions():
    briefings = Activity.objects.get(kind=Activity.Kind.MEETING, start_date=D(2017, 8, 17))
    assert briefings.end_date == D(2017, 8, 25)
    assert iso2s(briefings.countries) == BRIEFING_COUNTRIES
    assert "over 35 capacity-building activities" in briefings.description


def test_over_35_capacity_building_activities_came_before_the_briefings():
    briefings = D(2017, 8, 17)
    before = Activity.objects.filter(start_date__lt=briefings)
    assert before.count() >= 36
    assert not before.filter(start_date__lt=D(2016, 1, 1)).exists()
    assert {start.year for start in before.values_list("start_date", flat=True)} == {2016, 2017}
    # Capacity building, mostly trainings and workshops, over the four pillars.
    assert not before.filter(kind__in=[Activity.Kind.MEETING, Activity.Kind.OPERATION]).exists()
    assert (
        before.filter(kind__in=[Activity.Kind.TRAINING, Activity.Kind.WORKSHOP]).count() > before.count() / 2
    )
    assert set(before.values_list("pillars__number", flat=True)) == {1, 2, 3, 4}
    # Every mission briefed has several to show in its 2017 briefing pack.
    for iso2 in BRIEFING_COUNTRIES:
        assert before.filter(countries__iso2=iso2).distinct().count() >= 3, iso2
    # All but the documented workshop are synthetic and say so; a few register participants.
    synthetic = before.exclude(title=WORKSHOP_TITLE)
    assert not synthetic.filter(is_synthetic=False).exists()
    assert all(activity.description.startswith("Synthetic record:") for activity in synthetic)
    attended = synthetic.filter(participations__isnull=False).distinct()
    assert 3 <= attended.count() < synthetic.count() / 2
    people = Person.objects.filter(participations__activity__in=attended).distinct()
    assert not people.filter(is_synthetic=False).exists()
    assert not Participation.objects.filter(activity__in=attended, is_synthetic=False).exists()


def test_operation_azure_was_debriefed_with_coordinators_from_nine_countries(azure):
    debrief = Activity.objects.get(
        links_in__from_activity=azure.activity, links_in__relation=ActivityLink.Relation.DEBRIEF
    )
    assert (debrief.start_date, debrief.end_date) == (D(2021, 12, 7), D(2021, 12, 8))
    assert debrief.host_country.iso2 == "DO"
    assert debrief.countries.count() == 9


def test_controlled_delivery_seized_1_1_tonnes_of_cannabis_and_traces_back_to_bogota():
    seizure = Seizure.objects.get(substance__name="Cannabis herb", quantity=1.1, unit=Seizure.Unit.T)
    assert seizure.mass_kg == 1100
    assert seizure.arrests == 2
    case = Case.objects.get(seizures=seizure)
    assert case.used_controlled_delivery
    assert case.arrests == 2
    assert iso2s(case.countries) == CONTROLLED_DELIVERY_COUNTRIES
    # From the case to the training where the countries planned it.
    bogota = Activity.objects.get(
        kind=Activity.Kind.TRAINING,
        links_out__to_activity=seizure.operation.activity,
        links_out__relation=ActivityLink.Relation.LED_TO,
    )
    assert bogota.venue == "Bogotá"
    assert iso2s(bogota.countries) == CONTROLLED_DELIVERY_COUNTRIES
    assert not Seizure.objects.filter(operation__code_name="Azure", pk=seizure.pk).exists()


def test_cocaine_training_2022_was_followed_by_the_case_forum_for_the_same_ten_countries():
    training = Activity.objects.get(kind=Activity.Kind.TRAINING, start_date=D(2022, 5, 30))
    assert training.end_date == D(2022, 6, 1) and training.duration_days == 3
    assert iso2s(training.countries) == COCAINE_2022_COUNTRIES
    assert training.partners.filter(acronym="SIMCI").exists()
    forum = Activity.objects.get(
        kind=Activity.Kind.CASE_FORUM,
        links_in__from_activity=training,
        links_in__relation=ActivityLink.Relation.FOLLOWED_BY,
    )
    assert iso2s(forum.countries) == COCAINE_2022_COUNTRIES
    assert forum.topics.count() >= 5
    presented = Case.objects.filter(presented_at=forum)
    assert presented.exists()
    assert not presented.filter(is_synthetic=False).exists()
    assert set(presented.values_list("lead_country__iso2", flat=True)) <= COCAINE_2022_COUNTRIES


def test_synthetic_records_are_flagged_and_say_so(azure, azure_trainings):
    synthetic = [
        Seizure.objects.filter(operation=azure),
        Person.objects.filter(participations__activity__in=azure_trainings).distinct(),
        Participation.objects.filter(activity__in=azure_trainings),
        EquipmentHandover.objects.filter(operation=azure),
    ]
    for queryset in synthetic:
        assert not queryset.filter(is_synthetic=False).exists(), queryset.model
    assert not azure_trainings.filter(is_synthetic=False).exists()
    assert all(a.description.startswith("Synthetic record:") for a in azure_trainings)
    assert all(s.notes.startswith("Synthetic record:") for s in Seizure.objects.filter(operation=azure))
    assert all(p.notes.startswith("Synthetic record:") for p in Person.objects.filter(is_synthetic=True))
    # The documented events themselves are real.
    assert not azure.activity.is_synthetic
    assert not Activity.objects.get(title=WORKSHOP_TITLE).is_synthetic
    assert not Seizure.objects.get(reference="CD-2021-SZ-001").is_synthetic


def test_demo_accounts_have_their_roles():
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.role == User.Role.ADMINISTRATOR
    assert admin.check_password(settings.DEMO_PASSWORD)

    officer = User.objects.get(username="officer")
    assert officer.is_staff and not officer.is_superuser and officer.role == User.Role.OFFICER
    assert can(officer, Action.CREATE, Activity)
    assert can(officer, Action.UPDATE, Seizure)
    assert can(officer, Action.VIEW, Person)
    assert not can(officer, Action.VIEW, User)

    monitoring = User.objects.get(username="monitoring")
    assert monitoring.is_staff and monitoring.role == User.Role.MONITORING
    assert can(monitoring, Action.VIEW, Seizure) and not can(monitoring, Action.UPDATE, Seizure)

    mission = User.objects.get(username="mission-pe")
    assert mission.role == User.Role.MISSION_VIEWER
    assert not mission.is_staff and not mission.is_superuser
    assert iso2s(mission.countries) == {"PE"}


def snapshot() -> dict[str, tuple]:
    state = {}
    for model in apps.get_models(include_auto_created=True):
        queryset = model._default_manager.all()
        has_updated_at = any(field.name == "updated_at" for field in model._meta.concrete_fields)
        latest = queryset.aggregate(latest=Max("updated_at"))["latest"] if has_updated_at else None
        state[model._meta.label] = (queryset.count(), latest)
    return state


def test_loading_again_creates_and_changes_nothing():
    officer = get_user_model().objects.get(username="officer")
    officer.set_password("changed-by-the-officer-1")
    officer.save()
    before = snapshot()

    summary = demo_load(password=settings.DEMO_PASSWORD)

    assert summary.total == 0
    assert snapshot() == before
    officer.refresh_from_db()
    assert officer.check_password("changed-by-the-officer-1")
