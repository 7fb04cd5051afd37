"""The contents of the donor progress report, the country briefing pack and the operation results
report, as format-neutral `Document`s: sections of tables (and charts) that the PDF and the XLSX
writers (reports.rendering) both render, so the two formats always hold the same figures.

Every figure comes from the shared selectors (stats.selectors) called as the requester, under the
same label as on the dashboards (stats.labels), so a report says what the API and the dashboards
say to that requester, suppression included; its parameters are read by the figures' one parser
(stats.filters) and its lists of records come from the apps' list selectors. Each builder runs a
fixed number of queries whatever the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Activity
from core.access import Action, Kind, access_for, visible
from core.suppression import Suppressed, threshold_setting
from countries.models import Country
from operations.models import Case, Seizure
from operations.selectors import case_list, operation_list, seizure_list
from people.models import Person
from results.exports import period_label
from results.filters import IpttParameters
from results.models import Framework, ProgressNarrative, Result
from results.selectors import iptt
from stats.filters import stats_filters_parse
from stats.labels import figure_label
from stats.selectors import (
    FUNNEL_NOTE,
    FUNNEL_STAGES,
    Stats,
    StatsFilters,
    activity_counted_list,
    activity_planned_list,
    activity_stats,
    case_funnel_stats,
    officials_trained_stats,
    operation_results_stats,
    participant_stats,
    seizure_follow_up_stats,
    seizure_stats,
    training_stats,
)

from . import briefs
from .briefs import Brief

TEXT, INTEGER, KG, DATE = "text", "integer", "kg", "date"
# A figure that may have decimals (a target, a percentage): shown as the IPTT gives it.
NUMBER = "number"


@dataclass
class Column:
    label: str
    type: str = TEXT


@dataclass
class Table:
    """One table: a sheet of the workbook, a table of the PDF. `chart` draws `chart_column`."""

    name: str  # the sheet's name: short, unique within the document
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    totals: list | None = None
    chart: str = ""  # "", "bars" or "funnel"
    chart_column: int = 1
    note: str = ""
    # The type of each row's figure when it changes from row to row (the key figures: counts and
    # a mass in one column); empty: the columns' types.
    row_types: list[str] = field(default_factory=list)

    def types(self, row: int | None) -> list[str]:
        """The types of the cells of row `row` (None: the totals)."""
        if row is None or not self.row_types:
            return [column.type for column in self.columns]
        return [column.type if column.type == TEXT else self.row_types[row] for column in self.columns]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    # The document's first page (reports.briefs): the PDF sets it apart, the workbook writes its
    # tables as any section's.
    brief: Brief | None = None


@dataclass
class Document:
    title: str
    subtitle: str
    parameters: list[tuple[str, str]]
    sections: list[Section]
    generated_for: str = ""


Step = Callable[[], None]

DONOR_PARAMETERS = ("date_from", "date_to", "donor")
BRIEFING_PARAMETERS = ("date_from", "date_to", "country")


def _period_label(date_from, date_to) -> str:
    if date_from and date_to:
        return _("%(start)s to %(end)s") % {
            "start": date_format(date_from, "DATE_FORMAT"),
            "end": date_format(date_to, "DATE_FORMAT"),
        }
    if date_from:
        return _("from %(start)s") % {"start": date_format(date_from, "DATE_FORMAT")}
    if date_to:
        return _("until %(end)s") % {"end": date_format(date_to, "DATE_FORMAT")}
    return _("the whole programme")


def _date(value):
    """A date of a DATE column: the writers format it (reports.rendering)."""
    return value or None


def _date_text(value) -> str:
    """A date inside a text, by the active language's formats (as a DATE cell shows it)."""
    # Imported here: the writers (reports.rendering) import this module's document types.
    from .rendering import date_display

    return date_display(value)


# --- names --------------------------------------------------------------------------------------


class CountryNames:
    """Countries by their ISO code, written by name in the reader's language (a document names
    countries; codes are for machines): one query, whatever the number of rows."""

    def __init__(self):
        self._names = {country.iso2: country.display_name for country in Country.objects.only("iso2", "name")}

    def __call__(self, codes) -> str:
        return ", ".join(sorted(self._names.get(code, code) for code in codes))


def _countries_of(activity) -> str:
    """An activity's participating countries (prefetched) by name."""
    return ", ".join(sorted(country.display_name for country in activity.countries.all()))


# --- the brief ----------------------------------------------------------------------------------


