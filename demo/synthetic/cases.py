"""Synthetic cases, each opened after the seizures it links (those kept aside by seizures.py)."""

import math
from collections import defaultdict

from operations.models import Case

from .copy_rows import NULL, copy_columns, copy_id
from .data import CASE_AGENCY_CATEGORIES, CASE_STAGES, DECIDED_STAGES
from .generator import Generator


def write(gen: Generator, total: int) -> None:
    rng, ref = gen.rng, gen.ref
    table = Case._meta.db_table
    columns = copy_columns(
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
    sampled = gen.sampled_seizures
    rng.shuffle(sampled)
    sampled_by_country = defaultdict(list)
    for seizure in sampled:
        sampled_by_country[seizure.country_id].append(seizure)
    stages = rng.choices(
        [stage for stage, _weight in CASE_STAGES], weights=[w for _stage, w in CASE_STAGES], k=total
    )
    for reported in (table, countries_table, seizures_table):
        gen.loader.load(reported)
    for start, count in gen.loader.batches(table, total):
        ids = gen.loader.reserve_ids(table, count)
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
                    lead_country = gen.country()
                    first_day = gen.recent_day()
                opened = min(first_day + int(rng.expovariate(1 / 30)), gen.today)
                stage = stages[index]
                closed = None
                if stage in DECIDED_STAGES:
                    closed = opened + rng.randint(90, 1200)
                    closed = closed if closed <= gen.today else rng.randint(opened, gen.today)
                arrests = sum(seizure.arrests for seizure in linked) + (
                    rng.randint(1, 4) if stage != Case.Stage.INVESTIGATION else 0
                )
                convictions = rng.randint(1, max(1, arrests)) if stage == Case.Stage.CONVICTED else 0
                assets = f"{rng.lognormvariate(math.log(50_000), 1.5):.2f}" if rng.random() < 0.25 else "0"
                agency = gen.agency(lead_country, CASE_AGENCY_CATEGORIES) if rng.random() < 0.7 else None
                involved = {lead_country}
                for seizure in linked:
                    route = (seizure.country_id, seizure.origin_id, seizure.destination_id)
                    involved.update(country_id for country_id in route if country_id)
                country_lines.extend(f"{case_id}\t{country_id}\n" for country_id in involved)
                seizure_lines.extend(f"{case_id}\t{seizure.id}\n" for seizure in linked)
                created, updated = gen.stamps(opened)
                flags = ["t" if rng.random() < chance else "f" for chance in (0.15, 0.25, 0.05)]
                yield (
                    f"{case_id}\t{created}\t{updated}\tt\t{gen.prefix}-C-{index + 1:07d}\t"
                    f"{title} ({ref.country_names[lead_country]})\t{stage}\t"
                    f"{gen.day_text[opened]}\t{NULL if closed is None else gen.day_text[closed]}\t"
                    f"{flags[0]}\t{flags[1]}\t{flags[2]}\t{arrests}\t{convictions}\t{assets}\t\t\t"
                    f"{copy_id(agency)}\t{lead_country}\n"
                )

        gen.loader.copy(table, columns, lines(), total=total)
        if country_lines:
            gen.loader.copy(countries_table, countries_columns, country_lines, total=None)
        if seizure_lines:
            gen.loader.copy(seizures_table, seizures_columns, seizure_lines, total=None)
