import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from core.datacache import VERSION_KEY, data_version
from operations.models import Operation


@pytest.fixture
def admin():
    return User.objects.get(username="admin")


@pytest.fixture
def mission():
    return User.objects.get(username="mission-pe")


@pytest.fixture
def azure():
    return Operation.objects.get(code_name="Azure")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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


def data_version_move_on() -> None:
    """A new data version at once (not on commit, as a write does)."""
    data_version()
    cache.incr(VERSION_KEY)


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """A test's writes are rolled back, never committed, but figures computed over them may be
    cached under the current data version (kept in Redis across runs): each test starts, and leaves,
    on a data version of its own so that no other test (or run) is served those figures."""
    data_version_move_on()
    yield
    data_version_move_on()
