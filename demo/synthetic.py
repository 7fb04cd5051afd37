"""A scale database for benchmarks: many plausible synthetic records, written with PostgreSQL COPY.

Every row is flagged `is_synthetic` and its references carry a run prefix (`SCALE-<token>-…`), so a
second run adds a second set beside the first and the demo data is never touched. The rows go in
through COPY, one statement per batch, streamed from generators so that memory stays flat; the
database's own CHECK, UNIQUE and foreign-key constraints validate every one of them.
"""

import bisect
import datetime
import itertools
import math
import random
import secrets
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

import pgtrigger
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from activities.models import Activity, Organisation, Pillar
from core.datacache import data_version_bump
from countries.models import Agency, Country
from operations.calculations import seizure_mass_kg
from operations.models import Case, Operation, OperationCountry, Seizure, Substance
from people.models import Participation, Person

Progress = Callable[[str, int, int], None]

FIRST_DAY = datetime.date(2016, 1, 1)
NULL = "\\N"
OPERATION_SHARE = 0.03  # of activities; a few hundred operations in the default set
SEIZURES_IN_OPERATIONS = 0.25
SEIZURES_WITH_TRANSIT = 0.3
SEIZURES_SAMPLED_PER_CASE = 3
COPY_READ_SIZE = 1 << 20


@dataclass
class TableLoad:
    rows: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass
class SyntheticSummary:
    """What one run wrote: rows and seconds per table (generation and COPY together)."""

    prefix: str
    tables: dict[str, TableLoad] = field(default_factory=dict)
    commit_seconds: float = 0.0
    analyze_seconds: float = 0.0
    seconds: float = 0.0

    def rows(self, model_or_table: type[Model] | str) -> int:
        table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        load = self.tables.get(table)
        return load.rows if load else 0


# --- Vocabulary -----------------------------------------------------------------------------------

_SPANISH = {"AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI", "PA"}
_SPANISH |= {"PE", "PR", "PY", "SV", "UY", "VE"}
_PORTUGUESE = {"AO", "BR", "CV", "GW", "MZ", "PT", "ST", "TL"}
_FRENCH = {"BE", "BF", "BJ", "CI", "CM", "FR", "GA", "GF", "GN", "GP", "HT", "MF", "ML", "MQ", "NE", "SN"}
_FRENCH |= {"TD", "TG", "BL", "MR"}
_NAMES = {
    "es": (
        ("María", "Ana", "Lucía", "Carmen", "Rosa", "Paola", "Daniela", "Gabriela", "Sofía", "Valeria"),
        ("José", "Luis", "Carlos", "Juan", "Jorge", "Miguel", "Andrés", "Diego", "Fernando", "Ricardo"),
        ("García", "Rodríguez", "Martínez", "López", "Pérez", "Gómez", "Sánchez", "Ramírez", "Torres")
        + ("Flores", "Rojas", "Vargas", "Castillo", "Mendoza", "Quispe", "Herrera", "Morales", "Silva"),
    ),
    "pt": (
        ("Ana", "Maria", "Beatriz", "Juliana", "Fernanda", "Camila", "Patrícia", "Mariana", "Luana"),
        ("João", "Pedro", "Paulo", "Lucas", "Rafael", "Tiago", "Marcos", "Bruno", "António", "Carlos"),
        ("Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira", "Lima")
        + ("Gomes", "Ribeiro", "Carvalho", "Monteiro", "Tavares", "Mendes", "Barbosa", "Cardoso"),
    ),
    "fr": (
        ("Aminata", "Fatou", "Awa", "Mariam", "Aïssatou", "Marie", "Adjoa", "Khady", "Nafi", "Sophie"),
        ("Mamadou", "Ibrahima", "Moussa", "Abdoulaye", "Ousmane", "Jean", "Kofi", "Cheikh", "Issa"),
        ("Diop", "Ndiaye", "Traoré", "Diallo", "Koné", "Ouédraogo", "Sow", "Camara", "Coulibaly")
        + ("Sylla", "Touré", "Kaboré", "Mensah", "Fall", "Diarra", "Bamba", "Kouassi", "Sanogo"),
    ),
    "en": (
        ("Grace", "Abena", "Esther", "Patience", "Joy", "Sarah", "Janelle", "Keisha", "Mary", "Ruth"),
        ("Kwame", "Emmanuel", "Samuel", "Daniel", "John", "Michael", "Chinedu", "Andre", "David"),
        ("Mensah", "Owusu", "Boateng", "Okafor", "Adeyemi", "Campbell", "Williams", "Brown", "Johnson")
        + ("Asante", "Okonkwo", "Bello", "Thompson", "Clarke", "Baptiste", "Phillips", "Osei", "Eze"),
    ),
}

