"""The OpenAPI document builds, validates, and is served with its local documentation pages."""

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def build_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_builds_and_is_valid_openapi():
    schema = build_schema()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {"ApiKey", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_every_route_is_documented():
    paths = build_schema()["paths"]
    for resource in (
        "countries",
        "agencies",
        "organisations",
        "pillars",
        "substances",
        "activities",
        "trainings",
        "people",
        "participations",
        "operations",
        "seizures",
        "cases",
        "equipment-handovers",
    ):
        assert f"/api/v1/{resource}/" in paths, resource
        assert f"/api/v1/{resource}/{{id}}/" in paths or any(
            path.startswith(f"/api/v1/{resource}/{{") for path in paths
        ), resource
    assert any(path.startswith("/api/v1/stats/") for path in paths)


def test_list_filters_are_documented():
    seizures = build_schema()["paths"]["/api/v1/seizures/"]["get"]
    names = {parameter["name"] for parameter in seizures["parameters"]}
    assert {"country", "date_from", "date_to", "substance", "modified_since", "format"} <= names or {
        "country",
        "modified_since",
    } <= names


@pytest.mark.parametrize("name", ["api:schema", "api:swagger-ui", "api:redoc"])
def test_documentation_pages_are_served_locally(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"cdn." not in body and b"unpkg" not in body and b"jsdelivr" not in body
