"""The programme's figures: officials trained, people who took part, activities, seizures,
operation results, the case funnel.

One selector per figure, with one name and a docstring saying exactly what it counts; the API
(/api/v1/stats/), the dashboards and the reports call it wherever they show that figure, so the
same label never means two counts. Each runs a constant handful of queries (a GROUP BY and a
total) whatever the number of rows, over the records `core.access` lets the principal see, so a
figure never disagrees with the list it summarises. Counts of people: anyone who may see
activities gets them, programme-wide or for their own countries; exact for those who may see
personal data, for the others perturbed by the cell-key method with small counts hidden
(core.disclosure), so that no difference of two answers gives a small count back.

The figures and their selectors:

- officials trained (distinct people, women and men) and their participations in trainings:
  `officials_trained_stats`;
- people who took part (distinct participants of activities of any kind) and their
  participations: `participant_stats`;
- activities: `activity_stats` (and the activities it counts: `activity_counted_list`);
- seizures, kilograms, arrests at the seizures: `seizure_stats`; their follow-up:
  `seizure_follow_up_stats`;
- operations and their results: `operation_results_stats`; the trainings behind them:
  `training_stats`;
- the post-seizure stages (seizures, and of them how many reached an investigation, a
  prosecution, a conviction) and cases: `case_funnel_stats`; the one rule of how far a seizure
  went: `seizure_reached_q`, `seizure_stage_expression`, `seizures_with_stage`,
  `seizure_funnel_counts`.

Dates: an activity (and an operation) counts in the period it starts in, a seizure on its date, a
case on the day it was opened, so the figures of consecutive periods add up.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear, TruncMonth
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityLink, Organisation, Pillar
from core.access import Access, Action, Kind, access_for, released_q, visible
from core.disclosure import cell_key_value, people_cell_key, perturbed, rows_cell_key
from core.filters import region_q
from core.text import normalise
from core.translated import localized
from countries.models import Country
from countries.names import by_display_name, display_name
from operations.models import Case, Operation, OperationCountry, Seizure, Substance
from people.models import Participation, Person

PEOPLE_GROUPS = ("gender", "country", "category", "year")
ACTIVITY_GROUPS = ("kind", "country", "pillar", "year", "month")
SEIZURE_GROUPS = ("substance", "country", "month")
FUNNEL_STAGES = ("seizure", "investigation", "prosecution", "conviction")

KG_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class StatsFilters:
    """What every statistic may be narrowed by; an empty value does not narrow.

    `operation` and `substances` narrow activities (and people) to the operations concerned and
    the activities linked to them: the trainings that prepared an operation, its debrief.
    Pillars and donors narrow seizures and cases through the operation they belong to.
    """

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    countries: tuple[Country, ...] = ()
    region: str = ""
    pillars: tuple[Pillar, ...] = ()
    donors: tuple[Organisation, ...] = ()
    substances: tuple[Substance, ...] = ()
    operation: Operation | None = None
    # Kinds of activity: people and activities only.
    kinds: tuple[str, ...] = ()

    def key(self) -> dict:
        """The filters as plain data (for a cache key): two filters that select the same records
        have the same key."""
        return {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "countries": sorted(country.iso2 for country in self.countries),
            "region": self.region.casefold(),
            "pillars": sorted(pillar.number for pillar in self.pillars),
            "donors": sorted(donor.pk for donor in self.donors),
            "substances": sorted(substance.pk for substance in self.substances),
            "operation": self.operation.pk if self.operation is not None else None,
            "kinds": sorted(self.kinds),
        }


NO_FILTERS = StatsFilters()


@dataclass(frozen=True)
class Stats:
    """One statistic: rows of `results` (each with "key" and "label"), `totals`, and whether its
    counts of people are disclosure-controlled (`core.disclosure`: perturbed, and small ones hidden
    as `core.suppression.Suppressed`)."""

    group_by: str
    results: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    suppressed: bool = False


# --- scope and filters -------------------------------------------------------------------------


def _access_checked(user, filters: StatsFilters) -> Access:
    """The principal's access, after the checks every statistic makes: it may see the programme's
    records, and the countries, region and operation it asks about (404 otherwise, as a detail
    would answer, so the answer does not confirm what exists out of scope)."""
    access = access_for(user)
    if not access.allows(Action.VIEW, Kind.WORKING):
        raise Http404
    if access.visible_country_ids is not None:
        if not all(access.sees_country(country.pk) for country in filters.countries):
            raise Http404
        if (
            filters.region
            and not Country.objects.filter(
                region_q("", filters.region), pk__in=access.visible_country_ids
            ).exists()
        ):
            raise Http404
    if (
        filters.operation is not None
        and not visible(Operation, user).filter(pk=filters.operation.pk).exists()
    ):
        raise Http404
    return access


def _countries_q(filters: StatsFilters, *paths: str) -> Q:
    """Records whose country at one of `paths` is among the filter's countries and in its region."""
    q = Q()
    if filters.countries:
        ids = [country.pk for country in filters.countries]
        q &= _any_q(Q(**{f"{path}__in": ids}) for path in paths)
    if filters.region:
        # The region's countries as a subquery, evaluated once, not a join tested on every row.
        in_region = Country.objects.filter(region_q("", filters.region)).values("pk")
        q &= _any_q(Q(**{f"{path}__in": in_region}) for path in paths)
    return q