_ACTIVITY_KINDS = (  # (kind, weight, shortest, longest days, mean participants)
    (Activity.Kind.TRAINING, 35, 2, 10, 28),
    (Activity.Kind.WORKSHOP, 15, 1, 5, 25),
    (Activity.Kind.MEETING, 12, 1, 2, 14),
    (Activity.Kind.CASE_FORUM, 6, 2, 4, 20),
    (Activity.Kind.MENTORING, 8, 5, 30, 6),
    (Activity.Kind.EQUIPMENT_HANDOVER, 4, 1, 1, 5),
    (Activity.Kind.STUDY_VISIT, 4, 3, 7, 8),
    (Activity.Kind.CONFERENCE, 4, 2, 4, 60),
    (Activity.Kind.OTHER, 2, 1, 5, 10),
)
_STATUSES = (Activity.Status.COMPLETED, Activity.Status.CANCELLED, Activity.Status.POSTPONED)
_MODALITIES = (Activity.Modality.IN_PERSON, Activity.Modality.ONLINE, Activity.Modality.HYBRID)
_OPERATION_DAYS = (5, 60)
_OPERATION_PARTICIPANTS = 10
_KIND_TITLES = {
    Activity.Kind.TRAINING: "Training",
    Activity.Kind.WORKSHOP: "Workshop",
    Activity.Kind.MEETING: "Coordination meeting",
    Activity.Kind.CASE_FORUM: "Case forum",
    Activity.Kind.MENTORING: "Mentoring",
    Activity.Kind.EQUIPMENT_HANDOVER: "Equipment handover",
    Activity.Kind.STUDY_VISIT: "Study visit",
    Activity.Kind.CONFERENCE: "Conference",
    Activity.Kind.OTHER: "Activity",
}
_TOPICS = (
    "container profiling",
    "air cargo and passenger risk analysis",
    "postal and courier interdiction",
    "maritime interdiction",
    "financial investigations",
    "controlled deliveries",
    "mutual legal assistance",
    "drug identification with field testing",
    "precursor control",
    "joint investigation teams",
    "digital evidence",
    "asset recovery",
)
_SCORED_KINDS = {Activity.Kind.TRAINING, Activity.Kind.WORKSHOP, Activity.Kind.MENTORING}
_OPERATION_NAMES = (
    "Andes",
    "Atlantic Bridge",
    "Cóndor",
    "Harmattan",
    "Baobab",
    "Caribe",
    "Mangrove",
    "Sahel Shield",
    "Pacífico",
    "Amazonas",
)
_OPERATION_TARGETS = (
    "Cocaine consignments in maritime containers",
    "Drug couriers on transatlantic flights",
    "Cocaine and synthetic drugs in postal and courier parcels",
    "Go-fast boats and semi-submersibles on the sea route",
    "Precursor chemicals diverted from licit trade",
    "Overland trafficking across the border",
)

_PERSON_CATEGORIES = (  # (category, weight, job title, agency categories to work for)
    (Person.Category.POLICE, 26, "Police officer", ("police", "antinarcotics")),
    (Person.Category.CUSTOMS, 18, "Customs officer", ("customs",)),
    (Person.Category.BORDER, 7, "Border control officer", ("border",)),
    (Person.Category.PROSECUTOR, 14, "Prosecutor", ("prosecution",)),
    (Person.Category.JUDGE, 5, "Judge", ("judiciary",)),
    (Person.Category.FORENSIC, 4, "Forensic chemist", ("forensic",)),
    (Person.Category.ANALYST, 8, "Intelligence analyst", ("antinarcotics", "police", "fiu")),
    (Person.Category.INVESTIGATOR, 9, "Investigator", ("antinarcotics", "police")),
    (Person.Category.POLICYMAKER, 3, "Adviser", ("ministry",)),
    (Person.Category.DIPLOMAT, 1, "Attaché", ("ministry",)),
    (Person.Category.EXPERT, 3, "Expert", ()),
    (Person.Category.OTHER, 2, "", ()),
)
_GENDERS = (
    (Person.Gender.MALE, 62),
    (Person.Gender.FEMALE, 31),
    (Person.Gender.ANOTHER, 0.5),
    (Person.Gender.NOT_RECORDED, 6.5),
)
_ROLES = (
    (Participation.Role.PARTICIPANT, 88),
    (Participation.Role.TRAINER, 5),
    (Participation.Role.SPEAKER, 3),
    (Participation.Role.ORGANISER, 2),
    (Participation.Role.OBSERVER, 2),
)

_UNITS = (  # (unit, weight, median quantity, spread, whole numbers)
    (Seizure.Unit.KG, 52, 2.0, 1.8, False),
    (Seizure.Unit.G, 30, 50.0, 1.5, False),
    (Seizure.Unit.TABLET, 8, 200.0, 1.8, True),
    (Seizure.Unit.L, 5, 20.0, 1.5, False),
    (Seizure.Unit.UNIT, 2, 50.0, 1.5, True),
    (Seizure.Unit.ML, 1, 200.0, 1.0, False),
    (Seizure.Unit.T, 1, 1.5, 0.8, False),
    (Seizure.Unit.MG, 1, 500.0, 1.0, False),
)
_LARGEST_QUANTITY = 100_000  # in any unit: even in tonnes, far within the normalised mass's numeric(16, 6)
_PLACES = (  # (place, conveyance, weight)
    (Seizure.Place.SEAPORT, Seizure.Conveyance.CONTAINER, 14),
    (Seizure.Place.SEAPORT, Seizure.Conveyance.VESSEL, 3),
    (Seizure.Place.AT_SEA, Seizure.Conveyance.VESSEL, 5),
    (Seizure.Place.AIRPORT, Seizure.Conveyance.AIR_PASSENGER, 16),
    (Seizure.Place.AIRPORT, Seizure.Conveyance.AIR_CARGO, 6),
    (Seizure.Place.MAIL_CENTRE, Seizure.Conveyance.MAIL, 12),
    (Seizure.Place.COURIER_HUB, Seizure.Conveyance.COURIER, 9),
    (Seizure.Place.LAND_BORDER, Seizure.Conveyance.VEHICLE, 8),
    (Seizure.Place.LAND_BORDER, Seizure.Conveyance.ON_FOOT, 2),
    (Seizure.Place.ROAD, Seizure.Conveyance.VEHICLE, 12),
    (Seizure.Place.PREMISES, Seizure.Conveyance.NONE, 8),
    (Seizure.Place.LABORATORY, Seizure.Conveyance.NONE, 2),
    (Seizure.Place.PLANTATION, Seizure.Conveyance.NONE, 2),
    (Seizure.Place.OTHER, Seizure.Conveyance.OTHER, 1),
)
_DETECTIONS = (
    (Seizure.Detection.PROFILING, 30),
    (Seizure.Detection.INTELLIGENCE, 18),
    (Seizure.Detection.SCANNER, 14),
    (Seizure.Detection.CANINE, 10),
    (Seizure.Detection.ROUTINE, 16),
    (Seizure.Detection.RAMAN, 6),
    (Seizure.Detection.CONTROLLED_DELIVERY, 3),
    (Seizure.Detection.OTHER, 3),
)
_FOLLOW_UPS = (
    (Seizure.FollowUp.NONE, 45),
    (Seizure.FollowUp.INVESTIGATION, 35),
    (Seizure.FollowUp.PROSECUTION, 12),
    (Seizure.FollowUp.INTERNATIONAL_REQUEST, 5),
    (Seizure.FollowUp.CONTROLLED_DELIVERY, 3),
)
_SUBSTANCE_WEIGHTS = (("cocaine", 10), ("cannabis", 6), ("marijuana", 6), ("heroin", 2), ("tramadol", 2))
_CASE_STAGES = (  # the funnel: many investigations, fewer charged or on trial, fewer convicted
    (Case.Stage.INVESTIGATION, 45),
    (Case.Stage.CHARGED, 20),
    (Case.Stage.TRIAL, 13),
    (Case.Stage.CONVICTED, 12),
    (Case.Stage.ACQUITTED, 4),
    (Case.Stage.CLOSED, 6),
)
_DECIDED_STAGES = {Case.Stage.CONVICTED, Case.Stage.ACQUITTED, Case.Stage.CLOSED}
_CASE_AGENCY_CATEGORIES = ("prosecution", "antinarcotics", "police")


