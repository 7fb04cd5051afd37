"""A hidden count of people, as every surface shows it ("<5").

A count between 1 and threshold-1 could point at an identifiable officer ("the one woman
prosecutor from X"): whoever may not see personal data never sees it. Which counts are hidden and
how the others are perturbed so that differences of answers do not give a small one back is
`core.disclosure`'s.
"""

from dataclasses import dataclass

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


def threshold_setting() -> int:
    return settings.SMALL_CELL_THRESHOLD
