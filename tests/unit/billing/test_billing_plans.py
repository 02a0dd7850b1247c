"""The plans, the calendar month an interview counts in, and which plan applies when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from functions.billing.domain import BillingAccount, Payment, Subscription, effective_plan
from functions.billing.plans import PLANS, PlanName, plan, quota_resets_at, usage_month
from functions.billing.quotas import warning_due
from functions.storage.repositories import UsageClaim, usage_update, used_in

NOW = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)


def test_the_three_plans_and_their_monthly_interviews() -> None:
    assert {p.name: p.monthly_interviews for p in PLANS.values()} == {
        PlanName.FREE: 3,
        PlanName.PLUS: 100,
        PlanName.PRO: None,
    }
    assert [p.paid for p in PLANS.values()] == [False, True, True]


@pytest.mark.parametrize(
    ("at", "month", "resets"),
    [
        (
            datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),
            "2026-12",
            datetime(2027, 1, 1, tzinfo=UTC),
        ),
        (datetime(2027, 1, 1, tzinfo=UTC), "2027-01", datetime(2027, 2, 1, tzinfo=UTC)),
        (datetime(2028, 2, 29, 12, tzinfo=UTC), "2028-02", datetime(2028, 3, 1, tzinfo=UTC)),
        # 00:30 on 1 March in UTC+2 is still February in UTC: the month is the UTC one.
        (
            datetime(2027, 3, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))),
            "2027-02",
            datetime(2027, 3, 1, tzinfo=UTC),
        ),
    ],
)
def test_the_calendar_month_is_utc(at: datetime, month: str, resets: datetime) -> None:
    assert usage_month(at) == month
    assert quota_resets_at(at) == resets


def test_a_company_without_an_account_is_on_free() -> None:
    assert effective_plan(None, NOW) == plan(PlanName.FREE)


def test_without_a_live_subscription_the_accounts_own_plan_applies() -> None:
    account = BillingAccount(company_id="c", plan=PlanName.PRO)
    assert effective_plan(account, NOW).name is PlanName.PRO
    ended = account.model_copy(
        update={"subscription": Subscription(id="sub", status="canceled", plan=PlanName.PLUS)}
    )
    assert effective_plan(ended, NOW).name is PlanName.PRO


def _subscribed(status: str, payment: Payment | None = None) -> BillingAccount:
    return BillingAccount(
        company_id="c",
        subscription=Subscription(id="sub", status=status, plan=PlanName.PLUS),
        payment=payment or Payment(),
    )


@pytest.mark.parametrize("status", ["active", "trialing", "past_due", "unpaid"])
def test_a_live_subscription_gives_its_plan(status: str) -> None:
    assert effective_plan(_subscribed(status), NOW).name is PlanName.PLUS


@pytest.mark.parametrize("status", ["incomplete", "incomplete_expired", "canceled", "paused"])
def test_a_subscription_that_is_not_live_gives_nothing(status: str) -> None:
    assert effective_plan(_subscribed(status), NOW).name is PlanName.FREE


def test_a_failed_payment_keeps_the_plan_until_the_grace_period_ends() -> None:
    failed = Payment(status="failed", failed_at=NOW, grace_until=NOW + timedelta(days=7))
    account = _subscribed("past_due", failed)
    assert effective_plan(account, NOW + timedelta(days=6)).name is PlanName.PLUS
    assert effective_plan(account, NOW + timedelta(days=7)).name is PlanName.FREE


def test_the_usage_condition_leaves_exactly_the_limit() -> None:
    """Three on Free: the claim passes while fewer than 3 are counted (or none is)."""
    _, actions, condition = usage_update(UsageClaim("c", "2026-12", 1, 3))
    assert condition is not None
    assert "attribute_not_exists" in str(condition) and "<=" in str(condition)
    assert len(actions) == 2
    _, _, unlimited = usage_update(UsageClaim("c", "2026-12", 1, None))
    assert unlimited is None


def test_a_claim_larger_than_the_whole_limit_needs_a_counter_that_cannot_exist() -> None:
    _, _, condition = usage_update(UsageClaim("c", "2026-12", 4, 3))
    assert "attribute_not_exists" not in str(condition)


def test_the_count_of_a_refused_counter() -> None:
    assert used_in({"pk": {"S": "COMPANY#c"}, "used": {"N": "3"}}) == 3
    assert used_in(None) == 0


@pytest.mark.parametrize(
    ("used", "limit", "due"),
    [
        (79, 100, None),
        (80, 100, (80, [80])),
        (99, 100, (80, [80])),
        (100, 100, (100, [100, 80])),
        (2, 3, None),  # 67 % of Free
        (3, 3, (100, [100, 80])),  # Free's third interview: one warning, not two
    ],
)
def test_the_warning_a_count_calls_for(used: int, limit: int, due: object) -> None:
    assert warning_due(used, limit) == due
