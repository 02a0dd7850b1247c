"""The sign-in limits (issue 17): 5 failures per account or 20 per address within 15 minutes
lock further attempts, for 30 s doubling with each further failure, at most 15 minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from functions.domain.sign_in_limits import Attempts, after_failure, current, wait_seconds

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _fail(times: int, scope: str = "account", every: timedelta = timedelta(seconds=1)) -> Attempts:
    attempts = Attempts()
    for n in range(times):
        attempts = after_failure(attempts, scope, T0 + n * every)  # type: ignore[arg-type]
    return attempts


def test_an_account_is_locked_at_its_fifth_failure_and_each_further_one_doubles_the_wait() -> None:
    assert wait_seconds(_fail(4), T0 + timedelta(seconds=4)) is None
    fifth = _fail(5)
    assert fifth.locks == 1
    assert wait_seconds(fifth, T0 + timedelta(seconds=4)) == 30
    waits = []
    attempts = fifth
    moment = T0 + timedelta(seconds=4)
    for _ in range(5):  # each failure as soon as the previous lock ended
        moment = attempts.locked_until or moment
        attempts = after_failure(attempts, "account", moment)
        waits.append(wait_seconds(attempts, moment))
    assert waits == [60, 120, 240, 480, 900]
    assert attempts.locks == 6
    # A failure just before a 15-minute lock ends waits the longest again...
    almost = (attempts.locked_until or moment) - timedelta(seconds=1)
    assert wait_seconds(after_failure(attempts, "account", almost), almost) == 900
    # ...while 15 minutes without a failure forget the count: a new window begins.
    quiet = attempts.locked_until or moment
    assert after_failure(attempts, "account", quiet).failures == 1


def test_an_address_is_locked_at_its_twentieth_failure() -> None:
    assert wait_seconds(_fail(19, "address"), T0 + timedelta(seconds=19)) is None
    assert wait_seconds(_fail(20, "address"), T0 + timedelta(seconds=19)) == 30


def test_a_quiet_window_forgets_the_failures_and_a_lock_ends_on_time() -> None:
    four = _fail(4)
    later = T0 + timedelta(seconds=3) + timedelta(minutes=15)
    assert current(four, later) == Attempts()
    assert after_failure(four, "account", later).failures == 1  # a new window
    locked = _fail(5)
    assert wait_seconds(locked, T0 + timedelta(seconds=33)) == 1
    assert wait_seconds(locked, T0 + timedelta(seconds=34)) is None
    # The lock ended but the window has not: the next failure locks again, for longer.
    assert wait_seconds(after_failure(locked, "account", T0 + timedelta(seconds=40)),
                        T0 + timedelta(seconds=40)) == 60  # fmt: skip


def test_failures_spread_beyond_the_window_never_lock() -> None:
    spread = _fail(12, every=timedelta(minutes=16))
    assert spread.failures == 1 and spread.locked_until is None
