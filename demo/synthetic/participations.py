"""Synthetic participations: each activity's attendance drawn from its countries' people."""

import bisect
import itertools
from array import array
from collections.abc import Iterator

from people.models import Participation

from .copy_rows import NULL, copy_columns, copy_id
from .data import ROLES, SCORED_KINDS
from .generator import Generator


def write(gen: Generator, total: int) -> None:
    columns = copy_columns(
        "created_at updated_at is_synthetic role days_attended pre_test_score post_test_score"
        " completed activity_id person_id"
    )
    gen.loader.copy_batches(Participation._meta.db_table, columns, participation_lines(gen), total=total)


def participation_lines(gen: Generator) -> Iterator[str]:
    rng = gen.rng
    roles = [role for role, _weight in ROLES]
    role_cum = list(itertools.accumulate(weight for _role, weight in ROLES))
    for plan in gen.activities:
        if not plan.participants:
            continue
        pools = [gen.people_by_country.get(country_id, array("q")) for country_id in plan.countries]
        bounds = list(itertools.accumulate(len(pool) for pool in pools))
        duration = plan.end - plan.start + 1
        scored = plan.kind in SCORED_KINDS
        created, updated = gen.stamps(plan.end)
        role_draws = rng.choices(roles, cum_weights=role_cum, k=plan.participants)
        # Distinct positions in the activity's countries' people: each person attends once.
        for position, role in zip(rng.sample(range(bounds[-1]), plan.participants), role_draws, strict=True):
            pool_index = bisect.bisect_right(bounds, position)
            offset = position - (bounds[pool_index - 1] if pool_index else 0)
            person_id = gen.person_ids[pools[pool_index][offset]]
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
                f"{created}\t{updated}\tt\t{role}\t{copy_id(days)}\t{pre_text}\t{post_text}\t"
                f"{completed}\t{plan.id}\t{person_id}\n"
            )