def _any_q(qs) -> Q:
    result = Q(pk__in=[])
    for q in qs:
        result |= q
    return result


def _having(queryset: QuerySet, q: Q) -> QuerySet:
    # A subquery, not a join: a many-to-many match must not repeat a row (and so its sums).
    return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))


def _connected_activities_q(operations: QuerySet) -> Q:
    """Activities that are the operations' own or linked to them, either way (the trainings that
    prepared them, their debriefs)."""
    activity_ids = operations.values("activity")
    return (
        Q(pk__in=activity_ids)
        | Q(pk__in=ActivityLink.objects.filter(to_activity__in=activity_ids).values("from_activity"))
        | Q(pk__in=ActivityLink.objects.filter(from_activity__in=activity_ids).values("to_activity"))
    )


def _activities_filtered(
    activities: QuerySet, filters: StatsFilters, *, user, places: bool = True
) -> QuerySet:
    if filters.date_from:
        activities = activities.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(start_date__lte=filters.date_to)
    if filters.kinds:
        activities = activities.filter(kind__in=filters.kinds)
    if places and (filters.countries or filters.region):
        activities = _having(activities, _countries_q(filters, "countries", "host_country"))
    if filters.pillars:
        activities = _having(activities, Q(pillars__in=filters.pillars))
    if filters.donors:
        activities = _having(activities, Q(donors__in=filters.donors))
    if filters.operation is not None:
        activities = activities.filter(
            _connected_activities_q(Operation.objects.filter(pk=filters.operation.pk))
        )
    if filters.substances:
        seized = visible(Seizure, user).filter(substance__in=filters.substances).values("operation")
        activities = activities.filter(_connected_activities_q(Operation.objects.filter(pk__in=seized)))
    return activities


def _seizures_filtered(
    seizures: QuerySet, filters: StatsFilters, *, dates: bool = True, places: bool = True
) -> QuerySet:
    if dates and filters.date_from:
        seizures = seizures.filter(date__gte=filters.date_from)
    if dates and filters.date_to:
        seizures = seizures.filter(date__lte=filters.date_to)
    if places and (filters.countries or filters.region):
        seizures = seizures.filter(_countries_q(filters, "country"))
    if filters.pillars:
        seizures = seizures.filter(
            operation__activity__in=_having(Activity.objects.all(), Q(pillars__in=filters.pillars)).values(
                "pk"
            )
        )
    if filters.donors:
        seizures = seizures.filter(
            operation__activity__in=_having(Activity.objects.all(), Q(donors__in=filters.donors)).values("pk")
        )
    if filters.substances:
        seizures = seizures.filter(substance__in=filters.substances)
    if filters.operation is not None:
        seizures = seizures.filter(operation=filters.operation)
    return seizures


def _cases_filtered(cases: QuerySet, filters: StatsFilters, *, user) -> QuerySet:
    if filters.date_from:
        cases = cases.filter(opened_on__gte=filters.date_from)
    if filters.date_to:
        cases = cases.filter(opened_on__lte=filters.date_to)
    if filters.countries or filters.region:
        cases = _having(cases, _countries_q(filters, "countries", "lead_country"))
    if filters.pillars or filters.donors or filters.substances or filters.operation is not None:
        # Through the seizures the principal may see: a withheld seizure does not reveal its case.
        seizures = _seizures_filtered(
            visible(Seizure, user),
            StatsFilters(
                pillars=filters.pillars,
                donors=filters.donors,
                substances=filters.substances,
                operation=filters.operation,
            ),
        )
        cases = cases.filter(
            pk__in=Case.seizures.through.objects.filter(seizure__in=seizures.values("pk")).values("case")
        )
    return cases


def _kg(value) -> Decimal:
    return (value or Decimal(0)).quantize(KG_PLACES, rounding=ROUND_HALF_UP)


def _check_group(group_by: str, groups: tuple[str, ...]) -> None:
    if group_by not in groups:
        raise ValueError(f"group_by must be one of {', '.join(groups)}, not {group_by!r}")


# --- 1. people: officials trained, people who took part ------------------------------------------


