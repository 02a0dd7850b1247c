"""Company API keys: admin only, shown once, stored hashed, revocable, scoped, one tenant."""

from __future__ import annotations

import hashlib

from fastapi.testclient import TestClient

from functions.storage.records import Record
from tests.integration.api.conftest import Tenant, assert_problem
from tests.integration.integrations.support import bearer, create_key

CANDIDATE = {"external_id": "c-1", "name": "Ana Díaz", "email": "ana@example.com"}


def _import(client: TestClient, key: dict[str, object] | str) -> object:
    body = {"source": "api", "candidates": [CANDIDATE]}
    return client.post("/integrations/candidates", json=body, headers=bearer(key))  # type: ignore[arg-type]


def test_the_key_is_shown_once_and_stored_hashed(client: TestClient, tenant: Tenant) -> None:
    created = create_key(client, tenant.admin)
    secret = created["key"]
    assert secret.startswith("ik_live_") and len(secret) > 50
    assert secret.startswith(created["prefix"])
    listed = client.get("/integrations/api-keys", headers=tenant.admin.headers).json()["items"]
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0] and secret not in str(listed)
    record = Record.get(f"COMPANY#{tenant.company_id}", f"APIKEY#{created['id']}")
    stored = str(record.attribute_values)
    assert secret not in stored
    assert record.data["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()


def test_only_admins_manage_keys(client: TestClient, tenant: Tenant) -> None:
    for member in (tenant.hr, tenant.interviewer):
        response = client.post("/integrations/api-keys", json={"name": "x"}, headers=member.headers)
        assert_problem(response, 403)
        assert_problem(client.get("/integrations/api-keys", headers=member.headers), 403)


def test_a_revoked_key_is_refused(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    assert _import(client, key).status_code == 200  # type: ignore[attr-defined]
    response = client.post(
        f"/integrations/api-keys/{key['id']}/revoke", headers=tenant.admin.headers
    )
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert_problem(_import(client, key), 401)


def test_missing_unknown_and_user_tokens_are_refused(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin)
    assert_problem(client.post("/integrations/candidates", json={}), 401)
    assert_problem(_import(client, key["key"][:-2] + "xx"), 401)
    assert_problem(_import(client, "ik_live_nothing"), 401)
    # A signed-in user's token is not an API key.
    assert_problem(_import(client, tenant.admin.token), 401)


def test_scopes_are_enforced(client: TestClient, tenant: Tenant) -> None:
    jobs_only = create_key(client, tenant.admin, ["jobs:write"])
    assert_problem(_import(client, jobs_only), 403, detail_contains="candidates:write")
    job = {"source": "api", "job": {"external_id": "j-1", "title": "Backend"}}
    assert client.post("/integrations/jobs", json=job, headers=bearer(jobs_only)).status_code == 200
    hook = {"target_url": "https://hooks.example.com/x", "event_types": ["interview.analyzed"]}
    response = client.post("/integrations/hooks", json=hook, headers=bearer(jobs_only))
    assert_problem(response, 403, detail_contains="hooks:write")


def test_another_tenant_is_out_of_reach(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    key = create_key(client, tenant.admin)
    candidate = _import(client, key).json()["items"][0]["candidate"]  # type: ignore[attr-defined]
    assert candidate["company_id"] == tenant.company_id
    # The other company cannot see the candidate, nor revoke the key...
    response = client.get(f"/candidates/{candidate['id']}", headers=other_tenant.admin.headers)
    assert_problem(response, 404)
    response = client.post(
        f"/integrations/api-keys/{key['id']}/revoke", headers=other_tenant.admin.headers
    )
    assert_problem(response, 404)
    # ...and the key cannot invite into the other company's templates or candidates.
    other_key = create_key(client, other_tenant.admin)
    theirs = _import(client, other_key).json()["items"][0]["candidate"]  # type: ignore[attr-defined]
    assert theirs["id"] != candidate["id"]
    body = {"template_id": "any", "candidate_ids": [theirs["id"]]}
    response = client.post("/integrations/interviews", json=body, headers=bearer(key))
    assert_problem(response, 404)
    listed = client.get("/integrations/api-keys", headers=other_tenant.admin.headers).json()
    assert key["id"] not in {k["id"] for k in listed["items"]}
