"""Schemathesis' state machine over the schema's links, as a signed-in administrator.

Scenarios create records and follow the links from each 201 to the record's detail operations
(read, replace, update, delete), in the test database; every response must be no 5xx and match the
schema. Only the links the schema declares are followed (Schemathesis' own link inference is off):
this tests the contract clients read. Bounded and derandomised so CI stays short and repeatable.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config import SchemathesisConfig

from tests.api.test_schemathesis import CHECKS

pytestmark = pytest.mark.django_db

SCENARIOS = 100
STEPS_PER_SCENARIO = 10


def _schema():
    # Valid requests only (the per-operation module sends the invalid ones), so that more steps
    # write and go on along a link.
    config = SchemathesisConfig.from_dict(
        {"phases": {"stateful": {"generation": {"mode": "positive"}, "inference": {"algorithms": []}}}}
    )
    schema = schemathesis.openapi.from_dict(
        SchemaGenerator().get_schema(request=None, public=True), config=config
    )
    schema.app = get_wsgi_application()
    return schema


def test_a_created_record_links_to_its_detail_operations():
    created = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/activities/"]["post"]
    links = created["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "activities_retrieve",
        "activities_update",
        "activities_partial_update",
        "activities_destroy",
    }
    assert all(link["parameters"] == {"id": "$response.body#/id"} for link in links.values())


def test_the_state_machine_follows_the_declared_links():
    transitions = _schema().as_state_machine()._transitions.operations
    targets = {link.target.label for link in transitions["POST /api/v1/activities/"].outgoing}
    assert {"GET /api/v1/activities/{id}/", "DELETE /api/v1/activities/{id}/"} <= targets
    assert sum(len(operation.outgoing) for operation in transitions.values()) >= 13 * 4


def test_stateful_scenarios_conform_to_the_schema(admin_session):
    followed = set()

    class Workflow(_schema().as_state_machine()):
        # Each scenario starts from the same data (the demo's, in the test's transaction) and is
        # rolled back: else a scenario Hypothesis replays meets what an earlier one wrote, is
        # answered otherwise, and Hypothesis stops on "inconsistent data generation".
        def setup(self):
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def step(self, step_input):
            output = super().step(step_input)
            if (
                step_input.transition is not None
                and step_input.is_applied
                and output.response.status_code < 300
            ):
                followed.add(step_input.case.operation.label)
            return output

        def get_call_kwargs(self, case):
            return {"cookies": admin_session["cookies"], "headers": dict(admin_session["headers"])}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs, recorder=self.recorder)

    Workflow.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            phases=[Phase.generate],
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
    )
    # The scenarios did reach created records through the links, not only random ids.
    assert len(followed) >= 5, followed
