"""The OpenAPI document is a contract a generated client can rely on (core.api.schema_contract),
checked over every operation of the document, and the server answers what it declares: JSON bodies
only (multipart for the import upload), CSV for lists only, files as bytes, the one error shape,
and nothing offered to API keys that no key may do. Schemathesis' conformance checks run over the
CSV answers and the file downloads too (the general run in test_schemathesis.py mostly meets JSON)."""

import datetime

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.models import User
from accounts.services import api_key_create
from core.access import ROLE_ACTIONS, Role, rule_for
from core.api.permissions import action_for
from reports import tasks as report_tasks
from reports.models import Report
from reports.services import report_generate

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
ERROR_REF = "#/components/schemas/Error"
# The only operation that takes a file.
UPLOADS = {("post", "/api/v1/imports/")}
# A 4xx that answers a record rather than the error shape: an upload with invalid rows answers 422
# with its import job, whose `errors` name each row and column; a likely duplicate person answers
# 409 with the error shape and the people it names.
RECORD_ERRORS = {
    ("post", "/api/v1/imports/", "422"): "#/components/schemas/ImportJob",
    ("post", "/api/v1/people/", "409"): "#/components/schemas/LikelyDuplicateError",
}


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = _schema()
OPERATIONS = [
    (method, path, operation)
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
    if method in METHODS
]


def _ids(value):
    return f"{value[0].upper()} {value[1]}" if isinstance(value, tuple) else None


def test_the_document_has_operations():
    assert len(OPERATIONS) >= 90


@pytest.mark.parametrize("entry", OPERATIONS, ids=lambda entry: f"{entry[0].upper()} {entry[1]}")
def test_every_operation_has_an_id_a_summary_a_tag_and_its_errors(entry):
    method, path, operation = entry
    assert operation.get("operationId") and operation.get("summary") and operation.get("tags")
    codes = set(operation["responses"])
    expected = {"400", "401", "403", "429"} | ({"404"} if "{" in path else set())
    assert expected <= codes, sorted(codes)
    for code in codes:
        if code.startswith("4"):
            content = operation["responses"][code].get("content", {})
            assert list(content) == ["application/json"], (code, list(content))
            expected_ref = RECORD_ERRORS.get((method, path, code), ERROR_REF)
            assert content["application/json"]["schema"] == {"$ref": expected_ref}, code


@pytest.mark.parametrize("entry", OPERATIONS, ids=lambda entry: f"{entry[0].upper()} {entry[1]}")
def test_bodies_are_json_but_an_upload_and_answers_are_what_they_are(entry):
    method, path, operation = entry
    body = operation.get("requestBody")
    if body:
        expected = ["multipart/form-data"] if (method, path) in UPLOADS else ["application/json"]
        assert list(body["content"]) == expected
    parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
    for code, response in operation["responses"].items():
        content = response.get("content", {})
        if "text/csv" in content and "application/json" in content:
            # A list's other shape: CSV text, offered by `?format=csv`; nowhere else.
            assert method == "get" and "{" not in path and "format" in parameters, code
            assert content["text/csv"]["schema"]["type"] == "string"
            assert "format" not in content["text/csv"]["schema"]
        elif any(media_type != "application/json" for media_type in content):
            # A file: bytes in each media type, and as application/octet-stream for a client that
            # asks for bytes whatever the file is.
            assert "application/octet-stream" in content, code
            for media_type, item in content.items():
                assert item["schema"] == {"type": "string", "format": "binary"}, media_type
    if "format" in parameters:
        assert method == "get" and "text/csv" in operation["responses"]["200"]["content"]


def test_nullable_where_null_happens_and_parameters_typed():
    schemas = SCHEMA["components"]["schemas"]
    assert schemas["ImportJob"]["properties"]["created_by"].get("nullable") is True
    parameters = schemas["Report"]["properties"]["parameters"]
    target = parameters["allOf"][0]["$ref"] if "allOf" in parameters else parameters["$ref"]
    properties = schemas[target.rsplit("/", 1)[1]]["properties"]
    assert {"date_from", "date_to", "donor", "country", "operation", "list", "filters"} <= set(properties)


def _key_may(method: str, path: str) -> bool | None:
    """Whether any API key may ever do this, by the access rules; None where they do not govern."""
    from django.urls import resolve

    match = resolve(path.replace("{id}", "1"))
    view = getattr(match.func, "cls", None)
    serializer = getattr(view, "serializer_class", None)
    if view is None or serializer is None or not hasattr(serializer, "Meta"):
        return None
    model = serializer.Meta.model
    try:
        kind = rule_for(model).kind
    except (KeyError, LookupError, AttributeError):
        return None
    action = action_for(method.upper(), model)
    return any(action in ROLE_ACTIONS[role].get(kind, ()) for role in (Role.API_CLIENT, Role.API_WRITER))


@pytest.mark.parametrize("entry", OPERATIONS, ids=lambda entry: f"{entry[0].upper()} {entry[1]}")
def test_what_no_key_may_do_is_not_offered_to_keys(entry, client):
    method, path, operation = entry
    may = _key_may(method, path)
    if may is None:
        pytest.skip("not governed by the record access rules")
    security = operation.get("security", SCHEMA.get("security", []))
    offered = any("ApiKey" in requirement for requirement in security)
    assert offered == may, security
    if not may:
        assert "Not for API keys" in operation.get("description", "")
        _key, raw = api_key_create(
            name="contract",
            created_by=User.objects.get(username="admin"),
            expires_at=timezone.now() + datetime.timedelta(days=1),
            can_write=True,
        )
        response = getattr(client, method)(
            path.replace("{id}", "1"),
            {},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Api-Key {raw}",
        )
        assert response.status_code == 403, response.content[:200]


