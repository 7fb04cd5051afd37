"""Plausible dates: what a record of the programme can be dated, whatever surface writes it (the
API, the admin, an import, a shell). A date of something that happened (a seizure, a case opened,
a handover) is not in the future and not before the programme's first year; a date that may be
planned (an activity, a phase, an embargo) is not before that year and at most a few years ahead.
Both bounds are settings (`PLAUSIBLE_EARLIEST_DATE`, `PLAUSIBLE_YEARS_AHEAD`).
"""

import datetime

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# What a date field records: something that happened, or something that may be planned.
HAPPENED, PLANNED = "happened", "planned"


def latest_planned_date(today: datetime.date) -> datetime.date:
    years = settings.PLAUSIBLE_YEARS_AHEAD
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def date_error(value: datetime.date | None, kind: str) -> str | None:
    """Why `value` is not a plausible date of this kind; None if it is."""
    if value is None:
        return None
    today = datetime.date.today()
    earliest = settings.PLAUSIBLE_EARLIEST_DATE
    if value < earliest:
        return _("This date is before %(earliest)s, the programme's first year: check the year.") % {
            "earliest": earliest.year
        }
    if kind == HAPPENED and value > today:
        return _("This date is in the future.")
    latest = latest_planned_date(today)
    if kind == PLANNED and value > latest:
        return _("This date is more than %(years)s years ahead (after %(latest)s): check the year.") % {
            "years": settings.PLAUSIBLE_YEARS_AHEAD,
            "latest": date_format(latest, "DATE_FORMAT"),
        }
    return None


def date_errors(record, *, exclude=()) -> dict[str, str]:
    """The implausible dates of `record`, by field: the fields each model class of its hierarchy
    names in `plausible_dates` ({field: HAPPENED or PLANNED})."""
    kinds: dict[str, str] = {}
    for klass in reversed(type(record).__mro__):
        kinds.update(klass.__dict__.get("plausible_dates", {}))
    errors = {}
    for name, kind in kinds.items():
        if name in (exclude or ()):
            continue
        message = date_error(getattr(record, name, None), kind)
        if message:
            errors[name] = message
    return errors
