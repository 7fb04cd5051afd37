import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from accounts.models import User
from core.datacache import data_version_increment
from operations.models import Operation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo data: the programme's real history, figures exact."""
    with django_db_blocker.unblock():
        # pytest-django sets no test database up when no selected test is marked django_db.
        if _on_test_database():
            call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _language_restored():
    """A request leaves its language active in the test's thread (LocaleMiddleware activates the
    cookie's, the account's or Accept-Language's): the next test must not run in it (where a
    translated field's `name` is `name_es`, and messages are Spanish)."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_figures():
    """A test's writes are rolled back, never committed, but figures computed over them may be
    cached under the current data version (kept in Redis across runs): each test starts, and leaves,
    on a data version of its own so that no other test (or run) is served those figures."""
    data_version_increment()
    yield
    data_version_increment()


def _on_test_database() -> bool:
    return connection.settings_dict["NAME"].startswith("test_")


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access outside any test transaction: what the test writes is committed at once, so
    another process (a real Celery worker) can read it. The test removes what it wrote itself.

    Not a transactional test, which would empty every table when it ends, the session's demo data
    included, for every test after it. pytest-django sets the test database up only when some
    selected test is marked `django_db`; run these with at least one such test (the suite has many).
    """
    with django_db_blocker.unblock():
        if not _on_test_database():
            pytest.fail("committed_db needs the test database: select at least one django_db test too")
        yield


# The demo's accounts and its best-documented operation, as most test modules use them.
@pytest.fixture
def admin():
    return User.objects.get(username="admin")


@pytest.fixture
def mission():
    return User.objects.get(username="mission-pe")


@pytest.fixture
def azure():
    return Operation.objects.get(code_name="Azure")
