"""Synthetic operations: the planned activities of kind operation, and their participating countries."""

from activities.models import Activity
from operations.models import Operation, OperationCountry

from .copy_rows import copy_columns, copy_id
from .data import OPERATION_TARGETS
from .generator import Generator


def write(gen: Generator) -> None:
    rng, ref = gen.rng, gen.ref
    plans = [plan for plan in gen.activities if plan.kind == Activity.Kind.OPERATION]
    gen.operations = [(plan.id, plan.start, plan.end, plan.countries) for plan in plans]
    lines = []
    for number, plan in enumerate(plans, start=1):
        created, updated = gen.stamps(plan.start)
        office = rng.choice(ref.office_ids) if ref.office_ids and rng.random() < 0.8 else None
        lines.append(
            f"{created}\t{updated}\t{plan.id}\t{gen.prefix}-OP-{number:05d}\t"
            f"{rng.choice(OPERATION_TARGETS)}\t\t\t{copy_id(office)}\n"
        )
    gen.loader.copy_batches(
        Operation._meta.db_table,
        copy_columns(
            "created_at updated_at activity_id code_name target equipment_provided follow_up"
            " coordinating_office_id"
        ),
        iter(lines),
        total=len(lines),
    )
    lines = []
    for plan in plans:
        for country_id in plan.countries:
            created, updated = gen.stamps(plan.start)
            agency = gen.agency(country_id, ("antinarcotics", "police", "customs"))
            lines.append(f"{created}\t{updated}\t{copy_id(agency)}\t{country_id}\t{plan.id}\n")
    gen.loader.copy_batches(
        OperationCountry._meta.db_table,
        ("created_at", "updated_at", "coordinating_agency_id", "country_id", "operation_id"),
        iter(lines),
        total=len(lines),
    )
