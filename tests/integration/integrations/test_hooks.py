"""Zapier/Make REST hooks: subscribe, samples, unsubscribe. (Delivery to a subscribed receiver:
tests/integration/webhooks/test_rest_hooks.py, where the event workers run.)"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from tests.integration.api.conftest import Tenant, assert_problem
from tests.integration.integrations.support import bearer, create_key

# An address literal: public, and checked without DNS (this suite runs offline).
PUBLIC_TARGET = "https://93.184.215.14/hooks/standard/1/abc"


def test_subscribe_list_samples_and_unsubscribe(client: TestClient, tenant: Tenant) -> None:
    key = create_key(client, tenant.admin, ["hooks:write"])
    body = {"target_url": PUBLIC_TARGET, "event_types": ["interview.analyzed", "interview.decided"]}
    response = client.post("/integrations/hooks", json=body, headers=bearer(key))
    assert response.status_code == 201, response.text
    hook = response.json()
    assert hook["secret"].startswith("whsec_")  # signs its deliveries; shown only here
    # A webhook endpoint of the company, so the one fan-out delivers to it.
    found = wiring.webhooks().endpoint(tenant.company_id, hook["id"])
    assert found is not None
    endpoint = found[0]
    assert (endpoint.url, endpoint.secret) == (PUBLIC_TARGET, hook["secret"])
    assert endpoint.subscribes("interview.analyzed")
    assert not endpoint.subscribes("interview.started")

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
    assert wiring.webhooks().endpoint(tenant.company_id, hook["id"]) is None
    response = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(key))
    assert_problem(response, 404)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/x",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.7/hooks",
        "https://[::ffff:169.254.169.254]/x",
        "https://127.0.0.1/x",
        "https://user:pw@93.184.215.14/x",
        "https://hooks.does-not-resolve.invalid/x",
    ],
)
def test_unsafe_targets_are_refused(client: TestClient, tenant: Tenant, url: str) -> None:
    """The webhook endpoints' SSRF rule, not only the scheme."""
    key = create_key(client, tenant.admin, ["hooks:write"])
    body = {"target_url": url, "event_types": ["interview.analyzed"]}
    response = client.post("/integrations/hooks", json=body, headers=bearer(key))
    assert_problem(response, 422, detail_contains="target_url")


def test_a_recruiters_webhook_endpoint_is_not_a_hook_to_remove(
    client: TestClient, tenant: Tenant
) -> None:
    created = client.post("/webhooks", json={"url": PUBLIC_TARGET}, headers=tenant.hr.headers)
    assert created.status_code == 201, created.text
    key = create_key(client, tenant.admin, ["hooks:write"])
    endpoint_id = created.json()["id"]
    response = client.delete(f"/integrations/hooks/{endpoint_id}", headers=bearer(key))
    assert_problem(response, 404)
    assert wiring.webhooks().endpoint(tenant.company_id, endpoint_id) is not None


def test_another_tenants_hook_cannot_be_removed(
    client: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = create_key(client, tenant.admin, ["hooks:write"])
    theirs = create_key(client, other_tenant.admin, ["hooks:write"])
    body = {"target_url": PUBLIC_TARGET, "event_types": ["interview.expired"]}
    hook = client.post("/integrations/hooks", json=body, headers=bearer(mine)).json()
    response = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(theirs))
    assert_problem(response, 404)
    assert wiring.webhooks().endpoint(tenant.company_id, hook["id"]) is not None


def test_revoking_the_key_removes_its_hooks(client: TestClient, tenant: Tenant) -> None:
    zapier = create_key(client, tenant.admin, ["hooks:write"])
    make = create_key(client, tenant.admin, ["hooks:write"])
    body = {"target_url": PUBLIC_TARGET, "event_types": ["interview.analyzed"]}
    revoked_hook = client.post("/integrations/hooks", json=body, headers=bearer(zapier)).json()
    kept_hook = client.post("/integrations/hooks", json=body, headers=bearer(make)).json()

    response = client.post(
        f"/integrations/api-keys/{zapier['id']}/revoke", headers=tenant.admin.headers
    )
    assert response.status_code == 200, response.text
    assert wiring.webhooks().endpoint(tenant.company_id, revoked_hook["id"]) is None
    assert wiring.webhooks().endpoint(tenant.company_id, kept_hook["id"]) is not None


def test_admins_list_the_hooks_with_their_key_and_samples(
    client: TestClient, tenant: Tenant
) -> None:
    registered = client.post("/webhooks", json={"url": PUBLIC_TARGET}, headers=tenant.hr.headers)
    assert registered.status_code == 201, registered.text
    key = create_key(client, tenant.admin, ["hooks:write"])
    body = {"target_url": PUBLIC_TARGET + "/z", "event_types": ["interview.decided"]}
    hook = client.post("/integrations/hooks", json=body, headers=bearer(key)).json()

    response = client.get("/integrations/hooks", headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    listed = response.json()
    (item,) = listed["items"]  # the recruiter's endpoint is not a hook
    assert item["id"] == hook["id"]
    assert item["target_url"] == PUBLIC_TARGET + "/z"
    assert item["event_types"] == ["interview.decided"]
    assert item["api_key_name"] == "Greenhouse"
    assert item["enabled"] is True
    assert "secret" not in item
    assert "interview.decided" in {s["type"] for s in listed["samples"]}

    assert item["api_key_id"] == key["id"]
    client.post(f"/integrations/api-keys/{key['id']}/revoke", headers=tenant.admin.headers)
    after = client.get("/integrations/hooks", headers=tenant.admin.headers).json()
    assert after["items"] == []
