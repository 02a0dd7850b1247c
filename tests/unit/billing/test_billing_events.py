"""Stripe's events on a billing account: every order of the same events ends in the same
account, a stale event changes nothing, a failed payment has its grace period."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.billing.domain import BillingAccount, effective_plan
from functions.billing.plans import PlanName
from functions.billing.subscriptions import StripeEvent, Terms, apply_event

T0 = 1_790_000_000
TERMS = Terms(
    plans_by_price={"price_plus": PlanName.PLUS, "price_pro": PlanName.PRO},
    grace=timedelta(days=7),
)


def _event(kind: str, obj: dict[str, Any], created: int) -> StripeEvent:
    return StripeEvent.of(
        {"id": f"evt_{kind}_{created}", "type": kind, "created": created, "data": {"object": obj}}
    )


def _subscription(
    status: str, price: str = "price_plus", sub: str = "sub_1", **more: Any
) -> dict[str, Any]:
    item = {"price": {"id": price}, "current_period_end": T0 + 30 * 86400}
    return {"id": sub, "customer": "cus_1", "status": status, "items": {"data": [item]}, **more}


def _run(events: list[StripeEvent]) -> BillingAccount:
    account = BillingAccount(company_id="c")
    for event in events:
        account = apply_event(account, event, TERMS)
    return account


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


LIFE = [
    _event("customer.subscription.created", _subscription("incomplete"), T0),
    _event(
        "checkout.session.completed",
        {
            "mode": "subscription",
            "customer": "cus_1",
            "subscription": "sub_1",
            "payment_status": "paid",
            "metadata": {"plan": "plus"},
        },
        T0,
    ),
    _event("customer.subscription.updated", _subscription("active"), T0 + 1),
    _event("customer.subscription.updated", _subscription("active", "price_pro"), T0 + 50),
    _event("invoice.paid", {"customer": "cus_1"}, T0 + 2),
]


def test_every_order_of_the_same_events_ends_in_the_same_account() -> None:
    ends = {_run(list(order)).model_dump_json() for order in itertools.permutations(LIFE)}
    assert len(ends) == 1
    account = _run(LIFE)
    assert account.subscription is not None
    assert (account.subscription.plan, account.subscription.status) == (PlanName.PRO, "active")
    assert account.customer_id == "cus_1"
    assert effective_plan(account, _at(T0 + 60)).name is PlanName.PRO


def test_a_stale_update_changes_nothing() -> None:
    newer = _event("customer.subscription.updated", _subscription("active", "price_pro"), T0 + 10)
    older = _event("customer.subscription.deleted", _subscription("canceled"), T0 + 5)
    account = _run([newer])
    assert apply_event(account, older, TERMS) == account


def test_deleted_ends_the_plan() -> None:
    account = _run(
        [
            _event("customer.subscription.created", _subscription("active"), T0),
            _event("customer.subscription.deleted", _subscription("canceled"), T0 + 5),
        ]
    )
    assert effective_plan(account, _at(T0 + 6)).name is PlanName.FREE


def test_an_old_subscription_ending_does_not_end_its_replacement() -> None:
    account = _run(
        [
            _event("customer.subscription.created", _subscription("active", sub="sub_2"), T0),
            _event("customer.subscription.deleted", _subscription("canceled", sub="sub_1"), T0 + 9),
        ]
    )
    assert effective_plan(account, _at(T0 + 10)).name is PlanName.PLUS


def test_a_price_that_is_none_of_our_plans_is_ignored() -> None:
    event = _event("customer.subscription.created", _subscription("active", "price_other"), T0)
    assert _run([event]) == BillingAccount(company_id="c")


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_failed_payment_keeps_the_plan_for_the_grace_period(order: tuple[int, ...]) -> None:
    events = [
        _event("customer.subscription.created", _subscription("active"), T0),
        _event("invoice.payment_failed", {"customer": "cus_1"}, T0 + 100),
        _event("customer.subscription.updated", _subscription("past_due"), T0 + 101),
    ]
    account = _run([events[i] for i in order])
    assert account.payment.status == "failed"
    failed_at = account.payment.failed_at
    assert failed_at is not None and failed_at <= _at(T0 + 101)
    assert effective_plan(account, failed_at + timedelta(days=6)).name is PlanName.PLUS
    assert effective_plan(account, failed_at + timedelta(days=7)).name is PlanName.FREE


def test_paid_after_failing_restores_and_a_late_failure_does_not_undo_it() -> None:
    failed = _event("invoice.payment_failed", {"customer": "cus_1"}, T0 + 100)
    paid = _event("invoice.paid", {"customer": "cus_1"}, T0 + 200)
    base = [_event("customer.subscription.created", _subscription("active"), T0)]
    for order in ([failed, paid], [paid, failed]):
        account = _run(base + order)
        assert account.payment.status == "ok"
        assert effective_plan(account, _at(T0 + 30 * 86400)).name is PlanName.PLUS


def test_an_unpaid_checkout_does_not_start_a_plan() -> None:
    unpaid = {
        "mode": "subscription",
        "customer": "cus_1",
        "subscription": "sub_1",
        "payment_status": "unpaid",
        "metadata": {"plan": "plus"},
    }
    assert _run([_event("checkout.session.completed", unpaid, T0)]).subscription is None


@pytest.mark.parametrize(
    "news",
    [
        _event("invoice.payment_failed", {"customer": "cus_1"}, T0 + 100),
        _event("customer.subscription.updated", _subscription("past_due"), T0 + 100),
        _event("customer.subscription.updated", _subscription("past_due"), T0 + 50),
    ],
    ids=["invoice.payment_failed", "subscription past_due", "older subscription past_due"],
)
def test_a_failure_and_a_payment_end_the_same_in_either_order(news: StripeEvent) -> None:
    """Stripe's `created` is whole seconds: a failed attempt and a paid invoice can share one.
    A tie goes to the failure whatever order the two arrive in (the state further along, as for
    subscriptions: past_due after active), and a past_due older than the payment, arriving
    late, does not start a grace period."""
    paid = _event("invoice.paid", {"customer": "cus_1"}, T0 + 100)
    base = [_event("customer.subscription.created", _subscription("active"), T0)]
    ends = {_run(base + order).model_dump_json() for order in ([news, paid], [paid, news])}
    assert len(ends) == 1
    tie = news.created == paid.created
    assert _run([*base, paid, news]).payment.status == ("failed" if tie else "ok")
