"""How many wrong sign-ins an account and an address may make before they must wait.

Per account: 5 failures within 15 minutes; per client address: 20 (one address trying many
accounts). Past the limit every attempt is refused with 429 until the lock ends, without asking
the identity provider (so a locked account cannot be probed), and each further failure doubles
the wait: 30 s, 1 min, 2 min... up to 15 minutes. A successful sign-in clears the account's
count; 15 minutes without a failure clear either count.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel

Scope = Literal["account", "address"]

WINDOW = timedelta(minutes=15)
LIMITS: dict[Scope, int] = {"account": 5, "address": 20}
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)


class Attempts(BaseModel):
    """The failures of one account or address in the current window."""

    failures: int = 0
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None
    # Locks in this window; the owner is emailed at the first (functions/accounts/sign_in.py).
    locks: int = 0


def current(attempts: Attempts, now: datetime) -> Attempts:
    """The count as it stands at `now`: a quiet window forgets the failures."""
    last = attempts.last_failure_at
    quiet = last is None or now - last >= WINDOW
    unlocked = attempts.locked_until is None or attempts.locked_until <= now
    return Attempts() if quiet and unlocked else attempts


def wait_seconds(attempts: Attempts, now: datetime) -> int | None:
    """Seconds left of a lock (Retry-After), or None when an attempt may go through."""
    until = current(attempts, now).locked_until
    if until is None or until <= now:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


def after_failure(attempts: Attempts, scope: Scope, now: datetime) -> Attempts:
    """One more failure; past the limit, a lock that doubles with every further failure."""
    counted = current(attempts, now)
    failures = counted.failures + 1
    over = failures - LIMITS[scope]
    if over < 0:
        return counted.model_copy(update={"failures": failures, "last_failure_at": now})
    wait = min(FIRST_WAIT * (2 ** min(over, 10)), LONGEST_WAIT)
    return Attempts(
        failures=failures, last_failure_at=now, locked_until=now + wait, locks=counted.locks + 1
    )