# --- COPY plumbing -------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Escape a database-sourced string for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _columns(names: str) -> tuple[str, ...]:
    """The columns of a COPY, in the order its lines give the values."""
    return tuple(names.split())


def _id(value: int | None) -> str:
    return NULL if value is None else str(value)


class _LineStream:
    """A read-only file over generated COPY lines, so that no batch is ever held whole in memory."""

    def __init__(self, lines: Iterable[str], *, lines_per_chunk: int = 2000):
        self._lines = iter(lines)
        self._lines_per_chunk = lines_per_chunk
        self._buffer = bytearray()
        self._exhausted = False
        self.rows = 0

    def read(self, size: int = -1) -> bytes:
        while not self._exhausted and (size < 0 or len(self._buffer) < size):
            chunk = list(itertools.islice(self._lines, self._lines_per_chunk))
            if not chunk:
                self._exhausted = True
                break
            self.rows += len(chunk)
            self._buffer += "".join(chunk).encode()
        if size < 0 or size >= len(self._buffer):
            data = bytes(self._buffer)
            self._buffer.clear()
        else:
            data = bytes(self._buffer[:size])
            del self._buffer[:size]
        return data


class _Loader:
    """COPY batches into tables on the current connection, keeping time and row counts per table."""

    def __init__(self, cursor, *, summary: SyntheticSummary, batch_size: int, progress: Progress | None):
        self.cursor = cursor
        self.summary = summary
        self.batch_size = batch_size
        self.progress = progress

    def load(self, table: str) -> TableLoad:
        return self.summary.tables.setdefault(table, TableLoad())

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """Ids taken from the table's own sequence, so that rows can reference each other before COPY."""
        started = time.perf_counter()
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        ids = [row[0] for row in self.cursor.fetchall()]
        self.load(table).seconds += time.perf_counter() - started
        return ids

    def copy(self, table: str, columns: tuple[str, ...], lines: Iterable[str], *, total: int | None) -> None:
        """One COPY statement; the foreign keys of its rows are checked when it ends.

        `total` is the table's row count for progress reports; None for the link tables written
        beside their table's batches.
        """
        started = time.perf_counter()
        stream = _LineStream(lines)
        sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
        self.cursor.cursor.copy_expert(sql, stream, size=COPY_READ_SIZE)
        load = self.load(table)
        load.rows += stream.rows
        load.seconds += time.perf_counter() - started
        if self.progress is not None and total is not None:
            self.progress(table, load.rows, total)

    def copy_batches(self, table: str, columns: tuple[str, ...], lines: Iterator[str], *, total: int) -> None:
        """A long generator of lines, cut into COPY statements of batch_size rows."""
        self.load(table)
        while (first := next(lines, None)) is not None:
            batch = itertools.chain((first,), itertools.islice(lines, self.batch_size - 1))
            self.copy(table, columns, batch, total=total)

    def batches(self, table: str, count: int) -> Iterator[tuple[int, int]]:
        """(first row, rows) of each batch of a table whose rows need their ids before COPY."""
        self.load(table)
        for start in range(0, count, self.batch_size):
            yield start, min(self.batch_size, count - start)


# --- Reference data ------------------------------------------------------------------------------


@dataclass
class _Reference:
    country_ids: list[int]
    country_weights: list[float]
    country_names: dict[int, str]
    country_region: dict[int, str]
    country_zone: dict[int, str]
    country_language: dict[int, str]
    source_ids: list[int]
    transit_ids: list[int]
    destination_ids: list[int]
    substance_ids: list[int]
    substance_names: list[str]
    substance_density: list[Decimal | None]
    substance_unit_mass: list[Decimal | None]
    substance_weight: list[float]
    pillar_ids: list[int]
    office_ids: list[int]
    agencies: dict[tuple[int, str], list[int]]


def _country_weight(*, is_partner: bool, sub_region: str, intermediate_region: str, region: str) -> float:
    """Most of the programme's work is with partners, in Latin America, the Caribbean and West Africa."""
    if not region:
        return 0.0  # Antarctica, uninhabited islands
    weight = 0.05
    if is_partner:
        weight += 10
    if sub_region == "Latin America and the Caribbean" or intermediate_region == "Western Africa":
        weight += 2
    return weight


