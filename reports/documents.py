"""The contents of the donor progress report, the country briefing pack and the operation results
report, as format-neutral `Document`s: sections of tables (and charts) that the PDF and the XLSX
writers (reports.rendering) both render, so the two formats always hold the same figures.

Every figure comes from the shared selectors (stats.selectors) called as the requester, so a
report says what the API and the dashboards say to that requester, suppression included. Each
builder runs a fixed number of queries whatever the number of records.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityLink, Organisation, Pillar
from core.access import visible
from countries.models import Country
from operations.models import Case, Operation, OperationCountry, OperationPhase, Seizure
from stats.selectors import (
    FUNNEL_STAGES,
    StatsFilters,
    activity_stats,
    case_funnel_stats,
    operation_results_stats,
    people_trained_stats,
    seizure_stats,
)

TEXT, INTEGER, KG, DATE = "text", "integer", "kg", "date"


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


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    parameters: list[tuple[str, str]]
    sections: list[Section]
    generated_for: str = ""


Step = Callable[[], None]


def _period(parameters: dict) -> tuple[datetime.date | None, datetime.date | None]:
    def parsed(name):
        value = parameters.get(name)
        return datetime.date.fromisoformat(value) if value else None

    return parsed("date_from"), parsed("date_to")


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


def _date(value) -> str:
    return value.isoformat() if value else ""


# --- shared tables ---------------------------------------------------------------------------


def _people_tables(user, filters: StatsFilters, *, groups=("gender", "country", "category")) -> list[Table]:
    titles = {
        "gender": (_("People trained by gender"), _("By gender"), _("Gender")),
        "country": (_("People trained by country"), _("By country"), _("Country")),
        "category": (_("People trained by professional category"), _("By category"), _("Category")),
    }
    tables = []
    for group in groups:
        stats = people_trained_stats(user=user, group_by=group, filters=filters)
        title, name, label = titles[group]
        rows = [[str(row["label"]), row["people"], row["participations"]] for row in stats.results]
        if group in ("gender", "category"):
            rows = [row for row in rows if row[1] != 0 or row[2] != 0]
        tables.append(
            Table(
                name=_("People %(group)s") % {"group": name.lower()},
                title=title,
                columns=[
                    Column(label),
                    Column(_("People trained (distinct)"), INTEGER),
                    Column(_("Participations"), INTEGER),
                ],
                rows=rows,
                totals=[_("Total"), stats.totals["people"], stats.totals["participations"]],
                chart="bars",
                note=_("Small counts are suppressed (shown as <%(threshold)s).") % {"threshold": _threshold()}
                if stats.suppressed
                else "",
            )
        )
    return tables


def _threshold() -> int:
    from core.suppression import threshold_setting

    return threshold_setting()


def _operations_table(user, filters: StatsFilters) -> tuple[Table, dict]:
    stats = operation_results_stats(user=user, filters=filters)
    rows = [
        [
            row["label"],
            _date(row["start_date"]),
            len(row["countries"]),
            ", ".join(row["countries"]),
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
    )
    return table, totals


def _seizure_table(user, filters: StatsFilters, group: str) -> Table:
    stats = seizure_stats(user=user, group_by=group, filters=filters)
    label = _("Substance") if group == "substance" else _("Country")
    return Table(
        name=_("Seizures by substance") if group == "substance" else _("Seizures by country"),
        title=_("Seizures by substance") if group == "substance" else _("Seizures by country"),
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


def _funnel_tables(user, filters: StatsFilters) -> list[Table]:
    stats = case_funnel_stats(user=user, filters=filters)
    funnel = Table(
        name=_("Case funnel"),
        title=_("From seizure to conviction"),
        columns=[Column(_("Stage reached")), Column(_("Count"), INTEGER)],
        rows=[[str(row["label"]), row["count"]] for row in stats.results],
        chart="funnel",
    )
    stages = Table(
        name=_("Cases by stage"),
        title=_("Cases by stage"),
        columns=[Column(_("Stage")), Column(_("Cases"), INTEGER)],
        rows=[[str(label), stats.totals["by_stage"][value]] for value, label in Case.Stage.choices],
        totals=[_("Total"), stats.totals["cases"]],
    )
    return [funnel, stages]


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
                ", ".join(sorted(country.iso2 for country in activity.countries.all())),
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


def _activities(user, filters: StatsFilters):
    activities = visible(Activity, user)
    if filters.date_from:
        activities = activities.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(start_date__lte=filters.date_to)
    if filters.donors:
        activities = activities.filter(pk__in=Activity.objects.filter(donors__in=filters.donors).values("pk"))
    if filters.countries:
        ids = [country.pk for country in filters.countries]
        activities = activities.filter(
            pk__in=Activity.objects.filter(Q(countries__in=ids) | Q(host_country__in=ids)).values("pk")
        )
    return activities.prefetch_related(
        Prefetch("pillars", queryset=Pillar.objects.order_by("number")), "countries"
    ).order_by("start_date", "title", "pk")


def _key_figures(rows: list[tuple[str, object, str]]) -> Table:
    return Table(
        name=_("Key figures"),
        title=_("Key figures"),
        columns=[Column(_("Figure")), Column(_("Value"), INTEGER)],
        rows=[[label, value] for label, value, _type in rows],
    )


# --- 1. donor progress report --------------------------------------------------------------------


def donor_progress_document(*, user, parameters: dict, step: Step) -> Document:
    date_from, date_to = _period(parameters)
    donor = Organisation.objects.get(pk=parameters["donor"]) if parameters.get("donor") else None
    filters = StatsFilters(date_from=date_from, date_to=date_to, donors=(donor,) if donor else ())
    trained = StatsFilters(
        date_from=date_from,
        date_to=date_to,
        donors=filters.donors,
        kinds=(Activity.Kind.TRAINING,),
    )
    step()
    by_pillar = activity_stats(user=user, group_by="pillar", filters=filters)
    activities = list(_activities(user, filters))
    step()
    people = _people_tables(user, trained)
    step()
    operations, operation_totals = _operations_table(user, filters)
    step()
    by_substance = _seizure_table(user, filters, "substance")
    by_country = _seizure_table(user, filters, "country")
    step()
    funnel = _funnel_tables(user, filters)
    step()
    gender = people[0]
    key = _key_figures(
        [
            (_("Activities delivered"), by_pillar.totals["count"], INTEGER),
            (_("People trained (distinct)"), gender.totals[1], INTEGER),
            (_("Participations in trainings"), gender.totals[2], INTEGER),
            (_("Operations"), operation_totals["operations"], INTEGER),
            (_("Countries in operations"), operation_totals["countries"], INTEGER),
            (_("Seizures"), by_country.totals[1], INTEGER),
            (_("Kilograms seized"), by_country.totals[2], KG),
            (_("Arrests"), by_country.totals[4], INTEGER),
            (_("Cases"), funnel[1].totals[1], INTEGER),
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
    period = _period_label(date_from, date_to)
    return Document(
        title=_("Donor progress report"),
        subtitle=_("%(donor)s — %(period)s") % {"donor": donor_label, "period": period},
        parameters=[(_("Donor"), donor_label), (_("Period"), period)],
        sections=[
            Section(_("Summary"), tables=[key]),
            Section(
                _("Activities delivered, by pillar"),
                paragraphs=[_("Activities that started in the period, counted once per pillar they serve.")],
                tables=[pillars, _activities_table(activities, name=_("Activities"), title=_("Activities"))],
            ),
            Section(
                _("People trained"),
                paragraphs=[
                    _(
                        "Distinct officials trained and their participations in the period's trainings, "
                        "by gender, country and professional category."
                    )
                ],
                tables=people,
            ),
            Section(_("Operations and their results"), tables=[operations]),
            Section(_("Seizures"), tables=[by_substance, by_country]),
            Section(_("Cases after seizure"), tables=funnel),
        ],
    )


# --- 2. country briefing pack --------------------------------------------------------------------


def country_briefing_document(*, user, parameters: dict, step: Step) -> Document:
    country = Country.objects.get(iso2=parameters["country"])
    date_from, date_to = _period(parameters)
    filters = StatsFilters(date_from=date_from, date_to=date_to, countries=(country,))
    step()
    by_kind = activity_stats(user=user, group_by="kind", filters=filters)
    activities = list(_activities(user, filters))
    step()
    people = _people_tables(
        user,
        StatsFilters(
            date_from=date_from, date_to=date_to, countries=(country,), kinds=(Activity.Kind.TRAINING,)
        ),
        groups=("gender", "category"),
    )
    step()
    operations, operation_totals = _operations_table(user, filters)
    step()
    by_substance = _seizure_table(user, filters, "substance")
    funnel = _funnel_tables(user, filters)
    step()
    kinds = Table(
        name=_("Activities by kind"),
        title=_("Activities by kind"),
        columns=[Column(_("Kind")), Column(_("Activities"), INTEGER)],
        rows=[[str(row["label"]), row["count"]] for row in by_kind.results if row["count"]],
        totals=[_("Total"), by_kind.totals["count"]],
        chart="bars",
    )
    key = _key_figures(
        [
            (_("Activities with the country"), by_kind.totals["count"], INTEGER),
            (_("People trained (distinct)"), people[0].totals[1], INTEGER),
            (_("Operations the country took part in"), operation_totals["operations"], INTEGER),
            (_("Seizures"), by_substance.totals[1], INTEGER),
            (_("Kilograms seized"), by_substance.totals[2], KG),
            (_("Cases"), funnel[1].totals[1], INTEGER),
        ]
    )
    period = _period_label(date_from, date_to)
    return Document(
        title=_("Country briefing pack"),
        subtitle=_("%(country)s — %(period)s") % {"country": country.name, "period": period},
        parameters=[(_("Country"), f"{country.name} ({country.iso2})"), (_("Period"), period)],
        sections=[
            Section(_("Summary"), tables=[key]),
            Section(
                _("What the programme did with the country"),
                tables=[kinds, _activities_table(activities, name=_("Activities"), title=_("Activities"))],
            ),
            Section(_("People trained"), tables=people),
            Section(_("Operations"), tables=[operations]),
            Section(_("Seizures"), tables=[by_substance]),
            Section(_("Cases after seizure"), tables=funnel),
        ],
    )


# --- 3. operation results report -----------------------------------------------------------------


def operation_results_document(*, user, parameters: dict, step: Step) -> Document:
    operation = (
        visible(Operation, user)
        .select_related("activity")
        .prefetch_related(
            Prefetch("phases", queryset=OperationPhase.objects.order_by("number")),
        )
        .get(pk=parameters["operation"])
    )
    filters = StatsFilters(operation=operation)
    step()
    totals = operation_results_stats(user=user, filters=filters).totals
    by_country = seizure_stats(user=user, group_by="country", filters=filters)
    by_substance = _seizure_table(user, filters, "substance")
    step()
    seizures = visible(Seizure, user).filter(operation=operation)
    follow_ups = {
        (row["country__iso2"], row["follow_up"]): row["count"]
        for row in seizures.values("country__iso2", "follow_up").annotate(count=Count("pk")).order_by()
    }
    links = Case.seizures.through.objects.filter(
        case__in=visible(Case, user).values("pk"), seizure__in=seizures.values("pk")
    )
    cases_by_country = {
        row["seizure__country__iso2"]: row["cases"]
        for row in links.values("seizure__country__iso2")
        .annotate(cases=Count("case", distinct=True))
        .order_by()
    }
    participants = list(
        visible(OperationCountry, user)
        .filter(operation=operation)
        .select_related("country", "coordinating_agency")
        .order_by("country__name")
    )
    step()
    country_rows = []
    seized = {row["key"]: row for row in by_country.results}
    for participant in participants:
        iso2 = participant.country.iso2
        row = seized.get(iso2, {})
        country_rows.append(
            [
                participant.country.name,
                row.get("count", 0),
                row.get("kg", Decimal("0.000")),
                row.get("arrests", 0),
                follow_ups.get((iso2, Seizure.FollowUp.CONTROLLED_DELIVERY), 0),
                follow_ups.get((iso2, Seizure.FollowUp.INTERNATIONAL_REQUEST), 0),
                cases_by_country.get(iso2, 0),
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
            sum(row[4] for row in country_rows),
            sum(row[5] for row in country_rows),
            totals["cases"],
        ],
        chart="bars",
    )
    follow_up_rows = []
    for value, label in Seizure.FollowUp.choices:
        counts = [follow_ups.get((p.country.iso2, value), 0) for p in participants]
        follow_up_rows.append([str(label), sum(counts)])
    follow_up_table = Table(
        name=_("Follow-ups"),
        title=_("Follow-up of the seizures"),
        columns=[Column(_("Follow-up")), Column(_("Seizures"), INTEGER)],
        rows=follow_up_rows,
        totals=[_("Total"), totals["seizures"]],
    )
    cases = (
        visible(Case, user)
        .filter(pk__in=links.values("case"))
        .select_related("lead_country")
        .prefetch_related("countries")
        .order_by("opened_on", "reference")
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
                ", ".join(sorted(country.iso2 for country in case.countries.all())),
                _("yes") if case.used_controlled_delivery else _("no"),
                case.arrests,
                case.convictions,
            ]
            for case in cases
        ],
    )
    step()
    prepared_ids = ActivityLink.objects.filter(
        to_activity=operation.activity_id, relation=ActivityLink.Relation.PREPARED
    ).values("from_activity")
    trainings = (
        visible(Activity, user)
        .filter(pk__in=prepared_ids)
        .annotate(participants=Count("participations", distinct=True))
        .prefetch_related("countries")
        .order_by("start_date", "title", "pk")
    )
    training_table = Table(
        name=_("Trainings"),
        title=_("Trainings that prepared the operation"),
        columns=[
            Column(_("Training")),
            Column(_("Start"), DATE),
            Column(_("End"), DATE),
            Column(_("Countries")),
            Column(_("Participations"), INTEGER),
        ],
        rows=[
            [
                training.title,
                _date(training.start_date),
                _date(training.end_date),
                ", ".join(sorted(country.iso2 for country in training.countries.all())),
                training.participants,
            ]
            for training in trainings
        ],
    )
    people = _people_tables(
        user,
        StatsFilters(operation=operation, kinds=(Activity.Kind.TRAINING,)),
        groups=("gender", "category"),
    )
    step()
    key = _key_figures(
        [
            (_("Participating countries"), len(participants), INTEGER),
            (_("Seizures"), totals["seizures"], INTEGER),
            (_("Kilograms seized"), totals["kg"], KG),
            (_("Arrests"), totals["arrests"], INTEGER),
            (_("Cases"), totals["cases"], INTEGER),
            (_("Trainings that prepared it"), len(training_table.rows), INTEGER),
            (_("Officials trained (distinct)"), people[0].totals[1], INTEGER),
        ]
    )
    phases = "; ".join(
        f"{phase.name or _('Phase %(number)s') % {'number': phase.number}}: "
        f"{_date(phase.start_date)} – {_date(phase.end_date)}"
        for phase in operation.phases.all()
    )
    return Document(
        title=_("Operation results report"),
        subtitle=_("Operation %(name)s") % {"name": operation.code_name},
        parameters=[
            (_("Operation"), operation.code_name),
            (_("Dates"), f"{_date(operation.activity.start_date)} – {_date(operation.activity.end_date)}"),
            (_("Phases"), phases),
            (_("Target"), operation.target),
        ],
        sections=[
            Section(_("Summary"), paragraphs=[operation.target], tables=[key]),
            Section(_("Results by country"), tables=[per_country]),
            Section(_("Substances"), tables=[by_substance]),
            Section(_("Follow-up: controlled deliveries and cases"), tables=[follow_up_table, case_table]),
            Section(_("Trainings that prepared it"), tables=[training_table, *people]),
        ],
    )


BUILDERS = {
    "donor_progress": donor_progress_document,
    "country_briefing": country_briefing_document,
    "operation_results": operation_results_document,
}

__all__ = ["BUILDERS", "FUNNEL_STAGES", "Column", "Document", "Section", "Table"]
