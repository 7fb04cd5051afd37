"""Schemathesis over every operation of the schema, as an authenticated administrator.

A bounded number of generated examples per operation (hypothesis, derandomised so CI is
repeatable); every response must be no 5xx and must match the schema (status, content type,
body). Operations are driven one by one through Schemathesis' Python API, against the WSGI app.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

EXAMPLES_PER_OPERATION = 4
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema():
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    return schema


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


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
