"""Plans, usage and payment: the billing page, checkout and portal (admins), and Stripe's
webhook (public: its signature is the credential)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from functions import wiring
from functions.api.deps import Admin, AppSettings, Billing, Companies, Manager
from functions.api.problems import Problem
from functions.api.schemas.billing import (
    BillingPublic,
    CheckoutRequest,
    PlanPublic,
    RedirectPublic,
    StripeEventReceived,
)
from functions.billing import use_cases
from functions.billing.plans import PLANS
from functions.billing.ports import PaymentProvider
from functions.billing.signatures import verified_event
from functions.domain.clock import utcnow
from functions.domain.errors import NotFound

router = APIRouter(prefix="/billing", tags=["billing"])
_PROVIDER_FAILED: dict[int | str, dict[str, Any]] = {
    502: {"model": Problem, "description": "Stripe refused the request or did not answer"}
}
Provider = Annotated[PaymentProvider, Depends(wiring.payment_provider)]


@router.get("", operation_id="getBilling", response_model=BillingPublic)
def get_billing(user: Manager, billing: Billing) -> BillingPublic:
    """The plan that applies, this month's usage against its limit, renewal and payment state."""
    view = use_cases.get_billing(billing, user.company_id, utcnow())
    plans = [
        PlanPublic(name=p.name, title=p.title, monthly_interviews=p.monthly_interviews)
        for p in PLANS.values()
    ]
    return BillingPublic(**view.model_dump(), plans=plans)


@router.post(
    "/checkout",
    operation_id="createCheckoutSession",
    response_model=RedirectPublic,
    responses={**_PROVIDER_FAILED, 409: {"model": Problem}},
)
def create_checkout_session(
    body: CheckoutRequest,
    admin: Admin,
    billing: Billing,
    companies: Companies,
    provider: Provider,
    settings: AppSettings,
) -> RedirectPublic:
    """A Stripe checkout for the plan; the plan changes once Stripe confirms the payment."""
    company = companies.get(admin.company_id)
    if company is None:
        raise NotFound("company not found")
    page = settings.billing_page_url
    url = use_cases.start_checkout(
        billing,
        provider,
        company,
        admin,
        body.plan,
        wiring.plan_prices(),
        success_url=f"{page}?checkout=done",
        cancel_url=f"{page}?checkout=cancelled",
        now=utcnow(),
    )
    return RedirectPublic(url=url)


@router.post(
    "/portal",
    operation_id="createPortalSession",
    response_model=RedirectPublic,
    responses={**_PROVIDER_FAILED, 409: {"model": Problem}},
)
def create_portal_session(
    admin: Admin, billing: Billing, provider: Provider, settings: AppSettings
) -> RedirectPublic:
    """Stripe's customer portal: card, invoices, change or cancel the subscription."""
    url = use_cases.open_portal(billing, provider, admin.company_id, settings.billing_page_url)
    return RedirectPublic(url=url)


_STRIPE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A Stripe event, exactly as Stripe sent it (the signature covers the bytes)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/stripe/webhook",
    operation_id="receiveStripeEvent",
    response_model=StripeEventReceived,
    openapi_extra=_STRIPE_BODY,
    responses={400: {"model": Problem, "description": "The signature does not sign the body"}},
)
async def receive_stripe_event(
    request: Request,
    stripe_signature: Annotated[str | None, Header(max_length=2048)] = None,
) -> StripeEventReceived:
    """Stripe's events (checkout completed, subscription created/updated/deleted, invoice paid
    or failed), verified against the signing secret; each applied once, in any order."""
    payload = await request.body()
    outcome = await run_in_threadpool(_receive, payload, stripe_signature)
    return StripeEventReceived(outcome=outcome)


def _receive(payload: bytes, signature: str | None) -> use_cases.Outcome:
    event = verified_event(payload, signature, wiring.stripe_webhook_secret())
    return use_cases.receive_stripe_event(wiring.billing(), event, wiring.billing_terms())
