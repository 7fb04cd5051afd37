import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo data: the programme's real history, figures exact."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
