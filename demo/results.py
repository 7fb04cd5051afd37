"""The demo's results frameworks: the programme's own and INL's, over the four pillars.

The source documents give no framework: its statements, baselines and targets are assumed (each
target's note says so), built on the domain brief's plausible logframe. Its actuals are computed
from the demo's records, so the INL framework's 2021 column shows Operation Azure's figures
(153 officials trained, 42 of them women, 125 seizures) against its targets. Of the reported
indicators, only what the documents report has an actual: the outcome document adopted at the
2017 integrity workshop (the programme's framework).

Idempotent like the rest of the demo: each record is looked up by its natural key (a framework's
name, a result's or an indicator's code in its framework, a target's period) before it is made
through the model's rules (`validated_save`).
"""

import datetime
from decimal import Decimal

from activities.models import Organisation, Pillar
from core.services import validated_save
from results.models import Framework, Indicator, PeriodType, ProgressNarrative, ReportedActual, Result, Target

ASSUMED = "Assumed: the source documents give no results framework or targets."

PROGRAMME_FRAMEWORK = "CRIMJUST results framework (assumed)"
INL_FRAMEWORK = "CRIMJUST results framework for INL (assumed)"

# code, level, parent code, pillar number, statement
RESULTS = [
    (
        "G",
        "goal",
        None,
        None,
        "Organised crime groups trafficking drugs along the routes are disrupted and their organisers "
        "convicted.",
    ),
    ("1", "outcome", "G", 1, "Law enforcement and judicial agencies investigate beyond the seizure."),
    ("2", "outcome", "G", 2, "Countries along the routes cooperate across borders."),
    ("3", "outcome", "G", 3, "Anti-drug units apply integrity measures."),
    ("4", "outcome", "G", 4, "Policy draws on shared knowledge of drug trafficking."),
    ("1.1", "output", "1", 1, "Officials are trained in post-seizure investigation and forensic work."),
    ("1.2", "output", "1", 1, "Joint operations target trafficking through mail, courier and ports."),
    ("1.3", "output", "1", 1, "Agencies are equipped to detect and test drugs in the field."),
]

# code, result, name, measure (None: reported), unit, cumulative, disaggregations,
# {year: target}, life target
INDICATORS = [
    (
        "G.1",
        "G",
        "Seizures ending in a conviction",
        "convictions",
        "number",
        True,
        [],
        {2021: 1, 2022: 3, 2023: 5},
        5,
    ),
    (
        "1.a",
        "1",
        "Share of seizures that reached an investigation",
        "seizures_investigated_share",
        "percentage",
        False,
        ["country"],
        {2021: 30, 2022: 40, 2023: 50},
        50,
    ),
    (
        "1.b",
        "1",
        "Seizures with a controlled delivery",
        "controlled_deliveries",
        "number",
        False,
        [],
        {2021: 2, 2022: 3, 2023: 4},
        9,
    ),
    (
        "1.c",
        "1",
        "Seizures that reached a prosecution",
        "cases_prosecuted",
        "number",
        True,
        [],
        {2021: 2, 2022: 5, 2023: 8},
        8,
    ),
    ("2.a", "2", "Operations held", "operations", "number", False, [], {2021: 1, 2022: 1, 2023: 2}, 4),
    (
        "2.b",
        "2",
        "Countries engaged",
        "countries_engaged",
        "number",
        True,
        [],
        {2021: 12, 2022: 18, 2023: 22},
        22,
    ),
    (
        "3.a",
        "3",
        "Integrity commitments adopted by the countries of the route (outcome documents)",
        None,
        "number",
        True,
        [],
        {2021: 2, 2022: 4, 2023: 6},
        6,
    ),
    ("4.a", "4", "Analytical products issued", None, "number", False, [], {2021: 1, 2022: 2, 2023: 2}, 5),
    (
        "1.1.a",
        "1.1",
        "Trainings delivered",
        "trainings_delivered",
        "number",
        False,
        ["country"],
        {2021: 15, 2022: 10, 2023: 10},
        35,
    ),
    (
        "1.1.b",
        "1.1",
        "Officials trained (distinct people)",
        "people_trained",
        "number",
        True,
        ["sex", "country", "professional_category"],
        {2021: 150, 2022: 250, 2023: 350},
        350,
    ),
    (
        "1.1.c",
        "1.1",
        "Women trained (distinct people)",
        "women_trained",
        "number",
        True,
        ["country", "professional_category"],
        {2021: 40, 2022: 70, 2023: 100},
        100,
    ),
    (
        "1.1.d",
        "1.1",
        "Share of officials trained who are women",
        "women_trained_share",
        "percentage",
        True,
        [],
        {2021: 25, 2022: 28, 2023: 30},
        30,
    ),
    (
        "1.1.e",
        "1.1",
        "Mean knowledge gain (percentage points)",
        "knowledge_gain",
        "number",
        False,
        ["sex"],
        {2021: 15, 2022: 15, 2023: 15},
        15,
    ),
    (
        "1.2.a",
        "1.2",
        "Seizures in programme operations",
        "seizures",
        "number",
        False,
        ["country", "substance", "stage"],
        {2021: 100, 2022: 100, 2023: 120},
        320,
    ),
    (
        "1.2.b",
        "1.2",
        "Seizures of operations prepared by a training",
        "chain_seizures",
        "number",
        False,
        ["stage"],
        {2021: 80, 2022: 80, 2023: 100},
        260,
    ),
    (
        "1.3.a",
        "1.3",
        "Equipment items handed over",
        "equipment_handed_over",
        "number",
        True,
        ["country"],
        {2021: 20, 2022: 30, 2023: 40},
        40,
    ),
]