def _reference() -> _Reference:
    countries = list(
        Country.objects.order_by("id").values_list(
            "id",
            "iso2",
            "name",
            "region",
            "sub_region",
            "intermediate_region",
            "is_partner",
            "is_source",
            "is_transit",
            "is_destination",
        )
    )
    if not countries:
        raise ValueError("There are no countries: run `manage.py load_demo` first.")
    weights = [
        _country_weight(is_partner=partner, sub_region=sub, intermediate_region=inter, region=region)
        for _id_, _iso2, _name, region, sub, inter, partner, *_roles in countries
    ]
    if not any(weights):
        weights = [1.0] * len(countries)

    def language(iso2: str) -> str:
        if iso2 in _SPANISH:
            return "es"
        if iso2 in _PORTUGUESE:
            return "pt"
        if iso2 in _FRENCH:
            return "fr"
        return "en"

    substances = list(
        Substance.objects.order_by("id").values_list("id", "name", "density_kg_per_l", "unit_mass_g")
    )

    def substance_weight(name: str) -> float:
        lowered = name.lower()
        return next((weight for word, weight in _SUBSTANCE_WEIGHTS if word in lowered), 1.0)

    agencies: dict[tuple[int, str], list[int]] = defaultdict(list)
    for agency_id, country_id, category in Agency.objects.order_by("id").values_list(
        "id", "country_id", "category"
    ):
        agencies[country_id, category].append(agency_id)
        agencies[country_id, ""].append(agency_id)
    weighted = [row for row, weight in zip(countries, weights, strict=True) if weight > 0]
    return _Reference(
        country_ids=[row[0] for row in countries],
        country_weights=weights,
        country_names={row[0]: _text(row[2]) for row in countries},
        country_region={row[0]: row[3] for row in countries},
        country_zone={row[0]: row[5] or row[4] for row in countries},
        country_language={row[0]: language(row[1]) for row in countries},
        source_ids=[row[0] for row in weighted if row[7]],
        transit_ids=[row[0] for row in weighted if row[8]],
        destination_ids=[row[0] for row in weighted if row[9]],
        substance_ids=[row[0] for row in substances],
        substance_names=[_text(row[1]) for row in substances],
        substance_density=[row[2] for row in substances],
        substance_unit_mass=[row[3] for row in substances],
        substance_weight=[substance_weight(row[1]) for row in substances],
        pillar_ids=list(Pillar.objects.order_by("number").values_list("id", flat=True)),
        office_ids=list(
            Organisation.objects.filter(kind=Organisation.Kind.UNODC_OFFICE)
            .order_by("id")
            .values_list("id", flat=True)
        ),
        agencies=dict(agencies),
    )


# --- The generator -------------------------------------------------------------------------------


class _SampledSeizure(NamedTuple):
    """A seizure kept aside for the cases to link."""

    id: int
    country_id: int
    day: int
    origin_id: int | None
    destination_id: int | None
    arrests: int
    substance: int  # index into the reference substances


@dataclass
class _ActivityPlan:
    kind: str
    start: int  # days since FIRST_DAY
    end: int
    status: str
    modality: str
    countries: list[int]
    participants: int
    id: int = 0


