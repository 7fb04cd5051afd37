"""The database itself refuses bad data, whatever path it comes by (a shell, a bulk write, SQL)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from activities.models import Activity, ActivityLink
from countries.models import Country
from operations.models import Case, EquipmentHandover, EquipmentItem, Seizure, Substance
from people.models import Participation, Person
from trainings.models import TrainingDetail

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 5, 2)


def refused(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


@pytest.fixture
def activity(peru):
    return Activity.objects.create(
        kind=Activity.Kind.WORKSHOP, title="Constraint test", start_date=TODAY, end_date=TODAY
    )


@pytest.fixture
def person(peru):
    return Person.objects.create(
        first_name="Ana", last_name="Test", country=peru, professional_category=Person.Category.POLICE
    )


def seizure_row(peru, **overrides) -> Seizure:
    fields = dict(
        reference="CONSTRAINT-1",
        date=TODAY,
        country=peru,
        place=Seizure.Place.AIRPORT,
        substance=Substance.objects.first(),
        quantity=Decimal("1"),
        unit=Seizure.Unit.KG,
        mass_kg=Decimal("1"),
        mass_status=Seizure.MassStatus.COMPUTED,
        conveyance=Seizure.Conveyance.AIR_PASSENGER,
        detection=Seizure.Detection.PROFILING,
    )
    fields.update(overrides)
    return Seizure(**fields)


def test_activity_end_before_start(activity):
    activity.end_date = TODAY - datetime.timedelta(days=1)
    assert refused(activity.save)


def test_activity_cannot_link_to_itself(activity):
    assert refused(
        lambda: ActivityLink.objects.create(
            from_activity=activity, to_activity=activity, relation=ActivityLink.Relation.RELATED
        )
    )


def test_one_participation_per_person_per_activity(activity, person):
    Participation.objects.create(person=person, activity=activity)
    assert refused(lambda: Participation.objects.create(person=person, activity=activity))


@pytest.mark.parametrize("field", ["pre_test_score", "post_test_score"])
@pytest.mark.parametrize("score", ["-1", "100.01"])
def test_test_scores_within_0_and_100(activity, person, field, score):
    assert refused(
        lambda: Participation.objects.create(person=person, activity=activity, **{field: Decimal(score)})
    )


def test_training_evaluation_within_1_and_5(activity):
    assert refused(lambda: TrainingDetail.objects.create(activity=activity, evaluation_score=Decimal("5.5")))


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_seizure_quantity_positive(peru, quantity):
    assert refused(lambda: seizure_row(peru, quantity=Decimal(quantity)).save())


def test_seizure_mass_matches_its_status(peru):
    assert refused(lambda: seizure_row(peru, mass_kg=None).save())
    assert refused(lambda: seizure_row(peru, mass_status=Seizure.MassStatus.NO_DENSITY).save())


def test_bulk_update_cannot_bypass_rules(peru):
    seizure_row(peru).save()
    assert refused(lambda: Seizure.objects.filter(reference="CONSTRAINT-1").update(quantity=Decimal("-1")))


def test_case_counts_and_dates(peru):
    base = dict(reference="CASE-X", title="x", opened_on=TODAY, lead_country=peru)
    assert refused(lambda: Case.objects.create(**base, assets_seized_usd=Decimal("-1")))
    assert refused(lambda: Case.objects.create(**base, closed_on=TODAY - datetime.timedelta(days=1)))
    assert refused(lambda: Case.objects.create(**base, convictions=2, stage=Case.Stage.TRIAL))


def test_equipment_quantity_positive(peru):
    agency = peru.agencies.first() or peru.agencies.create(name="Test agency", category="police")
    handover = EquipmentHandover.objects.create(date=TODAY, country=peru, recipient_agency=agency)
    assert refused(lambda: EquipmentItem.objects.create(handover=handover, item="Kit", quantity=0))


def test_country_codes_are_unique_and_well_formed(peru):
    assert refused(lambda: Country.objects.create(iso2="PE", iso3="XXX", numeric_code="999", name="Dup"))
    assert refused(lambda: Country.objects.create(iso2="pe", iso3="XXY", numeric_code="998", name="Lower"))


def test_partner_since_needs_partner(peru):
    peru.is_partner = False
    peru.partner_since = TODAY
    assert refused(peru.save)


def test_person_email_unique_when_given(peru):
    kwargs = dict(last_name="Dup", country=peru, professional_category=Person.Category.POLICE)
    Person.objects.create(first_name="A", email="same@example.org", **kwargs)
    Person.objects.create(first_name="B", email="", **kwargs)
    Person.objects.create(first_name="C", email="", **kwargs)
    assert refused(lambda: Person.objects.create(first_name="D", email="same@example.org", **kwargs))
