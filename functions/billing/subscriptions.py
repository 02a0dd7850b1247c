"""Stripe's events applied to a billing account. Pure and order-independent: each state
remembers the `created` second of the event it came from, and an older event changes nothing,
so duplicated, retried and reordered deliveries end in the same account."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from functions.billing.domain import LIVE_STATUSES, BillingAccount, Payment, Subscription
from functions.billing.plans import PLANS, PlanName

# Ties (two events in one second): the state further along wins, whatever order they came in.
_STATUS_RANK = {
    "incomplete": 0,
    "active": 1,
    "trialing": 1,
    "paused": 1,
    "past_due": 2,
    "unpaid": 2,
    "canceled": 3,
    "incomplete_expired": 3,
}
HANDLED_TYPES = frozenset(
    {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_failed",
    }
)


@dataclass(frozen=True)
class StripeEvent:
    id: str
    type: str
    created: int
    object: Mapping[str, Any]

    @classmethod
    def of(cls, payload: Mapping[str, Any]) -> StripeEvent:
        return cls(
            id=str(payload["id"]),
            type=str(payload["type"]),
            created=int(payload["created"]),
            object=payload["data"]["object"],
        )

    @property
    def customer_id(self) -> str | None:
        customer = self.object.get("customer")
        if isinstance(customer, Mapping):
            customer = customer.get("id")
        return str(customer) if customer else None


@dataclass(frozen=True)
class Terms:
    """What the events are read with: our price ids, and the grace after a failed payment."""

    plans_by_price: Mapping[str, PlanName]
    grace: timedelta


Change = Callable[[BillingAccount, StripeEvent, Terms], BillingAccount | None]


def apply_event(account: BillingAccount, event: StripeEvent, terms: Terms) -> BillingAccount:
    """The account after `event` (the same account when the event is stale or not ours)."""
    change = _CHANGES.get(event.type)
    changed = change(account, event, terms) if change else None
    return changed if changed is not None else account


def _instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _replaces(current: Subscription | None, new: Subscription) -> bool:
    if current is None:
        return True
    if current.id != new.id and current.status in LIVE_STATUSES and new.status not in LIVE_STATUSES:
        return False  # an earlier subscription ending does not end the one that replaced it
    if new.as_of != current.as_of:
        return new.as_of > current.as_of
    return _STATUS_RANK.get(new.status, 1) >= _STATUS_RANK.get(current.status, 1)


def _with_subscription(
    account: BillingAccount, new: Subscription, event: StripeEvent, terms: Terms
) -> BillingAccount | None:
    if not _replaces(account.subscription, new):
        return None
    update: dict[str, Any] = {"subscription": new}
    if account.customer_id is None and event.customer_id:
        update["customer_id"] = event.customer_id
    payment = account.payment
    if (
        new.status in {"past_due", "unpaid"}
        and payment.status == "ok"
        and event.created >= payment.as_of
    ):
        # Stripe says a payment failed before its invoice event came: the grace starts now.
        update["payment"] = _failed(account.payment, event, terms)
    return account.model_copy(update=update)


def _checkout_completed(
    account: BillingAccount, event: StripeEvent, terms: Terms
) -> BillingAccount | None:
    session = event.object
    subscription_id = session.get("subscription")
    plan = str((session.get("metadata") or {}).get("plan"))
    paid = session.get("payment_status") in {"paid", "no_payment_required"}
    if session.get("mode") != "subscription" or not subscription_id or not paid:
        return None
    if plan not in {p.name.value for p in PLANS.values() if p.paid}:
        return None
    state = Subscription(
        id=str(subscription_id), status="active", plan=PlanName(plan), as_of=event.created
    )
    return _with_subscription(account, state, event, terms)


def _first_item(subscription: Mapping[str, Any]) -> Mapping[str, Any]:
    items = (subscription.get("items") or {}).get("data") or [{}]
    first: Mapping[str, Any] = items[0]
    return first


def _subscription_changed(
    account: BillingAccount, event: StripeEvent, terms: Terms
) -> BillingAccount | None:
    subscription = event.object
    item = _first_item(subscription)
    price = (item.get("price") or {}).get("id")
    plan = terms.plans_by_price.get(str(price))
    if plan is None:
        return None  # a price that is none of our plans
    # API versions from 2025 keep the period on the item; earlier ones on the subscription.
    period_end = item.get("current_period_end") or subscription.get("current_period_end")
    state = Subscription(
        id=str(subscription["id"]),
        status="canceled" if event.type.endswith(".deleted") else str(subscription["status"]),
        plan=plan,
        current_period_end=_instant(int(period_end)) if period_end else None,
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
        as_of=event.created,
    )
    return _with_subscription(account, state, event, terms)


def _failed(payment: Payment, event: StripeEvent, terms: Terms) -> Payment:
    failed_at = payment.failed_at if payment.status == "failed" else None
    failed_at = failed_at or _instant(event.created)
    return Payment(
        status="failed",
        failed_at=failed_at,
        grace_until=failed_at + terms.grace,
        as_of=max(payment.as_of, event.created),
    )


def _invoice_paid(account: BillingAccount, event: StripeEvent, terms: Terms) -> BillingAccount:
    payment = account.payment
    if event.created < payment.as_of or (
        event.created == payment.as_of and payment.status == "failed"
    ):
        return account  # older news, or a failure in the same second (a tie goes to the failure)
    return account.model_copy(update={"payment": Payment(as_of=event.created)})


def _payment_failed(account: BillingAccount, event: StripeEvent, terms: Terms) -> BillingAccount:
    if event.created < account.payment.as_of:
        return account
    return account.model_copy(update={"payment": _failed(account.payment, event, terms)})


_CHANGES: dict[str, Change] = {
    "checkout.session.completed": _checkout_completed,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _payment_failed,
}
