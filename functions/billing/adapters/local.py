"""The local stand-in for Stripe (`make dev`, no network): checkout and the portal are pages of
the local platform (functions/local/checkout_page.py); "paying" builds the events Stripe would
send, signs them with the webhook signing secret and posts them to our own webhook endpoint,
so the same verification and event handling run as with Stripe."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from functions.billing.plans import PlanName
from functions.billing.signatures import sign

# Delivers one signed event: (body, Stripe-Signature header) -> the endpoint's HTTP status.
Deliver = Callable[[bytes, str], int]
PERIOD_SECONDS = 30 * 24 * 3600
# What the local stand-in pretends each plan costs a month (EUR cents): it shows in the emails.
LOCAL_PRICES = {PlanName.PLUS: 2900, PlanName.PRO: 9900}


@dataclass(frozen=True)
class LocalSession:
    id: str
    company_id: str
    customer_id: str
    plan: PlanName
    price_id: str
    success_url: str
    cancel_url: str


def post_to(url: str) -> Deliver:
    """Deliver by HTTP POST to `url` (our own webhook endpoint)."""

    def deliver(body: bytes, signature: str) -> int:
        request = urllib.request.Request(  # noqa: S310 - our own local endpoint
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as refused:
            return int(refused.code)

    return deliver


class LocalPaymentProvider:
    def __init__(self, base_url: str, webhook_secret: str, deliver: Deliver) -> None:
        self._base = base_url.rstrip("/")
        self._secret = webhook_secret
        self._deliver = deliver
        self._sessions: dict[str, LocalSession] = {}
        self._subscriptions: dict[str, dict[str, Any]] = {}  # customer -> subscription
        self._lock = threading.Lock()

    # The port -------------------------------------------------------------------------------

    def create_customer(self, *, company_id: str, name: str, email: str) -> str:
        return f"cus_local_{company_id}"

    def create_checkout_session(
        self,
        *,
        company_id: str,
        customer_id: str,
        plan: PlanName,
        price_id: str,
        success_url: str,
        cancel_url: str,
    ) -> str:
        session = LocalSession(
            f"cs_local_{secrets.token_hex(12)}",
            company_id,
            customer_id,
            plan,
            price_id,
            success_url,
            cancel_url,
        )
        with self._lock:
            self._sessions[session.id] = session
        return f"{self._base}/local/checkout/{session.id}"

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        return f"{self._base}/local/portal/{quote(customer_id)}?return_url={quote(return_url)}"

    # The local pages ------------------------------------------------------------------------

    def session(self, session_id: str) -> LocalSession | None:
        with self._lock:
            return self._sessions.get(session_id)

    def subscription(self, customer_id: str) -> Mapping[str, Any] | None:
        with self._lock:
            return self._subscriptions.get(customer_id)

    def pay(self, session_id: str) -> str:
        """What Stripe does when the buyer pays: the subscription starts, the checkout
        completes, the first invoice is paid; each event signed and delivered. Returns the
        success URL."""
        with self._lock:
            session = self._sessions.pop(session_id)
        now = int(time.time())
        subscription = {
            "id": f"sub_local_{secrets.token_hex(8)}",
            "object": "subscription",
            "customer": session.customer_id,
            "status": "active",
            "cancel_at_period_end": False,
            "metadata": {"company_id": session.company_id, "plan": session.plan.value},
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": f"si_local_{secrets.token_hex(6)}",
                        "price": {"id": session.price_id, "object": "price"},
                        "quantity": 1,
                        "current_period_start": now,
                        "current_period_end": now + PERIOD_SECONDS,
                    }
                ],
            },
        }
        with self._lock:
            self._subscriptions[session.customer_id] = subscription
        checkout = {
            "id": session.id,
            "object": "checkout.session",
            "mode": "subscription",
            "customer": session.customer_id,
            "client_reference_id": session.company_id,
            "subscription": subscription["id"],
            "payment_status": "paid",
            "status": "complete",
            "metadata": {"company_id": session.company_id, "plan": session.plan.value},
        }
        self._send("customer.subscription.created", subscription, now)
        self._send("checkout.session.completed", checkout, now)
        self._send("invoice.paid", self._invoice(subscription, "paid"), now)
        return session.success_url

    def cancel(self, customer_id: str) -> None:
        """The portal's cancel: the subscription ends now (customer.subscription.deleted)."""
        with self._lock:
            subscription = self._subscriptions.pop(customer_id, None)
        if subscription is None:
            raise LookupError(f"{customer_id} has no subscription")
        self._send("customer.subscription.deleted", {**subscription, "status": "canceled"})

    def fail_payment(self, customer_id: str) -> None:
        """A renewal whose card is declined: invoice.payment_failed, the subscription past due."""
        with self._lock:
            current = self._subscriptions.get(customer_id)
            if current is None:
                raise LookupError(f"{customer_id} has no subscription")
            subscription = {**current, "status": "past_due"}
            self._subscriptions[customer_id] = subscription
        now = int(time.time())
        self._send("invoice.payment_failed", self._invoice(subscription, "open"), now)
        self._send("customer.subscription.updated", subscription, now)

    def _invoice(self, subscription: Mapping[str, Any], status: str) -> dict[str, Any]:
        amount = LOCAL_PRICES[PlanName(subscription["metadata"]["plan"])]
        return {
            "id": f"in_local_{secrets.token_hex(8)}",
            "object": "invoice",
            "customer": subscription["customer"],
            "status": status,
            "currency": "eur",
            "amount_due": amount,
            "amount_paid": amount if status == "paid" else 0,
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"subscription": subscription["id"]},
            },
        }

    def _send(self, event_type: str, obj: Mapping[str, Any], created: int | None = None) -> None:
        event = {
            "id": f"evt_local_{secrets.token_hex(12)}",
            "object": "event",
            "type": event_type,
            "created": created or int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
        body = json.dumps(event).encode()
        status = self._deliver(body, sign(body, self._secret))
        if status >= 300:
            raise RuntimeError(f"our webhook endpoint refused {event_type}: HTTP {status}")