def _brief_section(brief: Brief) -> Section:
    """The brief as a section: its figures, its highlights (the lead first) and what comes next,
    as tables the workbook writes like any other; the PDF draws the page from `brief` itself."""
    return Section(
        brief.kicker,
        paragraphs=[brief.lead],
        brief=brief,
        tables=[
            Table(
                name=_("Brief figures"),
                title=_("The figures that matter"),
                columns=[Column(_("Figure")), Column(_("Value"), INTEGER)],
                rows=[[label, value] for label, value, _type in brief.figures],
                row_types=[type_ for _label, _value, type_ in brief.figures],
                note=brief.note,
            ),
            Table(
                name=_("Highlights"),
                title=_("Highlights"),
                columns=[Column(_("Highlight"))],
                rows=[[brief.lead], *([text] for text in brief.highlights)],
            ),
            Table(
                name=_("Coming next"),
                title=brief.next_heading,
                columns=[
                    Column(_("Activity")),
                    Column(_("Kind")),
                    Column(_("Start"), DATE),
                    Column(_("Countries")),
                ],
                rows=brief.next_rows,
                note="" if brief.next_rows else brief.next_empty,
            ),
        ],
    )


def _next_rows(planned: list[Activity]) -> list[list]:
    return [
        [activity.title, activity.get_kind_display(), _date(activity.start_date), _countries_of(activity)]
        for activity in planned
    ]


def _latest_trainings(user, filters: StatsFilters, limit: int = 3) -> list[Activity]:
    """The trainings of the period held most recently (not those only planned)."""
    trainings = activity_counted_list(
        user=user,
        filters=replace(filters, kinds=(Activity.Kind.TRAINING,)),
        newest_first=True,
        limit=limit * 4,
    )
    return [training for training in trainings if training.status != Activity.Status.PLANNED][:limit]


def _training_place(training) -> str:
    return training.host_country.display_name if training.host_country_id else ""


def _women(trained: Stats):
    return {row["key"]: row["people"] for row in trained.results}.get(Person.Gender.FEMALE, 0)


# --- shared tables ---------------------------------------------------------------------------


def _suppression_note(stats: Stats) -> str:
    if not stats.suppressed:
        return ""
    return _(
        "Counts of people are changed by up to %(noise)s, the same way every time, and small ones are "
        "shown as <%(threshold)s: figures are close, not exact, and parts need not add up to their totals."
    ) % {"noise": settings.DISCLOSURE_MAX_NOISE, "threshold": threshold_setting()}


def _people_tables(
    user, filters: StatsFilters, *, country=None, groups=("gender", "country", "category")
) -> tuple[list[Table], Stats]:
    """The officials trained (`officials_trained_stats`) by each of `groups`, and the figure by
    gender (its totals and its women and men)."""
    trained = figure_label("officials_trained", country)
    titles = {
        "gender": (_("%(figure)s by gender"), _("By gender"), _("Gender")),
        "country": (_("%(figure)s by nationality"), _("By country"), _("Country")),
        "category": (_("%(figure)s by professional category"), _("By category"), _("Category")),
    }
    tables, by_gender = [], None
    for group in groups:
        stats = officials_trained_stats(user=user, group_by=group, filters=filters)
        if group == "gender":
            by_gender = stats
        title, name, label = titles[group]
        rows = [[str(row["label"]), row["people"], row["participations"]] for row in stats.results]
        if group in ("gender", "category"):
            rows = [row for row in rows if row[1] != 0 or row[2] != 0]
        tables.append(
            Table(
                # The sheet's name: short, and the same whatever the country.
                name=_("People %(group)s") % {"group": name.lower()},
                title=title % {"figure": trained},
                columns=[
                    Column(label),
                    Column(figure_label("officials_trained"), INTEGER),
                    Column(figure_label("participations_in_trainings"), INTEGER),
                ],
                rows=rows,
                totals=[_("Total"), stats.totals["people"], stats.totals["participations"]],
                chart="bars",
                note=_suppression_note(stats),
            )
        )
    if by_gender is None:
        by_gender = officials_trained_stats(user=user, group_by="gender", filters=filters)
    return tables, by_gender


def _people_figures(trained: Stats, took_part: Stats, country=None) -> list[tuple[str, object, str]]:
    """The key figures of people: officials trained (women, men), their participations in
    trainings, and the people who took part in any activity."""
    by_gender = {row["key"]: row["people"] for row in trained.results}
    return [
        (figure_label("officials_trained", country), trained.totals["people"], INTEGER),
        (_("Officials trained: women"), by_gender.get(Person.Gender.FEMALE, 0), INTEGER),
        (_("Officials trained: men"), by_gender.get(Person.Gender.MALE, 0), INTEGER),
        (figure_label("participations_in_trainings", country), trained.totals["participations"], INTEGER),
        (figure_label("people_who_took_part", country), took_part.totals["people"], INTEGER),
    ]


