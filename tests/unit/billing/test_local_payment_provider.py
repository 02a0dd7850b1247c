"""The local stand-in for Stripe over real HTTP: what `make dev`'s checkout page sends to our
webhook endpoint is signed so that Stripe's own verification accepts it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from functions.billing.adapters.local import LocalPaymentProvider, post_to
from functions.billing.plans import PlanName
from functions.billing.signatures import SignatureRefused, verified_event
from functions.observability import metrics
from tests.fixtures.webhook_receiver import receiving

SECRET = "whsec_local_test"


@pytest.fixture(autouse=True)
def _no_metrics_left_behind() -> Iterator[None]:
    """A refused signature adds a metric; no other test should find it in its flush."""
    yield
    metrics.clear_metrics()


def _provider(url: str) -> LocalPaymentProvider:
    return LocalPaymentProvider("http://localhost:8000", SECRET, post_to(url))


def _checkout(provider: LocalPaymentProvider) -> str:
    url = provider.create_checkout_session(
        company_id="co1",
        customer_id=provider.create_customer(company_id="co1", name="Acme", email="a@x.test"),
        plan=PlanName.PLUS,
        price_id="price_local_plus",
        success_url="http://localhost:8000/app/billing?checkout=done",
        cancel_url="http://localhost:8000/app/billing?checkout=cancelled",
    )
    assert url.startswith("http://localhost:8000/local/checkout/cs_local_")
    return url.rsplit("/", 1)[-1]


def test_paying_posts_the_events_stripe_would_send_signed_for_stripes_verification() -> None:
    with receiving() as receiver:
        provider = _provider(receiver.url)
        back = provider.pay(_checkout(provider))
    assert back == "http://localhost:8000/app/billing?checkout=done"
    events = [
        verified_event(r.body, r.headers["Stripe-Signature"], SECRET) for r in receiver.requests
    ]
    assert [e["type"] for e in events] == [
        "customer.subscription.created",
        "checkout.session.completed",
        "invoice.paid",
    ]
    assert {e["data"]["object"]["customer"] for e in events} == {"cus_local_co1"}
    subscription = events[0]["data"]["object"]
    assert subscription["items"]["data"][0]["price"]["id"] == "price_local_plus"
    assert events[1]["data"]["object"]["metadata"] == {"company_id": "co1", "plan": "plus"}
    with pytest.raises(SignatureRefused):
        verified_event(
            receiver.requests[0].body,
            receiver.requests[0].headers["Stripe-Signature"],
            "whsec_other",
        )


def test_the_portal_cancels_and_fails_payments_with_signed_events() -> None:
    with receiving() as receiver:
        provider = _provider(receiver.url)
        provider.pay(_checkout(provider))
        provider.fail_payment("cus_local_co1")
        provider.cancel("cus_local_co1")
        with pytest.raises(LookupError):
            provider.cancel("cus_local_co1")
    types = [
        verified_event(r.body, r.headers["Stripe-Signature"], SECRET)["type"]
        for r in receiver.requests[3:]
    ]
    assert types == [
        "invoice.payment_failed",
        "customer.subscription.updated",
        "customer.subscription.deleted",
    ]


def test_an_endpoint_that_refuses_the_event_fails_the_payment_page() -> None:
    with receiving() as receiver:
        receiver.script.append((400, {}))
        provider = _provider(receiver.url)
        with pytest.raises(RuntimeError, match="HTTP 400"):
            provider.pay(_checkout(provider))
