"""The payment provider, behind one port: Stripe in the cloud, a local stand-in for `make dev`
that "pays" on a page of its own and sends us correctly signed Stripe events."""

from __future__ import annotations

from typing import Protocol

from functions.billing.plans import PlanName


class PaymentProvider(Protocol):
    def create_customer(self, *, company_id: str, name: str, email: str) -> str:
        """A customer for the company (idempotent per company); its id."""
        ...

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
        """A subscription checkout for one unit of `price_id`; the URL to send the buyer to."""
        ...

    def create_portal_session(self, *, customer_id: str, return_url: str) -> str:
        """The customer portal (card, invoices, cancel); its URL."""
        ...
