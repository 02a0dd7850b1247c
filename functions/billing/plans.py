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


class UsageExhausted(Exception):
    """A claim that would pass its limit; `used` is the count stored when it was refused
    (raised by the storage's conditional counter; here so use cases catch it without
    importing the storage adapters)."""

    def __init__(self, used: int) -> None:
        super().__init__(f"usage limit reached: {used} used")
        self.used = used


@dataclass(frozen=True)
class UsageClaim:
    """Add `count` to the company's usage counter of `month` ('YYYY-MM'), only while the count
    stays within `limit` (None: no limit, still counted). Written in the same transaction as
    what it meters, so the check and the write are one: of 20 parallel writes with 2 left,
    exactly 2 succeed."""

    company_id: str
    month: str
    count: int = 1
    limit: int | None = None