def officials_trained_stats(*, user, group_by: str = "gender", filters: StatsFilters = NO_FILTERS) -> Stats:
    """Officials trained: the distinct people who took part as participants (participation role
    "participant") in activities of kind training, and their participations in trainings.

    `participant_stats` over trainings, with its rules (dates, breakdowns, scope, suppression);
    `filters.kinds` does not apply. The women and men trained are its breakdown by gender.
    """
    return participant_stats(
        user=user, group_by=group_by, filters=dataclasses.replace(filters, kinds=(Activity.Kind.TRAINING,))
    )


def participant_stats(*, user, group_by: str = "gender", filters: StatsFilters = NO_FILTERS) -> Stats:
    """People who took part: the distinct people who took part as participants (participation role
    "participant": not trainers, speakers, organisers or observers) in activities of any kind (or
    of `filters.kinds`), and their participations (attendances as a participant).

    By gender, country (the person's nationality), professional category or year (the activity's
    start), with totals of distinct people and participations: a person counts once in the total
    however many activities they attended, and once in each group they fall in.

    Over participations of people and activities not archived, and of activities not withheld
    from the principal (restricted operations). Dates, pillars, donors, substances and the
    operation select the activities (as `activity_stats` does); countries and a region select the
    people by nationality, not the activities by place. Programme-wide, or for the principal's own
    countries when it asks about countries (a country, a region, a breakdown by country). Without
    access to personal data every count (of people and of participations, in the groups and the
    totals alike) is perturbed by its cell key and hidden from 1 to threshold-1
    (`core.disclosure`): the groups then need not add up to the totals.
    """
    _check_group(group_by, PEOPLE_GROUPS)
    access = _access_checked(user, filters)
    participations = _participations_counted(
        user, access, filters, asks_about_countries=group_by == "country"
    )
    counted = _people_counted(access)
    totals = _people_shown(participations.aggregate(**counted), access)
    rows = [
        {"key": key, "label": label, **_people_shown(cell, access)}
        for key, label, cell in _people_grouped(participations, group_by, counted)
    ]
    return Stats(group_by, rows, totals, suppressed=not access.sees_personal_data)


def _participations_counted(
    user, access: Access, filters: StatsFilters, *, asks_about_countries: bool = False
) -> QuerySet:
    """The participations `participant_stats` counts (see there)."""
    participations = Participation.objects.filter(
        role=Participation.Role.PARTICIPANT,
        person__archived_at__isnull=True,
        activity__archived_at__isnull=True,
    )
    if not access.sees_restricted:
        participations = participations.filter(released_q("activity__operation", datetime.date.today()))
    if filters.kinds:
        participations = participations.filter(activity__kind__in=filters.kinds)
    activity_filters = StatsFilters(
        date_from=filters.date_from,
        date_to=filters.date_to,
        pillars=filters.pillars,
        donors=filters.donors,
        substances=filters.substances,
        operation=filters.operation,
    )
    if activity_filters != NO_FILTERS:
        activities = _activities_filtered(Activity.objects.all(), activity_filters, user=user, places=False)
        if filters.operation is not None or filters.substances:
            # An operation's few connected activities, by their ids: as a subquery of links in
            # either direction, the planner scans every participation instead.
            activities = list(activities.values_list("pk", flat=True))
        else:
            activities = activities.values("pk")
        participations = participations.filter(activity__in=activities)
    if filters.countries or filters.region:
        participations = participations.filter(_countries_q(filters, "person__country"))
    asks_about_countries = asks_about_countries or bool(filters.countries or filters.region)
    if access.visible_country_ids is not None and asks_about_countries:
        participations = participations.filter(person__country__in=access.visible_country_ids)
    return participations


def _label(row: dict) -> str:
    return row["label"]


_NOTHING_COUNTED = {"people": 0, "participations": 0, "people_key": None, "participations_key": None}


def _people_counted(access: Access) -> dict:
    """The aggregates of the counts of people over participations, with, for a principal who gets
    them perturbed, the cell keys that perturb them (core.disclosure): in the same statement, so
    they cost no query; left out for staff, who see exact counts and so pay nothing for them."""
    counted = {"people": Count("person", distinct=True), "participations": Count("pk")}
    if access.sees_personal_data:
        return counted
    return {
        **counted,
        "people_key": people_cell_key("person"),
        "participations_key": rows_cell_key("pk", namespace="participation"),
    }


def _people_shown(counted: dict, access: Access) -> dict:
    """A cell's people and participations as the principal may see them: exact with access to
    personal data, otherwise each perturbed by its own cell key (`core.disclosure.perturbed`)."""
    if access.sees_personal_data:
        return {"people": counted["people"], "participations": counted["participations"]}
    return {
        "people": perturbed(counted["people"], cell_key_value(counted["people_key"])),
        "participations": perturbed(counted["participations"], cell_key_value(counted["participations_key"])),
    }


