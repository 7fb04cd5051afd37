"""OpenAPI links from a created record to its detail operations (drf-spectacular postprocessing hook).

A client (and Schemathesis' stateful tests) learns from the schema itself that the `id` a `POST`
answers with is the one its detail path takes, instead of guessing ids.
"""

import re

DETAIL_METHODS = ("get", "put", "patch", "delete")


def add_created_record_links(result, generator, request, public):
    """Link each collection's 201 to the operations of its detail path, `{collection}{param}/`."""
    paths = result.get("paths", {})
    schemas = result.get("components", {}).get("schemas", {})
    for collection, collection_item in paths.items():
        created = collection_item.get("post", {}).get("responses", {}).get("201")
        if not created:
            continue
        properties = _body_properties(created, schemas)
        for path, item in paths.items():
            match = re.fullmatch(re.escape(collection) + r"\{(\w+)\}/?", path)
            if not match:
                continue
            param = match.group(1)
            # A `pk` in the path (where drf-spectacular does not rename it `id`) is the body's `id`.
            field = param if param in properties else "id" if param == "pk" and "id" in properties else None
            if field is None:
                continue
            for method in DETAIL_METHODS:
                operation_id = item.get(method, {}).get("operationId")
                if operation_id:
                    created.setdefault("links", {})[operation_id] = {
                        "operationId": operation_id,
                        "parameters": {param: f"$response.body#/{field}"},
                        "description": f"The record just created, by its `{field}`.",
                    }
    return result


def _body_properties(response: dict, schemas: dict) -> dict:
    body = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = body.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        body = schemas.get(ref.removeprefix("#/components/schemas/"), {})
    return body.get("properties", {})
