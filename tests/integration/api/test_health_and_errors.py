from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from tests.integration.api.conftest import Tenant, assert_problem


def test_health_checks_every_dependency(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ok" and body["stage"] == "local"
    assert set(body["checks"]) == {"dynamodb", "s3", "eventbridge", "ai_providers"}
    assert all(c["status"] == "ok" for c in body["checks"].values())


@pytest.fixture
def missing_table() -> Iterator[None]:
    saved = os.environ.get("APP_TABLE_NAME")
    os.environ["APP_TABLE_NAME"] = "no-such-table"
    wiring.reset()
    yield
    os.environ["APP_TABLE_NAME"] = saved or ""
    wiring.reset()


@pytest.mark.usefixtures("missing_table")
def test_health_is_503_when_a_dependency_is_down(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["dynamodb"]["status"] == "down"
    assert "ResourceNotFound" in checks["dynamodb"]["detail"]
    assert checks["s3"]["status"] == "ok"


def test_unknown_routes_and_methods_are_problems(client: TestClient, tenant: Tenant) -> None:
    assert_problem(client.get("/nowhere"), 404, detail_contains="/docs")
    assert_problem(client.delete("/templates", headers=tenant.hr.headers), 405)


def test_malformed_json_is_a_422_problem(client: TestClient, tenant: Tenant) -> None:
    response = client.post(
        "/templates",
        content=b"{not json",
        headers={**tenant.hr.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 422)


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"login", "getMe", "createAnswerUpload", "getHealth"} <= operations
    assert client.get("/docs").status_code == 200


def test_security_headers_on_api_responses(client: TestClient) -> None:
    response = client.get("/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_cors_allows_the_web_origin_only(client: TestClient) -> None:
    allowed = client.options(
        "/templates",
        headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:8000"
    denied = client.options(
        "/templates",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in denied.headers


def test_every_response_carries_a_correlation_id(client: TestClient) -> None:
    generated = client.get("/health").headers["x-correlation-id"]
    assert len(generated) == 32
    echoed = client.get("/health", headers={"X-Correlation-Id": "ats-run-42"})
    assert echoed.headers["x-correlation-id"] == "ats-run-42"
    junk = client.get("/health", headers={"X-Correlation-Id": "<script>"})
    assert junk.headers["x-correlation-id"] != "<script>"
