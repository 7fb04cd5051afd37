"""Synthetic people: who lives where (planned first, as activities draw on it), then their rows."""

import itertools
from array import array
from collections import defaultdict

from people.models import Person

from .copy_rows import copy_columns, copy_id
from .data import GENDERS, NAMES, PERSON_CATEGORIES
from .generator import Generator


def plan(gen: Generator, count: int) -> None:
    gen.person_country = array("q", gen.countries(count))
    by_country: dict[int, array] = defaultdict(lambda: array("q"))
    for index, country_id in enumerate(gen.person_country):
        by_country[country_id].append(index)
    gen.people_by_country = dict(by_country)


def write(gen: Generator) -> None:
    rng, ref = gen.rng, gen.ref
    table = Person._meta.db_table
    columns = copy_columns(
        "id created_at updated_at is_synthetic first_name last_name gender professional_category"
        " job_title email phone notes agency_id country_id organisation_id"
    )
    total = len(gen.person_country)
    genders = [gender for gender, _weight in GENDERS]
    gender_cum = list(itertools.accumulate(weight for _gender, weight in GENDERS))
    category_cum = list(itertools.accumulate(row[1] for row in PERSON_CATEGORIES))
    for start, count in gen.loader.batches(table, total):
        ids = gen.loader.reserve_ids(table, count)
        gen.person_ids.extend(ids)

        def lines(start=start, ids=ids, count=count):
            gender_draws = rng.choices(genders, cum_weights=gender_cum, k=count)
            category_draws = rng.choices(PERSON_CATEGORIES, cum_weights=category_cum, k=count)
            for offset, person_id in enumerate(ids):
                index = start + offset
                country_id = gen.person_country[index]
                gender = gender_draws[offset]
                category, _weight, job_title, agency_categories = category_draws[offset]
                women, men, surnames = NAMES[ref.country_language[country_id]]
                if gender == Person.Gender.FEMALE or (gender != Person.Gender.MALE and rng.random() < 0.5):
                    first_name = rng.choice(women)
                else:
                    first_name = rng.choice(men)
                last_name = rng.choice(surnames)
                email = f"{gen.email_prefix}-{index + 1:07d}@example.org" if rng.random() < 0.7 else ""
                agency = gen.agency(country_id, agency_categories) if rng.random() < 0.8 else None
                organisation = (
                    rng.choice(ref.office_ids)
                    if category == Person.Category.EXPERT and ref.office_ids and rng.random() < 0.5
                    else None
                )
                created, updated = gen.stamps(gen.recent_day())
                yield (
                    f"{person_id}\t{created}\t{updated}\tt\t{first_name}\t{last_name}\t{gender}\t"
                    f"{category}\t{job_title}\t{email}\t\t\t{copy_id(agency)}\t{country_id}\t"
                    f"{copy_id(organisation)}\n"
                )

        gen.loader.copy(table, columns, lines(), total=total)
