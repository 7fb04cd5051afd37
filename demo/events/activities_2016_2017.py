"""The (synthetic) capacity-building activities of 2016 to mid-2017 that the briefings of August 2017
counted, and the participants a few of them register."""

import datetime
import random
from decimal import Decimal
from functools import partial

from activities.models import Activity
from activities.services import activity_create
from people.models import Person

from ..data import activities_2016_2017 as data
from ..loader import SEED, Loader, training_activity

SCORED = {Activity.Kind.TRAINING, Activity.Kind.WORKSHOP}


def _scope(loader: Loader, countries: tuple[str, ...]) -> str:
    if len(countries) == 1:
        return Activity.Scope.NATIONAL
    if len({loader.country(iso2).region for iso2 in countries}) == 1:
        return Activity.Scope.REGIONAL
    return Activity.Scope.INTER_REGIONAL


def _create(loader: Loader, spec: data.EarlyActivity):
    """What makes the activity through its service (a training with its detail), when it is missing."""
    orgs = loader.organisations
    sdg_codes = dict.fromkeys(code for pillar in spec.pillars for code in data.PILLAR_SDG_TARGETS[pillar])
    fields = dict(
        title=spec.title,
        start_date=spec.start,
        end_date=spec.start + datetime.timedelta(days=spec.days - 1),
        status=Activity.Status.COMPLETED,
        venue=spec.venue,
        host_country=loader.country(spec.host) if spec.host else None,
        modality=Activity.Modality.IN_PERSON if spec.host else Activity.Modality.ONLINE,
        scope=_scope(loader, spec.countries),
        countries=loader.many(spec.countries),
        pillars=[loader.pillars[number] for number in spec.pillars],
        sdg_targets=[loader.sdgs[code] for code in sdg_codes],
        donors=[orgs[data.DONOR]],
        partners=[orgs[key] for key in spec.partners],
        lead_office=orgs[spec.lead_office],
        topics=list(spec.topics),
        reported_participants=sum(spec.attendance.values()) or None,
        description=data.DESCRIPTION,
        is_synthetic=True,
    )
    if spec.kind == Activity.Kind.TRAINING:
        return partial(
            training_activity,
            modules=list(spec.topics),
            target_audience=spec.audience,
            hours=7 * spec.days,
            **fields,
        )
    return partial(activity_create, kind=spec.kind, **fields)


def load(loader: Loader) -> list[Activity]:
    rng = random.Random(f"{SEED}-activities-2016-2017")
    number = data.FIRST_PERSON_NUMBER
    activities = []
    for spec in data.ACTIVITIES:
        activity = loader.activity(
            kind=spec.kind, title=spec.title, start_date=spec.start, create=_create(loader, spec)
        )
        activities.append(activity)
        for iso2, count in spec.attendance.items():
            for _ in range(count):
                # Every draw is made whether or not the person or the participation exists already.
                gender = Person.Gender.FEMALE if rng.random() < data.WOMEN_SHARE else Person.Gender.MALE
                category = rng.choice(spec.categories)
                person = loader.person(
                    number=number,
                    country=iso2,
                    gender=gender,
                    category=category,
                    rng=rng,
                    notes=data.PERSON_NOTES,
                )
                number += 1
                scores = {}
                if spec.kind in SCORED:
                    pre = Decimal(rng.randint(50, 140)) / 2
                    scores = {
                        "pre_test_score": pre,
                        "post_test_score": min(Decimal(100), pre + Decimal(rng.randint(10, 60)) / 2),
                    }
                loader.attend(person, activity, days_attended=spec.days, **scores)
    return activities
