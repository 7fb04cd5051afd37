"""The measure catalogue: the named figures a computed indicator is bound to.

Each measure is defined over the selectors' own querysets (`stats.selectors`, `core.access.visible`),
so it counts exactly what the dashboards and the stats API count for the same principal and
period, with the same access rules (country scope, restricted operations, archived records) and
the same disclosure control of counts of people (`core.disclosure`: exact for whoever may see
personal data, otherwise perturbed by the cell key of the people counted and hidden below the
small-cell threshold).

A measure is computed for several windows of dates at once (`Measure.compute`): one query per
measure whatever the number of periods and of records, each window a filtered aggregate. A
window is (start, end), both inclusive; a cumulative indicator passes windows that all start at
its framework's start, so people are counted once since then, never summed per period.

Dates: an activity counts on its start date, a seizure on its date, a handover on its date.
A donor's framework (`donor`) counts the activities that donor funds, the seizures of the
operations it funds, and the equipment it funded.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case as DbCase
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityLink, Organisation
from core.access import access_for, visible
from core.disclosure import RecordKey, cell_key_value, perturbed
from core.suppression import Suppressed
from countries.models import Country
from operations.models import Case, EquipmentHandover, EquipmentItem, Operation, Seizure, Substance
from people.models import Person
from stats import selectors as stats

from .models import Dimension

Window = tuple[datetime.date, datetime.date]
NUMBER, PERCENTAGE = "number", "percentage"
# Activities that took place: a planned, postponed or cancelled one delivered nothing.
HELD = (Activity.Status.COMPLETED, Activity.Status.ONGOING)
# The links by which a training leads to an operation.
CHAIN_RELATIONS = (ActivityLink.Relation.PREPARED, ActivityLink.Relation.LED_TO)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    """One value of a measure: `value` (an int, a Decimal, a hidden count, or None when there is
    nothing to compute it from), and for a percentage or a mean its `numerator` and
    `denominator` (summed, never averaged)."""

    value: int | Decimal | Suppressed | None
    numerator: int | Decimal | Suppressed | None = None
    denominator: int | Decimal | Suppressed | None = None


@dataclass(frozen=True)
class Group:
    """A group of a disaggregation: its key (a code: "female", "PE", a substance's id) and label."""

    key: str
    label: str


@dataclass(frozen=True)
class Computed:
    """A measure over windows: `totals[i]` for window i; with a disaggregation, `groups` in
    display order and `by_group[key][i]`."""

    totals: list[Figure]
    groups: list[Group] = field(default_factory=list)
    by_group: dict[str, list[Figure]] = field(default_factory=dict)


@dataclass(frozen=True)
class Measure:
    code: str
    name: str
    definition: str
    unit: str
    dimensions: tuple[str, ...]
    # (context, windows, dimension) -> Computed
    compute_function: Callable[..., Computed]

    def compute(
        self,
        *,
        user,
        windows: Sequence[Window],
        donor: Organisation | None = None,
        disaggregate: str | None = None,
    ) -> Computed:
        """The measure in each window, for `user`, over what `donor` funds (None: everything),
        broken down by `disaggregate` (one of `dimensions`) if given."""
        if disaggregate is not None and disaggregate not in self.dimensions:
            raise ValueError(f"{self.code} cannot be broken down by {disaggregate!r}")
        # The figures' own access check: 404 for a principal who may not see the programme's records.
        stats._access_checked(user, stats.NO_FILTERS)
        context = _Context(user=user, donor=donor)
        return self.compute_function(context, list(windows), disaggregate)

    def value(self, *, user, date_from, date_to, donor=None, disaggregate=None):
        """The measure over one period: a Figure, or with `disaggregate` {group key: Figure}."""
        computed = self.compute(
            user=user, windows=[(date_from, date_to)], donor=donor, disaggregate=disaggregate
        )
        if disaggregate is None:
            return computed.totals[0]
        return {group.key: computed.by_group[group.key][0] for group in computed.groups}


@dataclass(frozen=True)
class _Context:
    user: object
    donor: Organisation | None

    @property
    def access(self):
        return access_for(self.user)

    @property
    def filters(self) -> stats.StatsFilters:
        return stats.StatsFilters(donors=(self.donor,) if self.donor is not None else ())


# --- windows and groups --------------------------------------------------------------------------


def _in_window(path: str, window: Window) -> Q:
    return Q(**{f"{path}__gte": window[0], f"{path}__lte": window[1]})


def _windows_span(path: str, windows: Sequence[Window]) -> Q:
    """Rows in any of the windows (narrows the scan to the dates that matter)."""
    return Q(**{f"{path}__gte": min(w[0] for w in windows), f"{path}__lte": max(w[1] for w in windows)})


def _choice_groups(choices) -> list[Group]:
    return [Group(str(value), str(label)) for value, label in choices]


def _named_groups(model, keys, key_field: str) -> list[Group]:
    """Groups for the records of `model` whose `key_field` is in `keys`, by name."""
    return [
        Group(str(key), name)
        for key, name in model.objects.filter(**{f"{key_field}__in": keys})
        .order_by("name")
        .values_list(key_field, "name")
    ]


# The path of each dimension from the counted rows, by kind of rows.
PEOPLE_DIMENSIONS = {
    Dimension.SEX: "person__gender",
    Dimension.COUNTRY: "person__country__iso2",
    Dimension.PROFESSIONAL_CATEGORY: "person__professional_category",
}
SEIZURE_DIMENSIONS = {Dimension.COUNTRY: "country__iso2", Dimension.SUBSTANCE: "substance_id"}


def _groups_for(dimension: str, keys: set) -> list[Group]:
    if dimension == Dimension.SEX:
        return _choice_groups(Person.Gender.choices)
    if dimension == Dimension.PROFESSIONAL_CATEGORY:
        return [group for group in _choice_groups(Person.Category.choices) if group.key in keys]
    if dimension == Dimension.COUNTRY:
        groups = _named_groups(Country, [key for key in keys if key], "iso2")
        if None in keys:
            groups.append(Group("", str(_("No country"))))
        return groups
    if dimension == Dimension.SUBSTANCE:
        return _named_groups(Substance, [key for key in keys if key is not None], "pk")
    if dimension == Dimension.STAGE:
        return [Group(stage, str(stats.FUNNEL_LABELS[stage])) for stage in stats.FUNNEL_STAGES]
    raise ValueError(dimension)


def _aggregate(
    rows: QuerySet,
    windows: Sequence[Window],
    date_path: str,
    figures: Callable[[Q], dict],
    finish: Callable[[dict, int], Figure],
    group_path: str | None,
    dimension: str | None,
    *,
    additive: bool = False,
) -> Computed:
    """One query: for each window i, the aggregates `figures(q_i)` (named with a suffix _i),
    over all rows or grouped by `group_path`; `finish(aggregates, i)` makes each window's Figure.

    `additive`: the figures are counts and sums, so a window's are the sums of the disjoint
    segments it covers: the rows are aggregated once per segment (a GROUP BY), not once per
    window (a cumulative window covers all the segments before it), and the totals are the sums
    of the groups, each row being in one group. What a row costs to test (a seizure's stage) is
    then paid once, not once per window."""
    rows = rows.filter(_windows_span(date_path, windows))
    if additive:
        totals_rows, grouped = _additive(rows, windows, date_path, figures, group_path)
    else:
        aggregates = {}
        for index, window in enumerate(windows):
            for name, expression in figures(_in_window(date_path, window)).items():
                aggregates[f"{name}_{index}"] = expression
        if group_path is None:
            totals_rows, grouped = rows.aggregate(**aggregates), {}
        else:
            grouped = {
                row["group_key"]: row
                for row in rows.values(group_key=F(group_path)).annotate(**aggregates).order_by()
            }
            totals_rows = rows.aggregate(**aggregates)
    if group_path is None:
        return Computed([finish(_window_values(totals_rows, index), index) for index in range(len(windows))])
    groups = _groups_for(dimension, set(grouped))
    by_group = {}
    for group in groups:
        key = None if (group.key == "" and dimension == Dimension.COUNTRY) else group.key
        if dimension == Dimension.SUBSTANCE:
            key = int(group.key)
        row = grouped.get(key, {})
        by_group[group.key] = [finish(_window_values(row, index), index) for index in range(len(windows))]
    totals = [finish(_window_values(totals_rows, index), index) for index in range(len(windows))]
    return Computed(totals, groups, by_group)


def _additive(rows: QuerySet, windows: Sequence[Window], date_path: str, figures, group_path):
    """(totals, {group key: aggregates}) in `_aggregate`'s shape, from one GROUP BY over the
    disjoint segments the windows' bounds cut the dates into."""
    bounds = sorted(
        {window[0] for window in windows} | {window[1] + datetime.timedelta(days=1) for window in windows}
    )
    segment = DbCase(
        *(
            When(Q(**{f"{date_path}__gte": start, f"{date_path}__lt": end}), then=Value(index))
            for index, (start, end) in enumerate(itertools.pairwise(bounds))
        ),
        output_field=IntegerField(),
    )
    names = list(figures(Q()))
    keys = {"segment": segment}
    if group_path is not None:
        keys["group_key"] = F(group_path)
    found = rows.values(**keys).annotate(**figures(Q())).order_by()
    # Which segments each window covers.
    covers = [
        [
            index
            for index, start in enumerate(bounds[:-1])
            if window[0] <= start and bounds[index + 1] <= window[1] + datetime.timedelta(days=1)
        ]
        for window in windows
    ]
    totals: dict = {}
    grouped: dict = {}
    for row in found:
        if row["segment"] is None:
            continue
        targets = [totals] if group_path is None else [totals, grouped.setdefault(row["group_key"], {})]
        for index, segments in enumerate(covers):
            if row["segment"] not in segments:
                continue
            for name in names:
                value = row[name]
                if value is None:
                    continue
                for target in targets:
                    key = f"{name}_{index}"
                    target[key] = target.get(key, 0) + value
    return totals, grouped


def _window_values(row: dict, index: int) -> dict:
    suffix = f"_{index}"
    return {name[: -len(suffix)]: value for name, value in row.items() if name.endswith(suffix)}


# --- people --------------------------------------------------------------------------------------


def _people_figures(context: _Context) -> Callable[[Q], dict]:
    sees = context.access.sees_personal_data

    def figures(q: Q) -> dict:
        counted = {"people": Count("person", distinct=True, filter=q)}
        if not sees:
            # The cell key of the distinct people (core.disclosure.people_cell_key), in the window.
            counted["people_key"] = Sum(
                F("person") * 256 + RecordKey("person", namespace="person"),
                distinct=True,
                filter=q,
                output_field=IntegerField(),
            )
        return counted

    return figures


def _people_finish(context: _Context) -> Callable[[dict, int], Figure]:
    sees = context.access.sees_personal_data

    def finish(values: dict, index: int) -> Figure:
        people = values.get("people") or 0
        if sees:
            return Figure(people)
        return Figure(perturbed(people, cell_key_value(values.get("people_key"))))

    return finish


def _trained(context: _Context, *, women: bool = False) -> QuerySet:
    """The participations `officials_trained_stats` counts (participants of trainings, people and
    activities not archived, restricted operations withheld), for the framework's donor."""
    filters = stats.StatsFilters(donors=context.filters.donors, kinds=(Activity.Kind.TRAINING,))
    participations = stats._participations_counted(context.user, context.access, filters)
    if women:
        participations = participations.filter(person__gender=Person.Gender.FEMALE)
    return participations


def _people_trained(context, windows, dimension, *, women: bool = False) -> Computed:
    return _aggregate(
        _trained(context, women=women),
        windows,
        "activity__start_date",
        _people_figures(context),
        _people_finish(context),
        PEOPLE_DIMENSIONS.get(dimension),
        dimension,
    )


def _women_trained_share(context, windows, dimension) -> Computed:
    sees = context.access.sees_personal_data
    people = _people_figures(context)

    def figures(q: Q) -> dict:
        women_q = q & Q(person__gender=Person.Gender.FEMALE)
        counted = {**people(q), **{f"women_{name}": value for name, value in people(women_q).items()}}
        return counted

    def finish(values: dict, index: int) -> Figure:
        everyone = values.get("people") or 0
        women = values.get("women_people") or 0
        if not sees:
            everyone = perturbed(everyone, cell_key_value(values.get("people_key")))
            women = perturbed(women, cell_key_value(values.get("women_people_key")))
        return _percentage(women, everyone)

    return _aggregate(
        _trained(context),
        windows,
        "activity__start_date",
        figures,
        finish,
        PEOPLE_DIMENSIONS.get(dimension),
        dimension,
    )


def _knowledge_gain(context, windows, dimension) -> Computed:
    sees = context.access.sees_personal_data
    threshold = settings.SMALL_CELL_THRESHOLD
    tested = _trained(context).filter(pre_test_score__isnull=False, post_test_score__isnull=False)

    def figures(q: Q) -> dict:
        return stats.knowledge_gain_sums(q)

    def finish(values: dict, index: int) -> Figure:
        tested_count = values.get("tested") or 0
        gain = values.get("gain")
        if not tested_count:
            return Figure(None, Decimal(0), 0)
        if not sees and tested_count < threshold:
            hidden = Suppressed(primary=True, threshold=threshold)
            return Figure(hidden, hidden, hidden)
        return Figure(stats.mean_knowledge_gain(gain, tested_count), gain, tested_count)

    return _aggregate(
        tested,
        windows,
        "activity__start_date",
        figures,
        finish,
        PEOPLE_DIMENSIONS.get(dimension),
        dimension,
        additive=True,
    )


def _percentage(numerator, denominator) -> Figure:
    if isinstance(numerator, Suppressed) or isinstance(denominator, Suppressed):
        return Figure(
            Suppressed(primary=True, threshold=settings.SMALL_CELL_THRESHOLD), numerator, denominator
        )
    if not denominator:
        return Figure(None, numerator, denominator)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return Figure(value, numerator, denominator)


# --- activities and countries --------------------------------------------------------------------


def _count_figures(path: str = "pk", *, distinct: bool = False) -> Callable[[Q], dict]:
    return lambda q: {"count": Count(path, distinct=distinct, filter=q)}


def _count_finish(values: dict, index: int) -> Figure:
    return Figure(values.get("count") or 0)


def _activities(context, *, kinds=()) -> QuerySet:
    """The activities `activity_stats` counts, held (not planned, postponed or cancelled)."""
    filters = stats.StatsFilters(donors=context.filters.donors, kinds=tuple(kinds))
    return stats._activities_filtered(visible(Activity, context.user), filters, user=context.user).filter(
        status__in=HELD
    )


def _trainings_delivered(context, windows, dimension) -> Computed:
    group = "host_country__iso2" if dimension == Dimension.COUNTRY else None
    return _aggregate(
        _activities(context, kinds=(Activity.Kind.TRAINING,)),
        windows,
        "start_date",
        _count_figures(),
        _count_finish,
        group,
        dimension,
        additive=True,
    )


def _countries_engaged(context, windows, dimension) -> Computed:
    links = Activity.countries.through.objects.filter(activity__in=_activities(context).values("pk"))
    return _aggregate(
        links,
        windows,
        "activity__start_date",
        _count_figures("country", distinct=True),
        _count_finish,
        None,
        None,
    )


def _operations(context, windows, dimension) -> Computed:
    operations = visible(Operation, context.user).filter(
        activity__in=_activities(context, kinds=(Activity.Kind.OPERATION,)).values("pk")
    )
    return _aggregate(
        operations,
        windows,
        "activity__start_date",
        _count_figures(),
        _count_finish,
        None,
        None,
        additive=True,
    )


# --- seizures and the post-seizure chain ---------------------------------------------------------


def seizure_reached_q(stage: str, *, user) -> Q:
    """Seizures that reached at least `stage`: the post-seizure funnel's one rule
    (`stats.selectors.seizure_reached_q`), so a measure and the funnel never disagree."""
    return stats.seizure_reached_q(stage, user=user)


def _seizures(context) -> QuerySet:
    """The seizures `seizure_stats` counts, of the operations the framework's donor funds."""
    return stats._seizures_filtered(visible(Seizure, context.user), context.filters, dates=False)


def _seizure_group(context, dimension):
    if dimension == Dimension.STAGE:
        return "stage_key"
    return SEIZURE_DIMENSIONS.get(dimension)


def _seizure_rows(context, rows: QuerySet, dimension) -> QuerySet:
    if dimension == Dimension.STAGE:
        # The furthest stage, by its key in FUNNEL_STAGES, from the funnel's own expression.
        stage_key = DbCase(
            *(When(stage_reached=rank, then=Value(stage)) for rank, stage in enumerate(stats.FUNNEL_STAGES))
        )
        return stats.seizures_with_stage(rows, user=context.user).annotate(stage_key=stage_key)
    return rows


def _seizure_count(where: Callable[[_Context], Q] | None = None):
    def compute(context, windows, dimension) -> Computed:
        rows = _seizures(context)
        if where is not None:
            rows = rows.filter(where(context))
        return _aggregate(
            _seizure_rows(context, rows, dimension),
            windows,
            "date",
            _count_figures(),
            _count_finish,
            _seizure_group(context, dimension),
            dimension,
            additive=True,
        )

    return compute


def _seizures_kg(context, windows, dimension) -> Computed:
    def figures(q: Q) -> dict:
        return {"kg": Sum("mass_kg", filter=q)}

    def finish(values: dict, index: int) -> Figure:
        return Figure(stats._kg(values.get("kg")))

    return _aggregate(
        _seizures(context),
        windows,
        "date",
        figures,
        finish,
        SEIZURE_DIMENSIONS.get(dimension),
        dimension,
        additive=True,
    )


def _investigated_share(context, windows, dimension) -> Computed:
    reached = seizure_reached_q("investigation", user=context.user)

    def figures(q: Q) -> dict:
        return {"seized": Count("pk", filter=q), "reached": Count("pk", filter=q & reached)}

    def finish(values: dict, index: int) -> Figure:
        return _percentage(values.get("reached") or 0, values.get("seized") or 0)

    return _aggregate(
        _seizures(context),
        windows,
        "date",
        figures,
        finish,
        SEIZURE_DIMENSIONS.get(dimension),
        dimension,
        additive=True,
    )


def _controlled_delivery_q(context) -> Q:
    cases = visible(Case, context.user).filter(used_controlled_delivery=True).values("pk")
    return (
        Q(follow_up=Seizure.FollowUp.CONTROLLED_DELIVERY)
        | Q(detection=Seizure.Detection.CONTROLLED_DELIVERY)
        | Q(pk__in=Case.seizures.through.objects.filter(case__in=cases).values("seizure"))
    )


def trained_operations_q(context) -> Q:
    """Seizures of operations whose activity a training led to (an activity link "prepared" or
    "led to" from a training, as the principal may see both ends)."""
    trainings = visible(Activity, context.user).filter(kind=Activity.Kind.TRAINING).values("pk")
    links = visible(ActivityLink, context.user).filter(
        from_activity__in=trainings, relation__in=CHAIN_RELATIONS
    )
    return Q(operation__activity__in=links.values("to_activity"))


def _chain(stage: str | None):
    def where(context) -> Q:
        q = trained_operations_q(context)
        if stage is not None:
            q &= seizure_reached_q(stage, user=context.user)
        return q

    return _seizure_count(where)


# --- equipment -----------------------------------------------------------------------------------


def _equipment(context, windows, dimension) -> Computed:
    handovers = visible(EquipmentHandover, context.user)
    if context.donor is not None:
        funded = _activities(context).values("pk")
        handovers = handovers.filter(
            Q(donor=context.donor)
            | Q(donor__isnull=True, activity__in=funded)
            | Q(donor__isnull=True, operation__activity__in=funded)
        )
    items = visible(EquipmentItem, context.user).filter(handover__in=handovers.values("pk"))

    def figures(q: Q) -> dict:
        return {"count": Coalesce(Sum("quantity", filter=q), 0)}

    group = "handover__country__iso2" if dimension == Dimension.COUNTRY else None
    return _aggregate(
        items, windows, "handover__date", figures, _count_finish, group, dimension, additive=True
    )


# --- the catalogue -------------------------------------------------------------------------------

_PEOPLE = (Dimension.SEX, Dimension.COUNTRY, Dimension.PROFESSIONAL_CATEGORY)
_SEIZURE = (Dimension.COUNTRY, Dimension.SUBSTANCE, Dimension.STAGE)

CATALOGUE: tuple[Measure, ...] = (
    Measure(
        "trainings_delivered",
        _("Trainings delivered"),
        _(
            "Activities of kind training held (completed or ongoing; not planned, postponed or "
            "cancelled), counted in the period they start in. By country: the host country."
        ),
        NUMBER,
        (Dimension.COUNTRY,),
        _trainings_delivered,
    ),
    Measure(
        "people_trained",
        _("Officials trained"),
        _(
            "The dashboards' officials trained: distinct people who took part as participants in "
            "trainings that start in the period (cumulative: since the framework's start), each "
            "counted once however many trainings they attended. By sex, nationality or "
            "professional category."
        ),
        NUMBER,
        _PEOPLE,
        _people_trained,
    ),
    Measure(
        "women_trained",
        _("Women trained"),
        _("Officials trained (as people_trained) who are women, each counted once."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.PROFESSIONAL_CATEGORY),
        lambda context, windows, dimension: _people_trained(context, windows, dimension, women=True),
    ),
    Measure(
        "women_trained_share",
        _("Share of officials trained who are women"),
        _("Women trained divided by officials trained (distinct people), as a percentage."),
        PERCENTAGE,
        (Dimension.COUNTRY, Dimension.PROFESSIONAL_CATEGORY),
        _women_trained_share,
    ),
    Measure(
        "knowledge_gain",
        _("Mean knowledge gain"),
        _(
            "The mean of each participant's post-test minus pre-test score (percentage points), over "
            "the participants of trainings with both scores; withheld below the small-cell threshold "
            "from callers who may not see personal data."
        ),
        NUMBER,
        _PEOPLE,
        _knowledge_gain,
    ),
    Measure(
        "countries_engaged",
        _("Countries engaged"),
        _(
            "Distinct countries taking part in (or hosting) activities held in the period "
            "(cumulative: since the framework's start)."
        ),
        NUMBER,
        (),
        _countries_engaged,
    ),
    Measure(
        "operations",
        _("Operations"),
        _("Operations held (their activity completed or ongoing), counted in the period they start in."),
        NUMBER,
        (),
        _operations,
    ),
    Measure(
        "seizures",
        _("Seizures"),
        _(
            "Seizures, as the dashboards count them (those of operations and those recorded "
            "without one), on their date."
        ),
        NUMBER,
        _SEIZURE,
        _seizure_count(),
    ),
    Measure(
        "seizures_kg",
        _("Kilograms seized"),
        _("The normalised mass of the seizures (those whose quantity converts to a mass), in kg."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _seizures_kg,
    ),
    Measure(
        "seizures_investigated",
        _("Seizures investigated"),
        _(
            "Seizures that reached at least an investigation: their follow-up is investigation "
            "opened, controlled delivery, request to counterparts abroad or referred for "
            "prosecution, or a case is linked to them (the post-seizure funnel's rule)."
        ),
        NUMBER,
        _SEIZURE,
        _seizure_count(lambda context: seizure_reached_q("investigation", user=context.user)),
    ),
    Measure(
        "seizures_investigated_share",
        _("Share of seizures investigated"),
        _("Seizures investigated divided by seizures, as a percentage."),
        PERCENTAGE,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _investigated_share,
    ),
    Measure(
        "controlled_deliveries",
        _("Seizures with a controlled delivery"),
        _("Seizures made by a controlled delivery, followed up with one, or linked to a case that used one."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _seizure_count(_controlled_delivery_q),
    ),
    Measure(
        "cases_prosecuted",
        _("Seizures prosecuted"),
        _(
            "Seizures that reached at least a prosecution: referred for prosecution, or linked to a "
            "case charged, at trial, convicted or acquitted (or closed with convictions)."
        ),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _seizure_count(lambda context: seizure_reached_q("prosecution", user=context.user)),
    ),
    Measure(
        "convictions",
        _("Seizures ending in conviction"),
        _("Seizures linked to a case convicted, or closed with convictions."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _seizure_count(lambda context: seizure_reached_q("conviction", user=context.user)),
    ),
    Measure(
        "equipment_handed_over",
        _("Equipment items handed over"),
        _(
            "Items of equipment handed over (the sum of the handovers' quantities), on the "
            "handover's date. A donor's: the handovers it funded (or, without a recorded funder, "
            "at an activity or operation it funds). By country: the recipient's."
        ),
        NUMBER,
        (Dimension.COUNTRY,),
        _equipment,
    ),
    Measure(
        "chain_seizures",
        _("Seizures of operations prepared by a training"),
        _(
            "Seizures of operations that a training prepared or led to (activity links): the chain "
            "training -> operation -> seizure. By stage: the furthest post-seizure stage each "
            "reached."
        ),
        NUMBER,
        _SEIZURE,
        _chain(None),
    ),
    Measure(
        "chain_seizures_investigated",
        _("Seizures investigated, of operations prepared by a training"),
        _("The chain's seizures (as chain_seizures) that reached at least an investigation."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _chain("investigation"),
    ),
    Measure(
        "chain_convictions",
        _("Seizures ending in conviction, of operations prepared by a training"),
        _("The chain's seizures (as chain_seizures) that reached a conviction."),
        NUMBER,
        (Dimension.COUNTRY, Dimension.SUBSTANCE),
        _chain("conviction"),
    ),
)

MEASURES: dict[str, Measure] = {measure.code: measure for measure in CATALOGUE}


def measure_catalogue() -> list[dict]:
    """The catalogue as data: code, name, definition, unit and dimensions of each measure."""
    return [
        {
            "code": measure.code,
            "name": str(measure.name),
            "definition": str(measure.definition),
            "unit": measure.unit,
            "dimensions": list(measure.dimensions),
        }
        for measure in CATALOGUE
    ]
