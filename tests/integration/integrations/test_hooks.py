"""Zapier/Make REST hooks: subscribe, samples, unsubscribe; what part A's deliverer reads."""

from __future__ import annotations

from fastapi.testclient import TestClient

from functions.integrations.hooks import subscriptions_for
from tests.integration.api.conftest import Tenant, assert_problem
from tests.integration.integrations.support import bearer, create_key


def test_subscribe_list_samples_and_unsubscribe(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin, ["hooks:write"])
    body = {
        "target_url": "https://hooks.zapier.com/hooks/standard/1/abc",
        "event_types": ["interview.analyzed", "interview.decided"],
    }
    response = client.post("/integrations/hooks", json=body, headers=bearer(key))
    assert response.status_code == 201, response.text
    hook = response.json()
    found = subscriptions_for(tenant.company_id, "interview.analyzed")
    assert [(h.id, h.target_url) for h in found] == [(hook["id"], body["target_url"])]
    assert subscriptions_for(tenant.company_id, "interview.started") == []

    samples = client.get(
        "/integrations/hooks/samples",
        params={"event_type": "interview.analyzed"},
        headers=bearer(key),
    )
    assert samples.status_code == 200
    (sample,) = samples.json()["items"]
    assert sample["type"] == "interview.analyzed"
    assert sample["data"]["external"]["candidate_id"]

    response = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(key))
    assert response.status_code == 204
    assert subscriptions_for(tenant.company_id, "interview.analyzed") == []
    response = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(key))
    assert_problem(response, 404)


def test_http_targets_are_refused(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin, ["hooks:write"])
    body = {"target_url": "http://hooks.example.com/x", "event_types": ["interview.analyzed"]}
    response = client.post("/integrations/hooks", json=body, headers=bearer(key))
    assert_problem(response, 422, detail_contains="https")


def test_another_tenants_hook_cannot_be_removed(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = create_key(client, tenant.admin, ["hooks:write"])
    theirs = create_key(client, other_tenant.admin, ["hooks:write"])
    body = {"target_url": "https://hooks.example.com/x", "event_types": ["interview.expired"]}
    hook = client.post("/integrations/hooks", json=body, headers=bearer(mine)).json()
    response = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(theirs))
    assert_problem(response, 404)
    assert len(subscriptions_for(tenant.company_id, "interview.expired")) == 1