def _operations_table(user, filters: StatsFilters, names: CountryNames) -> tuple[Table, Stats]:
    stats = operation_results_stats(user=user, filters=filters)
    rows = [
        [
            row["label"],
            _date(row["start_date"]),
            len(row["countries"]),
            names(row["countries"]),
            row["seizures"],
            row["kg"],
            row["arrests"],
            row["cases"],
        ]
        for row in stats.results
    ]
    totals = stats.totals
    table = Table(
        name=_("Operations"),
        title=_("Operations and their results"),
        columns=[
            Column(_("Operation")),
            Column(_("Start"), DATE),
            Column(_("Countries"), INTEGER),
            Column(_("Participating countries")),
            Column(_("Seizures"), INTEGER),
            Column(_("Kilograms"), KG),
            Column(_("Arrests"), INTEGER),
            Column(_("Cases"), INTEGER),
        ],
        rows=rows,
        totals=[
            _("Total"),
            "",
            totals["countries"],
            "",
            totals["seizures"],
            totals["kg"],
            totals["arrests"],
            totals["cases"],
        ],
        chart="bars",
        chart_column=4,
        note=_(
            "A case linking seizures of two operations counts in the row of each; the total counts it once."
        ),
    )
    return table, stats


def _seizure_table(user, filters: StatsFilters, group: str, *, country=None) -> tuple[Table, Stats]:
    stats = seizure_stats(user=user, group_by=group, filters=filters)
    label = _("Substance") if group == "substance" else _("Country")
    seizures = figure_label("seizures", country)
    title = (_("%(figure)s by substance") if group == "substance" else _("%(figure)s by country")) % {
        "figure": seizures
    }
    table = Table(
        name=_("Seizures by substance") if group == "substance" else _("Seizures by country"),
        title=title,
        columns=[
            Column(label),
            Column(_("Seizures"), INTEGER),
            Column(_("Kilograms"), KG),
            Column(_("Without a mass"), INTEGER),
            Column(_("Arrests"), INTEGER),
        ],
        rows=[
            [row["label"], row["count"], row["kg"], row["without_mass"], row["arrests"]]
            for row in stats.results
        ],
        totals=[
            _("Total"),
            stats.totals["count"],
            stats.totals["kg"],
            stats.totals["without_mass"],
            stats.totals["arrests"],
        ],
        chart="bars",
    )
    return table, stats


def _funnel_tables(user, filters: StatsFilters) -> tuple[list[Table], Stats]:
    stats = case_funnel_stats(user=user, filters=filters)
    funnel = Table(
        name=_("Post-seizure funnel"),
        title=_("From seizure to conviction"),
        columns=[Column(_("Stage reached")), Column(_("Seizures"), INTEGER)],
        rows=[[str(row["label"]), row["count"]] for row in stats.results],
        chart="funnel",
        note=str(FUNNEL_NOTE),
    )
    stages = Table(
        name=_("Cases by stage"),
        title=_("Cases by stage"),
        columns=[Column(_("Stage")), Column(_("Cases"), INTEGER)],
        rows=[[str(label), stats.totals["by_stage"][value]] for value, label in Case.Stage.choices],
        totals=[_("Total"), stats.totals["cases"]],
        note=_("Cases by the day they were opened, at their stage now."),
    )
    return [funnel, stages], stats


def _activities_table(activities, *, name: str, title: str) -> Table:
    rows = []
    for activity in activities:
        rows.append(
            [
                ", ".join(str(pillar.number) for pillar in activity.pillars.all()),
                activity.title,
                activity.get_kind_display(),
                activity.get_status_display(),
                _date(activity.start_date),
                _date(activity.end_date),
                _countries_of(activity),
            ]
        )
    return Table(
        name=name,
        title=title,
        columns=[
            Column(_("Pillars")),
            Column(_("Activity")),
            Column(_("Kind")),
            Column(_("Status")),
            Column(_("Start"), DATE),
            Column(_("End"), DATE),
            Column(_("Countries")),
        ],
        rows=rows,
    )


def _key_figures(rows: list[tuple[str, object, str]]) -> Table:
    return Table(
        name=_("Key figures"),
        title=_("Key figures"),
        columns=[Column(_("Figure")), Column(_("Value"), INTEGER)],
        rows=[[label, value] for label, value, _type in rows],
        row_types=[type_ for _label, _value, type_ in rows],
    )


# --- the results framework: its IPTT per outcome ------------------------------------------------


