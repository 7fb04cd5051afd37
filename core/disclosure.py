"""Disclosure control of counts of people shown to principals who may not see personal data: the
cell-key method of the Australian Bureau of Statistics and the UK Office for National Statistics.

Hiding small counts alone does not protect them: two allowed answers, each large, give a small one
back by subtraction (women trained over all dates minus women trained since a date; all kinds of
activity minus the others; a total minus its cells). So every count of people such a principal
sees is perturbed, and the perturbation is tied to the people counted, not to the question:

- each person (each participation, each typed figure) has a fixed *record key*, 0-255, from a
  keyed hash of its id and `settings.DISCLOSURE_KEY`, computed in SQL in the same aggregate as the
  count, so it costs no query;
- a cell's key is the sum of its records' keys modulo 256: the same set of people always has the
  same cell key, however the question that selected it was worded;
- the perturbation table gives, from the count and the cell key, a noise of -DISCLOSURE_MAX_NOISE
  to +DISCLOSURE_MAX_NOISE: the same set of people always gets the same figure, so asking again
  or asking in other words averages nothing away;
- a count from 1 to threshold-1 is never shown, perturbed or not ("<5"), and a perturbed count
  never falls below the threshold, so a shown number never looks like a small cell; zero stays
  zero (nobody to protect).

A difference of two answers is then the true difference plus the difference of two independent
noises: subtracting gives a range, never an exact small count. Totals are cells of their own
(perturbed from their own people), so breakdowns no longer add up exactly to them, and no
secondary suppression is needed. Staff who may see personal data get exact figures.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings
from django.db.models import Expression, F, IntegerField, Sum
from django.db.models.expressions import Func

from core.access import can_see_personal_data
from core.suppression import Suppressed

# Cell keys range over 0..TABLE_SIZE-1, as the ABS's and the ONS's tables do.
TABLE_SIZE = 256
# The record key is a keyed universal hash, ((id * a + b) mod p * c + d) mod p mod 256, in integer
# arithmetic: an md5 per row would cost about a second per million participations, this almost
# nothing. p is the largest prime below 2**32; a and c below 2**31 keep every product in a bigint
# for ids below 2**32.
_PRIME = 4_294_967_291
# Mixes the count into the table's index, so that two counts of one set of people (impossible
# today, but a staff edit changes a typed figure) do not move in step.
_VALUE_STRIDE = 157

Count = int | Suppressed


@functools.cache
def _hash_constants(secret: str, namespace: str) -> tuple[int, int, int, int]:
    """The four constants of a namespace's hash, derived from the secret (never shown, never stored)."""
    digest = hmac.new(secret.encode(), f"crimjust-disclosure:{namespace}".encode(), hashlib.sha256).digest()
    words = [int.from_bytes(digest[index : index + 8], "big") for index in range(0, 32, 8)]
    a, b, c, d = words
    return 1 + a % (2**31 - 1), b % _PRIME, 1 + c % (2**31 - 1), d % _PRIME


def _constants(namespace: str) -> tuple[int, int, int, int]:
    return _hash_constants(settings.DISCLOSURE_KEY, namespace)


def record_key(record_id: int, namespace: str) -> int:
    """A record's key (0..255), as `RecordKey` computes it in SQL."""
    a, b, c, d = _constants(namespace)
    return (((record_id * a + b) % _PRIME) * c + d) % _PRIME % TABLE_SIZE


class RecordKey(Func):
    """A record's key in SQL, from its id (an integer column) and the namespace of its records."""

    output_field = IntegerField()

    def __init__(self, expression, *, namespace: str):
        self.namespace = namespace
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        # The constants are integers of our own making: written as literals they leave the
        # statement's parameters, and so its plan, as they were.
        a, b, c, d = (int(value) for value in _constants(self.namespace))
        # "%%%%": the template's formatting halves it, the driver's parameters halve it again.
        hashed = f"(((%(expressions)s)::bigint * {a} + {b}) %%%% {_PRIME})"
        template = f"(({hashed} * {c} + {d}) %%%% {_PRIME}) %%%% {TABLE_SIZE}"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def people_cell_key(person_field: str = "person") -> Expression:
    """The cell key of the distinct people at `person_field`: the sum of their record keys, each
    person once however many rows they have (reduced modulo 256 by `cell_key_value`).

    Summed DISTINCT over id * 256 + key, which is unique per person: a DISTINCT over the keys
    alone would count two people with the same key once."""
    return Sum(
        F(person_field) * TABLE_SIZE + RecordKey(person_field, namespace="person"),
        distinct=True,
        output_field=IntegerField(),
    )


def rows_cell_key(id_field: str = "pk", *, namespace: str) -> Expression:
    """The cell key of counted rows (participations): the sum of their record keys."""
    return Sum(RecordKey(id_field, namespace=namespace), output_field=IntegerField())


def cell_key_value(summed) -> int:
    """A cell key from its SQL sum (None for an empty cell; a numeric, from a sum of bigints)."""
    return int(summed or 0) % TABLE_SIZE


@functools.cache
def _perturbation_table(max_noise: int) -> tuple[int, ...]:
    """TABLE_SIZE noises from -max_noise to +max_noise, symmetric (mean zero), each half as likely
    as the next one nearer zero; spread over the table so that neighbouring keys differ."""
    noises = range(-max_noise, max_noise + 1)
    weights = {noise: 2 ** (max_noise - abs(noise)) for noise in noises}
    total = sum(weights.values())
    counts = {noise: TABLE_SIZE * weight // total for noise, weight in weights.items()}
    counts[0] += TABLE_SIZE - sum(counts.values())
    table = [noise for noise in noises for _ in range(counts[noise])]
    # A fixed interleaving (97 is prime to 256): consecutive keys get unrelated noises.
    return tuple(table[(index * 97) % TABLE_SIZE] for index in range(TABLE_SIZE))


def perturbed(value: int, cell_key: int) -> Count:
    """A count of people as one who may not see personal data sees it: 0 as 0, 1 to threshold-1
    hidden ("<5"), larger counts moved by the noise of their cell, never below the threshold."""
    threshold = settings.SMALL_CELL_THRESHOLD
    if value <= 0:
        return 0
    if value < threshold:
        return Suppressed(primary=True, threshold=threshold)
    table = _perturbation_table(settings.DISCLOSURE_MAX_NOISE)
    noise = table[(cell_key + _VALUE_STRIDE * value) % TABLE_SIZE]
    return max(value + noise, threshold)


def figure_perturbed(value: int | None, *, key: int, namespace: str) -> Count | None:
    """A count of people shown without the people behind it at hand (a count typed by staff, a
    record's own figure), as one who may not see personal data sees it: its cell key is the record
    key of `key` in the figure's namespace, so the same figure of the same record always gets the
    same noise."""
    if value is None:
        return None
    return perturbed(value, record_key(key, namespace))


def figure_shown(principal, value: int | None, *, key: int, namespace: str) -> int | str | None:
    """Such a figure as an answer gives it to `principal`: exact to whoever may see personal data,
    otherwise perturbed (`figure_perturbed`), a hidden count as its token ("<5")."""
    if principal is not None and can_see_personal_data(principal):
        return value
    shown = figure_perturbed(value, key=key, namespace=namespace)
    return str(shown) if isinstance(shown, Suppressed) else shown
