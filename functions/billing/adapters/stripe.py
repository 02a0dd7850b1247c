"""Stripe behind the payment port, through the official library's client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from functions.billing.plans import PlanName
from functions.domain.errors import DomainError

if TYPE_CHECKING:
    import stripe

# The API version the request and response bodies were written against (tests/fixtures/stripe).
API_VERSION = "2025-03-31.basil"


def stripe_client(api_key: str, http_client: Any = None) -> stripe.StripeClient:
    import stripe

    return stripe.StripeClient(
        api_key,
        stripe_version=API_VERSION,
        max_network_retries=2,
        http_client=http_client,
    )


class PaymentProviderFailed(DomainError):
    status = 502
    slug = "payment-provider"
    title = "The payment provider refused or did not answer"


@contextmanager
def _stripe_errors() -> Iterator[None]:
    """Stripe's refusals and outages as one 502 problem with Stripe's own message."""
    import stripe

    try:
        yield
    except stripe.StripeError as error:
        message = error.user_message or str(error) or type(error).__name__
        raise PaymentProviderFailed(f"Stripe: {message}") from None


class StripePaymentProvider:
    def __init__(self, client: stripe.StripeClient) -> None:
        self._client = client

    def create_customer(self, *, company_id: str, name: str, email: str) -> str:
        with _stripe_errors():
            customer = self._client.v1.customers.create(
                params={"name": name, "email": email, "metadata": {"company_id": company_id}},
                # One customer per company even when two admins upgrade at once (Stripe keeps
                # an idempotency key 24 hours; after that the account names its customer).
                options={"idempotency_key": f"customer-{company_id}"},
            )
        return str(customer.id)

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
        metadata = {"company_id": company_id, "plan": plan.value}
        with _stripe_errors():
            session = self._client.v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": customer_id,
                    "client_reference_id": company_id,
                    "line_items": [{"price": price_id, "quantity": 1}],
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                    "metadata": metadata,
                    "subscription_data": {"metadata": metadata},
                }
            )
        return str(session.url)

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        with _stripe_errors():
            session = self._client.v1.billing_portal.sessions.create(
                params={"customer": customer_id, "return_url": return_url}
            )
        return str(session.url)
