"""Event 3: the 18 Operation Azure trainings and the 153 (synthetic) officials who attended them."""

import random
from decimal import Decimal
from functools import partial

from activities.models import Activity
from people.models import Person

from ..data.azure_trainings import (
    AZURE_CATEGORIES,
    AZURE_FEEDBACK,
    AZURE_MODULES,
    AZURE_PEOPLE,
    AZURE_TRAININGS,
    AZURE_WOMEN,
    BOGOTA_NOTE,
    PERSON_NOTES,
    SYNTHETIC_TRAINING,
)
from ..data.operation_azure import (
    TOPIC_CONTROLLED_DELIVERY,
    TOPIC_FORENSIC,
    TOPIC_RAMAN,
    TOPIC_SAFE_HANDLING,
)
from ..loader import SEED, Loader, training_activity


def azure_people(loader: Loader) -> dict[str, list[Person]]:
    """The 153 officials by country, 42 of them women."""
    rng = random.Random(f"{SEED}-azure-people")
    total = sum(AZURE_PEOPLE.values())
    women = set(rng.sample(range(total), AZURE_WOMEN))
    people: dict[str, list[Person]] = {}
    number = 1
    for iso2, count in AZURE_PEOPLE.items():
        for _ in range(count):
            category = rng.choices(
                [c for c, _w in AZURE_CATEGORIES], weights=[w for _c, w in AZURE_CATEGORIES]
            )[0]
            gender = Person.Gender.FEMALE if number - 1 in women else Person.Gender.MALE
            people.setdefault(iso2, []).append(
                loader.person(
                    number=number,
                    country=iso2,
                    gender=gender,
                    category=category,
                    rng=rng,
                    notes=PERSON_NOTES,
                )
            )
            number += 1
    return people


def load(loader: Loader) -> tuple[dict[str, Activity], dict[str, list[Person]]]:
    """The trainings by key, and who attended each."""
    orgs = loader.organisations
    people = azure_people(loader)
    rng = random.Random(f"{SEED}-azure-trainings")
    trainings: dict[str, Activity] = {}
    attendees: dict[str, list[Person]] = {}
    for spec in AZURE_TRAININGS:
        countries = list(spec.attendance)
        partners = (
            [orgs["LSS"]] if set(spec.topics) & {TOPIC_RAMAN, TOPIC_SAFE_HANDLING, TOPIC_FORENSIC} else []
        )
        description = SYNTHETIC_TRAINING
        if spec.key == "bogota":
            description += BOGOTA_NOTE
        evaluation = Decimal(rng.randint(41, 48)) / 10
        trainings[spec.key] = loader.activity(
            kind=Activity.Kind.TRAINING,
            title=spec.title,
            start_date=spec.start,
            create=partial(
                training_activity,
                title=spec.title,
                start_date=spec.start,
                end_date=spec.end,
                modules=[AZURE_MODULES[topic] for topic in spec.topics],
                level=spec.level,
                target_audience=spec.audience,
                hours=7 * ((spec.end - spec.start).days + 1),
                evaluation_score=evaluation,
                evaluation_summary=AZURE_FEEDBACK,
                status=Activity.Status.COMPLETED,
                venue=spec.venue,
                host_country=loader.country(spec.host) if spec.host else None,
                modality=spec.modality,
                scope=spec.scope,
                countries=loader.many(countries),
                pillars=[loader.pillars[1], loader.pillars[2]]
                if TOPIC_CONTROLLED_DELIVERY in spec.topics
                else [loader.pillars[1]],
                sdg_targets=[loader.sdgs["16.4"], loader.sdgs["16.a"], loader.sdgs["3.5"]],
                donors=[orgs["INL"], orgs["EU-GIFP"]],
                partners=partners,
                lead_office=orgs["UNODC-HQ"],
                topics=spec.topics,
                description=description,
                is_synthetic=True,
            ),
        )
        activity = trainings[spec.key]
        duration = activity.duration_days
        attendees[spec.key] = []
        for iso2, count in spec.attendance.items():
            pool = people[iso2]
            if count is not None:
                order = {
                    person.pk: (person.professional_category not in spec.preferred, rng.random())
                    for person in pool
                }
                pool = sorted(pool, key=lambda person: order[person.pk])[:count]
            for person in pool:
                pre = Decimal(rng.randint(60, 140)) / 2
                post = min(Decimal(100), pre + Decimal(rng.randint(16, 70)) / 2)
                days = duration - 1 if duration > 1 and rng.random() < 0.08 else duration
                loader.attend(person, activity, days_attended=days, pre_test_score=pre, post_test_score=post)
                attendees[spec.key].append(person)
    return trainings, attendees