class _Generator:
    def __init__(self, *, reference: _Reference, loader: _Loader, rng: random.Random, prefix: str):
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
        self.activities: list[_ActivityPlan] = []
        self.operations: list[tuple[int, int, int, list[int]]] = []  # (id, first day, last day, countries)
        self.person_ids = array("q")
        self.person_country = array("q")
        self.people_by_country: dict[int, array] = {}
        self.sampled_seizures: list[_SampledSeizure] = []

    # Helpers ---------------------------------------------------------------------------------------

    def country(self) -> int:
        return self.rng.choices(self.ref.country_ids, cum_weights=self.country_cum)[0]

    def countries(self, count: int) -> list[int]:
        return self.rng.choices(self.ref.country_ids, cum_weights=self.country_cum, k=count)

    def stamps(self, day: int) -> tuple[str, str]:
        """created_at a few days after the record's date, updated_at sometimes later, never after now."""
        rng = self.rng
        created = min(day + int(rng.expovariate(0.2)), self.today)
        updated = created if rng.random() < 0.7 else min(created + int(rng.expovariate(0.02)), self.today)
        return self.stamp_text[created], self.stamp_text[updated]

    def recent_day(self) -> int:
        """A day since 2016, the later years busier as the programme grew."""
        return int(self.today * self.rng.random() ** 0.75)

    def agency(self, country_id: int, categories: Iterable[str]) -> int | None:
        for category in categories:
            found = self.ref.agencies.get((country_id, category))
            if found:
                return self.rng.choice(found)
        return None

    # Activities ------------------------------------------------------------------------------------

    def plan_people(self, count: int) -> None:
        self.person_country = array("q", self.countries(count))
        by_country: dict[int, array] = defaultdict(lambda: array("q"))
        for index, country_id in enumerate(self.person_country):
            by_country[country_id].append(index)
        self.people_by_country = dict(by_country)

    def plan_activities(self, count: int, participations: int) -> None:
        rng = self.rng
        operation_count = min(count, max(1, round(count * OPERATION_SHARE))) if count else 0
        operation_indices = set(rng.sample(range(count), operation_count))
        kinds = rng.choices(_ACTIVITY_KINDS, weights=[kind[1] for kind in _ACTIVITY_KINDS], k=count)
        mean_participants = []
        for index, kind_row in enumerate(kinds):
            if index in operation_indices:
                kind, shortest, longest, mean = (
                    Activity.Kind.OPERATION,
                    *_OPERATION_DAYS,
                    _OPERATION_PARTICIPANTS,
                )
            else:
                kind, _weight, shortest, longest, mean = kind_row
            start = self.recent_day()
            end = min(start + rng.randint(shortest, longest) - 1, self.today)
            if start + longest - 1 > self.today and end == self.today:
                status = Activity.Status.ONGOING
            elif kind == Activity.Kind.OPERATION:
                status = Activity.Status.COMPLETED  # an operation on record took place: it has seizures
            else:
                status = rng.choices(_STATUSES, weights=(95, 3, 2))[0]
            if kind == Activity.Kind.OPERATION:
                modality = Activity.Modality.IN_PERSON
            else:
                modality = rng.choices(_MODALITIES, weights=(80, 12, 8))[0]
            self.activities.append(
                _ActivityPlan(
                    kind=kind,
                    start=start,
                    end=end,
                    status=status,
                    modality=modality,
                    countries=self.activity_countries(kind),
                    participants=0,
                )
            )
            held = status not in (Activity.Status.CANCELLED, Activity.Status.POSTPONED)
            mean_participants.append(mean * rng.uniform(0.4, 1.6) if held else 0.0)
        self.share_participations(participations, mean_participants)

    def activity_countries(self, kind: str) -> list[int]:
        rng = self.rng
        draw = rng.random()
        if kind == Activity.Kind.OPERATION:
            wanted = rng.randint(2, 8)
        elif draw < 0.55:
            return [self.country()]
        elif draw < 0.9:
            wanted = rng.randint(2, 6)
        else:
            wanted = rng.randint(3, 10)
        first = self.country()
        zone = self.ref.country_zone[first]
        chosen = [first]
        for candidate in self.countries(wanted * 4):
            if len(chosen) == wanted:
                break
            if candidate not in chosen and (draw >= 0.9 or self.ref.country_zone[candidate] == zone):
                chosen.append(candidate)
        return chosen

    def share_participations(self, total: int, weights: list[float]) -> None:
        """Share `total` among the activities in proportion to their weights, each within the people."""
        people = len(self.person_country)
        if total == 0:
            return
        if not any(weights):
            weights = [1.0] * len(weights)
        weight_sum = sum(weights)
        for plan, weight in zip(self.activities, weights, strict=True):
            plan.participants = min(people, int(total * weight / weight_sum))
        missing = total - sum(plan.participants for plan in self.activities)
        order = [plan for plan, weight in zip(self.activities, weights, strict=True) if weight]
        order += [plan for plan, weight in zip(self.activities, weights, strict=True) if not weight]
        while missing:
            for plan in order:
                if missing and plan.participants < people:
                    plan.participants += 1
                    missing -= 1
        for plan in self.activities:
            self.cover_participants(plan)

    def cover_participants(self, plan: _ActivityPlan) -> None:
        """Whoever attends brings their country in: add countries until they have enough people."""
        pooled = sum(len(self.people_by_country.get(country_id, ())) for country_id in plan.countries)
        if pooled >= plan.participants:
            return
        home_zone = self.ref.country_zone[plan.countries[0]]
        others = [country_id for country_id in self.people_by_country if country_id not in plan.countries]
        self.rng.shuffle(others)
        others.sort(key=lambda country_id: self.ref.country_zone[country_id] != home_zone)  # neighbours first
        for country_id in others:
            plan.countries.append(country_id)
            pooled += len(self.people_by_country[country_id])
            if pooled >= plan.participants:
                return

    def write_activities(self) -> None:
        rng, ref = self.rng, self.ref
        table = Activity._meta.db_table
        columns = _columns(
            "id created_at updated_at is_synthetic kind title status start_date end_date venue"
            " modality scope description outcomes reported_participants source_url host_country_id"
            " lead_office_id"
        )
        operation_number = itertools.count(1)
        for start, count in self.loader.batches(table, len(self.activities)):
            plans = self.activities[start : start + count]
            for plan, activity_id in zip(plans, self.loader.reserve_ids(table, count), strict=True):
                plan.id = activity_id

            def lines(plans=plans):
                for plan in plans:
                    created, updated = self.stamps(max(plan.start - rng.randint(0, 60), 0))
                    regions = {ref.country_region[country_id] for country_id in plan.countries}
                    scope = (
                        Activity.Scope.NATIONAL
                        if len(plan.countries) == 1
                        else Activity.Scope.REGIONAL
                        if len(regions) == 1
                        else Activity.Scope.INTER_REGIONAL
                    )
                    host = None if plan.modality == Activity.Modality.ONLINE else plan.countries[0]
                    if plan.kind == Activity.Kind.OPERATION:
                        title = f"Operation {rng.choice(_OPERATION_NAMES)} {next(operation_number)}"
                    else:
                        where = ref.country_names[plan.countries[0]] if scope == "national" else "regional"
                        title = f"{_KIND_TITLES[plan.kind]} on {rng.choice(_TOPICS)} ({where})"
                    reported = (
                        str(max(0, plan.participants + rng.randint(-3, 5)))
                        if plan.participants and rng.random() < 0.5
                        else NULL
                    )
                    office = rng.choice(ref.office_ids) if ref.office_ids and rng.random() < 0.6 else None
                    yield (
                        f"{plan.id}\t{created}\t{updated}\tt\t{plan.kind}\t{title}\t{plan.status}\t"
                        f"{self.day_text[plan.start]}\t{self.day_text[plan.end]}\t\t{plan.modality}\t"
                        f"{scope}\t\t\t{reported}\t\t{_id(host)}\t{_id(office)}\n"
                    )

            self.loader.copy(table, columns, lines(), total=len(self.activities))

        self.write_activity_links()

    def write_activity_links(self) -> None:
        rng = self.rng
        countries = Activity.countries.field
        self.loader.copy_batches(
            countries.remote_field.through._meta.db_table,
            (countries.m2m_column_name(), countries.m2m_reverse_name()),
            (f"{plan.id}\t{country_id}\n" for plan in self.activities for country_id in plan.countries),
            total=sum(len(plan.countries) for plan in self.activities),
        )
        if not self.ref.pillar_ids:
            return
        pillars = Activity.pillars.field
        chosen = [
            rng.sample(self.ref.pillar_ids, min(len(self.ref.pillar_ids), rng.choice((1, 1, 2, 2, 3))))
            for _plan in self.activities
        ]
        self.loader.copy_batches(
            pillars.remote_field.through._meta.db_table,
            (pillars.m2m_column_name(), pillars.m2m_reverse_name()),
            (
                f"{plan.id}\t{pillar_id}\n"
                for plan, pillar_ids in zip(self.activities, chosen, strict=True)
                for pillar_id in pillar_ids
            ),
            total=sum(map(len, chosen)),
        )

    def write_operations(self) -> None:
        rng, ref = self.rng, self.ref
        plans = [plan for plan in self.activities if plan.kind == Activity.Kind.OPERATION]
        self.operations = [(plan.id, plan.start, plan.end, plan.countries) for plan in plans]
        lines = []
        for number, plan in enumerate(plans, start=1):
            created, updated = self.stamps(plan.start)
            office = rng.choice(ref.office_ids) if ref.office_ids and rng.random() < 0.8 else None
            lines.append(
                f"{created}\t{updated}\t{plan.id}\t{self.prefix}-OP-{number:05d}\t"
                f"{rng.choice(_OPERATION_TARGETS)}\t\t\t{_id(office)}\n"
            )
        self.loader.copy_batches(
            Operation._meta.db_table,
            _columns(
                "created_at updated_at activity_id code_name target equipment_provided follow_up"
                " coordinating_office_id"
            ),
            iter(lines),
            total=len(lines),
        )
        lines = []
        for plan in plans:
            for country_id in plan.countries:
                created, updated = self.stamps(plan.start)
                agency = self.agency(country_id, ("antinarcotics", "police", "customs"))
                lines.append(f"{created}\t{updated}\t{_id(agency)}\t{country_id}\t{plan.id}\n")
        self.loader.copy_batches(
            OperationCountry._meta.db_table,
            ("created_at", "updated_at", "coordinating_agency_id", "country_id", "operation_id"),
            iter(lines),
            total=len(lines),
        )

    # People ----------------------------------------------------------------------------------------

    def write_people(self) -> None:
        rng, ref = self.rng, self.ref
        table = Person._meta.db_table
        columns = _columns(
            "id created_at updated_at is_synthetic first_name last_name gender professional_category"
            " job_title email phone notes agency_id country_id organisation_id"
        )
        total = len(self.person_country)
        genders = [gender for gender, _weight in _GENDERS]
        gender_cum = list(itertools.accumulate(weight for _gender, weight in _GENDERS))
        category_cum = list(itertools.accumulate(row[1] for row in _PERSON_CATEGORIES))
        for start, count in self.loader.batches(table, total):
            ids = self.loader.reserve_ids(table, count)
            self.person_ids.extend(ids)

            def lines(start=start, ids=ids, count=count):
                gender_draws = rng.choices(genders, cum_weights=gender_cum, k=count)
                category_draws = rng.choices(_PERSON_CATEGORIES, cum_weights=category_cum, k=count)
                for offset, person_id in enumerate(ids):
                    index = start + offset
                    country_id = self.person_country[index]
                    gender = gender_draws[offset]
                    category, _weight, job_title, agency_categories = category_draws[offset]
                    women, men, surnames = _NAMES[ref.country_language[country_id]]
                    if gender == Person.Gender.FEMALE or (
                        gender != Person.Gender.MALE and rng.random() < 0.5
                    ):
                        first_name = rng.choice(women)
                    else:
                        first_name = rng.choice(men)
                    last_name = rng.choice(surnames)
                    email = f"{self.email_prefix}-{index + 1:07d}@example.org" if rng.random() < 0.7 else ""
                    agency = self.agency(country_id, agency_categories) if rng.random() < 0.8 else None
                    organisation = (
                        rng.choice(ref.office_ids)
                        if category == Person.Category.EXPERT and ref.office_ids and rng.random() < 0.5
                        else None
                    )
                    created, updated = self.stamps(self.recent_day())
                    yield (
                        f"{person_id}\t{created}\t{updated}\tt\t{first_name}\t{last_name}\t{gender}\t"
                        f"{category}\t{job_title}\t{email}\t\t\t{_id(agency)}\t{country_id}\t"
                        f"{_id(organisation)}\n"
                    )

            self.loader.copy(table, columns, lines(), total=total)

    def write_participations(self, total: int) -> None:
        columns = _columns(
            "created_at updated_at is_synthetic role days_attended pre_test_score post_test_score"
            " completed activity_id person_id"
        )
        self.loader.copy_batches(
            Participation._meta.db_table, columns, self.participation_lines(), total=total
        )

    def participation_lines(self) -> Iterator[str]:
        rng = self.rng
        roles = [role for role, _weight in _ROLES]
        role_cum = list(itertools.accumulate(weight for _role, weight in _ROLES))
        for plan in self.activities:
            if not plan.participants:
                continue
            pools = [self.people_by_country.get(country_id, array("q")) for country_id in plan.countries]
            bounds = list(itertools.accumulate(len(pool) for pool in pools))
            duration = plan.end - plan.start + 1
            scored = plan.kind in _SCORED_KINDS
            created, updated = self.stamps(plan.end)
            role_draws = rng.choices(roles, cum_weights=role_cum, k=plan.participants)
            # Distinct positions in the activity's countries' people: each person attends once.
            for position, role in zip(
                rng.sample(range(bounds[-1]), plan.participants), role_draws, strict=True
            ):
                pool_index = bisect.bisect_right(bounds, position)
                offset = position - (bounds[pool_index - 1] if pool_index else 0)
                person_id = self.person_ids[pools[pool_index][offset]]
                draw = rng.random()
                days = duration if draw < 0.7 else rng.randint(1, duration) if draw < 0.9 else None
                if scored and role == Participation.Role.PARTICIPANT and rng.random() < 0.7:
                    pre = rng.uniform(15, 85)
                    post = min(100.0, max(0.0, pre + rng.uniform(-5, 35)))
                    pre_text, post_text = f"{pre:.2f}", f"{post:.2f}"
                else:
                    pre_text = post_text = NULL
                completed = "t" if rng.random() < 0.95 else "f"
                yield (
                    f"{created}\t{updated}\tt\t{role}\t{_id(days)}\t{pre_text}\t{post_text}\t"
                    f"{completed}\t{plan.id}\t{person_id}\n"
                )

    # Seizures --------------------------------------------------------------------------------------

    def write_seizures(self, total: int, *, sampled: int) -> None:
        table = Seizure._meta.db_table
        columns = _columns(
            "id created_at updated_at is_synthetic reference date place location quantity unit"
            " mass_kg mass_status conveyance detection arrests follow_up follow_up_notes notes"
            " country_id destination_country_id operation_id origin_country_id substance_id"
        )
        transit = Seizure.transit_countries.field
        transit_table = transit.remote_field.through._meta.db_table
        transit_columns = (transit.m2m_column_name(), transit.m2m_reverse_name())
        sampled_indices = set(self.rng.sample(range(total), sampled))
        for start, count in self.loader.batches(table, total):
            ids = self.loader.reserve_ids(table, count)
            transit_lines: list[str] = []
            lines = self.seizure_lines(start, ids, sampled_indices, transit_lines)
            self.loader.copy(table, columns, lines, total=total)
            if transit_lines:
                self.loader.copy(transit_table, transit_columns, transit_lines, total=None)
        self.loader.load(transit_table)

    def seizure_lines(
        self, start: int, ids: list[int], sampled_indices: set[int], transit_lines: list[str]
    ) -> Iterator[str]:
        rng, ref = self.rng, self.ref
        count = len(ids)
        status_text = {status: str(status.value) for status in Seizure.MassStatus}
        units = rng.choices(_UNITS, weights=[row[1] for row in _UNITS], k=count)
        places = rng.choices(_PLACES, weights=[row[2] for row in _PLACES], k=count)
        detections = rng.choices(
            [row[0] for row in _DETECTIONS], weights=[row[1] for row in _DETECTIONS], k=count
        )
        follow_ups = rng.choices(
            [row[0] for row in _FOLLOW_UPS], weights=[row[1] for row in _FOLLOW_UPS], k=count
        )
        countries = self.countries(count)
        substance_cum = self.substance_cum_weights()
        substance_indices = range(len(ref.substance_ids))
        operations = self.operations
        sources = ref.source_ids or ref.country_ids
        destinations = ref.destination_ids or ref.country_ids
        transits = ref.transit_ids or ref.country_ids
        for offset, seizure_id in enumerate(ids):
            index = start + offset
            unit, _weight, median, spread, whole = units[offset]
            operation = (
                rng.choice(operations) if operations and rng.random() < SEIZURES_IN_OPERATIONS else None
            )
            if operation is None:
                operation_id, country_id, day = None, countries[offset], self.recent_day()
            else:
                operation_id, first, last, operation_countries = operation
                country_id, day = rng.choice(operation_countries), rng.randint(first, last)
            quantity = min(rng.lognormvariate(math.log(median), spread), _LARGEST_QUANTITY)
            thousandths = max(1000, round(quantity) * 1000) if whole else max(1, round(quantity * 1000))
            quantity_text = f"{thousandths // 1000}.{thousandths % 1000:03d}"
            substance = rng.choices(substance_indices, cum_weights=substance_cum[unit])[0]
            mass = seizure_mass_kg(
                quantity=Decimal(quantity_text),
                unit=unit,
                density_kg_per_l=ref.substance_density[substance],
                unit_mass_g=ref.substance_unit_mass[substance],
            )
            place, conveyance, _weight = places[offset]
            origin = rng.choice(sources) if rng.random() < 0.7 else None
            destination = rng.choice(destinations) if rng.random() < 0.6 else None
            arrests = 0 if rng.random() < 0.45 else min(int(rng.expovariate(0.7)) + 1, 12)
            created, updated = self.stamps(day)
            if rng.random() < SEIZURES_WITH_TRANSIT:
                route = {rng.choice(transits) for _hop in range(rng.choice((1, 1, 1, 2, 2, 3)))}
                route.discard(country_id)
                transit_lines.extend(f"{seizure_id}\t{hop}\n" for hop in route)
            if index in sampled_indices:
                self.sampled_seizures.append(
                    _SampledSeizure(seizure_id, country_id, day, origin, destination, arrests, substance)
                )
            yield (
                f"{seizure_id}\t{created}\t{updated}\tt\t{self.prefix}-S-{index + 1:08d}\t"
                f"{self.day_text[day]}\t{place}\t\t{quantity_text}\t{unit}\t"
                f"{NULL if mass.kg is None else mass.kg}\t{status_text[mass.status]}\t{conveyance}\t"
                f"{detections[offset]}\t{arrests}\t{follow_ups[offset]}\t\t\t{country_id}\t"
                f"{_id(destination)}\t{_id(operation_id)}\t{_id(origin)}\t{ref.substance_ids[substance]}\n"
            )

    def substance_cum_weights(self) -> dict[str, list[float]]:
        """Counts mostly of substances with a mass per unit, volumes mostly of those with a density."""
        ref = self.ref
        by_unit = {}
        for unit, *_rest in _UNITS:
            weights = []
            for weight, density, unit_mass in zip(
                ref.substance_weight, ref.substance_density, ref.substance_unit_mass, strict=True
            ):
                if unit in (Seizure.Unit.TABLET, Seizure.Unit.UNIT):
                    weight = weight * 20 if unit_mass is not None else weight * 0.2
                elif unit in (Seizure.Unit.L, Seizure.Unit.ML):
                    weight = weight * 20 if density is not None else weight * 0.2
                weights.append(weight)
            by_unit[unit] = list(itertools.accumulate(weights))
        return by_unit

    # Cases -----------------------------------------------------------------------------------------

    def write_cases(self, total: int) -> None:
        rng, ref = self.rng, self.ref
        table = Case._meta.db_table
        columns = _columns(
            "id created_at updated_at is_synthetic reference title stage opened_on closed_on"
            " used_controlled_delivery used_mutual_legal_assistance used_joint_investigation_team"
            " arrests convictions assets_seized_usd assets_description summary lead_agency_id"
            " lead_country_id"
        )
        countries_field, seizures_field = Case.countries.field, Case.seizures.field
        countries_table = countries_field.remote_field.through._meta.db_table
        countries_columns = (countries_field.m2m_column_name(), countries_field.m2m_reverse_name())
        seizures_table = seizures_field.remote_field.through._meta.db_table
        seizures_columns = (seizures_field.m2m_column_name(), seizures_field.m2m_reverse_name())
        sampled = self.sampled_seizures
        rng.shuffle(sampled)
        sampled_by_country = defaultdict(list)
        for seizure in sampled:
            sampled_by_country[seizure.country_id].append(seizure)
        stages = rng.choices(
            [stage for stage, _weight in _CASE_STAGES], weights=[w for _stage, w in _CASE_STAGES], k=total
        )
        for reported in (table, countries_table, seizures_table):
            self.loader.load(reported)
        for start, count in self.loader.batches(table, total):
            ids = self.loader.reserve_ids(table, count)
            country_lines: list[str] = []
            seizure_lines: list[str] = []

            def lines(start=start, ids=ids, country_lines=country_lines, seizure_lines=seizure_lines):
                for offset, case_id in enumerate(ids):
                    index = start + offset
                    linked = []
                    title = f"Trafficking case {index + 1}"
                    if sampled:
                        primary = sampled[index % len(sampled)]
                        neighbours = sampled_by_country[primary.country_id]
                        linked = [primary]
                        for _extra in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                            candidate = rng.choice(neighbours)
                            if candidate not in linked:
                                linked.append(candidate)
                        lead_country = primary.country_id
                        title = f"{ref.substance_names[primary.substance]} trafficking case {index + 1}"
                        first_day = max(seizure.day for seizure in linked)
                    else:
                        lead_country = self.country()
                        first_day = self.recent_day()
                    opened = min(first_day + int(rng.expovariate(1 / 30)), self.today)
                    stage = stages[index]
                    closed = None
                    if stage in _DECIDED_STAGES:
                        closed = opened + rng.randint(90, 1200)
                        closed = closed if closed <= self.today else rng.randint(opened, self.today)
                    arrests = sum(seizure.arrests for seizure in linked) + (
                        rng.randint(1, 4) if stage != Case.Stage.INVESTIGATION else 0
                    )
                    convictions = rng.randint(1, max(1, arrests)) if stage == Case.Stage.CONVICTED else 0
                    assets = (
                        f"{rng.lognormvariate(math.log(50_000), 1.5):.2f}" if rng.random() < 0.25 else "0"
                    )
                    agency = (
                        self.agency(lead_country, _CASE_AGENCY_CATEGORIES) if rng.random() < 0.7 else None
                    )
                    involved = {lead_country}
                    for seizure in linked:
                        route = (seizure.country_id, seizure.origin_id, seizure.destination_id)
                        involved.update(country_id for country_id in route if country_id)
                    country_lines.extend(f"{case_id}\t{country_id}\n" for country_id in involved)
                    seizure_lines.extend(f"{case_id}\t{seizure.id}\n" for seizure in linked)
                    created, updated = self.stamps(opened)
                    flags = ["t" if rng.random() < chance else "f" for chance in (0.15, 0.25, 0.05)]
                    yield (
                        f"{case_id}\t{created}\t{updated}\tt\t{self.prefix}-C-{index + 1:07d}\t"
                        f"{title} ({ref.country_names[lead_country]})\t{stage}\t"
                        f"{self.day_text[opened]}\t{NULL if closed is None else self.day_text[closed]}\t"
                        f"{flags[0]}\t{flags[1]}\t{flags[2]}\t{arrests}\t{convictions}\t{assets}\t\t\t"
                        f"{_id(agency)}\t{lead_country}\n"
                    )

            self.loader.copy(table, columns, lines(), total=total)
            if country_lines:
                self.loader.copy(countries_table, countries_columns, country_lines, total=None)
            if seizure_lines:
                self.loader.copy(seizures_table, seizures_columns, seizure_lines, total=None)