def _iptt_value(value):
    """A figure of the IPTT as a cell: a whole number as an integer, a hidden count as its text."""
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def report_framework(*, user, donor) -> Framework | None:
    """The framework a donor report is measured against: the donor's own when it has one, else
    the programme's; None for a requester who may not see the results framework."""
    if not access_for(user).allows(Action.VIEW, Kind.RESULTS):
        return None
    frameworks = visible(Framework, user).order_by("pk")
    own = frameworks.filter(owner=donor).first() if donor is not None else None
    return own or frameworks.filter(owner__isnull=True).first()


def _results_sections(user, filters: StatsFilters, donor) -> list[Section]:
    """The framework's IPTT (`results.selectors.iptt`: the rows of the results page and the API),
    yearly over the report's period and for the life of the programme, one section per outcome
    (the goal's indicators first), each with the progress narratives staff wrote for its results
    in those periods."""
    framework = report_framework(user=user, donor=donor)
    if framework is None:
        return []
    rows = iptt(
        user=user,
        parameters=IpttParameters(framework=framework, date_from=filters.date_from, date_to=filters.date_to),
    )
    results = {result.pk: result for result in visible(Result, user).filter(framework=framework)}
    years = {row["period_start"].year for row in rows if row["period"] != "life"}
    narratives = (
        visible(ProgressNarrative, user)
        .filter(result__framework=framework)
        .filter(Q(year__in=years) | Q(period_type="life"))
        .order_by("result__code", "period_type", "year", "quarter")
    )

    def heading(result: Result) -> Result:
        # An output is reported under the outcome it contributes to.
        if result.level == Result.Level.OUTPUT and result.parent_id in results:
            return results[result.parent_id]
        return result

    grouped: dict[int, list[list]] = {}
    for row in rows:
        result = results.get(row["result"])
        if result is None or row["disaggregation"] is not None:
            continue
        grouped.setdefault(heading(result).pk, []).append(
            [
                result.code,
                f"{row['code']} {row['name']}",
                period_label(row["period"]) + (f" ({_('to date')})" if row["to_date"] else ""),
                _iptt_value(row["baseline"]),
                _iptt_value(row["target"]),
                _iptt_value(row["actual"]),
                _iptt_value(row["percent_of_target"]),
            ]
        )
    written: dict[int, list[str]] = {}
    for narrative in narratives:
        result = results.get(narrative.result_id)
        if result is not None:
            written.setdefault(heading(result).pk, []).append(
                f"{result.code} ({period_label(narrative.period_label)}): {narrative.text}"
            )
    levels = list(Result.Level.values)
    sections = [
        Section(
            _("Results framework: %(framework)s") % {"framework": framework.name},
            paragraphs=[
                _(
                    "The indicators of the framework against their targets, per year of the report's "
                    "period and over the life of the programme. Computed indicators are counted from "
                    "the records, as every other figure of this report; reported ones were entered by "
                    "staff with their source. A cumulative indicator counts from the framework's start; "
                    "percentages come from summed numerators and denominators."
                )
            ],
        )
    ]
    for pk in sorted(grouped, key=lambda pk: (levels.index(results[pk].level), results[pk].code)):
        result = results[pk]
        sections.append(
            Section(
                f"{result.get_level_display()} {result.code}: {result.statement}",
                paragraphs=written.get(pk, []),
                tables=[
                    Table(
                        name=_("IPTT %(code)s") % {"code": result.code},
                        title=f"{result.get_level_display()} {result.code}",
                        columns=[
                            Column(_("Result")),
                            Column(_("Indicator")),
                            Column(_("Period")),
                            Column(_("Baseline"), NUMBER),
                            Column(_("Target"), NUMBER),
                            Column(_("Actual"), NUMBER),
                            Column(_("% of target"), NUMBER),
                        ],
                        rows=grouped[pk],
                    )
                ],
            )
        )
    return sections


# --- 1. donor progress report --------------------------------------------------------------------


