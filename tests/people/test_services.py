import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from activities.services import activity_create
from countries.models import Agency, Country
from people.models import Participation, Person
from people.services import participation_create, person_create

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 9, 6)


@pytest.fixture
def peru():
    return Country.objects.get(iso2="PE")


@pytest.fixture
def training():
    return activity_create(
        kind=Activity.Kind.TRAINING,
        title="Two-day training",
        start_date=DAY,
        end_date=DAY + datetime.timedelta(1),
    )


def test_person_create_tidies_names_and_email(peru):
    person = person_create(
        first_name="  María  José ",
        last_name="Quispe",
        country=peru,
        professional_category=Person.Category.PROSECUTOR,
        email=" Maria.Quispe@Example.ORG ",
    )
    assert (person.first_name, person.email) == ("María José", "maria.quispe@example.org")


def test_person_agency_must_be_of_their_country(peru):
    agency = Agency.objects.create(
        country=Country.objects.get(iso2="EC"), name="Test agency EC", category=Agency.Category.POLICE
    )
    with pytest.raises(ValidationError) as excinfo:
        person_create(
            first_name="A",
            last_name="B",
            country=peru,
            professional_category=Person.Category.POLICE,
            agency=agency,
        )
    assert set(excinfo.value.message_dict) == {"agency"}


def test_person_unknown_gender_is_refused(peru):
    with pytest.raises(ValidationError) as excinfo:
        person_create(first_name="A", last_name="B", country=peru, professional_category="police", gender="x")
    assert set(excinfo.value.message_dict) == {"gender"}


def test_participation_brings_the_person_country_into_the_activity(peru, training):
    person = person_create(first_name="A", last_name="B", country=peru, professional_category="police")
    participation = participation_create(
        person=person,
        activity=training,
        days_attended=2,
        pre_test_score=Decimal("40"),
        post_test_score=Decimal("85"),
    )
    assert participation.knowledge_gain == Decimal("45")
    assert list(training.countries.values_list("iso2", flat=True)) == ["PE"]


def test_days_attended_cannot_exceed_the_activity(peru, training):
    person = person_create(first_name="A", last_name="B", country=peru, professional_category="police")
    with pytest.raises(ValidationError) as excinfo:
        participation_create(person=person, activity=training, days_attended=3)
    assert set(excinfo.value.message_dict) == {"days_attended"}


def test_scores_out_of_range_name_the_field(peru, training):
    person = person_create(first_name="A", last_name="B", country=peru, professional_category="police")
    with pytest.raises(ValidationError) as excinfo:
        participation_create(person=person, activity=training, pre_test_score=Decimal("120"))
    assert set(excinfo.value.message_dict) == {"pre_test_score"}


def test_a_second_participation_in_the_same_activity_is_refused(peru, training):
    person = person_create(first_name="A", last_name="B", country=peru, professional_category="police")
    participation_create(person=person, activity=training)
    with pytest.raises(ValidationError) as excinfo:
        participation_create(person=person, activity=training, role=Participation.Role.SPEAKER)
    assert excinfo.value.message_dict
    assert Participation.objects.filter(person=person).count() == 1
