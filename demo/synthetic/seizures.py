"""Synthetic seizures, a share of them in the operations and some kept aside for the cases."""

import itertools
import math
from collections.abc import Iterator
from decimal import Decimal

from operations.calculations import seizure_mass_kg
from operations.models import Seizure

from .copy_rows import NULL, copy_columns, copy_id
from .data import (
    DETECTIONS,
    FOLLOW_UPS,
    LARGEST_QUANTITY,
    PLACES,
    SEIZURES_IN_OPERATIONS,
    SEIZURES_WITH_TRANSIT,
    UNITS,
)
from .generator import Generator, SampledSeizure


def write(gen: Generator, total: int, *, sampled: int) -> None:
    table = Seizure._meta.db_table
    columns = copy_columns(
        "id created_at updated_at is_synthetic reference date place location quantity unit"
        " mass_kg mass_status conveyance detection arrests follow_up follow_up_notes notes"
        " country_id destination_country_id operation_id origin_country_id substance_id"
    )
    transit = Seizure.transit_countries.field
    transit_table = transit.remote_field.through._meta.db_table
    transit_columns = (transit.m2m_column_name(), transit.m2m_reverse_name())
    sampled_indices = set(gen.rng.sample(range(total), sampled))
    for start, count in gen.loader.batches(table, total):
        ids = gen.loader.reserve_ids(table, count)
        transit_lines: list[str] = []
        lines = seizure_lines(gen, start, ids, sampled_indices, transit_lines)
        gen.loader.copy(table, columns, lines, total=total)
        if transit_lines:
            gen.loader.copy(transit_table, transit_columns, transit_lines, total=None)
    gen.loader.load(transit_table)


def seizure_lines(
    gen: Generator, start: int, ids: list[int], sampled_indices: set[int], transit_lines: list[str]
) -> Iterator[str]:
    rng, ref = gen.rng, gen.ref
    count = len(ids)
    status_text = {status: str(status.value) for status in Seizure.MassStatus}
    units = rng.choices(UNITS, weights=[row[1] for row in UNITS], k=count)
    places = rng.choices(PLACES, weights=[row[2] for row in PLACES], k=count)
    detections = rng.choices([row[0] for row in DETECTIONS], weights=[row[1] for row in DETECTIONS], k=count)
    follow_ups = rng.choices([row[0] for row in FOLLOW_UPS], weights=[row[1] for row in FOLLOW_UPS], k=count)
    countries = gen.countries(count)
    substance_cum = substance_cum_weights(gen)
    substance_indices = range(len(ref.substance_ids))
    operations = gen.operations
    sources = ref.source_ids or ref.country_ids
    destinations = ref.destination_ids or ref.country_ids
    transits = ref.transit_ids or ref.country_ids
    for offset, seizure_id in enumerate(ids):
        index = start + offset
        unit, _weight, median, spread, whole = units[offset]
        operation = rng.choice(operations) if operations and rng.random() < SEIZURES_IN_OPERATIONS else None
        if operation is None:
            operation_id, country_id, day = None, countries[offset], gen.recent_day()
        else:
            operation_id, first, last, operation_countries = operation
            country_id, day = rng.choice(operation_countries), rng.randint(first, last)
        quantity = min(rng.lognormvariate(math.log(median), spread), LARGEST_QUANTITY)
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
        created, updated = gen.stamps(day)
        if rng.random() < SEIZURES_WITH_TRANSIT:
            route = {rng.choice(transits) for _hop in range(rng.choice((1, 1, 1, 2, 2, 3)))}
            route.discard(country_id)
            transit_lines.extend(f"{seizure_id}\t{hop}\n" for hop in route)
        if index in sampled_indices:
            gen.sampled_seizures.append(
                SampledSeizure(seizure_id, country_id, day, origin, destination, arrests, substance)
            )
        yield (
            f"{seizure_id}\t{created}\t{updated}\tt\t{gen.prefix}-S-{index + 1:08d}\t"
            f"{gen.day_text[day]}\t{place}\t\t{quantity_text}\t{unit}\t"
            f"{NULL if mass.kg is None else mass.kg}\t{status_text[mass.status]}\t{conveyance}\t"
            f"{detections[offset]}\t{arrests}\t{follow_ups[offset]}\t\t\t{country_id}\t"
            f"{copy_id(destination)}\t{copy_id(operation_id)}\t{copy_id(origin)}\t{ref.substance_ids[substance]}\n"
        )


def substance_cum_weights(gen: Generator) -> dict[str, list[float]]:
    """Counts mostly of substances with a mass per unit, volumes mostly of those with a density."""
    ref = gen.ref
    by_unit = {}
    for unit, *_rest in UNITS:
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