def donor_progress_document(*, user, parameters: dict, step: Step) -> Document:
    filters = stats_filters_parse(parameters, user=user, only=DONOR_PARAMETERS)
    # The request names one donor (reports.services); none: all donors.
    donor = filters.donors[0] if filters.donors else None
    step()
    by_pillar = activity_stats(user=user, group_by="pillar", filters=filters)
    activities = activity_counted_list(user=user, filters=filters)
    step()
    people, trained = _people_tables(user, filters)
    took_part = participant_stats(user=user, group_by="gender", filters=filters)
    step()
    names = CountryNames()
    operations, operation_stats = _operations_table(user, filters, names)
    operation_totals = operation_stats.totals
    step()
    by_substance, substance_stats = _seizure_table(user, filters, "substance")
    by_country, seized = _seizure_table(user, filters, "country")
    step()
    funnel, cases = _funnel_tables(user, filters)
    step()
    results = _results_sections(user, filters, donor)
    step()
    key = _key_figures(
        [
            (_("Activities delivered"), by_pillar.totals["count"], INTEGER),
            *_people_figures(trained, took_part),
            (_("Operations"), operation_totals["operations"], INTEGER),
            (_("Countries in operations"), operation_totals["countries"], INTEGER),
            (figure_label("seizures"), seized.totals["count"], INTEGER),
            (_("Kilograms seized"), seized.totals["kg"], KG),
            (_("Arrests"), seized.totals["arrests"], INTEGER),
            (_("Cases"), cases.totals["cases"], INTEGER),
        ]
    )
    pillars = Table(
        name=_("Activities by pillar"),
        title=_("Activities by pillar"),
        columns=[Column(_("Pillar")), Column(_("Activities"), INTEGER)],
        rows=[[str(row["label"]), row["count"]] for row in by_pillar.results],
        totals=[_("Total (each activity once)"), by_pillar.totals["count"]],
        chart="bars",
    )
    donor_label = str(donor) if donor else _("All donors")
    period = _period_label(filters.date_from, filters.date_to)
    planned = activity_planned_list(user=user, filters=filters)
    step()
    women = _women(trained)
    brief = Brief(
        kicker=_("Donor progress report"),
        heading=donor_label,
        period=period,
        lead=(
            _("With the funding of %(donor)s, CRIMJUST delivered %(activities)s.")
            if donor
            else _("CRIMJUST delivered %(activities)s.")
        )
        % {
            "donor": donor_label,
            "activities": briefs.activities_phrase(
                activity_stats(user=user, group_by="kind", filters=filters).results, by_pillar.totals["count"]
            ),
        },
        figures=[
            (_("Activities delivered"), by_pillar.totals["count"], INTEGER),
            (figure_label("officials_trained"), trained.totals["people"], INTEGER),
            (_("Operations"), operation_totals["operations"], INTEGER),
            (figure_label("seizures"), seized.totals["count"], INTEGER),
            (_("Kilograms seized"), seized.totals["kg"], KG),
        ],
        highlights=[
            text
            for text in (
                briefs.trained_sentence(trained.totals["people"], women),
                briefs.largest_operation_sentence(operation_stats.results),
                briefs.substance_sentence(substance_stats.results),
                briefs.funnel_sentence(cases.results),
                briefs.trainings_sentence(_latest_trainings(user, filters), _training_place),
            )
            if text
        ],
        next_heading=_("What comes next"),
        next_rows=_next_rows(planned),
        next_empty=_("No activity is planned yet."),
        note=_suppression_note(trained),
    )
    return Document(
        title=_("Donor progress report"),
        subtitle=_("%(donor)s — %(period)s") % {"donor": donor_label, "period": period},
        parameters=[(_("Donor"), donor_label), (_("Period"), period)],
        sections=[
            _brief_section(brief),
            Section(_("Summary"), tables=[key]),
            Section(
                _("Activities delivered, by pillar"),
                paragraphs=[_("Activities that started in the period, counted once per pillar they serve.")],
                tables=[pillars, _activities_table(activities, name=_("Activities"), title=_("Activities"))],
            ),
            Section(
                figure_label("officials_trained"),
                paragraphs=[
                    _(
                        "Officials trained: the distinct people who took part as participants in the "
                        "period's trainings, each once, and their participations in those trainings, by "
                        "gender, nationality and professional category."
                    )
                ],
                tables=people,
            ),
            Section(_("Operations and their results"), tables=[operations]),
            Section(_("Seizures"), tables=[by_substance, by_country]),
            Section(_("After the seizure"), tables=funnel),
            *results,
        ],
    )


# --- 2. country briefing pack --------------------------------------------------------------------


