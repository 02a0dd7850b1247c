"""A company's billing account: its plan, and what Stripe last told us about its subscription
and payments. Pure rules; the Stripe events that change it are in `subscriptions.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.billing.plans import Plan, PlanName, plan

# Stripe subscription statuses under which the subscription's plan applies (past_due and unpaid
# only until the grace period after a failed payment ends).
LIVE_STATUSES = frozenset({"active", "trialing", "past_due", "unpaid"})


class Subscription(BaseModel):
    id: str
    status: str = Field(max_length=40, description="Stripe's subscription status")
    plan: PlanName
    current_period_end: datetime | None = None
    cancel_at_period_end: bool = False
    # The Stripe event `created` (seconds) this state comes from: an older event changes nothing.
    as_of: int = 0


class Payment(BaseModel):
    status: Literal["ok", "failed"] = "ok"
    failed_at: datetime | None = None  # the first failure of the current run of failures
    grace_until: datetime | None = None  # the subscription's plan holds until then
    as_of: int = 0  # the Stripe event `created` of the last invoice event applied


class BillingAccount(BaseModel):
    company_id: str
    # The plan without a live subscription: Free for every sign-up; a seeded company (the
    # `make dev` demo, test tenants) may be given another. A subscription's plan replaces it
    # while the subscription is live.
    plan: PlanName = PlanName.FREE
    customer_id: str | None = None
    subscription: Subscription | None = None
    payment: Payment = Field(default_factory=Payment)


def effective_plan(account: BillingAccount | None, now: datetime) -> Plan:
    """The plan that applies at `now`. No account (a company from before billing): Free."""
    if account is None:
        return plan(PlanName.FREE)
    subscription = account.subscription
    if subscription is None or subscription.status not in LIVE_STATUSES:
        return plan(account.plan)
    if in_arrears(account, now):
        return plan(account.plan)
    return plan(subscription.plan)


def in_arrears(account: BillingAccount, now: datetime) -> bool:
    """A payment failed and its grace period is over."""
    grace_until = account.payment.grace_until
    return account.payment.status == "failed" and grace_until is not None and now >= grace_until
