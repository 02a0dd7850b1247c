"""Billing through the API: the billing page, checkout and portal through the local stand-in
for Stripe, and Stripe's webhook (signature, idempotency, order, grace after a failed payment)."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.billing.adapters.local import LocalPaymentProvider
from functions.billing.plans import PlanName
from functions.billing.signatures import sign
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template

WEBHOOK = "/billing/stripe/webhook"
DAY = 24 * 3600


@pytest.fixture
def provider(client: TestClient) -> Iterator[LocalPaymentProvider]:
    """The local stand-in, delivering its signed events to the app under test."""

    def deliver(body: bytes, signature: str) -> int:
        headers = {"Stripe-Signature": signature, "Content-Type": "application/json"}
        response = client.post(WEBHOOK, content=body, headers=headers)
        assert response.status_code == 200, response.text
        return response.status_code

    local = LocalPaymentProvider("http://localhost:8000", wiring.stripe_webhook_secret(), deliver)
    app: Any = client.app
    app.dependency_overrides[wiring.payment_provider] = lambda: local
    yield local
    app.dependency_overrides.pop(wiring.payment_provider)


@pytest.fixture
def free(make_tenant: Callable[..., Tenant]) -> Tenant:
    return make_tenant(PlanName.FREE)


def _billing(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    response = client.get("/billing", headers=tenant.hr.headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _checkout(client: TestClient, tenant: Tenant, plan: str = "plus") -> str:
    response = client.post("/billing/checkout", json={"plan": plan}, headers=tenant.admin.headers)
    assert response.status_code == 200, response.text
    return str(response.json()["url"])


def _event(
    event_type: str, obj: dict[str, Any], created: int, event_id: str | None = None
) -> bytes:
    event = {
        "id": event_id or f"evt_{secrets.token_hex(8)}",
        "object": "event",
        "type": event_type,
        "created": created,
        "data": {"object": obj},
    }
    return json.dumps(event).encode()


def _post(client: TestClient, body: bytes, secret: str | None = None) -> Any:
    signature = sign(body, secret or wiring.stripe_webhook_secret())
    return client.post(WEBHOOK, content=body, headers={"Stripe-Signature": signature})


def _subscription(customer: str, status: str, price: str = "price_local_plus") -> dict[str, Any]:
    return {
        "id": "sub_1",
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": False,
        "items": {
            "data": [{"price": {"id": price}, "current_period_end": int(time.time()) + 30 * DAY}]
        },
    }


def _customer(client: TestClient, tenant: Tenant, provider: LocalPaymentProvider) -> str:
    _checkout(client, tenant)
    found = wiring.billing().account(tenant.company_id)
    assert found is not None and found[0].customer_id
    return found[0].customer_id


def test_the_billing_page_shows_plan_usage_and_limit(client: TestClient, free: Tenant) -> None:
    template = published_template(client, free.hr)
    invite(client, free.hr, template["id"])
    billing = _billing(client, free)
    assert (billing["plan"], billing["usage"], billing["limit"]) == ("free", 1, 3)
    assert billing["payment_status"] == "ok" and billing["can_manage"] is False
    assert [p["name"] for p in billing["plans"]] == ["free", "plus", "pro"]
    assert_problem(client.get("/billing", headers=free.interviewer.headers), 403)


def test_checkout_and_portal_are_for_admins(client: TestClient, free: Tenant) -> None:
    assert_problem(
        client.post("/billing/checkout", json={"plan": "plus"}, headers=free.hr.headers), 403
    )
    assert_problem(client.post("/billing/portal", headers=free.hr.headers), 403)
    refused = client.post("/billing/checkout", json={"plan": "free"}, headers=free.admin.headers)
    assert_problem(refused, 422)
    assert_problem(client.post("/billing/portal", headers=free.admin.headers), 409)


def test_refused_at_the_fourth_then_upgraded_through_the_local_checkout(
    client: TestClient, free: Tenant, provider: LocalPaymentProvider
) -> None:
    template = published_template(client, free.hr)
    for _ in range(3):
        invite(client, free.hr, template["id"])
    body = {"template_id": template["id"], "candidate": {"name": "D", "email": "d@example.com"}}
    assert_problem(client.post("/interviews", json=body, headers=free.hr.headers), 402)
    url = _checkout(client, free)
    assert url.startswith("http://localhost:8000/local/checkout/cs_local_")
    back = provider.pay(url.rsplit("/", 1)[-1])
    assert back == "http://localhost:8000/app/billing?checkout=done"
    billing = _billing(client, free)
    assert (billing["plan"], billing["limit"], billing["usage"]) == ("plus", 100, 3)
    assert billing["subscription_status"] == "active" and billing["can_manage"] is True
    assert client.post("/interviews", json=body, headers=free.hr.headers).status_code == 201
    portal = client.post("/billing/portal", headers=free.admin.headers)
    assert portal.status_code == 200 and "/local/portal/cus_local_" in portal.json()["url"]
    conflict = client.post("/billing/checkout", json={"plan": "plus"}, headers=free.admin.headers)
    assert_problem(conflict, 409, detail_contains="portal")


def test_a_cancelled_subscription_drops_to_free(
    client: TestClient, free: Tenant, provider: LocalPaymentProvider
) -> None:
    provider.pay(_checkout(client, free, "pro").rsplit("/", 1)[-1])
    assert _billing(client, free)["plan"] == "pro"
    customer = wiring.billing().account(free.company_id)[0].customer_id  # type: ignore[index]
    assert customer is not None
    provider.cancel(customer)
    billing = _billing(client, free)
    assert (billing["plan"], billing["subscription_status"]) == ("free", "canceled")


def test_signatures_are_verified(client: TestClient, free: Tenant) -> None:
    body = _event("invoice.paid", {"customer": "cus_nobody"}, int(time.time()))
    assert_problem(client.post(WEBHOOK, content=body), 400, detail_contains="missing")
    assert_problem(_post(client, body, secret="whsec_someone_else"), 400, detail_contains="sign")
    stale = sign(body, wiring.stripe_webhook_secret(), at=int(time.time()) - 3600)
    assert_problem(client.post(WEBHOOK, content=body, headers={"Stripe-Signature": stale}), 400)
    tampered = body.replace(b"cus_nobody", b"cus_somebody")
    signature = sign(body, wiring.stripe_webhook_secret())
    response = client.post(WEBHOOK, content=tampered, headers={"Stripe-Signature": signature})
    assert_problem(response, 400)
    assert _post(client, body).json() == {"received": True, "outcome": "ignored"}


def test_a_duplicated_event_changes_nothing_twice(
    client: TestClient, free: Tenant, provider: LocalPaymentProvider
) -> None:
    customer = _customer(client, free, provider)
    now = int(time.time())
    body = _event(
        "customer.subscription.created",
        _subscription(customer, "active"),
        now,
        "evt_dup_" + secrets.token_hex(4),
    )
    assert _post(client, body).json()["outcome"] == "applied"
    assert _post(client, body).json()["outcome"] == "duplicate"
    assert _billing(client, free)["plan"] == "plus"


def test_a_stale_subscription_update_never_overrides_a_newer_one(
    client: TestClient, free: Tenant, provider: LocalPaymentProvider
) -> None:
    customer = _customer(client, free, provider)
    now = int(time.time())
    newer = _event(
        "customer.subscription.updated", _subscription(customer, "active", "price_local_pro"), now
    )
    older = _event("customer.subscription.updated", _subscription(customer, "canceled"), now - 60)
    assert _post(client, newer).json()["outcome"] == "applied"
    assert _post(client, older).json()["outcome"] == "unchanged"
    assert _billing(client, free)["plan"] == "pro"


def test_a_failed_payment_keeps_the_plan_for_the_grace_period_then_free(
    client: TestClient,
    free: Tenant,
    make_tenant: Callable[..., Tenant],
    provider: LocalPaymentProvider,
) -> None:
    customer = _customer(client, free, provider)
    now = int(time.time())
    _post(
        client,
        _event("customer.subscription.created", _subscription(customer, "active"), now - 10 * DAY),
    )
    _post(client, _event("invoice.payment_failed", {"customer": customer}, now - 3 * DAY))
    billing = _billing(client, free)
    assert (billing["plan"], billing["payment_status"]) == ("plus", "failed")
    assert billing["grace_until"] is not None
    # A failure eight days ago (grace is 7 days): the company is on Free, its data kept.
    free2 = make_tenant(PlanName.FREE)
    other = _customer(client, free2, provider)
    _post(
        client,
        _event("customer.subscription.created", _subscription(other, "past_due"), now - 10 * DAY),
    )
    _post(client, _event("invoice.payment_failed", {"customer": other}, now - 8 * DAY))
    lapsed = _billing(client, free2)
    assert (lapsed["plan"], lapsed["payment_status"]) == ("free", "lapsed")
    # Paid after all: the plan is back.
    _post(client, _event("invoice.paid", {"customer": other}, now))
    assert _billing(client, free2)["plan"] == "plus"


def test_the_local_checkout_and_portal_pages_drive_the_whole_upgrade(
    free: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make dev`'s pages: pay on the checkout page, then cancel in the portal; each button
    posts signed events to the webhook endpoint of the same app."""
    from functions.api.main import create_app
    from functions.local.checkout_page import with_checkout

    app = with_checkout(create_app())
    pages = TestClient(app, raise_server_exceptions=False, follow_redirects=False)

    def deliver(body: bytes, signature: str) -> int:
        headers = {"Stripe-Signature": signature, "Content-Type": "application/json"}
        return pages.post(WEBHOOK, content=body, headers=headers).status_code

    local = LocalPaymentProvider("http://localhost:8000", wiring.stripe_webhook_secret(), deliver)
    app.dependency_overrides[wiring.payment_provider] = lambda: local
    monkeypatch.setattr(wiring, "payment_provider", lambda: local)

    checkout = pages.post("/billing/checkout", json={"plan": "plus"}, headers=free.admin.headers)
    path = checkout.json()["url"].removeprefix("http://localhost:8000")
    page = pages.get(path)
    assert page.status_code == 200 and "Upgrade to Plus" in page.text and "/pay" in page.text
    paid = pages.post(f"{path}/pay")
    assert paid.status_code == 303
    assert paid.headers["location"] == "http://localhost:8000/app/billing?checkout=done"
    assert pages.get(path).status_code == 404  # a checkout is paid once
    assert _billing(pages, free)["plan"] == "plus"

    portal = pages.post("/billing/portal", headers=free.admin.headers).json()["url"]
    portal_path = portal.removeprefix("http://localhost:8000")
    assert "active" in pages.get(portal_path).text
    customer_page = portal_path.split("?")[0]
    assert pages.post(f"{customer_page}/cancel").status_code == 303
    assert _billing(pages, free)["plan"] == "free"
    assert pages.post(f"{customer_page}/cancel").status_code == 404  # nothing left to cancel
    assert pages.post(f"{customer_page}/refund").status_code == 404
