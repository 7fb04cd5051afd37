"""The cell-key method (core.disclosure): record keys, cell keys, the perturbation table, and
the figures typed by staff. The attacks it holds against are in test_differencing."""

import pytest
from django.db.models import Count, Value

from core.disclosure import (
    TABLE_SIZE,
    RecordKey,
    _perturbation_table,
    cell_key_value,
    figure_perturbed,
    people_cell_key,
    perturbed,
    record_key,
)
from core.suppression import Suppressed
from people.models import Participation
from tests.factories import ParticipationFactory, PersonFactory


@pytest.mark.parametrize("value", [1, 2, 3, 4])
def test_a_small_count_is_never_shown(value):
    for cell_key in range(TABLE_SIZE):
        assert perturbed(value, cell_key) == "<5"


def test_zero_stays_zero():
    assert {perturbed(0, cell_key) for cell_key in range(TABLE_SIZE)} == {0}


@pytest.mark.parametrize("value", [5, 6, 7, 12, 120, 10_000])
def test_a_larger_count_moves_by_at_most_the_noise_and_never_looks_small(value, settings):
    shown = {perturbed(value, cell_key) for cell_key in range(TABLE_SIZE)}
    assert all(isinstance(figure, int) for figure in shown)
    assert min(shown) >= settings.SMALL_CELL_THRESHOLD
    assert all(abs(figure - value) <= settings.DISCLOSURE_MAX_NOISE for figure in shown)
    if value >= 10:
        # Every noise occurs: a shown figure does not tell its cell apart.
        assert shown == set(range(value - 2, value + 3))


def test_the_noise_is_symmetric_and_centred(settings):
    for max_noise in (1, 2, 3, 5):
        table = _perturbation_table(max_noise)
        assert len(table) == TABLE_SIZE
        assert sum(table) == 0
        assert {noise: table.count(noise) for noise in table} == {
            -noise: table.count(-noise) for noise in table
        }
        assert max(table) == max_noise and min(table) == -max_noise


def test_threshold_and_noise_are_settings(settings):
    settings.SMALL_CELL_THRESHOLD = 10
    settings.DISCLOSURE_MAX_NOISE = 0
    assert perturbed(7, 0) == "<10"
    assert perturbed(7, 0) == Suppressed(primary=True, threshold=10)
    assert {perturbed(25, cell_key) for cell_key in range(TABLE_SIZE)} == {25}


def test_record_keys_depend_on_the_secret(settings):
    keys = [record_key(pk, "person") for pk in range(1, 200)]
    assert set(keys) <= set(range(TABLE_SIZE))
    assert len(set(keys)) > 100  # spread over the table
    settings.DISCLOSURE_KEY = "another secret"
    assert [record_key(pk, "person") for pk in range(1, 200)] != keys
    # Each kind of record has keys of its own.
    assert [record_key(pk, "participation") for pk in range(1, 200)] != [
        record_key(pk, "person") for pk in range(1, 200)
    ]


@pytest.mark.django_db
def test_sql_and_python_agree_on_record_keys():
    ids = [1, 2, 3, 1000, 123_456, 2**31 - 1, 2**32 - 1]
    ParticipationFactory()
    for pk in ids:
        found = (
            Participation.objects.annotate(key=RecordKey(Value(pk), namespace="person"))
            .values_list("key", flat=True)
            .first()
        )
        assert found == record_key(pk, "person")


@pytest.mark.django_db
def test_a_cell_key_counts_each_person_once_however_many_rows():
    people = PersonFactory.create_batch(3)
    participations = [ParticipationFactory(person=person) for person in people for _ in range(2)]
    rows = Participation.objects.filter(pk__in=[participation.pk for participation in participations])
    figures = rows.aggregate(people=Count("person", distinct=True), key=people_cell_key("person"))
    assert figures["people"] == 3
    expected = sum(record_key(person.pk, "person") for person in people) % TABLE_SIZE
    assert cell_key_value(figures["key"]) == expected


def test_an_empty_cell_has_key_zero():
    assert cell_key_value(None) == 0


def test_a_typed_figure_is_perturbed_the_same_way_every_time():
    assert figure_perturbed(None, key=1, namespace="reported_participants") is None
    assert figure_perturbed(3, key=3, namespace="reported_participants") == "<5"
    shown = figure_perturbed(50, key=50, namespace="reported_participants")
    assert shown == figure_perturbed(50, key=50, namespace="reported_participants")
    assert abs(shown - 50) <= 2
