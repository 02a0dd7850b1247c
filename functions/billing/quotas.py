"""Metering interviews against the plan: the claim a metered write carries, and the 402 a
refused one becomes."""

from __future__ import annotations

from datetime import datetime

from functions.billing.domain import effective_plan
from functions.billing.plans import Plan, quota_resets_at, usage_month
from functions.billing.store import BillingRepository
from functions.domain.errors import QuotaExceeded
from functions.storage.repositories import UsageClaim


def interview_claim(
    billing: BillingRepository, company_id: str, now: datetime, count: int = 1
) -> tuple[UsageClaim, Plan]:
    """The claim for `count` new interviews this month, with the plan whose limit it carries
    (read just before the write: a plan changed at that very moment applies from the next)."""
    found = billing.account(company_id)
    plan = effective_plan(found[0] if found else None, now)
    claim = UsageClaim(company_id, usage_month(now), count, plan.monthly_interviews)
    return claim, plan


def quota_exceeded(
    plan: Plan, used: int, requested: int, now: datetime, upgrade_url: str
) -> QuotaExceeded:
    limit = plan.monthly_interviews or 0
    resets_at = quota_resets_at(now)
    left = max(0, limit - used)
    asked = "this interview" if requested == 1 else f"these {requested} interviews"
    return QuotaExceeded(
        f"the {plan.title} plan includes {limit} interviews a month; {used} are used this month "
        f"and {left} left, too few for {asked}. The count starts again on "
        f"{resets_at:%Y-%m-%d}; upgrade at {upgrade_url} for more",
        plan=plan.name.value,
        usage=used,
        limit=limit,
        requested=requested,
        resets_at=resets_at.isoformat(),
        upgrade_url=upgrade_url,
    )