def _run_prefix() -> str:
    """A prefix no earlier run and no demo record uses, so that running again adds a second set."""
    while True:
        prefix = f"SCALE-{secrets.token_hex(4).upper()}"
        taken = (
            Seizure.objects.filter(reference__startswith=prefix).exists()
            or Case.objects.filter(reference__startswith=prefix).exists()
            or Operation.objects.filter(code_name__startswith=prefix).exists()
            or Person.objects.filter(email__startswith=prefix.lower()).exists()
        )
        if not taken:
            return prefix


def synthetic_generate(
    *,
    activities: int,
    people: int,
    participations: int,
    seizures: int,
    cases: int,
    batch_size: int = 50_000,
    seed: int = 0,
    progress: Progress | None = None,
) -> SyntheticSummary:
    """Add a scale data set of synthetic records to the reference data that `load_demo` loaded.

    All of it is written in one transaction: a run either adds a whole, consistent set or nothing,
    so a failure never leaves activities without their participations or seizures without cases.
    """
    for name, value in {
        "activities": activities,
        "people": people,
        "participations": participations,
        "seizures": seizures,
        "cases": cases,
    }.items():
        if value < 0:
            raise ValueError(f"{name} cannot be negative.")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    if participations > activities * people:
        raise ValueError("There are more participations than people could attend the activities once each.")

    started = time.perf_counter()
    reference = _reference()
    if seizures and not reference.substance_ids:
        raise ValueError("There are no substances: run `manage.py load_demo` first.")
    summary = SyntheticSummary(prefix=_run_prefix())
    # No audit trail: synthetic benchmark data has no author whose change needs auditing. The
    # switch is transaction-local, set by the first statement below, so the COPYs see it too.
    with pgtrigger.ignore(), transaction.atomic(), connection.cursor() as cursor:
        # Check each batch's foreign keys when its COPY ends, not all at commit: the queue of
        # pending checks stays one batch long, and a bad row fails the batch that wrote it.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        loader = _Loader(cursor, summary=summary, batch_size=batch_size, progress=progress)
        generator = _Generator(
            reference=reference, loader=loader, rng=random.Random(seed), prefix=summary.prefix
        )
        generator.plan_people(people)
        generator.plan_activities(activities, participations)
        generator.write_activities()
        generator.write_operations()
        generator.write_people()
        generator.write_participations(participations)
        generator.write_seizures(seizures, sampled=min(seizures, cases * SEIZURES_SAMPLED_PER_CASE))
        generator.write_cases(cases)
        # Back to how Django declares its foreign keys, for whatever else runs in an outer transaction.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        committing = time.perf_counter()
    summary.commit_seconds = time.perf_counter() - committing
    data_version_bump()

    analyzing = time.perf_counter()
    with connection.cursor() as cursor:
        # The planner's statistics describe the new sizes before any benchmark runs.
        for table in summary.tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    summary.analyze_seconds = time.perf_counter() - analyzing
    summary.seconds = time.perf_counter() - started
    return summary
