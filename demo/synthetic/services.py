"""`synthetic_generate`: one run, in one transaction, its record types in the order of their draws."""

import random
import secrets
import time

import pgtrigger
from django.db import connection, transaction

from core.datacache import data_version_bump
from operations.models import Case, Operation, Seizure
from people.models import Person

from . import activities as activities_module
from . import cases as cases_module
from . import operations as operations_module
from . import participations as participations_module
from . import people as people_module
from . import seizures as seizures_module
from .copy_rows import CopyLoader, Progress, SyntheticSummary
from .data import SEIZURES_SAMPLED_PER_CASE
from .generator import Generator
from .reference import reference_load


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
    reference = reference_load()
    if seizures and not reference.substance_ids:
        raise ValueError("There are no substances: run `manage.py load_demo` first.")
    summary = SyntheticSummary(prefix=_run_prefix())
    # No audit trail: synthetic benchmark data has no author whose change needs auditing. The
    # switch is transaction-local, set by the first statement below, so the COPYs see it too.
    with pgtrigger.ignore(), transaction.atomic(), connection.cursor() as cursor:
        # Check each batch's foreign keys when its COPY ends, not all at commit: the queue of
        # pending checks stays one batch long, and a bad row fails the batch that wrote it.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        loader = CopyLoader(cursor, summary=summary, batch_size=batch_size, progress=progress)
        generator = Generator(
            reference=reference, loader=loader, rng=random.Random(seed), prefix=summary.prefix
        )
        # The order of the draws: the same seed gives the same content.
        people_module.plan(generator, people)
        activities_module.plan(generator, activities, participations)
        activities_module.write(generator)
        operations_module.write(generator)
        people_module.write(generator)
        participations_module.write(generator, participations)
        seizures_module.write(generator, seizures, sampled=min(seizures, cases * SEIZURES_SAMPLED_PER_CASE))
        cases_module.write(generator, cases)
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
