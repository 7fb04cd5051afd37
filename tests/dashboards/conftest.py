import pytest

from core.datacache import data_version_increment
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


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """A test's writes are rolled back, never committed, but figures computed over them may be
    cached under the current data version (kept in Redis across runs): each test starts, and leaves,
    on a data version of its own so that no other test (or run) is served those figures."""
    data_version_increment()
    yield
    data_version_increment()