def _people_grouped(participations: QuerySet, group_by: str, counted: dict) -> list[tuple]:
    """(key, label, cell) per group, in display order; a cell holds the aggregates `counted`
    (`_people_counted`)."""
    if group_by in ("gender", "category"):
        choices = Person.Gender if group_by == "gender" else Person.Category
        field_name = "person__gender" if group_by == "gender" else "person__professional_category"
        found = {
            row["key"]: row for row in participations.values(key=F(field_name)).annotate(**counted).order_by()
        }
        return [(value, label, found.get(value, _NOTHING_COUNTED)) for value, label in choices.choices]
    if group_by == "country":
        rows = (
            participations.values(key=F("person__country__iso2"), label=F("person__country__name"))
            .annotate(**counted)
            .order_by()
        )
        return [(row["key"], display_name(row["label"]), row) for row in by_display_name(rows, _label)]
    rows = (
        participations.values(year=ExtractYear("activity__start_date")).annotate(**counted).order_by("year")
    )
    return [(str(row["year"]), str(row["year"]), row) for row in rows]


# --- 2. activities -------------------------------------------------------------------------------


def activity_stats(*, user, group_by: str = "kind", filters: StatsFilters = NO_FILTERS) -> Stats:
    """Activities the principal may see, by kind, participating country, pillar, year or month
    (YYYY-MM) of start.

    An activity with several countries or pillars counts in each; the total counts it once. An
    activity without any is reported under a group whose key is None.
    """
    _check_group(group_by, ACTIVITY_GROUPS)
    _access_checked(user, filters)
    activities = _activities_filtered(visible(Activity, user), filters, user=user)
    total = activities.aggregate(count=Count("pk", distinct=True))["count"]
    counted = {"count": Count("pk", distinct=True)}
    if group_by == "kind":
        found = {
            row["kind"]: row["count"] for row in activities.values("kind").annotate(**counted).order_by()
        }
        rows = [
            {"key": value, "label": label, "count": found.get(value, 0)}
            for value, label in Activity.Kind.choices
        ]
    elif group_by == "country":
        grouped = (
            activities.values(key=F("countries__iso2"), label=F("countries__name"))
            .annotate(**counted)
            .order_by()
        )
        # By the names as the reader sees them, the activities with no country last.
        named = by_display_name([row for row in grouped if row["label"] is not None], _label)
        rows = [
            {
                "key": row["key"],
                "label": display_name(row["label"]) if row["label"] else _("No country"),
                "count": row["count"],
            }
            for row in [*named, *(row for row in grouped if row["label"] is None)]
        ]
    elif group_by == "pillar":
        grouped = (
            activities.values(number=F("pillars__number"), name=localized("pillars__name"))
            .annotate(**counted)
            .order_by(F("number").asc(nulls_last=True))
        )
        rows = [
            {
                "key": None if row["number"] is None else str(row["number"]),
                "label": _("No pillar") if row["number"] is None else f"{row['number']}. {row['name']}",
                "count": row["count"],
            }
            for row in grouped
        ]
    elif group_by == "month":
        grouped = activities.values(month=TruncMonth("start_date")).annotate(**counted).order_by("month")
        rows = [
            {
                "key": row["month"].strftime("%Y-%m"),
                "label": date_format(row["month"], "YEAR_MONTH_FORMAT"),
                "count": row["count"],
            }
            for row in grouped
        ]
    else:
        grouped = activities.values(year=ExtractYear("start_date")).annotate(**counted).order_by("year")
        rows = [
            {"key": str(row["year"]), "label": str(row["year"]), "count": row["count"]} for row in grouped
        ]
    return Stats(group_by, rows, {"count": total})


def activity_counted_list(
    *, user, filters: StatsFilters = NO_FILTERS, newest_first: bool = False, limit: int | None = None
) -> list[Activity]:
    """The activities `activity_stats` counts with the same filters (a report's table of them, a
    page's latest ones), by start (then title; `newest_first`: the latest first, then the last
    recorded), at most `limit`, with their host country, participating countries (by name) and
    pillars (by number): three queries whatever the number."""
    _access_checked(user, filters)
    activities = _activities_filtered(visible(Activity, user), filters, user=user)
    ordering = ("-start_date", "-pk") if newest_first else ("start_date", "title", "pk")
    activities = (
        activities.select_related("host_country")
        .prefetch_related(
            Prefetch("countries", queryset=Country.objects.order_by("name")),
            Prefetch("pillars", queryset=Pillar.objects.order_by("number")),
        )
        .order_by(*ordering)
    )
    return list(activities if limit is None else activities[:limit])


