"""What every event of the demo shares: the run's state, its summary and the idempotent helpers.

Each helper looks a record up by its natural key before making it through its service, and counts
what it made in the run's `DemoSummary`; `person` draws a synthetic person's name whether or not
the person exists, so that the random sequence of a section never depends on the database.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import TypeVar

from django.db import models

from activities.models import Activity, ActivityLink, Organisation, Pillar, SDGTarget
from activities.services import activity_link_create
from countries.models import Agency, Country
from operations.models import Case, Seizure, Substance
from operations.services import case_create, seizure_create
from people.models import Person
from people.services import participation_create, person_create
from trainings.services import training_create

from .data.names import JOB_TITLES, NAMES_BY_COUNTRY, SPANISH, TWO_SURNAMES
from .data.reference import LEAD_AGENCY, PROSECUTION_AGENCY

M = TypeVar("M", bound=models.Model)

# Every section draws from its own random.Random(f"{SEED}-<section>").
SEED = 20170131
EMAIL_DOMAIN = "demo.crimjust.invalid"


@dataclass
class DemoSummary:
    """How many records one run created; a second run reports zero everywhere."""

    countries_written: int = 0
    country_profiles: int = 0
    organisations: int = 0
    agencies: int = 0
    pillars: int = 0
    sdg_targets: int = 0
    substances: int = 0
    activities: int = 0
    activity_links: int = 0
    people: int = 0
    participations: int = 0
    seizures: int = 0
    cases: int = 0
    equipment_handovers: int = 0
    users: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, field.name) for field in fields(self))

    def as_dict(self) -> dict[str, int]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def training_activity(**fields) -> Activity:
    """training_create, returning the activity (what `Loader.activity` looks up)."""
    return training_create(**fields).activity


class Loader:
    """The run's state (reference records by key, the demo's people and participations) and the
    helpers every event uses; the reference data section (events.reference) fills the state."""

    def __init__(self, *, password: str):
        self.password = password
        self.summary = DemoSummary()
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, Organisation] = {}
        self.agencies: dict[str, Agency] = {}
        self.pillars: dict[int, Pillar] = {}
        self.sdgs: dict[str, SDGTarget] = {}
        self.substances: dict[str, Substance] = {}
        self.people: dict[str, Person] = {}
        self.participations: set[tuple[int, int]] = set()

    def count(self, counter: str, added: int = 1) -> None:
        setattr(self.summary, counter, getattr(self.summary, counter) + added)

    def first_or_create(self, queryset: models.QuerySet, create: Callable[[], M], counter: str) -> M:
        """The record the natural key finds, or a new one made through its service."""
        existing = queryset.first()
        if existing is not None:
            return existing
        self.count(counter)
        return create()

    def country(self, iso2: str) -> Country:
        return self.countries[iso2]

    def many(self, iso2s: Iterable[str]) -> list[Country]:
        return [self.countries[iso2] for iso2 in iso2s]

    def activity(self, *, kind: str, title: str, start_date: datetime.date, create: Callable[[], Activity]):
        return self.first_or_create(
            Activity.objects.filter(kind=kind, title=title, start_date=start_date), create, "activities"
        )

    def link(self, from_activity: Activity, to_activity: Activity, relation: str, note: str = "") -> None:
        self.first_or_create(
            ActivityLink.objects.filter(
                from_activity=from_activity, to_activity=to_activity, relation=relation
            ),
            lambda: activity_link_create(
                from_activity=from_activity, to_activity=to_activity, relation=relation, note=note
            ),
            "activity_links",
        )

    def person(
        self,
        *,
        number: int,
        country: str,
        gender: str,
        category: str,
        rng: random.Random,
        notes: str,
        job_title: str = "",
    ) -> Person:
        """Draw a synthetic person's name (always, to keep the sequence stable) and make them if new."""
        female, male, surnames = NAMES_BY_COUNTRY.get(country, SPANISH)
        first_name = rng.choice(female if gender == Person.Gender.FEMALE else male)
        last_name = rng.choice(surnames)
        if country in TWO_SURNAMES:
            last_name = f"{last_name} {rng.choice([name for name in surnames if name != last_name])}"
        email = f"p{number:04d}@{EMAIL_DOMAIN}"
        if email in self.people:
            return self.people[email]
        if category == Person.Category.PROSECUTOR:
            agency_key = PROSECUTION_AGENCY.get(country)
        elif category in (Person.Category.JUDGE, Person.Category.CUSTOMS, Person.Category.BORDER):
            agency_key = None
        else:
            agency_key = LEAD_AGENCY.get(country)
        person = person_create(
            first_name=first_name,
            last_name=last_name,
            country=self.country(country),
            professional_category=category,
            gender=gender,
            agency=self.agencies[agency_key] if agency_key else None,
            job_title=job_title or JOB_TITLES.get(category, ""),
            email=email,
            notes=notes,
            is_synthetic=True,
        )
        self.people[email] = person
        self.count("people")
        return person

    def attend(self, person: Person, activity: Activity, **fields) -> None:
        if (person.pk, activity.pk) in self.participations:
            return
        participation_create(person=person, activity=activity, is_synthetic=True, **fields)
        self.participations.add((person.pk, activity.pk))
        self.count("participations")

    def seizure(self, *, reference: str, **fields) -> Seizure:
        return self.first_or_create(
            Seizure.objects.filter(reference=reference),
            lambda: seizure_create(reference=reference, **fields),
            "seizures",
        )

    def case(self, *, reference: str, **fields) -> Case:
        return self.first_or_create(
            Case.objects.filter(reference=reference),
            lambda: case_create(reference=reference, **fields),
            "cases",
        )
