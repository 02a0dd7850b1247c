"""What the contract fuzzer (test_contract_fuzz.py) found, each pinned down on its own."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.api.conftest import Tenant, assert_problem


def test_an_unknown_sign_in_session_is_a_401_not_a_500(client: TestClient, tenant: Tenant) -> None:
    body = {
        "email": tenant.admin.email,
        "challenge": "SOFTWARE_TOKEN_MFA",
        "session": "0" * 64,
        "code": "000000",
    }
    assert_problem(client.post("/auth/challenge", json=body), 401)


def test_a_session_shorter_than_cognitos_minimum_is_a_422(
    client: TestClient, tenant: Tenant
) -> None:
    body = {"email": tenant.admin.email, "challenge": "SOFTWARE_TOKEN_MFA", "session": "0"}
    body["code"] = "000000"
    response = client.post("/auth/challenge", json=body)
    assert_problem(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["session"]


def test_an_id_in_a_path_is_bounded(client: TestClient, tenant: Tenant) -> None:
    """It becomes part of a DynamoDB key, which DynamoDB itself refuses past 1,024 bytes."""
    response = client.get("/interviews/" + "a" * 1500, headers=tenant.admin.headers)
    assert_problem(response, 422)
    assert [e["field"] for e in response.json()["errors"]] == ["interview_id"]
