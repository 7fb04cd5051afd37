"""Small-cell suppression of counts of people shown to those who may not see personal data.

A count between 1 and threshold-1 could point at an identifiable officer ("the one woman
prosecutor from X"). Such a cell is shown as "<5" (primary suppression). Because a table comes
with its total, hiding one cell is not enough: the total minus the visible cells would give it
back, so more cells are hidden, smallest first, until the hidden cells add up to at least the
threshold (secondary suppression). If that cannot be reached, the total is hidden too.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Suppressed:
    """A hidden count. `primary`: the count itself is small; otherwise hidden to protect another."""

    primary: bool
    threshold: int

    def __str__(self):
        if self.primary:
            return f"<{self.threshold}"
        return str(_("suppressed"))

    def __eq__(self, other):
        if isinstance(other, str):
            return str(self) == other
        return isinstance(other, Suppressed) and (self.primary, self.threshold) == (
            other.primary,
            other.threshold,
        )

    def __hash__(self):
        return hash((self.primary, self.threshold))


Count = int | Suppressed
K = TypeVar("K", bound=Hashable)


def threshold_setting() -> int:
    return settings.SMALL_CELL_THRESHOLD


def suppress_count(value: int, *, threshold: int | None = None) -> Count:
    """One count shown alone: hidden when between 1 and threshold-1."""
    threshold = threshold or threshold_setting()
    return Suppressed(primary=True, threshold=threshold) if 0 < value < threshold else value


def suppress_table(
    cells: Mapping[K, int], *, total: int | None = None, threshold: int | None = None
) -> tuple[dict[K, Count], Count | None]:
    """Cells of one breakdown and their total, with primary and secondary suppression applied.

    `total` defaults to the sum of the cells (a breakdown whose total is shown elsewhere must pass
    that total, e.g. distinct people when a person may count in several cells).
    """
    threshold = threshold or threshold_setting()
    total = sum(cells.values()) if total is None else total
    hidden = {key for key, value in cells.items() if 0 < value < threshold}
    if hidden:
        candidates = sorted(
            (value, index, key)
            for index, (key, value) in enumerate(cells.items())
            if value > 0 and key not in hidden
        )
        while sum(cells[key] for key in hidden) < threshold and candidates:
            hidden.add(candidates.pop(0)[2])
    shown: dict[K, Count] = {
        key: Suppressed(primary=0 < value < threshold, threshold=threshold) if key in hidden else value
        for key, value in cells.items()
    }
    shown_total: Count = total
    if 0 < total < threshold or (hidden and sum(cells[key] for key in hidden) < threshold):
        shown_total = Suppressed(primary=0 < total < threshold, threshold=threshold)
    return shown, shown_total
