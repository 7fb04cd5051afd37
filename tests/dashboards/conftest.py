import pytest

from tests.support.clients import signed_in


@pytest.fixture
def admin_client(admin):
    return signed_in(admin)


@pytest.fixture
def mission_client(mission):
    return signed_in(mission)


@pytest.fixture
def no_cache(settings):
    """Figures computed on every request: a test that writes inside its transaction never commits,
    so the data version (bumped on commit) would not move."""
    settings.DASHBOARDS_CACHE_SECONDS = 0
