"""The generator's state, shared by the record types' modules, and the draws they all use."""

import datetime
import itertools
import random
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone

from .copy_rows import CopyLoader
from .data import FIRST_DAY
from .reference import Reference


class SampledSeizure(NamedTuple):
    """A seizure kept aside for the cases to link."""

    id: int
    country_id: int
    day: int
    origin_id: int | None
    destination_id: int | None
    arrests: int
    substance: int  # index into the reference substances


@dataclass
class ActivityPlan:
    kind: str
    start: int  # days since FIRST_DAY
    end: int
    status: str
    modality: str
    countries: list[int]
    participants: int
    id: int = 0


class Generator:
    """One run's state: the reference data, the COPY loader, the random sequence, the plans the
    record types share (activities, operations, people by country, seizures kept for the cases)."""

    def __init__(self, *, reference: Reference, loader: CopyLoader, rng: random.Random, prefix: str):
        self.ref = reference
        self.loader = loader
        self.rng = rng
        self.prefix = prefix
        self.email_prefix = prefix.lower()
        now = timezone.now()
        self.today = (timezone.localdate(now) - FIRST_DAY).days
        self.day_text = [(FIRST_DAY + datetime.timedelta(days=d)).isoformat() for d in range(self.today + 1)]
        # A record is created around the day it describes; one of today is stamped with the run's time.
        self.stamp_text = [f"{day} 12:00:00+00" for day in self.day_text]
        self.stamp_text[-1] = now.isoformat()
        self.country_cum = list(itertools.accumulate(reference.country_weights))
        self.activities: list[ActivityPlan] = []
        self.operations: list[tuple[int, int, int, list[int]]] = []  # (id, first day, last day, countries)
        self.person_ids = array("q")
        self.person_country = array("q")
        self.people_by_country: dict[int, array] = {}
        self.sampled_seizures: list[SampledSeizure] = []

    # Helpers ---------------------------------------------------------------------------------------

    def country(self) -> int:
        return self.rng.choices(self.ref.country_ids, cum_weights=self.country_cum)[0]

    def countries(self, count: int) -> list[int]:
        return self.rng.choices(self.ref.country_ids, cum_weights=self.country_cum, k=count)

    def stamps(self, day: int) -> tuple[str, str]:
        """created_at a few days after the record's date; updated_at the run's time, taken once
        its transaction began: a client's next sync brings the run's records (core.watermark)."""
        created = min(day + int(self.rng.expovariate(0.2)), self.today)
        return self.stamp_text[created], self.stamp_text[-1]

    def recent_day(self) -> int:
        """A day since 2016, the later years busier as the programme grew."""
        return int(self.today * self.rng.random() ** 0.75)

    def agency(self, country_id: int, categories: Iterable[str]) -> int | None:
        for category in categories:
            found = self.ref.agencies.get((country_id, category))
            if found:
                return self.rng.choice(found)
        return None
