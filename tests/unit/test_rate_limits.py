"""The request buckets (issue 17): a token bucket takes one request, refills at its rate, and
says when to retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from functions.domain.rate_limits import Bucket, Policy, take

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
POLICY = Policy(capacity=3, per_second=0.5)


def test_a_bucket_lets_its_capacity_through_at_once_then_refuses() -> None:
    bucket, decisions = None, []
    for _ in range(4):
        bucket, decision = take(bucket, POLICY, T0)
        decisions.append(decision)
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].retry_after_seconds == 2  # one token at 0.5 a second
    assert decisions[-1].reset_seconds == 6  # three tokens
    assert decisions[0].retry_after_seconds is None and decisions[0].limit == 3


def test_a_bucket_refills_at_its_rate_up_to_its_capacity() -> None:
    empty = Bucket(tokens=0.0, updated_at=T0)
    _, early = take(empty, POLICY, T0 + timedelta(seconds=1))
    assert not early.allowed and early.retry_after_seconds == 1
    _, later = take(empty, POLICY, T0 + timedelta(seconds=2))
    assert later.allowed and later.remaining == 0
    full, _ = take(empty, POLICY, T0 + timedelta(hours=1))
    assert full.tokens == 2.0  # capped at the capacity, then one taken
    # A clock that steps back refills nothing.
    _, back = take(empty, POLICY, T0 - timedelta(seconds=30))
    assert not back.allowed