# Reported actuals from the source documents: indicator code, year -> (value, source, evidence).
REPORTED = {
    ("3.a", 2017): (
        1,
        "UNODC news: Institutional Integrity workshop, Panama City, 31 January - 1 February 2017",
        "The workshop's 50 participants from 9 countries adopted an outcome document on institutional "
        "integrity in criminal investigation and cooperation along the Cocaine Route.",
    ),
}

# Narratives from the source documents (Operation Azure, 2021).
NARRATIVES = {
    ("1", 2021): (
        "Operation Azure (October and November 2021, ten countries) ended in 125 illicit drug seizures in "
        "mail and courier centres; officials in Nigeria and Peru contacted counterparts abroad for "
        "cross-border controlled deliveries."
    ),
    ("1.1", 2021): (
        "Eighteen trainings prepared Operation Azure in September and October 2021: 153 officials, 42 of "
        "them women, from 12 countries, on profiling synthetic opioids in mail and small parcels, forensic "
        "evidence, safe handling, Raman devices and controlled deliveries."
    ),
}


def _framework(name: str, owner: Organisation | None, start: datetime.date, end: datetime.date) -> Framework:
    found = Framework.objects.filter(name=name).first()
    if found is not None:
        return found
    return validated_save(
        Framework(
            name=name,
            owner=owner,
            start_date=start,
            end_date=end,
            description=ASSUMED,
        )
    )


def _load_framework(framework: Framework, years: range) -> None:
    pillars = {pillar.number: pillar for pillar in Pillar.objects.all()}
    results: dict[str, Result] = {
        result.code: result for result in Result.objects.filter(framework=framework)
    }
    for code, level, parent, pillar, statement in RESULTS:
        if code not in results:
            results[code] = validated_save(
                Result(
                    framework=framework,
                    code=code,
                    level=level,
                    parent=results[parent] if parent else None,
                    pillar=pillars.get(pillar),
                    statement=statement,
                )
            )
    existing = {indicator.code: indicator for indicator in Indicator.objects.filter(framework=framework)}
    for order, (code, result, name, measure, unit, cumulative, dimensions, targets, life) in enumerate(
        INDICATORS
    ):
        indicator = existing.get(code)
        if indicator is None:
            indicator = validated_save(
                Indicator(
                    framework=framework,
                    result=results[result],
                    code=code,
                    name=name,
                    unit=unit,
                    cumulative=cumulative,
                    kind=Indicator.Kind.COMPUTED if measure else Indicator.Kind.REPORTED,
                    measure=measure or "",
                    disaggregations=dimensions,
                    baseline=Decimal(0),
                    baseline_date=framework.start_date,
                    definition=ASSUMED if measure is None else "",
                    order=order,
                )
            )
            if framework.owner_id:
                indicator.donors.add(framework.owner_id)
        have = {(target.period_type, target.year) for target in indicator.targets.all()}
        for year, value in targets.items():
            if year in years and (PeriodType.YEAR, year) not in have:
                validated_save(
                    Target(
                        indicator=indicator, period_type=PeriodType.YEAR, year=year, value=value, note=ASSUMED
                    )
                )
        if (PeriodType.LIFE, None) not in have:
            validated_save(Target(indicator=indicator, period_type=PeriodType.LIFE, value=life, note=ASSUMED))
    for (code, year), (value, source, evidence) in REPORTED.items():
        indicator = Indicator.objects.get(framework=framework, code=code)
        if year in years and not indicator.reported_actuals.filter(year=year).exists():
            validated_save(
                ReportedActual(
                    indicator=indicator,
                    period_type=PeriodType.YEAR,
                    year=year,
                    value=value,
                    source=source,
                    evidence=evidence,
                )
            )
    for (code, year), text in NARRATIVES.items():
        if year in years and not ProgressNarrative.objects.filter(result=results[code], year=year).exists():
            validated_save(
                ProgressNarrative(result=results[code], period_type=PeriodType.YEAR, year=year, text=text)
            )


def load() -> None:
    """The programme's framework (2016-2025) and INL's (2020-2023)."""
    programme = _framework(PROGRAMME_FRAMEWORK, None, datetime.date(2016, 1, 1), datetime.date(2025, 12, 31))
    _load_framework(programme, range(2016, 2026))
    inl = Organisation.objects.get(acronym="INL")
    framework = _framework(INL_FRAMEWORK, inl, datetime.date(2020, 1, 1), datetime.date(2023, 12, 31))
    _load_framework(framework, range(2020, 2024))
