"""Every error an operation answers is in the document, as application/problem+json."""

from __future__ import annotations

from typing import Any

import pytest

from functions.api.main import app

PROBLEM = {"$ref": "#/components/schemas/Problem"}
SPEC = app.openapi()
OPERATIONS = [
    (f"{method.upper()} {path}", operation)
    for path, methods in SPEC["paths"].items()
    for method, operation in methods.items()
]


@pytest.mark.parametrize(("name", "operation"), OPERATIONS, ids=[n for n, _ in OPERATIONS])
def test_errors_are_documented_as_problems(name: str, operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    secured = bool(operation.get("security"))
    expected = {"401"} if secured else set()
    if any(p["in"] == "path" for p in operation.get("parameters", [])):
        expected.add("404")
    if operation.get("parameters") or "requestBody" in operation:
        expected.add("422")
    assert expected <= set(responses), f"{name} leaves out {expected - set(responses)}"
    for status, response in responses.items():
        if status.startswith(("4", "5")) and status != "503":
            assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}, (
                f"{name} {status}"
            )


def test_the_problem_schema_is_the_one_the_api_sends() -> None:
    schemas = SPEC["components"]["schemas"]
    assert set(schemas["Problem"]["required"]) == {"type", "title", "status", "detail"}
    assert "FieldError" in schemas
    assert "HTTPValidationError" not in schemas  # FastAPI's default shape is never sent


@pytest.mark.parametrize(("name", "operation"), OPERATIONS, ids=[n for n, _ in OPERATIONS])
def test_every_id_in_a_path_is_bounded(name: str, operation: dict[str, Any]) -> None:
    """An id in a path becomes part of a DynamoDB key: a made-up 2,000-character id is a 422
    naming it, never a key the table refuses (a 500)."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "path" or parameter["schema"].get("type") != "string":
            continue
        schema = parameter["schema"]
        assert schema.get("maxLength", 10**6) <= 128 and schema.get("pattern"), (
            f"{name}: path parameter {parameter['name']} is unbounded"
        )