def test_csv_is_for_lists_only(admin_client):
    assert admin_client.get("/api/v1/pillars/?format=csv")["Content-Type"].startswith("text/csv")
    pillar = admin_client.get("/api/v1/pillars/").json()["results"][0]["id"]
    for response in (
        admin_client.get(f"/api/v1/pillars/{pillar}/?format=csv"),
        admin_client.get(f"/api/v1/pillars/{pillar}/", HTTP_ACCEPT="text/csv"),
        admin_client.patch(f"/api/v1/pillars/{pillar}/?format=csv", {}, content_type="application/json"),
        admin_client.post("/api/v1/pillars/?format=csv", {}, content_type="application/json"),
    ):
        assert response.status_code == 400, response.content[:200]
        assert response["Content-Type"].startswith("application/json")
        assert "format" in response.json()["errors"]


def test_an_accept_header_nothing_answers_is_a_406_in_json(admin_client):
    response = admin_client.get("/api/v1/pillars/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_acceptable"


def test_a_form_body_is_refused_in_the_error_shape_everywhere_but_the_upload(admin_client):
    for path in ("/api/v1/pillars/", "/api/v1/seizures/", "/api/v1/reports/"):
        response = admin_client.post(path, {"name": "x"})  # multipart, as a form
        assert response.status_code == 415, (path, response.content[:200])
        assert response.json()["code"] == "unsupported_media_type"


# Schemathesis over the answers that are not JSON.

ST_SCHEMA = schemathesis.openapi.from_dict(SCHEMA)
ST_SCHEMA.app = get_wsgi_application()
ST_OPERATIONS = {
    (result.ok().method.lower(), result.ok().path): result.ok() for result in ST_SCHEMA.get_all_operations()
}
CSV_LISTS = sorted(
    path
    for method, path, operation in OPERATIONS
    if method == "get"
    and "text/csv" in operation["responses"].get("200", {}).get("content", {})
    and "{" not in path
)


def _content_type(response) -> str:
    headers = {name.lower(): value for name, value in response.headers.items()}
    value = headers["content-type"]
    return value[0] if isinstance(value, list) else value


def _full_path(path: str) -> str:
    return path if path.startswith("/api/v1") else f"/api/v1{path}"


def _operation(method: str, path: str):
    for (op_method, op_path), operation in ST_OPERATIONS.items():
        if op_method == method and _full_path(op_path) == path:
            return operation
    raise LookupError(path)


@pytest.mark.parametrize("path", CSV_LISTS)
def test_csv_lists_conform(path, admin_session):
    case = _operation("get", path).Case(query={"format": "csv"})
    response = case.call_and_validate(
        cookies=admin_session["cookies"], headers=admin_session["headers"], checks=CHECKS
    )
    assert response.status_code == 200 and _content_type(response).startswith("text/csv")


@pytest.mark.parametrize("accept", [None, "application/octet-stream"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import_templates_conform(file_format, accept, admin_session):
    headers = {**admin_session["headers"], **({"Accept": accept} if accept else {})}
    case = _operation("get", "/api/v1/imports/templates/{kind}.{file_format}").Case(
        path_parameters={"kind": "seizures", "file_format": file_format}
    )
    response = case.call_and_validate(cookies=admin_session["cookies"], headers=headers, checks=CHECKS)
    assert response.status_code == 200
    assert _content_type(response).startswith(
        accept or ("text/csv" if file_format == "csv" else "application/vnd")
    )


@pytest.mark.parametrize("accept", [None, "application/octet-stream"])
def test_a_report_download_conforms(accept, admin_session, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(report_tasks.generate_report, "delay", lambda report_id: None)
    # Requested through the WSGI app as the rest (Django's test client would reconnect the
    # signals that close the test's connection).
    created = (
        _operation("post", "/api/v1/reports/")
        .Case(
            body={"kind": "data_export", "format": "xlsx", "list": "substances"},
            media_type="application/json",
        )
        .call_and_validate(cookies=admin_session["cookies"], headers=admin_session["headers"], checks=CHECKS)
    )
    assert created.status_code == 202, created.content[:300]
    report_id = created.json()["id"]
    operation = _operation("get", "/api/v1/reports/{id}/download/")
    headers = {**admin_session["headers"], **({"Accept": accept} if accept else {})}
    # Not ready yet: a 409 in the error shape.
    waiting = operation.Case(path_parameters={"id": report_id}).call_and_validate(
        cookies=admin_session["cookies"], headers=headers, checks=CHECKS
    )
    assert waiting.status_code == 409
    report_generate(report_id=report_id)
    assert Report.objects.get(pk=report_id).status == Report.Status.SUCCEEDED
    response = operation.Case(path_parameters={"id": report_id}).call_and_validate(
        cookies=admin_session["cookies"], headers=headers, checks=CHECKS
    )
    assert response.status_code == 200 and response.content.startswith(b"PK")
