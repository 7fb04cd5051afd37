"""A scale database for benchmarks: many plausible synthetic records, written with PostgreSQL COPY.

Every row is flagged `is_synthetic` and its references carry a run prefix (`SCALE-<token>-…`), so a
second run adds a second set beside the first and the demo data is never touched. The rows go in
through COPY, one statement per batch, streamed from generators so that memory stays flat; the
database's own CHECK, UNIQUE and foreign-key constraints validate every one of them.

The package: `services.py` runs it; one module per record type (people, activities, operations,
participations, seizures, cases) plans and writes its rows; `data.py` holds what they are drawn
from; `reference.py` reads the reference data once; `copy_rows.py` streams rows into COPY;
`generator.py` holds the run's state and the draws every record type uses.
"""

from .copy_rows import SyntheticSummary, TableLoad
from .services import synthetic_generate

__all__ = ["SyntheticSummary", "TableLoad", "synthetic_generate"]
