import pytest

from core.suppression import Suppressed, suppress_count, suppress_table


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_single_counts(value, shown):
    assert suppress_count(value, threshold=5) == shown


def test_threshold_is_a_setting(settings):
    settings.SMALL_CELL_THRESHOLD = 10
    assert suppress_count(7) == "<10"
    assert suppress_count(10) == 10


def test_nothing_small_nothing_hidden():
    cells, total = suppress_table({"female": 12, "male": 30, "another": 0}, threshold=5)
    assert cells == {"female": 12, "male": 30, "another": 0}
    assert total == 42


def test_one_small_cell_hides_the_next_smallest_so_the_total_cannot_give_it_back():
    cells, total = suppress_table({"female": 3, "male": 40, "another": 0, "not_recorded": 9}, threshold=5)
    assert cells["female"] == "<5"
    assert isinstance(cells["not_recorded"], Suppressed) and not cells["not_recorded"].primary
    assert cells["male"] == 40 and cells["another"] == 0
    assert total == 52
    shown = [value for value in cells.values() if isinstance(value, int)]
    assert total - sum(shown) >= 5


def test_two_small_cells_whose_sum_is_small_hide_a_third():
    cells, total = suppress_table({"a": 1, "b": 1, "c": 30, "d": 6}, threshold=5)
    assert cells["a"] == "<5" and cells["b"] == "<5"
    assert isinstance(cells["d"], Suppressed)
    assert cells["c"] == 30 and total == 38


def test_a_small_total_is_hidden():
    cells, total = suppress_table({"a": 2, "b": 1}, threshold=5)
    assert cells == {"a": "<5", "b": "<5"}
    assert total == "<5"


def test_total_hidden_when_no_other_cell_can_protect():
    cells, total = suppress_table({"a": 3, "b": 0}, total=7, threshold=5)
    assert cells["a"] == "<5"
    assert isinstance(total, Suppressed)


def test_a_given_total_of_distinct_people_is_used():
    cells, total = suppress_table({"police": 6, "customs": 6}, total=10, threshold=5)
    assert cells == {"police": 6, "customs": 6}
    assert total == 10
