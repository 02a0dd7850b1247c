from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.billing.plans import PlanName


class BillingPublic(BaseModel):
    plan: PlanName = Field(description="The plan that applies now")
    plan_title: str
    usage: int = Field(description="Interviews created this calendar month (UTC)")
    limit: int | None = Field(description="Interviews the plan allows a month; null: unlimited")
    resets_at: datetime = Field(description="When the month's count starts again")
    own_plan: PlanName = Field(description="The company's plan without a subscription")
    subscription_status: str | None = Field(description="Stripe's status of the subscription")
    renews_at: datetime | None
    cancel_at_period_end: bool
    payment_status: Literal["ok", "failed", "lapsed"] = Field(
        description="failed: the plan holds until grace_until; lapsed: the grace period is over"
    )
    grace_until: datetime | None
    can_manage: bool = Field(description="Whether there is a billing portal to open")
    plans: list[PlanPublic]


class PlanPublic(BaseModel):
    name: PlanName
    title: str
    monthly_interviews: int | None


class CheckoutRequest(BaseModel):
    plan: Literal[PlanName.PLUS, PlanName.PRO]


class RedirectPublic(BaseModel):
    url: str = Field(description="Send the browser here")


class StripeEventReceived(BaseModel):
    received: bool = True
    outcome: Literal["applied", "unchanged", "duplicate", "ignored"]


BillingPublic.model_rebuild()
