"""Each measure of the catalogue against the small data's hand-counted values (tests/results/conftest.py)."""

import datetime
from decimal import Decimal

import pytest

from core.suppression import Suppressed
from results.measures import CATALOGUE, MEASURES, Figure
from stats.selectors import StatsFilters, officials_trained_stats, seizure_stats

from .conftest import YEAR_2021, YEAR_2022

pytestmark = pytest.mark.django_db


def value(code, user, small, period=YEAR_2021, **options):
    return MEASURES[code].value(
        user=user, date_from=period[0], date_to=period[1], donor=small.donor, **options
    )


def counts(breakdown: dict) -> dict:
    return {key: figure.value for key, figure in breakdown.items() if figure.value}


def test_the_catalogue_has_the_issue_codes():
    assert {
        "trainings_delivered",
        "people_trained",
        "women_trained",
        "knowledge_gain",
        "countries_engaged",
        "operations",
        "seizures",
        "seizures_kg",
        "seizures_investigated",
        "controlled_deliveries",
        "cases_prosecuted",
        "convictions",
        "equipment_handed_over",
        "chain_seizures",
    } <= set(MEASURES)
    for measure in CATALOGUE:
        assert str(measure.name) and str(measure.definition), measure.code


def test_people_trained_counts_distinct_participants_of_trainings(admin, small):
    # Alice and Bob in 2021 (Alice twice; Dave archived, Erin a trainer, Frank at a workshop).
    assert value("people_trained", admin, small) == Figure(2)
    assert value("people_trained", admin, small, YEAR_2022) == Figure(2)  # Alice, Carol
    # Over both years: three people, not 2 + 2.
    both = (YEAR_2021[0], YEAR_2022[1])
    assert value("people_trained", admin, small, both) == Figure(3)
    assert value("women_trained", admin, small) == Figure(1)
    assert value("women_trained", admin, small, both) == Figure(2)


def test_people_trained_is_the_dashboards_officials_trained(admin, small):
    stats = officials_trained_stats(
        user=admin, filters=StatsFilters(date_from=YEAR_2021[0], date_to=YEAR_2021[1], donors=(small.donor,))
    )
    assert value("people_trained", admin, small).value == stats.totals["people"] == 2


def test_people_breakdowns_add_up_to_the_total(admin, small):
    both = (YEAR_2021[0], YEAR_2022[1])
    assert counts(value("people_trained", admin, small, both, disaggregate="sex")) == {"female": 2, "male": 1}
    assert counts(value("people_trained", admin, small, both, disaggregate="country")) == {"PE": 2, "CO": 1}
    by_category = value("people_trained", admin, small, both, disaggregate="professional_category")
    assert counts(by_category) == {"police": 1, "customs": 1, "prosecutor": 1}


def test_women_share_from_numerator_and_denominator(admin, small):
    both = (YEAR_2021[0], YEAR_2022[1])
    assert value("women_trained_share", admin, small) == Figure(Decimal("50.0"), 1, 2)
    assert value("women_trained_share", admin, small, both) == Figure(Decimal("66.7"), 2, 3)


def test_knowledge_gain_is_the_mean_over_participants_with_both_scores(admin, small):
    # (80 - 50 + 50 - 40) / 2; Alice's t2 has no post-test.
    assert value("knowledge_gain", admin, small) == Figure(Decimal("20.0"), Decimal("40"), 2)
    assert value("knowledge_gain", admin, small, YEAR_2022).value is None


def test_counts_of_people_are_withheld_from_a_key_without_personal_data(programme_key, small):
    hidden = value("people_trained", programme_key, small)
    assert isinstance(hidden.value, Suppressed)
    assert isinstance(value("knowledge_gain", programme_key, small).value, Suppressed)


def test_activities_and_countries(admin, small):
    # t1 and t2 (t4 cancelled); t3 in 2022.
    assert value("trainings_delivered", admin, small) == Figure(2)
    assert counts(value("trainings_delivered", admin, small, disaggregate="country")) == {"PE": 1, "CO": 1}
    # Peru, Colombia, Ghana (the workshop) in 2021.
    assert value("countries_engaged", admin, small) == Figure(3)
    assert value("operations", admin, small) == Figure(1)


def test_seizures_leave_out_archived_and_restricted_ones_as_the_reader_does(admin, programme_key, small):
    # s1, s2, s3, s5 (s4 archived); s5 is restricted: the key has no clearance.
    assert value("seizures", admin, small) == Figure(4)
    assert value("seizures", programme_key, small) == Figure(3)
    assert value("seizures_kg", admin, small) == Figure(Decimal("5.000"))
    stats = seizure_stats(
        user=admin, filters=StatsFilters(date_from=YEAR_2021[0], date_to=YEAR_2021[1], donors=(small.donor,))
    )
    assert stats.totals["count"] == 4


def test_funnel_stage_measures(admin, small):
    # s1 (follow-up), s2 (case charged), s3 (controlled delivery); s5 nothing.
    assert value("seizures_investigated", admin, small) == Figure(3)
    assert value("seizures_investigated_share", admin, small) == Figure(Decimal("75.0"), 3, 4)
    assert value("cases_prosecuted", admin, small) == Figure(1)
    assert value("convictions", admin, small) == Figure(0)
    assert value("convictions", admin, small, YEAR_2022) == Figure(1)
    assert value("controlled_deliveries", admin, small) == Figure(1)


def test_seizure_breakdowns_add_up(admin, small):
    by_stage = value("seizures", admin, small, disaggregate="stage")
    assert counts(by_stage) == {"seizure": 1, "investigation": 2, "prosecution": 1}
    by_substance = value("seizures", admin, small, disaggregate="substance")
    assert counts(by_substance) == {str(small.cocaine.pk): 3, str(small.heroin.pk): 1}
    assert counts(value("seizures", admin, small, disaggregate="country")) == {"PE": 3, "CO": 1}


def test_the_chain_from_training_to_conviction(admin, small):
    both = (YEAR_2021[0], YEAR_2022[1])
    assert value("chain_seizures", admin, small) == Figure(4)
    assert value("chain_seizures_investigated", admin, small) == Figure(3)
    assert value("chain_convictions", admin, small, both) == Figure(1)


def test_equipment_funded_by_the_donor(admin, small):
    assert value("equipment_handed_over", admin, small) == Figure(6)
    assert counts(value("equipment_handed_over", admin, small, disaggregate="country")) == {"PE": 6}


def test_windows_are_computed_in_one_query(admin, small, django_assert_num_queries):
    windows = [(datetime.date(2021, month, 1), datetime.date(2021, month, 28)) for month in range(1, 13)]
    measure = MEASURES["people_trained"]
    # The access check (its principal's scope) and the one aggregate.
    with django_assert_num_queries(1):
        computed = measure.compute(user=admin, windows=windows, donor=small.donor)
    assert [figure.value for figure in computed.totals] == [0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0]


def test_an_unsupported_breakdown_is_refused(admin, small):
    with pytest.raises(ValueError):
        value("countries_engaged", admin, small, disaggregate="sex")