def activity_planned_list(*, user, filters: StatsFilters = NO_FILTERS, limit: int = 5) -> list[Activity]:
    """What comes next: the planned activities `user` may see, narrowed by every filter but the
    period (a brief written for 2021 still says what is planned now), the soonest first (those
    without a date last), at most `limit`, with their host and participating countries."""
    _access_checked(user, filters)
    undated = replace(filters, date_from=None, date_to=None)
    activities = _activities_filtered(visible(Activity, user), undated, user=user).filter(
        status=Activity.Status.PLANNED
    )
    return list(
        activities.select_related("host_country")
        .prefetch_related(Prefetch("countries", queryset=Country.objects.order_by("name")))
        .order_by(F("start_date").asc(nulls_last=True), "title", "pk")[:limit]
    )


def training_stats(*, user, filters: StatsFilters = NO_FILTERS) -> Stats:
    """The trainings the principal may see, selected as `activity_stats` selects activities (an
    operation's: the trainings linked to it, that prepared it or led to it), each with its
    officials trained as `officials_trained_stats` counts them (distinct participants, and their
    participations), by start. Rows carry the training's title, dates and participating countries
    (ISO alpha-2); totals: the trainings, and the distinct people and participations over them.
    Countries and a region select the trainings by place and count the people of those countries;
    counts perturbed and small ones hidden as in `participant_stats`."""
    access = _access_checked(user, filters)
    trainings = activity_counted_list(
        user=user, filters=dataclasses.replace(filters, kinds=(Activity.Kind.TRAINING,))
    )
    training_ids = [training.pk for training in trainings]
    participations = _participations_counted(
        user, access, StatsFilters(countries=filters.countries, region=filters.region)
    ).filter(activity__in=training_ids)
    counted = {
        row["activity"]: row
        for row in participations.values("activity").annotate(**_people_counted(access)).order_by()
    }
    totals = _people_shown(participations.aggregate(**_people_counted(access)), access)
    rows = [
        {
            "key": str(training.pk),
            "label": training.title,
            "start_date": training.start_date,
            "end_date": training.end_date,
            "countries": sorted(country.iso2 for country in training.countries.all()),
            **_people_shown(counted.get(training.pk, _NOTHING_COUNTED), access),
        }
        for training in trainings
    ]
    return Stats(
        "training",
        rows,
        {"trainings": len(rows), **totals},
        suppressed=not access.sees_personal_data,
    )


def knowledge_gain_sums(q: Q | None = None) -> dict:
    """The aggregates of a mean knowledge gain over participations (within `q`): the summed gains
    (post-test minus pre-test score) and the participations tested (both scores recorded). The one
    definition of the figure: the results framework (results.measures) and a training's own page
    (`training_figures`) both finish it with `mean_knowledge_gain`."""
    tested = (q or Q()) & Q(pre_test_score__isnull=False, post_test_score__isnull=False)
    return {
        "gain": Sum(F("post_test_score") - F("pre_test_score"), filter=tested),
        "tested": Count("pk", filter=tested),
    }


