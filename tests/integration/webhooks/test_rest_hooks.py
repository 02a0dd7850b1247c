"""Zapier/Make REST hooks delivered like every webhook: through the outbox, the bus and SQS to a
real receiver, signed with the secret subscribeHook returned, until unsubscribed or 410 Gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook

from functions import wiring
from tests.integration.integrations.support import bearer
from tests.integration.webhooks.conftest import Company, Receiver, publish_template, wait_for


def _key(client: TestClient, company: Company) -> dict[str, Any]:
    response = client.post(
        "/integrations/api-keys",
        json={"name": "Zapier", "scopes": ["hooks:write"]},
        headers=company.admin_headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def _subscribe(client: TestClient, key: dict[str, Any], url: str) -> dict[str, Any]:
    body = {"target_url": url, "event_types": ["template.published"]}
    response = client.post("/integrations/hooks", json=body, headers=bearer(key))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_subscribed_hook_gets_events_signed_until_it_unsubscribes(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    zap, later = receiver(), receiver()
    key = _key(client, company)
    hook = _subscribe(client, key, zap.url)
    assert hook["secret"].startswith("whsec_")
    template_id = publish_template(client, company)

    got = wait_for(lambda: zap.requests)[0]
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)  # raises when not valid
    assert payload["type"] == "template.published"
    assert payload["data"]["template_id"] == template_id

    gone = client.delete(f"/integrations/hooks/{hook['id']}", headers=bearer(key))
    assert gone.status_code == 204, gone.text
    # A hook subscribed after it sorts after it, so the fan-out of the next event has passed the
    # removed hook by the time this one is reached.
    _subscribe(client, key, later.url)
    publish_template(client, company)
    second = wait_for(lambda: later.requests)[0].json()
    assert len(zap.requests) == 1
    assert wiring.webhooks().delivery(company.id, hook["id"], second["id"]) is None


def test_410_gone_unsubscribes_the_hook(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    zap = receiver()
    zap.script = [(410, {})]
    hook = _subscribe(client, _key(client, company), zap.url)
    publish_template(client, company)

    wait_for(lambda: zap.requests)
    wait_for(lambda: wiring.webhooks().endpoint(company.id, hook["id"]) is None)
    event_id = zap.requests[0].headers["webhook-id"]
    delivery = wait_for(lambda: wiring.webhooks().delivery(company.id, hook["id"], event_id))[0]
    assert [a.status_code for a in delivery.attempts] == [410]
    # Unsubscribed, not disabled: nobody is told an endpoint was disabled.
    listed = client.get("/webhooks", headers=company.headers).json()["items"]
    assert hook["id"] not in {e["id"] for e in listed}


def test_the_target_is_checked_again_at_delivery(
    client: TestClient, company: Company, receiver: Callable[[], Receiver]
) -> None:
    zap = receiver()
    hook = _subscribe(client, _key(client, company), zap.url)
    # What a rebinding DNS answer amounts to: the target now leads to a private address.
    repo = wiring.webhooks()
    endpoint, revision = repo.endpoint(company.id, hook["id"]) or pytest.fail("no hook")
    repo.save_endpoint(endpoint.model_copy(update={"url": "http://10.0.0.7/hooks"}), revision)
    publish_template(client, company)

    def refused() -> list[Any]:
        page = repo.deliveries(company.id, hook["id"], limit=10, cursor=None)
        return [a for d in page.items for a in d.attempts if (a.error or "").startswith("refused")]

    assert "10.0.0.7" in wait_for(refused)[0].error
    assert zap.requests == []


def test_unsafe_targets_are_refused_when_subscribing(client: TestClient, company: Company) -> None:
    """Loopback allowed (as here) opens 127.0.0.1 only, never other private addresses."""
    key = _key(client, company)
    for url in ("https://169.254.169.254/latest/meta-data", "http://10.0.0.7/hooks"):
        body = {"target_url": url, "event_types": ["template.published"]}
        response = client.post("/integrations/hooks", json=body, headers=bearer(key))
        assert response.status_code == 422, response.text
        assert "target_url" in response.json()["detail"]