def country_briefing_document(*, user, parameters: dict, step: Step) -> Document:
    filters = stats_filters_parse(parameters, user=user, only=BRIEFING_PARAMETERS)
    # The request names one country (reports.services).
    (country,) = filters.countries
    step()
    by_kind = activity_stats(user=user, group_by="kind", filters=filters)
    activities = activity_counted_list(user=user, filters=filters)
    step()
    people, trained = _people_tables(user, filters, country=country, groups=("gender", "category"))
    took_part = participant_stats(user=user, group_by="gender", filters=filters)
    step()
    names = CountryNames()
    operations, operation_stats = _operations_table(user, filters, names)
    operation_totals = operation_stats.totals
    step()
    by_substance, seized = _seizure_table(user, filters, "substance", country=country)
    funnel, cases = _funnel_tables(user, filters)
    planned = activity_planned_list(user=user, filters=filters)
    latest = _latest_trainings(user, filters)
    step()
    activities_label = figure_label("activities", country)
    kinds = Table(
        name=_("Activities by kind"),
        title=_("%(figure)s by kind") % {"figure": activities_label},
        columns=[Column(_("Kind")), Column(_("Activities"), INTEGER)],
        rows=[[str(row["label"]), row["count"]] for row in by_kind.results if row["count"]],
        totals=[_("Total"), by_kind.totals["count"]],
        chart="bars",
        note=_("Activities %(country)s took part in or hosted.") % {"country": country.display_name},
    )
    key = _key_figures(
        [
            (activities_label, by_kind.totals["count"], INTEGER),
            *_people_figures(trained, took_part, country),
            (_("Operations the country took part in"), operation_totals["operations"], INTEGER),
            (figure_label("seizures", country), seized.totals["count"], INTEGER),
            (_("Kilograms seized"), seized.totals["kg"], KG),
            (_("Cases"), cases.totals["cases"], INTEGER),
        ]
    )
    period = _period_label(filters.date_from, filters.date_to)
    reached = {row["key"]: row["count"] for row in cases.results}
    brief = Brief(
        kicker=_("Country brief"),
        heading=country.display_name,
        period=period,
        lead=_("CRIMJUST worked with %(country)s in %(activities)s.")
        % {
            "country": country.display_name,
            "activities": briefs.activities_phrase(by_kind.results, by_kind.totals["count"]),
        },
        figures=[
            (activities_label, by_kind.totals["count"], INTEGER),
            (figure_label("officials_trained", country), trained.totals["people"], INTEGER),
            (figure_label("seizures", country), seized.totals["count"], INTEGER),
            (_("Kilograms seized"), seized.totals["kg"], KG),
            (_("Seizures that reached prosecution"), reached.get("prosecution", 0), INTEGER),
        ],
        highlights=[
            text
            for text in (
                briefs.trained_sentence(
                    trained.totals["people"], _women(trained), whose=country.display_name
                ),
                briefs.largest_operation_sentence(operation_stats.results, country=country.display_name),
                briefs.substance_sentence(seized.results),
                briefs.funnel_sentence(cases.results),
                briefs.trainings_sentence(latest, _training_place),
            )
            if text
        ],
        next_heading=_("What comes next"),
        next_rows=_next_rows(planned),
        next_empty=_("No activity with %(country)s is planned yet.") % {"country": country.display_name},
        map_code=country.numeric_code,
        map_title=_("Map of %(country)s and its neighbours") % {"country": country.display_name},
        note=_suppression_note(trained),
    )
    return Document(
        title=_("Country briefing pack"),
        subtitle=_("%(country)s — %(period)s") % {"country": country.display_name, "period": period},
        parameters=[(_("Country"), country.display_name), (_("Period"), period)],
        sections=[
            _brief_section(brief),
            Section(_("Summary"), tables=[key]),
            Section(
                _("What the programme did with the country"),
                tables=[kinds, _activities_table(activities, name=_("Activities"), title=activities_label)],
            ),
            Section(
                figure_label("officials_trained", country),
                paragraphs=[
                    _(
                        "People of %(country)s's nationality who took part as participants in trainings, "
                        "wherever held, each once, and their participations in those trainings."
                    )
                    % {"country": country.display_name}
                ],
                tables=people,
            ),
            Section(_("Operations"), tables=[operations]),
            Section(figure_label("seizures", country), tables=[by_substance]),
            Section(_("After the seizure"), tables=funnel),
        ],
    )


# --- 3. operation results report -----------------------------------------------------------------


