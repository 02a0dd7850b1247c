"""Billing as recruiters and Stripe see it: the billing page, upgrading through checkout,
the customer portal, and Stripe's events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

from functions.billing.domain import BillingAccount, effective_plan, in_arrears
from functions.billing.plans import PlanName, plan, quota_resets_at, usage_month
from functions.billing.ports import PaymentProvider
from functions.billing.subscriptions import HANDLED_TYPES, StripeEvent, Terms, apply_event
from functions.domain.companies import Company, User
from functions.domain.errors import Conflict, InvalidInput
from functions.events import producers
from functions.events.catalog import Event
from functions.metrics_catalog import PAYMENTS_FAILED
from functions.observability import logger, metrics

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository

Outcome = Literal["applied", "unchanged", "duplicate", "ignored"]


class BillingView(BaseModel):
    plan: PlanName
    plan_title: str
    usage: int
    limit: int | None
    resets_at: datetime
    own_plan: PlanName
    subscription_status: str | None
    renews_at: datetime | None
    cancel_at_period_end: bool
    payment_status: Literal["ok", "failed", "lapsed"]
    grace_until: datetime | None
    can_manage: bool


def _account(billing: BillingRepository, company_id: str) -> tuple[BillingAccount, int | None]:
    found = billing.account(company_id)
    return found if found else (BillingAccount(company_id=company_id), None)


def get_billing(billing: BillingRepository, company_id: str, now: datetime) -> BillingView:
    account, _ = _account(billing, company_id)
    current = effective_plan(account, now)
    subscription = account.subscription
    payment = account.payment.status
    return BillingView(
        plan=current.name,
        plan_title=current.title,
        usage=billing.used(company_id, usage_month(now)),
        limit=current.monthly_interviews,
        resets_at=quota_resets_at(now),
        own_plan=account.plan,
        subscription_status=subscription.status if subscription else None,
        renews_at=subscription.current_period_end if subscription else None,
        cancel_at_period_end=bool(subscription and subscription.cancel_at_period_end),
        payment_status="lapsed" if in_arrears(account, now) else payment,
        grace_until=account.payment.grace_until if payment == "failed" else None,
        can_manage=account.customer_id is not None,
    )


def start_checkout(
    billing: BillingRepository,
    provider: PaymentProvider,
    company: Company,
    admin: User,
    wanted: PlanName,
    prices: Mapping[PlanName, str],
    *,
    success_url: str,
    cancel_url: str,
    now: datetime,
) -> str:
    """The URL of a Stripe checkout for `wanted`; the plan changes when Stripe's events say
    it was paid. A company that already pays uses the portal to change or cancel."""
    if not plan(wanted).paid or wanted not in prices:
        raise InvalidInput(f"the {plan(wanted).title} plan is not bought; choose plus or pro")
    account, revision = _account(billing, company.id)
    subscription = account.subscription
    if subscription is not None and effective_plan(account, now).name is subscription.plan:
        raise Conflict(
            f"this company already subscribes to {plan(subscription.plan).title}; change or "
            "cancel it in the billing portal (createPortalSession)",
        )
    if account.customer_id is None:
        customer = provider.create_customer(
            company_id=company.id, name=company.name, email=admin.email
        )
        if revision is None:
            billing.open(account)
            revision = 0
        account = account.model_copy(update={"customer_id": customer})
        billing.link_customer(account, revision)
    assert account.customer_id is not None
    return provider.create_checkout_session(
        company_id=company.id,
        customer_id=account.customer_id,
        plan=wanted,
        price_id=prices[wanted],
        success_url=success_url,
        cancel_url=cancel_url,
    )


def open_portal(
    billing: BillingRepository, provider: PaymentProvider, company_id: str, return_url: str
) -> str:
    account, _ = _account(billing, company_id)
    if account.customer_id is None:
        raise Conflict("there is nothing to manage yet: upgrade first (createCheckoutSession)")
    return provider.create_portal_session(customer_id=account.customer_id, return_url=return_url)


def receive_stripe_event(
    billing: BillingRepository, payload: Mapping[str, Any], terms: Terms
) -> Outcome:
    """Apply a verified Stripe event to the company it concerns, once."""
    try:
        event = StripeEvent.of(payload)
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            "the body is not a Stripe event (id, type, created, data.object)"
        ) from None
    if event.type not in HANDLED_TYPES:
        return "ignored"
    company_id = _company(billing, event)
    if company_id is None:
        logger.warning("stripe event for no company", extra={"event": event.id, "type": event.type})
        return "ignored"

    def step(account: BillingAccount) -> tuple[BillingAccount, list[Event]]:
        changed = apply_event(account, event, terms)
        return changed, _payment_events(account, changed, event)

    outcome = billing.apply(company_id, event.id, event.created, step)
    if event.type == "invoice.payment_failed" and outcome != "duplicate":
        metrics.add_metric(name=PAYMENTS_FAILED, unit=MetricUnit.Count, value=1)
    return outcome


def _payment_events(
    before: BillingAccount, after: BillingAccount, event: StripeEvent
) -> list[Event]:
    """The payment emails an invoice event causes (none when it was stale)."""
    if after.payment == before.payment or event.type not in _INVOICE_AMOUNT:
        return []
    title = plan(after.subscription.plan if after.subscription else after.plan).title
    amount = _amount(event.object, _INVOICE_AMOUNT[event.type])
    if event.type == "invoice.paid":
        return [producers.payment_succeeded(after.company_id, title, amount)]
    grace_until = after.payment.grace_until
    return [producers.payment_failed(after.company_id, title, amount, grace_until)]


_INVOICE_AMOUNT = {"invoice.paid": "amount_paid", "invoice.payment_failed": "amount_due"}


def _amount(invoice: Mapping[str, Any], field: str) -> str:
    """Stripe's amount in the currency's minor unit, as "29.00 EUR" ("" when not given)."""
    cents, currency = invoice.get(field), invoice.get("currency")
    if not isinstance(cents, int) or not currency:
        return ""
    return f"{cents / 100:.2f} {str(currency).upper()}"


def _company(billing: BillingRepository, event: StripeEvent) -> str | None:
    """Through the customer's claim (written when we created the customer); never from the
    event's metadata alone, which anyone with the dashboard could set."""
    customer = event.customer_id
    return billing.company_of_customer(customer) if customer else None
