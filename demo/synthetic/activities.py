"""Synthetic activities: planned (kind, dates, countries, how many attend), then written with their
countries and pillars."""

import itertools

from activities.models import Activity

from .copy_rows import NULL, copy_columns, copy_id
from .data import (
    ACTIVITY_KINDS,
    KIND_TITLES,
    MODALITIES,
    OPERATION_DAYS,
    OPERATION_NAMES,
    OPERATION_PARTICIPANTS,
    OPERATION_SHARE,
    STATUSES,
    TOPICS,
)
from .generator import ActivityPlan, Generator


def plan(gen: Generator, count: int, participations: int) -> None:
    rng = gen.rng
    operation_count = min(count, max(1, round(count * OPERATION_SHARE))) if count else 0
    operation_indices = set(rng.sample(range(count), operation_count))
    kinds = rng.choices(ACTIVITY_KINDS, weights=[kind[1] for kind in ACTIVITY_KINDS], k=count)
    mean_participants = []
    for index, kind_row in enumerate(kinds):
        if index in operation_indices:
            kind, shortest, longest, mean = (
                Activity.Kind.OPERATION,
                *OPERATION_DAYS,
                OPERATION_PARTICIPANTS,
            )
        else:
            kind, _weight, shortest, longest, mean = kind_row
        start = gen.recent_day()
        end = min(start + rng.randint(shortest, longest) - 1, gen.today)
        if start + longest - 1 > gen.today and end == gen.today:
            status = Activity.Status.ONGOING
        elif kind == Activity.Kind.OPERATION:
            status = Activity.Status.COMPLETED  # an operation on record took place: it has seizures
        else:
            status = rng.choices(STATUSES, weights=(95, 3, 2))[0]
        if kind == Activity.Kind.OPERATION:
            modality = Activity.Modality.IN_PERSON
        else:
            modality = rng.choices(MODALITIES, weights=(80, 12, 8))[0]
        gen.activities.append(
            ActivityPlan(
                kind=kind,
                start=start,
                end=end,
                status=status,
                modality=modality,
                countries=activity_countries(gen, kind),
                participants=0,
            )
        )
        held = status not in (Activity.Status.CANCELLED, Activity.Status.POSTPONED)
        mean_participants.append(mean * rng.uniform(0.4, 1.6) if held else 0.0)
    share_participations(gen, participations, mean_participants)


def activity_countries(gen: Generator, kind: str) -> list[int]:
    rng = gen.rng
    draw = rng.random()
    if kind == Activity.Kind.OPERATION:
        wanted = rng.randint(2, 8)
    elif draw < 0.55:
        return [gen.country()]
    elif draw < 0.9:
        wanted = rng.randint(2, 6)
    else:
        wanted = rng.randint(3, 10)
    first = gen.country()
    zone = gen.ref.country_zone[first]
    chosen = [first]
    for candidate in gen.countries(wanted * 4):
        if len(chosen) == wanted:
            break
        if candidate not in chosen and (draw >= 0.9 or gen.ref.country_zone[candidate] == zone):
            chosen.append(candidate)
    return chosen


def share_participations(gen: Generator, total: int, weights: list[float]) -> None:
    """Share `total` among the activities in proportion to their weights, each within the people."""
    people = len(gen.person_country)
    if total == 0:
        return
    if not any(weights):
        weights = [1.0] * len(weights)
    weight_sum = sum(weights)
    for plan, weight in zip(gen.activities, weights, strict=True):
        plan.participants = min(people, int(total * weight / weight_sum))
    missing = total - sum(plan.participants for plan in gen.activities)
    order = [plan for plan, weight in zip(gen.activities, weights, strict=True) if weight]
    order += [plan for plan, weight in zip(gen.activities, weights, strict=True) if not weight]
    while missing:
        for plan in order:
            if missing and plan.participants < people:
                plan.participants += 1
                missing -= 1
    for plan in gen.activities:
        cover_participants(gen, plan)


def cover_participants(gen: Generator, plan: ActivityPlan) -> None:
    """Whoever attends brings their country in: add countries until they have enough people."""
    pooled = sum(len(gen.people_by_country.get(country_id, ())) for country_id in plan.countries)
    if pooled >= plan.participants:
        return
    home_zone = gen.ref.country_zone[plan.countries[0]]
    others = [country_id for country_id in gen.people_by_country if country_id not in plan.countries]
    gen.rng.shuffle(others)
    others.sort(key=lambda country_id: gen.ref.country_zone[country_id] != home_zone)  # neighbours first
    for country_id in others:
        plan.countries.append(country_id)
        pooled += len(gen.people_by_country[country_id])
        if pooled >= plan.participants:
            return


def write(gen: Generator) -> None:
    rng, ref = gen.rng, gen.ref
    table = Activity._meta.db_table
    columns = copy_columns(
        "id created_at updated_at is_synthetic kind title status start_date end_date venue"
        " modality scope description outcomes reported_participants source_url host_country_id"
        " lead_office_id"
    )
    operation_number = itertools.count(1)
    for start, count in gen.loader.batches(table, len(gen.activities)):
        plans = gen.activities[start : start + count]
        for plan, activity_id in zip(plans, gen.loader.reserve_ids(table, count), strict=True):
            plan.id = activity_id

        def lines(plans=plans):
            for plan in plans:
                created, updated = gen.stamps(max(plan.start - rng.randint(0, 60), 0))
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
                    title = f"Operation {rng.choice(OPERATION_NAMES)} {next(operation_number)}"
                else:
                    where = ref.country_names[plan.countries[0]] if scope == "national" else "regional"
                    title = f"{KIND_TITLES[plan.kind]} on {rng.choice(TOPICS)} ({where})"
                reported = (
                    str(max(0, plan.participants + rng.randint(-3, 5)))
                    if plan.participants and rng.random() < 0.5
                    else NULL
                )
                office = rng.choice(ref.office_ids) if ref.office_ids and rng.random() < 0.6 else None
                yield (
                    f"{plan.id}\t{created}\t{updated}\tt\t{plan.kind}\t{title}\t{plan.status}\t"
                    f"{gen.day_text[plan.start]}\t{gen.day_text[plan.end]}\t\t{plan.modality}\t"
                    f"{scope}\t\t\t{reported}\t\t{copy_id(host)}\t{copy_id(office)}\n"
                )

        gen.loader.copy(table, columns, lines(), total=len(gen.activities))

    write_links(gen)


def write_links(gen: Generator) -> None:
    rng = gen.rng
    countries = Activity.countries.field
    gen.loader.copy_batches(
        countries.remote_field.through._meta.db_table,
        (countries.m2m_column_name(), countries.m2m_reverse_name()),
        (f"{plan.id}\t{country_id}\n" for plan in gen.activities for country_id in plan.countries),
        total=sum(len(plan.countries) for plan in gen.activities),
    )
    if not gen.ref.pillar_ids:
        return
    pillars = Activity.pillars.field
    chosen = [
        rng.sample(gen.ref.pillar_ids, min(len(gen.ref.pillar_ids), rng.choice((1, 1, 2, 2, 3))))
        for _plan in gen.activities
    ]
    gen.loader.copy_batches(
        pillars.remote_field.through._meta.db_table,
        (pillars.m2m_column_name(), pillars.m2m_reverse_name()),
        (
            f"{plan.id}\t{pillar_id}\n"
            for plan, pillar_ids in zip(gen.activities, chosen, strict=True)
            for pillar_id in pillar_ids
        ),
        total=sum(map(len, chosen)),
    )