def operation_results_document(*, user, parameters: dict, step: Step) -> Document:
    # Operation.DoesNotExist when it is no longer there or no longer visible to the requester.
    operation = operation_list(user=user).get(pk=parameters["operation"])
    filters = StatsFilters(operation=operation)
    step()
    totals = operation_results_stats(user=user, filters=filters).totals
    by_country = seizure_stats(user=user, group_by="country", filters=filters)
    by_substance, substance_stats = _seizure_table(user, filters, "substance")
    step()
    follow_up = seizure_follow_up_stats(user=user, filters=filters)
    (funnel, _stages), funnel_stats = _funnel_tables(user, filters)
    participants = list(operation.participants.all())
    step()
    seized = {row["key"]: row for row in by_country.results}
    followed = {row["key"]: row for row in follow_up.results}
    country_rows = []
    for participant in participants:
        iso2 = participant.country.iso2
        row, follow = seized.get(iso2, {}), followed.get(iso2, {})
        follow_ups = follow.get("follow_up", {})
        country_rows.append(
            [
                participant.country.display_name,
                row.get("count", 0),
                row.get("kg", Decimal("0.000")),
                row.get("arrests", 0),
                follow_ups.get(Seizure.FollowUp.CONTROLLED_DELIVERY, 0),
                follow_ups.get(Seizure.FollowUp.INTERNATIONAL_REQUEST, 0),
                follow.get("cases", 0),
            ]
        )
    per_country = Table(
        name=_("Results by country"),
        title=_("Results by country"),
        columns=[
            Column(_("Country")),
            Column(_("Seizures"), INTEGER),
            Column(_("Kilograms"), KG),
            Column(_("Arrests"), INTEGER),
            Column(_("Controlled deliveries"), INTEGER),
            Column(_("Requests abroad"), INTEGER),
            Column(_("Cases"), INTEGER),
        ],
        rows=country_rows,
        totals=[
            _("Total"),
            totals["seizures"],
            totals["kg"],
            totals["arrests"],
            follow_up.totals["follow_up"][Seizure.FollowUp.CONTROLLED_DELIVERY],
            follow_up.totals["follow_up"][Seizure.FollowUp.INTERNATIONAL_REQUEST],
            totals["cases"],
        ],
        chart="bars",
        note=_(
            "A case linking seizures made in two countries counts in the row of each; the total counts "
            "it once."
        ),
    )
    follow_up_table = Table(
        name=_("Follow-ups"),
        title=_("Follow-up of the seizures"),
        columns=[Column(_("Follow-up")), Column(_("Seizures"), INTEGER)],
        rows=[
            [str(label), follow_up.totals["follow_up"][value]] for value, label in Seizure.FollowUp.choices
        ],
        totals=[_("Total"), totals["seizures"]],
    )
    seizures = seizure_list(user=user, filters={"operation": operation.pk})
    cases = (
        case_list(user=user, filters={"ordering": "opened_on,reference"})
        .filter(seizures__in=seizures.values("pk"))
        .distinct()
    )
    case_table = Table(
        name=_("Cases"),
        title=_("Cases opened from the seizures"),
        columns=[
            Column(_("Reference")),
            Column(_("Title")),
            Column(_("Stage")),
            Column(_("Opened"), DATE),
            Column(_("Countries")),
            Column(_("Controlled delivery")),
            Column(_("Arrests"), INTEGER),
            Column(_("Convictions"), INTEGER),
        ],
        rows=[
            [
                case.reference,
                case.title,
                case.get_stage_display(),
                _date(case.opened_on),
                ", ".join(sorted(country.display_name for country in case.countries.all())),
                _("yes") if case.used_controlled_delivery else _("no"),
                case.arrests,
                case.convictions,
            ]
            for case in cases
        ],
    )
    step()
    trainings = training_stats(user=user, filters=filters)
    names = CountryNames()
    training_table = Table(
        name=_("Trainings"),
        title=_("Trainings linked to the operation"),
        columns=[
            Column(_("Training")),
            Column(_("Start"), DATE),
            Column(_("End"), DATE),
            Column(_("Countries")),
            Column(figure_label("officials_trained"), INTEGER),
        ],
        rows=[
            [
                row["label"],
                _date(row["start_date"]),
                _date(row["end_date"]),
                names(row["countries"]),
                row["people"],
            ]
            for row in trainings.results
        ],
        totals=[_("Total (each person once)"), "", "", "", trainings.totals["people"]],
        note=_suppression_note(trainings),
    )
    people, trained = _people_tables(user, filters, groups=("gender", "category"))
    step()
    by_gender = {row["key"]: row["people"] for row in trained.results}
    key = _key_figures(
        [
            (_("Participating countries"), totals["countries"], INTEGER),
            (figure_label("seizures"), totals["seizures"], INTEGER),
            (_("Kilograms seized"), totals["kg"], KG),
            (_("Arrests"), totals["arrests"], INTEGER),
            (_("Cases"), totals["cases"], INTEGER),
            (_("Trainings linked to it"), trainings.totals["trainings"], INTEGER),
            (figure_label("officials_trained"), trained.totals["people"], INTEGER),
            (_("Officials trained: women"), by_gender.get(Person.Gender.FEMALE, 0), INTEGER),
            (_("Officials trained: men"), by_gender.get(Person.Gender.MALE, 0), INTEGER),
        ]
    )
    phases = "; ".join(
        f"{phase.name or _('Phase %(number)s') % {'number': phase.number}}: "
        f"{_date_text(phase.start_date)} – {_date_text(phase.end_date)}"
        for phase in operation.phases.all()
    )
    planned = activity_planned_list(user=user, filters=filters)
    step()
    brief = _operation_brief(
        operation,
        participants=participants,
        totals=totals,
        by_country=by_country,
        by_substance=substance_stats,
        follow_up=follow_up,
        funnel=funnel_stats,
        trainings=trainings,
        trained=trained,
        planned=planned,
    )
    return Document(
        title=_("Operation results report"),
        subtitle=_("Operation %(name)s") % {"name": operation.code_name},
        parameters=[
            (_("Operation"), operation.code_name),
            (
                _("Dates"),
                f"{_date_text(operation.activity.start_date)} – {_date_text(operation.activity.end_date)}",
            ),
            (_("Phases"), phases),
            (_("Target"), operation.target),
        ],
        sections=[
            _brief_section(brief),
            Section(_("Summary"), paragraphs=[operation.target], tables=[key]),
            Section(_("Results by country"), tables=[per_country]),
            Section(_("Substances"), tables=[by_substance]),
            Section(
                _("Follow-up: controlled deliveries and cases"), tables=[follow_up_table, funnel, case_table]
            ),
            Section(_("Trainings linked to it"), tables=[training_table, *people]),
        ],
    )


