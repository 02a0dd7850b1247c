"""Sign-in under limits: an account or a client address with too many recent failures waits
(429 with Retry-After) before the identity provider is asked again, and the account's owner
is emailed when their account is first locked (policy: functions/domain/sign_in_limits.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from functions.domain.clock import utcnow
from functions.domain.errors import Conflict, InvalidInput, TooManyRequests, Unauthenticated
from functions.domain.sign_in_limits import Attempts, Scope, after_failure, current, wait_seconds
from functions.observability import logger

if TYPE_CHECKING:
    from functions.storage.sign_in_attempts import SignInAttemptsRepository

T = TypeVar("T")


@dataclass(frozen=True)
class SignInLimits:
    attempts: SignInAttemptsRepository
    address: str | None  # the client's network address, when known
    on_lock: Callable[[str], None]  # told the email of an account locked for the first time
    now: Callable[[], datetime] = utcnow


def limited(limits: SignInLimits, email: str, attempt: Callable[[], T]) -> T:
    """`attempt()` unless the account or the address must wait; its failure is counted."""
    now = limits.now()
    subjects = _subjects(limits, email)
    read = {scope: limits.attempts.get(scope, value) for scope, value in subjects}
    for scope, (attempts, _) in read.items():
        wait = wait_seconds(attempts, now)
        if wait is not None:
            raise TooManyRequests(
                f"too many failed sign-ins {_from(scope)}; try again in {wait} seconds, or "
                "reset your password",
                retry_after_seconds=wait,
            )
    try:
        result = attempt()
    except (Unauthenticated, InvalidInput):
        for scope, value in subjects:
            _count_failure(limits, scope, value, email, now)
        raise
    _clear(limits, email, *read["account"], now)
    return result


def _subjects(limits: SignInLimits, email: str) -> list[tuple[Scope, str]]:
    subjects: list[tuple[Scope, str]] = [("account", email)]
    if limits.address:
        subjects.append(("address", limits.address))
    return subjects


def _from(scope: Scope) -> str:
    return "for this account" if scope == "account" else "from your network address"


def _count_failure(
    limits: SignInLimits, scope: Scope, value: str, email: str, now: datetime
) -> None:
    for _ in range(5):  # parallel failures: each counts once
        attempts, revision = limits.attempts.get(scope, value)
        counted = after_failure(attempts, scope, now)
        try:
            limits.attempts.save(scope, value, counted, revision, now)
        except Conflict:
            continue
        if scope == "account" and counted.locks == 1 and counted.locked_until is not None:
            try:
                limits.on_lock(email)
            except Exception:  # the lock holds whether or not the email went out
                logger.exception("sign-in lock: could not email the account's owner")
        return


def _clear(
    limits: SignInLimits, email: str, attempts: Attempts, revision: int | None, now: datetime
) -> None:
    """After a success, the account's count as read before the attempt starts again (a
    failure counted meanwhile changed the revision: it stands)."""
    if revision is None or current(attempts, now) == Attempts():
        return
    with suppress(Conflict):  # a failure counted meanwhile stands
        limits.attempts.save("account", email, Attempts(), revision, now)
