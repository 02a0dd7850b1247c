"""Charging a request to its subject's bucket (policy: functions/domain/rate_limits.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from functions.domain.clock import utcnow
from functions.domain.errors import Conflict, TooManyRequests
from functions.domain.rate_limits import POLICIES, Decision, Subject, take
from functions.observability import logger

if TYPE_CHECKING:
    from functions.storage.rate_limits import RateLimitRepository


def headers(decision: Decision) -> dict[str, str]:
    """The RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers) for a decision."""
    return {
        "RateLimit-Limit": str(decision.limit),
        "RateLimit-Remaining": str(decision.remaining),
        "RateLimit-Reset": str(decision.reset_seconds),
    }


def charge(
    buckets: RateLimitRepository,
    subject: Subject,
    subject_id: str,
    now: Callable[[], datetime] = utcnow,
) -> Decision | None:
    """Take one request from the subject's bucket: the decision, TooManyRequests when it is
    empty, or None when parallel requests kept the bucket busy (let through: the limit is a
    guard against scripts, and a script's requests would meet an empty bucket soon enough)."""
    policy = POLICIES[subject]
    for _ in range(3):
        bucket, revision = buckets.get(subject, subject_id)
        after, decision = take(bucket, policy, now())
        if not decision.allowed:
            assert decision.retry_after_seconds is not None
            raise TooManyRequests(
                f"too many requests; slow down and retry in {decision.retry_after_seconds} "
                f"seconds (at most {policy.capacity} at once, {policy.per_second:g} a second)",
                retry_after_seconds=decision.retry_after_seconds,
                headers=headers(decision),
            )
        try:
            buckets.save(subject, subject_id, after, revision)
        except Conflict:
            continue
        return decision
    logger.info("rate limit: bucket busy; request let through", extra={"subject": subject})
    return None
