"""Issue 15: disclosure control holds against differencing.

Two allowed answers, each large, used to give a small count of people back by subtraction. For a
principal without personal-data access (the Peru mission) these tests try the three attacks on
every people breakdown (gender, category, country, year; people and participations; officials
trained and people who took part), over many small groups of Peruvians, each alone on its own days:

- date window: the figure from a day on minus the figure from the next day on (and, for the
  earliest group, over all dates minus since the next day: "women trained in Peru over all dates
  minus women trained since a date");
- category complement: all kinds of activity minus every kind but training;
- total minus cells: a breakdown's total minus its other cells.

Each attack is first run as staff, on exact figures: there it gives back every small group, so
the attack is real. Run as the mission, a difference of two perturbed answers is the true count
plus the difference of two independent noises: it may land on the true count by chance, but the
mission cannot tell when, because it is wrong as often as not. A count counts as recovered when
the attack gives it back reliably; the tests fail if any attack does (right in more than 60% of
the groups, where chance alone makes it right about a quarter to a third of the time), or if any
answer shows a count from 1 to 4.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from activities.models import Activity
from core.suppression import Suppressed
from countries.models import Country
from people.models import Participation, Person
from stats.selectors import Stats, StatsFilters, officials_trained_stats, participant_stats
from tests.factories import ActivityFactory
from tests.support.clients import signed_in

pytestmark = pytest.mark.django_db

GROUPS = 24
FIRST_DAY = datetime.date(2016, 1, 4)
# Around each small group, enough people that the other operand of each attack is shown as a number.
CROWD = 6
BREAKDOWNS = ("gender", "category", "country", "year")
MEASURES = ("people", "participations")
FIGURES = {"officials trained": officials_trained_stats, "people who took part": participant_stats}
OTHER_KINDS = tuple(kind for kind in Activity.Kind.values if kind != Activity.Kind.TRAINING)
DAY = datetime.timedelta(days=1)


@dataclasses.dataclass(frozen=True)
class Group:
    """`small` Peruvian women judges trained on `day`, with a crowd of men trained beside them and
    a crowd of women and the same men at a workshop that day; all of them there only."""

    day: datetime.date
    small: int


@pytest.fixture
def groups() -> list[Group]:
    peru = Country.objects.get(iso2="PE")
    days = [FIRST_DAY + 3 * index * DAY for index in range(GROUPS)]
    # The attacks isolate a day: no one else from Peru may take part on those days or before.
    assert not Participation.objects.filter(
        person__country=peru, activity__start_date__lte=days[-1] + 3 * DAY
    ).exists()
    made = []
    for index, day in enumerate(days):
        group = Group(day=day, small=1 + index % (settings.SMALL_CELL_THRESHOLD - 1))
        activity = {"start_date": day, "end_date": day, "host_country": peru, "countries": [peru]}
        training = ActivityFactory(kind=Activity.Kind.TRAINING, **activity)
        workshop = ActivityFactory(kind=Activity.Kind.WORKSHOP, **activity)
        judges = _people(peru, group.small, Person.Gender.FEMALE, Person.Category.JUDGE, f"J{index}")
        men = _people(peru, CROWD, Person.Gender.MALE, Person.Category.POLICE, f"M{index}")
        women = _people(peru, CROWD, Person.Gender.FEMALE, Person.Category.POLICE, f"W{index}")
        Participation.objects.bulk_create(
            [Participation(person=person, activity=training) for person in [*judges, *men]]
            + [Participation(person=person, activity=workshop) for person in [*men, *women]]
        )
        made.append(group)
    with connection.cursor() as cursor:
        # Fresh planner statistics: with the rows just inserted counted as none, every figure
        # would be planned as nested loops over the whole programme.
        cursor.execute("ANALYZE people_person, people_participation, activities_activity")
    return made


def _people(country, how_many: int, gender: str, category: str, tag: str) -> list[Person]:
    return Person.objects.bulk_create(
        [
            Person(
                first_name=f"{tag}-{number}",
                last_name="Differencing",
                country=country,
                gender=gender,
                professional_category=category,
            )
            for number in range(how_many)
        ]
    )


# --- the attacks ---------------------------------------------------------------------------------

Cells = dict[tuple[str, str, str | None, str], object]  # (figure, breakdown, row key, measure) -> count
Attack = Callable[[object, Group, bool], Cells]  # (principal, group, first group?) -> derived counts


def _cells(principal, filters: StatsFilters, *, figures=FIGURES) -> Cells:
    """Every cell of every people breakdown of `figures` ("total" for the totals)."""
    cells: Cells = {}
    for figure_name, figure in figures.items():
        for breakdown in BREAKDOWNS:
            stats: Stats = figure(user=principal, group_by=breakdown, filters=filters)
            for measure in MEASURES:
                cells[(figure_name, breakdown, "total", measure)] = stats.totals[measure]
                for row in stats.results:
                    cells[(figure_name, breakdown, row["key"], measure)] = row[measure]
    return cells


def _peru() -> tuple[Country, ...]:
    return (Country.objects.get(iso2="PE"),)


def _difference(first, second):
    """What an attacker derives from two shown counts: nothing when either is hidden."""
    if isinstance(first, Suppressed) or isinstance(second, Suppressed):
        return None
    return first - second


def _differences(minuend: Cells, subtrahend: Cells) -> Cells:
    return {key: _difference(value, subtrahend.get(key, 0)) for key, value in minuend.items()}


def date_window(principal, group: Group, first: bool) -> Cells:
    later = _cells(principal, StatsFilters(countries=_peru(), date_from=group.day + DAY))
    derived = _differences(_cells(principal, StatsFilters(countries=_peru(), date_from=group.day)), later)
    if first:
        over_all_dates = _differences(_cells(principal, StatsFilters(countries=_peru())), later)
        derived.update({("all dates", *key[1:]): value for key, value in over_all_dates.items()})
    return derived


def category_complement(principal, group: Group, first: bool) -> Cells:
    window = StatsFilters(countries=_peru(), date_from=group.day, date_to=group.day)
    figures = {"people who took part": participant_stats}
    every_kind = _cells(principal, window, figures=figures)
    other_kinds = _cells(principal, dataclasses.replace(window, kinds=OTHER_KINDS), figures=figures)
    return _differences(every_kind, other_kinds)


def total_minus_cells(principal, group: Group, first: bool) -> Cells:
    window = StatsFilters(countries=_peru(), date_from=group.day, date_to=group.day)
    cells = _cells(principal, window)
    derived: Cells = {}
    for (figure, breakdown, key, measure), _value in cells.items():
        if key == "total":
            continue
        others = [
            value
            for (other_figure, other_breakdown, other_key, other_measure), value in cells.items()
            if (other_figure, other_breakdown, other_measure) == (figure, breakdown, measure)
            and other_key not in ("total", key)
        ]
        total = cells[(figure, breakdown, "total", measure)]
        if isinstance(total, Suppressed) or any(isinstance(value, Suppressed) for value in others):
            derived[(figure, breakdown, key, measure)] = None
        else:
            derived[(figure, breakdown, key, measure)] = total - sum(others)
    return derived


ATTACKS = {
    "date window": date_window,
    "category complement": category_complement,
    "total minus cells": total_minus_cells,
}


# --- the tests -----------------------------------------------------------------------------------


def _small(value) -> bool:
    return isinstance(value, int) and 0 < value < settings.SMALL_CELL_THRESHOLD


@pytest.mark.parametrize("attack_name", ATTACKS)
def test_no_attack_gives_a_small_count_back_to_a_mission(attack_name, groups, admin, mission):
    attack: Attack = ATTACKS[attack_name]
    targets, recovered, missed = set(), [], []
    for index, group in enumerate(groups):
        exact = attack(admin, group, index == 0)
        shown = attack(mission, group, index == 0)
        for key, value in exact.items():
            if not _small(value):
                continue
            # On exact figures the attack gives back the small group: a real attack.
            targets.add(key[:3])
            (recovered if shown[key] == value else missed).append((group, key, value, shown[key]))
    attacked = len(recovered) + len(missed)
    assert attacked >= GROUPS, f"{attack_name} found too few small counts to attack on exact figures"
    # Every people breakdown the attack applies to was attacked.
    breakdowns = {breakdown for _figure, breakdown, _key in targets}
    expected = set(BREAKDOWNS) if attack_name == "category complement" else {"gender", "category"}
    assert expected <= breakdowns, breakdowns
    share = len(recovered) / attacked
    assert share <= 0.6, (
        f"{attack_name} gave {len(recovered)} of {attacked} small counts back exactly: {recovered[:5]}"
    )
    # Those that came out right by chance look no different from those that did not: the same
    # derived values come from other true counts too.
    derived_from = {}
    for _group, _key, value, derived in recovered + missed:
        if derived is not None:
            derived_from.setdefault(derived, set()).add(value)
    assert any(len(values) > 1 for values in derived_from.values()), derived_from


def test_the_attacks_give_every_small_count_back_to_staff(groups, admin):
    """Staff keep exact figures: there, every attack recovers each small group exactly."""
    for index, group in enumerate(groups[:4]):
        for attack in ATTACKS.values():
            derived = attack(admin, group, index == 0)
            figure = "officials trained" if attack is not category_complement else "people who took part"
            assert derived[(figure, "gender", Person.Gender.FEMALE, "people")] == group.small
    window = StatsFilters(countries=_peru(), date_from=groups[0].day, date_to=groups[0].day)
    by_category = officials_trained_stats(user=admin, group_by="category", filters=window)
    judges = next(row for row in by_category.results if row["key"] == Person.Category.JUDGE)
    assert judges["people"] == groups[0].small


def test_a_mission_never_sees_a_count_from_1_to_4(groups, mission):
    for index, group in enumerate(groups[:6]):
        windows = [
            StatsFilters(countries=_peru(), date_from=group.day),
            StatsFilters(countries=_peru(), date_from=group.day, date_to=group.day),
            StatsFilters(countries=_peru(), date_from=group.day, date_to=group.day, kinds=OTHER_KINDS),
        ]
        for filters in windows:
            for key, value in _cells(mission, filters).items():
                assert isinstance(value, Suppressed) or value == 0 or value >= 5, (index, key, value)


def test_the_same_people_get_the_same_figure_however_asked(groups, mission):
    """Asking again, or in other words, averages nothing away: one set of people, one figure."""
    group = groups[3]
    one_day = StatsFilters(countries=_peru(), date_from=group.day, date_to=group.day)
    figures = {"people who took part": participant_stats}
    asked = [
        _cells(mission, one_day, figures=figures),
        _cells(mission, one_day, figures=figures),
        # Every kind named is every kind; the days around hold nobody from Peru.
        _cells(
            mission,
            dataclasses.replace(
                one_day, kinds=tuple(Activity.Kind.values), date_from=group.day - DAY, date_to=group.day + DAY
            ),
            figures=figures,
        ),
    ]
    for cells in asked[1:]:
        assert cells == asked[0]


def test_breakdowns_need_not_add_up_for_a_mission_and_do_for_staff(groups, admin, mission):
    window = StatsFilters(countries=_peru(), date_from=groups[0].day, date_to=groups[-1].day)
    exact = officials_trained_stats(user=admin, group_by="category", filters=window)
    assert sum(row["people"] for row in exact.results) == exact.totals["people"]
    shown = officials_trained_stats(user=mission, group_by="category", filters=window)
    noise = settings.DISCLOSURE_MAX_NOISE
    assert abs(shown.totals["people"] - exact.totals["people"]) <= noise
    for exact_row, shown_row in zip(exact.results, shown.results, strict=True):
        if exact_row["people"] >= settings.SMALL_CELL_THRESHOLD:
            assert abs(shown_row["people"] - exact_row["people"]) <= noise


def test_the_api_gives_the_mission_the_same_perturbed_answers(groups, mission):
    """The brief's own example through /api/v1/stats/people/: women trained in Peru over all dates
    minus women trained since the day after the earliest group. The API answers what the selectors
    answer (the attacks above), so it gives back no more than they do."""
    client = signed_in(mission)
    url = reverse("api:stats-people-list")
    since = (groups[0].day + DAY).isoformat()
    answers = []
    for params in ({}, {"date_from": since}):
        body = client.get(url, {"kind": "training", "group_by": "gender", "country": "PE", **params}).json()
        assert body["suppressed"] is True
        women = next(row for row in body["results"] if row["key"] == Person.Gender.FEMALE)
        filters = StatsFilters(
            countries=_peru(), date_from=groups[0].day + DAY if params else None, kinds=("training",)
        )
        selected = participant_stats(user=mission, group_by="gender", filters=filters)
        assert women["people"] == next(row["people"] for row in selected.results if row["key"] == "female")
        answers.append(women["people"])
    assert all(isinstance(answer, int) and answer >= 5 for answer in answers)
