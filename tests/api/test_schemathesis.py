"""Schemathesis over every operation of the schema, as an authenticated administrator.

A bounded number of generated examples per operation (hypothesis, derandomised so CI is
repeatable); every response must be no 5xx and must match the schema (status, content type,
body). Operations are driven one by one through Schemathesis' Python API, against the WSGI app.
"""

import pytest
import schemathesis
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.models import User

EXAMPLES_PER_OPERATION = 4
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema():
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    return schema


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture
def admin_session(db):
    """Cookies and a CSRF header of a signed-in administrator, as a browser would send them."""
    admin = User.objects.get(username="admin")
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    csrf = _get_new_csrf_string()
    # As Django's test client does: the WSGI handler must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"cookies": {"sessionid": session.session_key, "csrftoken": csrf}, "headers": {"X-CSRFToken": csrf}}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_is_exercised():
    assert len(OPERATIONS) >= 13 * 5


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_api_conforms_to_its_schema(operation, admin_session):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def check(case):
        case.call_and_validate(
            cookies=admin_session["cookies"], headers=admin_session["headers"], checks=CHECKS
        )

    check()