def mean_knowledge_gain(gain, tested) -> Decimal | None:
    """The mean gain in points, to one decimal: summed gains over participations tested, never an
    average of averages; None when nobody was tested."""
    if not tested or gain is None:
        return None
    return (Decimal(gain) / tested).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def training_figures(*, user, activity: Activity) -> dict:
    """One training's officials trained as `officials_trained_stats` counts them (distinct
    participants, people and training not archived), of them women and their share (%, one
    decimal, None without participants), and the mean knowledge gain of its participants
    (`mean_knowledge_gain`, None when nobody was tested) with how many were tested.

    For the pages of staff who see personal data: the counts are exact. Two aggregate queries
    whatever the number of participants."""
    access = access_for(user)
    participations = _participations_counted(
        user, access, StatsFilters(kinds=(Activity.Kind.TRAINING,))
    ).filter(activity=activity)
    counted = participations.aggregate(
        people=Count("person", distinct=True),
        women=Count("person", distinct=True, filter=Q(person__gender=Person.Gender.FEMALE)),
        **knowledge_gain_sums(),
    )
    people, women = counted["people"], counted["women"]
    share = (
        (Decimal(women) * 100 / Decimal(people)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if people
        else None
    )
    return {
        "people": people,
        "women": women,
        "women_share": share,
        "tested": counted["tested"],
        "mean_gain": mean_knowledge_gain(counted["gain"], counted["tested"]),
    }


# --- 3. seizures ---------------------------------------------------------------------------------


def seizure_stats(*, user, group_by: str = "substance", filters: StatsFilters = NO_FILTERS) -> Stats:
    """Seizures the principal may see (restricted and archived ones left out), by substance,
    seizing country or month (YYYY-MM): how many, their mass in kg (summed over those whose
    quantity converts to a mass), how many could not be converted, and arrests."""
    _check_group(group_by, SEIZURE_GROUPS)
    _access_checked(user, filters)
    seizures = _seizures_filtered(visible(Seizure, user), filters)
    figures = {
        "count": Count("pk"),
        "kg": Sum("mass_kg"),
        "without_mass": Count("pk", filter=Q(mass_kg__isnull=True)),
        "arrests": Sum("arrests"),
    }
    if group_by == "month":
        grouped = list(seizures.values(month=TruncMonth("date")).annotate(**figures).order_by("month"))
    else:
        # Grouped by the foreign key alone, the million rows are aggregated in one parallel scan
        # without a join; the few groups are named afterwards, in the reader's language (a
        # substance's translated name, a country's from pycountry) and sorted by that name.
        model, key_field = (Substance, "id") if group_by == "substance" else (Country, "iso2")
        by_id = {row[group_by]: row for row in seizures.values(group_by).annotate(**figures).order_by()}
        named = [
            {**by_id[pk], "key": key, "label": name if model is Substance else display_name(name)}
            for pk, key, name in model.objects.filter(pk__in=by_id).values_list("pk", key_field, "name")
        ]
        grouped = sorted(named, key=lambda row: normalise(row["label"]))
    rows = []
    for row in grouped:
        if group_by == "month":
            key, label = row["month"].strftime("%Y-%m"), date_format(row["month"], "YEAR_MONTH_FORMAT")
        else:
            key, label = str(row["key"]), row["label"]
        rows.append(
            {
                "key": key,
                "label": label,
                "count": row["count"],
                "kg": _kg(row["kg"]),
                "without_mass": row["without_mass"],
                "arrests": row["arrests"] or 0,
            }
        )
    # Every seizure is in exactly one group: the totals are the sums (of the unrounded masses).
    totals = {name: sum(row[name] for row in rows) for name in ("count", "without_mass", "arrests")}
    totals["kg"] = _kg(sum((row["kg"] or Decimal(0) for row in grouped), Decimal(0)))
    return Stats(group_by, rows, totals)


def seizure_follow_up_stats(*, user, filters: StatsFilters = NO_FILTERS) -> Stats:
    """The seizures `seizure_stats` counts with the same filters, by seizing country: how many,
    how many have each recorded follow-up (`Seizure.follow_up`: none yet, investigation opened,
    controlled delivery, request to counterparts abroad, referred for prosecution), and the cases
    the principal may see that are linked to them.

    A case linking seizures made in two countries counts in each country's row and once in the
    total, so the rows' cases may add up to more than the total."""
    _access_checked(user, filters)
    seizures = _seizures_filtered(visible(Seizure, user), filters)
    counted: dict[int, dict[str, int]] = {}
    for country_id, follow_up, count in (
        seizures.values_list("country", "follow_up").annotate(count=Count("pk")).order_by()
    ):
        counted.setdefault(country_id, {})[follow_up] = count
    links = Case.seizures.through.objects.filter(
        case__in=visible(Case, user).values("pk"), seizure__in=seizures.values("pk")
    )
    cases = {
        row["seizure__country"]: row["cases"]
        for row in links.values("seizure__country").annotate(cases=Count("case", distinct=True)).order_by()
    }
    cases_total = links.aggregate(cases=Count("case", distinct=True))["cases"]
    rows = []
    for pk, iso2, name in by_display_name(
        Country.objects.filter(pk__in=counted).values_list("pk", "iso2", "name"), lambda row: row[2]
    ):
        follow_ups = {value: counted[pk].get(value, 0) for value in Seizure.FollowUp.values}
        rows.append(
            {
                "key": iso2,
                "label": display_name(name),
                "count": sum(follow_ups.values()),
                "follow_up": follow_ups,
                "cases": cases.get(pk, 0),
            }
        )
    totals = {
        "count": sum(row["count"] for row in rows),
        "follow_up": {
            value: sum(row["follow_up"][value] for row in rows) for value in Seizure.FollowUp.values
        },
        "cases": cases_total,
    }
    return Stats("country", rows, totals)


# --- 4. operation results ------------------------------------------------------------------------


def operation_results_stats(*, user, filters: StatsFilters = NO_FILTERS) -> Stats:
    """Per operation the principal may see: its participating countries, seizures, kg, arrests and
    the cases linked to those seizures. A case linking seizures of two operations counts in each
    operation's row and once in the total (distinct cases), so the rows' cases may add up to more
    than the total; the totals of countries count each country once too.

    Dates, pillars and donors select operations (by their activity); countries and a region select
    the operations those countries took part in and narrow the figures to those countries;
    substances narrow the seizures counted (and leave out operations without any).
    """
    _access_checked(user, filters)
    operations = visible(Operation, user)
    if filters.date_from:
        operations = operations.filter(activity__start_date__gte=filters.date_from)
    if filters.date_to:
        operations = operations.filter(activity__start_date__lte=filters.date_to)
    if filters.pillars or filters.donors:
        selected = _activities_filtered(
            Activity.objects.all(), StatsFilters(pillars=filters.pillars, donors=filters.donors), user=user
        )
        operations = operations.filter(activity__in=selected.values("pk"))
    if filters.operation is not None:
        operations = operations.filter(pk=filters.operation.pk)
    if filters.countries or filters.region:
        in_countries = OperationCountry.objects.filter(_countries_q(filters, "country"))
        operations = operations.filter(pk__in=in_countries.values("operation"))
    seizure_filters = StatsFilters(
        countries=filters.countries, region=filters.region, substances=filters.substances
    )
    if filters.substances:
        seized_there = _seizures_filtered(visible(Seizure, user), seizure_filters, dates=False)
        operations = operations.filter(pk__in=seized_there.values("operation"))

    listed = list(
        operations.values("pk", "code_name", start_date=F("activity__start_date")).order_by(
            "-start_date", "code_name"
        )
    )
    # The operations' ids, not their queryset, from here on: nesting the scoped subqueries in
    # one another makes a plan that grows with every filter.
    operation_ids = [operation["pk"] for operation in listed]
    participants = visible(OperationCountry, user).filter(operation__in=operation_ids)
    if filters.countries or filters.region:
        participants = participants.filter(_countries_q(filters, "country"))
    seizures = _seizures_filtered(
        visible(Seizure, user).filter(operation__in=operation_ids), seizure_filters, dates=False
    )
    countries: dict[int, list[str]] = {}
    for operation_id, iso2 in participants.values_list("operation", "country__iso2").order_by(
        "country__iso2"
    ):
        countries.setdefault(operation_id, []).append(iso2)
    seized = {
        row["operation"]: row
        for row in seizures.values("operation")
        .annotate(
            count=Count("pk"),
            kg=Sum("mass_kg"),
            without_mass=Count("pk", filter=Q(mass_kg__isnull=True)),
            arrests=Sum("arrests"),
        )
        .order_by()
    }
    links = Case.seizures.through.objects.filter(
        case__in=visible(Case, user).values("pk"), seizure__in=seizures.values("pk")
    )
    cases = {
        row["seizure__operation"]: row["cases"]
        for row in links.values("seizure__operation").annotate(cases=Count("case", distinct=True)).order_by()
    }
    cases_total = links.aggregate(cases=Count("case", distinct=True))["cases"]

    raw_kg = sum((row["kg"] or Decimal(0) for row in seized.values()), Decimal(0))
    rows = []
    for operation in listed:
        figures = seized.get(operation["pk"], {})
        rows.append(
            {
                "key": str(operation["pk"]),
                "label": operation["code_name"],
                "start_date": operation["start_date"],
                "countries": countries.get(operation["pk"], []),
                "seizures": figures.get("count", 0),
                "kg": _kg(figures.get("kg")),
                "without_mass": figures.get("without_mass", 0),
                "arrests": figures.get("arrests") or 0,
                "cases": cases.get(operation["pk"], 0),
            }
        )
    totals = {
        "operations": len(rows),
        "countries": len({iso2 for row in rows for iso2 in row["countries"]}),
        "seizures": sum(row["seizures"] for row in rows),
        "kg": _kg(raw_kg),
        "without_mass": sum(row["without_mass"] for row in rows),
        "arrests": sum(row["arrests"] for row in rows),
        "cases": cases_total,
    }
    return Stats("operation", rows, totals)


# --- 5. the post-seizure stages ------------------------------------------------------------------
# One definition of how far a seizure went, for the funnel, the dashboards, the reports and the
# results framework's measures: each seizure at the furthest stage it reached, from its own
# recorded follow-up or from the cases it is linked to, whichever is further.

FOLLOW_UP_STAGES = {
    Seizure.FollowUp.INVESTIGATION: "investigation",
    Seizure.FollowUp.CONTROLLED_DELIVERY: "investigation",
    Seizure.FollowUp.INTERNATIONAL_REQUEST: "investigation",
    Seizure.FollowUp.PROSECUTION: "prosecution",
}
# A case is at least investigated; charged, at trial or acquitted: prosecuted; convicted, or
# closed with convictions: convicted. A case closed without convictions was investigated only.
_PROSECUTED = Q(
    stage__in=[Case.Stage.CHARGED, Case.Stage.TRIAL, Case.Stage.CONVICTED, Case.Stage.ACQUITTED]
) | Q(stage=Case.Stage.CLOSED, convictions__gt=0)
_CONVICTED = Q(stage=Case.Stage.CONVICTED) | Q(stage=Case.Stage.CLOSED, convictions__gt=0)
_CASE_REACHED = {"investigation": Q(), "prosecution": _PROSECUTED, "conviction": _CONVICTED}
# The stages after the seizure, in their order; a seizure's stage is its index in FUNNEL_STAGES
# (0: seized only).
STAGE_RANK = {stage: rank for rank, stage in enumerate(FUNNEL_STAGES)}


def seizure_reached_q(stage: str, *, user) -> Q:
    """Seizures that reached at least `stage` ("investigation", "prosecution" or "conviction"):
    by their own follow-up, or through a case linked to them that reached it.

    Only the cases `user` may see count (archived, restricted or out-of-scope cases are left
    out), so a seizure's stage never tells of a case its reader may not see. The cases are not
    narrowed by any date or place: a seizure of 2021 whose case was convicted in 2023 counts as
    convicted in 2021's figures, the period of its seizure.

    One condition for the database to test on each seizure: the follow-ups as a list, the linked
    seizures as one hashed subquery, so a million seizures are counted in one scan."""
    if stage not in _CASE_REACHED:
        raise ValueError(f"stage must be one of {', '.join(_CASE_REACHED)}, not {stage!r}")
    follow_ups = [
        value for value, reached in FOLLOW_UP_STAGES.items() if STAGE_RANK[reached] >= STAGE_RANK[stage]
    ]
    cases = visible(Case, user).filter(_CASE_REACHED[stage]).values("pk")
    linked = Case.seizures.through.objects.filter(case__in=cases).values("seizure")
    q = Q(pk__in=linked)
    if follow_ups:
        q |= Q(follow_up__in=follow_ups)
    return q


def seizure_stage_expression(*, user) -> DbCase:
    """The stage a seizure reached, as its rank in FUNNEL_STAGES (0 seized only, 1 investigation,
    2 prosecution, 3 conviction), for annotating seizures to group or filter by (the same rule
    as `seizure_reached_q`)."""
    return DbCase(
        *(
            When(seizure_reached_q(stage, user=user), then=Value(STAGE_RANK[stage]))
            for stage in reversed(FUNNEL_STAGES[1:])
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def seizures_with_stage(seizures: QuerySet, *, user) -> QuerySet:
    """`seizures` annotated with `stage_reached` (`seizure_stage_expression`)."""
    return seizures.annotate(stage_reached=seizure_stage_expression(user=user))


def seizure_funnel_counts(seizures: QuerySet, *, user) -> dict[str, int]:
    """Of `seizures`: how many ("seizure"), and how many reached at least each stage after it
    ("investigation", "prosecution", "conviction"), in one query."""
    return seizures.aggregate(
        seizure=Count("pk"),
        **{stage: Count("pk", filter=seizure_reached_q(stage, user=user)) for stage in FUNNEL_STAGES[1:]},
    )


FUNNEL_LABELS = {
    "seizure": _("Seizures"),
    "investigation": _("Seizures investigated"),
    "prosecution": _("Seizures prosecuted (referred, charged or tried)"),
    "conviction": _("Seizures ending in conviction"),
}


FUNNEL_NOTE = _(
    "Each seizure (by its date) counts at the furthest stage it reached, from its own follow-up or "
    "from the cases linked to it, and in every stage before it. Investigation: investigation opened, "
    "controlled delivery, request to counterparts abroad, or a case investigated or closed without "
    "charge; prosecution: referred for prosecution, or a case charged, tried or acquitted; "
    "conviction: a case convicted or closed with convictions."
)


def case_funnel_stats(*, user, filters: StatsFilters = NO_FILTERS) -> Stats:
    """The post-seizure funnel: of the seizures the principal may see (by their date and the other
    filters, as `seizure_stats` counts them), how many reached at least an investigation, a
    prosecution, a conviction. Each seizure counts at the furthest stage it reached, from its own
    follow-up (investigation opened, controlled delivery or request to counterparts abroad: an
    investigation; referred for prosecution: a prosecution) or from the cases the principal may
    see that are linked to it (`seizure_reached_q`), whichever is further, and in every stage
    before it.

    Totals: the seizures; and of the cases (by the day they were opened, with the same filters as
    before: `_cases_filtered`) how many, their arrests and convictions, and how many are at each
    stage now.
    """
    _access_checked(user, filters)
    cases = _cases_filtered(visible(Case, user), filters, user=user)
    figures = cases.aggregate(
        cases=Count("pk"),
        arrests=Sum("arrests"),
        convictions=Sum("convictions"),
        **{f"stage_{stage}": Count("pk", filter=Q(stage=stage)) for stage in Case.Stage.values},
    )
    reached = seizure_funnel_counts(_seizures_filtered(visible(Seizure, user), filters), user=user)
    rows = [{"key": stage, "label": FUNNEL_LABELS[stage], "count": reached[stage]} for stage in FUNNEL_STAGES]
    totals = {
        "seizures": reached["seizure"],
        "cases": figures["cases"],
        "arrests": figures["arrests"] or 0,
        "convictions": figures["convictions"] or 0,
        "by_stage": {stage: figures[f"stage_{stage}"] for stage in Case.Stage.values},
    }
    return Stats("stage", rows, totals)
