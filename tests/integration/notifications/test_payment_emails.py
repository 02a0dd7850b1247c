"""Payment emails: Stripe's invoice events, received on the webhook, write their email events
in the same transaction (once per Stripe event), and the admins get them in their language."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.billing.adapters.local import LocalPaymentProvider
from functions.billing.plans import PlanName
from functions.billing.signatures import sign
from functions.events.catalog import (
    Event,
    PaymentFailed,
    PaymentSucceeded,
    QuotaWarning,
    parse_data,
)
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications import handlers
from functions.notifications.adapters.outbox import LocalOutbox
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant
from tests.integration.notifications.test_notifier import Context, _deliver, _mine

WEBHOOK = "/billing/stripe/webhook"


def _billing_events(company_id: str) -> list[Event]:
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    events = [Event.model_validate(r.data.as_dict()) for r in records]
    return [e for e in events if e.type.startswith("billing.")]


def test_a_paid_and_a_failed_invoice_email_the_admins_once(
    client: TestClient,
    make_tenant: Callable[..., Tenant],
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    tenant = make_tenant(PlanName.FREE)

    def deliver(body: bytes, signature: str) -> int:
        headers = {"Stripe-Signature": signature, "Content-Type": "application/json"}
        return client.post(WEBHOOK, content=body, headers=headers).status_code

    local = LocalPaymentProvider("http://localhost:8000", wiring.stripe_webhook_secret(), deliver)
    app: Any = client.app
    app.dependency_overrides[wiring.payment_provider] = lambda: local
    try:
        checkout = client.post(
            "/billing/checkout", json={"plan": "plus"}, headers=tenant.admin.headers
        )
        local.pay(checkout.json()["url"].rsplit("/", 1)[-1])
    finally:
        app.dependency_overrides.pop(wiring.payment_provider)
    [paid] = _billing_events(tenant.company_id)
    assert parse_data(paid) == PaymentSucceeded(plan="Plus", amount="29.00 EUR")

    failure = {
        "id": f"evt_fail_{tenant.company_id}",
        "type": "invoice.payment_failed",
        "created": int(time.time()),
        "data": {
            "object": {
                "customer": f"cus_local_{tenant.company_id}",
                "amount_due": 2900,
                "currency": "eur",
            }
        },
    }
    body = json.dumps(failure).encode()
    secret = wiring.stripe_webhook_secret()
    for _ in range(2):  # Stripe re-sends: one email event
        response = client.post(
            WEBHOOK, content=body, headers={"Stripe-Signature": sign(body, secret)}
        )
        assert response.status_code == 200, response.text
    failed = [e for e in _billing_events(tenant.company_id) if e.type == "billing.payment_failed"]
    assert len(failed) == 1
    data = parse_data(failed[0])
    assert isinstance(data, PaymentFailed) and data.grace_until is not None

    for event_data in (parse_data(paid), data):
        handlers.notify({"Records": _deliver(platform, event_data, tenant.company_id)}, Context())
    kinds = sorted(m.kind for m in _mine(outbox, tenant.admin.email))
    assert kinds == ["payment_failed", "payment_succeeded"]
    [failed_mail] = [m for m in _mine(outbox, tenant.admin.email) if m.kind == "payment_failed"]
    assert "29.00 EUR" in failed_mail.text and "/app/billing" in failed_mail.text
    assert _mine(outbox, tenant.hr.email) == []  # admins only


def test_a_quota_warning_emails_the_admins_in_their_language(
    make_tenant: Callable[..., Tenant],
    platform: tuple[EmbeddedAws, LocalResources],
    outbox: LocalOutbox,
) -> None:
    tenant = make_tenant(PlanName.FREE)
    wiring.users().update(
        tenant.company_id, tenant.admin.id, lambda u: u.model_copy(update={"language": "de"})
    )
    warning = QuotaWarning(plan="Free", used=3, limit=3, percent=100, month="2026-12")
    handlers.notify({"Records": _deliver(platform, warning, tenant.company_id)}, Context())
    (sent,) = _mine(outbox, tenant.admin.email)
    assert (sent.kind, sent.language) == ("quota_warning", "de")
    assert "3" in sent.subject and "/app/billing" in sent.text
    assert _mine(outbox, tenant.hr.email) == []
