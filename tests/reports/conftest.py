import pytest

from accounts.models import User


@pytest.fixture(autouse=True)
def report_media(settings, tmp_path):
    """Report files go to a fresh folder per test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def users(db):
    return {
        name: User.objects.get(username=name) for name in ("admin", "officer", "monitoring", "mission-pe")
    }


AZURE_2021 = {"date_from": "2021-01-01", "date_to": "2021-12-31", "donor": "INL"}


@pytest.fixture(autouse=True)
def _figures_computed(settings):
    """Documents are computed here over records written inside the test's transaction, which never
    commits, so the data version (bumped on commit) would not move: the cached figures they draw
    (the IPTT, core.datacache.cached_figures) are computed on every call."""
    settings.FIGURES_CACHE_SECONDS = 0
