"""Metering interviews against the plan: the claim a metered write carries, and the 402 a
refused one becomes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from functions.billing.domain import effective_plan
from functions.billing.plans import Plan, UsageClaim, quota_resets_at, usage_month
from functions.domain.errors import QuotaExceeded
from functions.events import producers
from functions.observability import logger

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository

Percent = Literal[80, 100]
WARN_AT: tuple[Percent, ...] = (100, 80)


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


def warning_due(used: int, limit: int) -> tuple[Percent, list[Percent]] | None:
    """The warning a count calls for: the highest share of the limit reached, and the shares it
    covers (reaching 100 % at once, as Free's third interview does, warns once, not twice)."""
    for percent in WARN_AT:
        if used * 100 >= limit * percent:
            return percent, [p for p in WARN_AT if p <= percent]
    return None


def warn_of_usage(billing: BillingRepository, claim: UsageClaim, plan: Plan) -> None:
    """After a metered write: the 80 % / 100 % warning, once per month each (a marker written
    with the event, conditional on not existing). Best effort: the interviews exist already, so
    a failure here is logged, not turned into an error the caller would retry."""
    if claim.limit is None:
        return
    try:
        used = billing.used(claim.company_id, claim.month)
        due = warning_due(used, claim.limit)
        if due is None:
            return
        percent, covers = due
        event = producers.quota_warning(
            claim.company_id, plan.title, used, claim.limit, percent, claim.month
        )
        billing.warn_once(claim.company_id, claim.month, percent, covers, event)
    except Exception:
        logger.exception("quota warning not written", extra={"company_id": claim.company_id})
