"""The plans, declared once. Pure: no I/O, no settings (their Stripe price ids come from
settings through `functions.wiring.plan_prices`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class PlanName(StrEnum):
    FREE = "free"
    PLUS = "plus"
    PRO = "pro"


@dataclass(frozen=True)
class Plan:
    name: PlanName
    title: str
    # Interviews a company may create per calendar month (UTC); None: unlimited.
    monthly_interviews: int | None
    # Whether it is bought through Stripe (the Free plan is not).
    paid: bool


PLANS: dict[PlanName, Plan] = {
    PlanName.FREE: Plan(PlanName.FREE, "Free", 3, paid=False),
    PlanName.PLUS: Plan(PlanName.PLUS, "Plus", 100, paid=True),
    PlanName.PRO: Plan(PlanName.PRO, "Pro", None, paid=True),
}


def plan(name: PlanName | str) -> Plan:
    return PLANS[PlanName(name)]


def usage_month(now: datetime) -> str:
    """The calendar month (UTC) an interview created at `now` counts in: 'YYYY-MM'."""
    return f"{now.astimezone(UTC):%Y-%m}"


def quota_resets_at(now: datetime) -> datetime:
    """The first instant of the next calendar month (UTC), when the count starts again."""
    at = now.astimezone(UTC)
    year, month = (at.year + 1, 1) if at.month == 12 else (at.year, at.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)
