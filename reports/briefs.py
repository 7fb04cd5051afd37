"""The first page of each report: what a reader with two minutes takes away — what the programme
did, the few figures that matter, highlights written from the records, and what comes next.

A `Brief` is format-neutral like the rest of a document (reports.documents): the PDF sets it as
its first page (with the country's map), the workbook as its first sheets. Every figure and every
sentence is written from the figures the document's builder already drew through the shared
selectors as the requester, so the brief never says more than the tables behind it (a mission
reads "<5" where a count of people is small) and always the same as the dashboards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import formatting
from core.suppression import Suppressed


@dataclass
class Brief:
    kicker: str  # what the document is ("Country brief")
    heading: str  # whom or what it is about ("Peru")
    period: str
    lead: str  # one paragraph: what the programme did
    figures: list[tuple[str, object, str]]  # (label, value, type): three to five
    highlights: list[str] = field(default_factory=list)
    next_heading: str = ""
    # What comes next: [title, kind, start date, countries] of planned activities.
    next_rows: list[list] = field(default_factory=list)
    next_empty: str = ""
    map_code: str = ""  # the ISO numeric code of the country to map
    map_title: str = ""
    note: str = ""


# --- words -----------------------------------------------------------------------------------------


def figure(value) -> str:
    """A count in a sentence: grouped by the language; a hidden count as its text ("<5")."""
    return formatting.number(value)


def kilograms(value) -> str:
    return formatting.mass(value if value is not None else Decimal(0))


def month(value: datetime.date | None) -> str:
    return date_format(value, "YEAR_MONTH_FORMAT", use_l10n=True) if value else ""


def join(items: list[str]) -> str:
    """ "a, b and c" in the active language."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Activities of each kind as a person writes them ("3 workshops"); a kind missing here reads as
# "N other activities".
def _kind_count(kind: str, count: int) -> str:
    words = {
        "training": ngettext("%(count)s training", "%(count)s trainings", count),
        "workshop": ngettext("%(count)s workshop", "%(count)s workshops", count),
        "meeting": ngettext("%(count)s meeting or briefing", "%(count)s meetings or briefings", count),
        "case_forum": ngettext("%(count)s case forum", "%(count)s case forums", count),
        "operation": ngettext("%(count)s operation", "%(count)s operations", count),
        "mentoring": ngettext("%(count)s mentoring", "%(count)s mentorings", count),
        "equipment_handover": ngettext(
            "%(count)s equipment handover", "%(count)s equipment handovers", count
        ),
        "study_visit": ngettext("%(count)s study visit", "%(count)s study visits", count),
        "conference": ngettext("%(count)s conference", "%(count)s conferences", count),
    }
    text = words.get(kind) or ngettext("%(count)s other activity", "%(count)s other activities", count)
    return text % {"count": figure(count)}


def activities_phrase(by_kind_rows: list[dict], total) -> str:
    """ "16 activities: 8 trainings, 3 workshops, 2 operations and 3 other activities" from the
    rows of `activity_stats` by kind (the three largest kinds named)."""
    rows = sorted((row for row in by_kind_rows if row["count"]), key=lambda row: (-row["count"], row["key"]))
    named = rows[:3]
    rest = sum(row["count"] for row in rows[3:])
    parts = [_kind_count(row["key"], row["count"]) for row in named]
    if rest:
        parts.append(
            ngettext("%(count)s other activity", "%(count)s other activities", rest) % {"count": figure(rest)}
        )
    head = ngettext("%(count)s activity", "%(count)s activities", total if _is_count(total) else 2) % {
        "count": figure(total)
    }
    return f"{head}: {join(parts)}" if parts else head


def trained_sentence(trained_people, women, *, whose: str = "") -> str:
    """Officials trained and how many of them were women (a share only when both counts are
    shown as they are, not hidden or perturbed past meaning)."""
    if trained_people in (0, None):
        return ""
    values = {"trained": figure(trained_people), "women": figure(women), "whose": whose}
    if _is_count(trained_people) and _is_count(women) and trained_people:
        values["share"] = formatting.number(round(100 * women / trained_people))
        if whose:
            return (
                _("%(trained)s officials from %(whose)s were trained, %(women)s of them women (%(share)s%%).")
                % values
            )
        return _("%(trained)s officials were trained, %(women)s of them women (%(share)s%%).") % values
    if whose:
        return _("%(trained)s officials from %(whose)s were trained, %(women)s of them women.") % values
    return _("%(trained)s officials were trained, %(women)s of them women.") % values