def _operation_brief(
    operation,
    *,
    participants,
    totals,
    by_country,
    by_substance,
    follow_up,
    funnel,
    trainings,
    trained,
    planned,
) -> Brief:
    activity = operation.activity
    countries = [participant.country.display_name for participant in participants]
    lead = _("From %(start)s to %(end)s, %(countries)s took part in Operation %(name)s.") % {
        "start": _date_text(activity.start_date),
        "end": _date_text(activity.end_date),
        "countries": briefs.join(sorted(countries)),
        "name": operation.code_name,
    }
    if operation.target:
        target = _("Its target: %(target)s.") % {"target": operation.target.rstrip(".")}
        lead = f"{lead} {target}"
    top = max(
        (row for row in by_country.results if row["kg"]),
        key=lambda row: (row["kg"], row["count"]),
        default=None,
    )
    deliveries = follow_up.totals["follow_up"][Seizure.FollowUp.CONTROLLED_DELIVERY]
    highlights = [
        top
        and _("%(country)s seized the most: %(kg)s in %(seizures)s.")
        % {
            "country": top["label"],
            "kg": briefs.kilograms(top["kg"]),
            "seizures": ngettext("%(count)s seizure", "%(count)s seizures", top["count"])
            % {"count": briefs.figure(top["count"])},
        },
        briefs.substance_sentence(by_substance.results),
        deliveries
        and ngettext(
            "%(count)s seizure was followed by a controlled delivery.",
            "%(count)s seizures were followed by a controlled delivery.",
            deliveries,
        )
        % {"count": briefs.figure(deliveries)},
        briefs.funnel_sentence(funnel.results),
        trainings.totals["trainings"]
        and ngettext(
            "%(count)s training prepared or followed it: %(trained)s",
            "%(count)s trainings prepared or followed it: %(trained)s",
            trainings.totals["trainings"],
        )
        % {
            "count": briefs.figure(trainings.totals["trainings"]),
            "trained": briefs.trained_sentence(trained.totals["people"], _women(trained))
            or _("no official recorded as trained."),
        },
    ]
    return Brief(
        kicker=_("Operation results report"),
        heading=_("Operation %(name)s") % {"name": operation.code_name},
        period=f"{_date_text(activity.start_date)} – {_date_text(activity.end_date)}",
        lead=lead,
        figures=[
            (_("Participating countries"), totals["countries"], INTEGER),
            (figure_label("seizures"), totals["seizures"], INTEGER),
            (_("Kilograms seized"), totals["kg"], KG),
            (_("Arrests"), totals["arrests"], INTEGER),
            (_("Cases"), totals["cases"], INTEGER),
        ],
        highlights=[text for text in highlights if text],
        next_heading=_("What comes next"),
        next_rows=_next_rows(planned),
        next_empty=_("No activity linked to the operation is planned."),
        note=_suppression_note(trained),
    )


BUILDERS = {
    "donor_progress": donor_progress_document,
    "country_briefing": country_briefing_document,
    "operation_results": operation_results_document,
}

__all__ = [
    "BUILDERS",
    "FUNNEL_STAGES",
    "NUMBER",
    "Column",
    "Document",
    "Section",
    "Table",
    "report_framework",
]
