"""Request rate limits: a token bucket per signed-in user, per company API key and per
candidate invitation (issue 17). A bucket holds `capacity` requests and refills `per_second`;
a request takes one token or is refused (429) until one has refilled.

The capacities leave any person's use of the web app (a few requests a second at most) far
below the limit and stop a script that hammers the API: a user 600 at once and 10 a second,
an API key 300 and 5 a second (imports come in bulk), a candidate 120 and 2 a second, a
hiring manager's share link 120 and 2 a second.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

Subject = Literal["user", "api_key", "candidate", "share_link"]


class Policy(BaseModel):
    capacity: int
    per_second: float


POLICIES: dict[Subject, Policy] = {
    "user": Policy(capacity=600, per_second=10),
    "api_key": Policy(capacity=300, per_second=5),
    "candidate": Policy(capacity=120, per_second=2),
    # A hiring manager reading a shared interview (issue 12): a page load and its refreshes.
    "share_link": Policy(capacity=120, per_second=2),
}


class Bucket(BaseModel):
    tokens: float
    updated_at: datetime


class Decision(BaseModel):
    allowed: bool
    limit: int
    remaining: int  # whole requests left now
    reset_seconds: int  # until the bucket is full again
    retry_after_seconds: int | None  # refused: until one token has refilled


def take(bucket: Bucket | None, policy: Policy, now: datetime) -> tuple[Bucket, Decision]:
    """One request against `bucket` (None: a full one); the bucket after, and the verdict."""
    tokens = float(policy.capacity)
    if bucket is not None:
        elapsed = max((now - bucket.updated_at).total_seconds(), 0.0)
        tokens = min(float(policy.capacity), bucket.tokens + elapsed * policy.per_second)
    allowed = tokens >= 1.0
    if allowed:
        tokens -= 1.0
    missing = policy.capacity - tokens
    decision = Decision(
        allowed=allowed,
        limit=policy.capacity,
        remaining=int(tokens),
        reset_seconds=math.ceil(missing / policy.per_second),
        retry_after_seconds=None
        if allowed
        else max(1, math.ceil((1.0 - tokens) / policy.per_second)),
    )
    return Bucket(tokens=tokens, updated_at=now), decision
