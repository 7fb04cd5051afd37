"""Small hand-counted data for the measures and the IPTT, isolated from the demo by a donor of its
own: every measure is asked for what that donor funds, so only these records count.

2021: training t1 (1 March, Peru) and t2 (1 June, Colombia), a cancelled training t4, a workshop
(Ghana); 2022: training t3 (1 February, Peru). Alice (woman, Peru, police) attends t1, t2 and t3;
Bob (man, Colombia, customs) t1; Carol (woman, Peru, prosecutor) t3; Dave (man) t1 but is
archived; Erin trains at t1 (not a participant); Frank attends only the workshop.
Scores at t1: Alice 50 -> 80, Bob 40 -> 50; at t2 Alice has a pre-test only.

Operation op1 (1 October 2021, Peru and Colombia), prepared by t1: seizures s1 (follow-up
investigation), s2 (a case charged), s3 (follow-up controlled delivery), s4 (archived), s5
(restricted), all in 2021, 1.25 kg each; s6 (10 January 2022, a case convicted).
A handover of 2 + 4 items funded by the donor (1 October 2021), one of 5 items funded by no one.
"""

import datetime
from types import SimpleNamespace

import pytest

from accounts.access import ApiClient
from accounts.models import User
from activities.models import Activity, ActivityLink, Organisation
from core.archive import record_archive
from operations.models import Case, Seizure
from people.models import Participation, Person
from tests.factories import (
    ActivityFactory,
    ActivityLinkFactory,
    AgencyFactory,
    ApiKeyFactory,
    CaseFactory,
    CountryFactory,
    EquipmentHandoverFactory,
    OperationFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SeizureFactory,
    SubstanceFactory,
)

YEAR_2021 = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
YEAR_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))


@pytest.fixture
def admin():
    return User.objects.get(username="admin")


@pytest.fixture
def programme_key():
    """An API key that sees every country, without personal data or clearance."""
    return ApiClient(ApiKeyFactory(can_write=False))


@pytest.fixture
def small(admin):
    peru, colombia, ghana = (CountryFactory(iso2=code) for code in ("PE", "CO", "GH"))
    donor = OrganisationFactory(kind=Organisation.Kind.DONOR)

    def training(start, host, **fields):
        return ActivityFactory(
            kind=Activity.Kind.TRAINING, start_date=start, host_country=host, donors=[donor], **fields
        )

    t1 = training(datetime.date(2021, 3, 1), peru)
    t2 = training(datetime.date(2021, 6, 1), colombia)
    t3 = training(datetime.date(2022, 2, 1), peru)
    training(datetime.date(2021, 7, 1), peru, status=Activity.Status.CANCELLED)
    workshop = ActivityFactory(start_date=datetime.date(2021, 4, 1), host_country=ghana, donors=[donor])

    def person(gender, country, category=Person.Category.POLICE):
        return PersonFactory(gender=gender, country=country, professional_category=category)

    alice = person(Person.Gender.FEMALE, peru)
    bob = person(Person.Gender.MALE, colombia, Person.Category.CUSTOMS)
    carol = person(Person.Gender.FEMALE, peru, Person.Category.PROSECUTOR)
    dave = person(Person.Gender.MALE, peru)
    erin = person(Person.Gender.FEMALE, peru)
    frank = person(Person.Gender.MALE, ghana)
    ParticipationFactory(person=alice, activity=t1, pre_test_score=50, post_test_score=80)
    ParticipationFactory(person=alice, activity=t2, pre_test_score=60)
    ParticipationFactory(person=alice, activity=t3)
    ParticipationFactory(person=bob, activity=t1, pre_test_score=40, post_test_score=50)
    ParticipationFactory(person=carol, activity=t3)
    ParticipationFactory(person=dave, activity=t1)
    ParticipationFactory(person=erin, activity=t1, role=Participation.Role.TRAINER)
    ParticipationFactory(person=frank, activity=workshop)
    record_archive(record=dave, user=admin)

    op1 = OperationFactory(
        start_date=datetime.date(2021, 10, 1), participants=[(peru, None), (colombia, None)], donors=[donor]
    )
    ActivityLinkFactory(from_activity=t1, to_activity=op1.activity, relation=ActivityLink.Relation.PREPARED)
    cocaine, heroin = SubstanceFactory(), SubstanceFactory()

    def seizure(day, country, substance=cocaine, **fields):
        return SeizureFactory(operation=op1, date=day, country=country, substance=substance, **fields)

    october = datetime.date(2021, 10, 5)
    s1 = seizure(october, peru, follow_up=Seizure.FollowUp.INVESTIGATION)
    s2 = seizure(october, colombia, heroin)
    s3 = seizure(october, peru, follow_up=Seizure.FollowUp.CONTROLLED_DELIVERY)
    s4 = seizure(october, peru, follow_up=Seizure.FollowUp.INVESTIGATION)
    s5 = seizure(october, peru, sensitivity="restricted")
    s6 = seizure(datetime.date(2022, 1, 10), peru)
    record_archive(record=s4, user=admin)
    CaseFactory(seizures=[s2], stage=Case.Stage.CHARGED, lead_country=colombia)
    CaseFactory(
        seizures=[s6],
        stage=Case.Stage.CONVICTED,
        convictions=1,
        lead_country=peru,
        opened_on=datetime.date(2022, 1, 20),
    )
    EquipmentHandoverFactory(recipient_agency=AgencyFactory(country=peru), donor=donor)
    EquipmentHandoverFactory(recipient_agency=AgencyFactory(country=peru), items=(("Scanner", 5),))
    return SimpleNamespace(
        donor=donor,
        t1=t1,
        t2=t2,
        t3=t3,
        op1=op1,
        seizures=[s1, s2, s3, s4, s5, s6],
        cocaine=cocaine,
        heroin=heroin,
        peru=peru,
        colombia=colombia,
    )


@pytest.fixture(autouse=True)
def _figures_computed(settings):
    """These tests write records inside their transaction and never commit, so the data version
    (bumped on commit) would not move: the IPTT is computed on every call here. Its cache is tested
    in tests/results/test_iptt_cache.py."""
    settings.FIGURES_CACHE_SECONDS = 0