def largest_operation_sentence(rows: list[dict], *, country: str = "") -> str:
    """The operation with the most kilograms seized (then the most seizures), from the rows of
    `operation_results_stats`; for a country's brief (`country`: its name) the rows hold that
    country's share of each operation, and the sentence says so."""
    rows = [row for row in rows if _is_count(row["seizures"]) and row["seizures"]]
    if not rows:
        return ""
    row = max(rows, key=lambda row: (row["kg"] or Decimal(0), row["seizures"], row["label"]))
    values = {
        "operation": row["label"],
        "month": month(row["start_date"]),
        "country": country,
        "seizures": ngettext("%(count)s seizure", "%(count)s seizures", row["seizures"])
        % {"count": figure(row["seizures"])},
        "kg": kilograms(row["kg"]),
    }
    if country:
        return (
            _(
                "The largest operation %(country)s took part in: %(operation)s (%(month)s), with "
                "%(seizures)s and %(kg)s seized in %(country)s."
            )
            % values
        )
    countries = len(row["countries"])
    values["countries"] = figure(countries)
    return (
        ngettext(
            "The largest operation: %(operation)s (%(month)s), with %(countries)s country: %(seizures)s, "
            "%(kg)s seized.",
            "The largest operation: %(operation)s (%(month)s), with %(countries)s countries: %(seizures)s, "
            "%(kg)s seized.",
            countries,
        )
        % values
    )


def substance_sentence(rows: list[dict]) -> str:
    """The substance seized the most (by mass), from the rows of `seizure_stats` by substance."""
    rows = [row for row in rows if row["kg"]]
    if not rows:
        return ""
    row = max(rows, key=lambda row: (row["kg"], row["count"]))
    return _("Most seized: %(substance)s, %(kg)s in %(seizures)s.") % {
        "substance": row["label"],
        "kg": kilograms(row["kg"]),
        "seizures": ngettext("%(count)s seizure", "%(count)s seizures", row["count"])
        % {"count": figure(row["count"])},
    }


def funnel_sentence(funnel_rows: list[dict]) -> str:
    """How far the seizures went in court, from the rows of `case_funnel_stats`."""
    reached = {row["key"]: row["count"] for row in funnel_rows}
    seizures = reached.get("seizure", 0)
    if not seizures:
        return ""
    prosecution, conviction = reached.get("prosecution", 0), reached.get("conviction", 0)
    if not prosecution:
        investigation = reached.get("investigation", 0)
        return ngettext(
            "No seizure has reached prosecution yet; %(investigation)s reached an investigation.",
            "No seizure has reached prosecution yet; %(investigation)s reached an investigation.",
            investigation,
        ) % {"investigation": figure(investigation)}
    values = {
        "seizures": ngettext("%(count)s seizure", "%(count)s seizures", seizures)
        % {"count": figure(seizures)},
        "prosecution": figure(prosecution),
        "conviction": figure(conviction),
    }
    if not conviction:
        return (
            ngettext(
                "Of %(seizures)s, %(prosecution)s reached prosecution; none has led to a conviction yet.",
                "Of %(seizures)s, %(prosecution)s reached prosecution; none has led to a conviction yet.",
                prosecution,
            )
            % values
        )
    return (
        ngettext(
            "Of %(seizures)s, %(prosecution)s reached prosecution and %(conviction)s a conviction.",
            "Of %(seizures)s, %(prosecution)s reached prosecution and %(conviction)s a conviction.",
            prosecution,
        )
        % values
    )


def trainings_sentence(trainings, place_names) -> str:
    """The latest trainings held (at most three): their titles and months."""
    if not trainings:
        return ""
    items = []
    for training in trainings:
        place = place_names(training)
        text = f"{training.title} ({place + ', ' if place else ''}{month(training.start_date)})"
        items.append(text)
    return ngettext("Latest training: %(items)s.", "Latest trainings: %(items)s.", len(items)) % {
        "items": "; ".join(items)
    }


def hidden_counts(*values) -> bool:
    return any(isinstance(value, Suppressed) for value in values)
