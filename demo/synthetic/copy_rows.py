"""COPY plumbing: rows streamed from generators into COPY statements, with time and rows per table."""

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model

Progress = Callable[[str, int, int], None]

NULL = "\\N"
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


# --- COPY plumbing -------------------------------------------------------------------------------


def copy_text(value: str) -> str:
    """Escape a database-sourced string for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_columns(names: str) -> tuple[str, ...]:
    """The columns of a COPY, in the order its lines give the values."""
    return tuple(names.split())


def copy_id(value: int | None) -> str:
    return NULL if value is None else str(value)


class LineStream:
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


class CopyLoader:
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
        stream = LineStream(lines)
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
