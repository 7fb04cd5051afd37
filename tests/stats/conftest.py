import pytest


@pytest.fixture(autouse=True)
def _figures_computed(settings):
    """These tests check figures over data they write and never commit, so the data version (bumped
    on commit) would not move: the stats API computes every answer here. Its cache is tested in
    tests/api/test_lean_path.py."""
    settings.FIGURES_CACHE_SECONDS = 0
