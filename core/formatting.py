"""Figures, masses and dates as the active language writes them: one way on every surface.

Pages (through the `figures` template filters), the dashboards' scripts (through `number_formats`)
and documents call these; CSVs and the API's JSON never do (they stay machine-readable). Thousands
are always grouped here, whatever USE_THOUSAND_SEPARATOR says (see crimjust/settings/base.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.suppression import Suppressed

# What a page shows for a figure that was not recorded (a seizure whose quantity has no mass).
NOT_RECORDED = "—"


def number(value, *, decimal_pos: int | None = None) -> str:
    """A figure in the active language's separators ("1.875,598" in Spanish); a hidden count as
    its text ("<5"); text as it is; nothing as a dash."""
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, Suppressed | str):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        value = Decimal(str(value))
    return formats.number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def mass(kilograms: Decimal | float | int | None) -> str:
    """A mass in kilograms to the gram ("1 875,598 kg" in French); a dash when none was recorded,
    never "0,000 kg"."""
    if kilograms is None:
        return NOT_RECORDED
    return _("%(kg)s kg") % {"kg": number(kilograms, decimal_pos=3)}


def mass_total(kilograms, not_converted: int) -> str:
    """A total of seizures' masses as a person writes it: "12,500 kg", "12,500 kg, plus 1 seizure
    with no mass conversion", or, when none converts, "no mass conversion for 2 seizures"."""
    if not not_converted:
        return mass(kilograms)
    if kilograms is None:
        return ngettext(
            "no mass conversion for %(count)s seizure",
            "no mass conversion for %(count)s seizures",
            not_converted,
        ) % {"count": number(not_converted)}
    return ngettext(
        "%(kg)s, plus %(count)s seizure with no mass conversion",
        "%(kg)s, plus %(count)s seizures with no mass conversion",
        not_converted,
    ) % {"kg": mass(kilograms), "count": number(not_converted)}


def date(value: datetime.date | None) -> str:
    """A day by the language's DATE_FORMAT ("30 de noviembre de 2021")."""
    if value is None:
        return NOT_RECORDED
    return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


def date_time(value: datetime.datetime | None) -> str:
    """A moment in the site's time zone by the language's DATETIME_FORMAT."""
    if value is None:
        return NOT_RECORDED
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT", use_l10n=True)


def separators() -> dict:
    """The active language's separators, for scripts that format figures themselves."""
    return {
        "decimal": formats.get_format("DECIMAL_SEPARATOR", use_l10n=True),
        "thousands": formats.get_format("THOUSAND_SEPARATOR", use_l10n=True),
    }
