"""Event 1: the institutional integrity workshop of 2017 and its 50 (synthetic) participants."""

import random

from activities.models import Activity
from activities.services import activity_create
from people.models import Person

from ..data import workshop_2017 as data
from ..loader import SEED, Loader


def load(loader: Loader) -> Activity:
    orgs = loader.organisations
    workshop = loader.activity(
        kind=Activity.Kind.WORKSHOP,
        title=data.TITLE,
        start_date=data.START,
        create=lambda: activity_create(
            kind=Activity.Kind.WORKSHOP,
            title=data.TITLE,
            start_date=data.START,
            end_date=data.END,
            status=Activity.Status.COMPLETED,
            venue=data.VENUE,
            host_country=loader.country(data.HOST),
            modality=Activity.Modality.IN_PERSON,
            scope=Activity.Scope.INTER_REGIONAL,
            countries=loader.many(data.PEOPLE),
            pillars=[loader.pillars[3]],
            sdg_targets=[loader.sdgs["16.5"], loader.sdgs["16.6"], loader.sdgs["16.a"]],
            donors=[orgs["EU-CRP"]],
            partners=[orgs["UNODC-HQ"], orgs["ROSEN"], orgs["EU-DEL-PA"], orgs["GOV-PA"]],
            lead_office=orgs["ROPAN"],
            topics=data.TOPICS,
            reported_participants=sum(data.PEOPLE.values()),
            description=data.DESCRIPTION,
            outcomes=data.OUTCOMES,
        ),
    )
    rng = random.Random(f"{SEED}-workshop-2017")
    categories = [entry for entry in data.PROFESSIONS for _ in range(entry[2])]
    rng.shuffle(categories)
    number = data.FIRST_PERSON_NUMBER
    for iso2, count in data.PEOPLE.items():
        for _ in range(count):
            category, job_title, _weight = categories.pop()
            gender = Person.Gender.FEMALE if rng.random() < data.WOMEN_SHARE else Person.Gender.MALE
            person = loader.person(
                number=number,
                country=iso2,
                gender=gender,
                category=category,
                rng=rng,
                notes=data.PARTICIPANT_NOTES,
                job_title=job_title,
            )
            loader.attend(person, workshop, days_attended=2)
            number += 1
    return workshop
