"""When an interview's recordings fall due under its company's retention period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from functions.domain.interviews import Decision, Outcome
from functions.domain.retention import (
    RETENTION_SHARDS,
    add_months,
    clock_start,
    recordings_due,
    shard_of,
)
from tests.unit.test_interviews_domain import _interview as make_interview

T = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (1, datetime(2026, 2, 28, 9, 30, tzinfo=UTC)),  # the month's last day
        (12, datetime(2027, 1, 31, 9, 30, tzinfo=UTC)),
        (13, datetime(2027, 2, 28, 9, 30, tzinfo=UTC)),
        (25, datetime(2028, 2, 29, 9, 30, tzinfo=UTC)),  # a leap year
        (-1, datetime(2025, 12, 31, 9, 30, tzinfo=UTC)),
        (-13, datetime(2024, 12, 31, 9, 30, tzinfo=UTC)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(months: int, expected: datetime) -> None:
    assert add_months(T, months) == expected


def test_the_clock_starts_at_the_decision_else_the_cancellation_else_the_deadline() -> None:
    interview = make_interview(deadline=T)
    assert clock_start(interview) == T
    cancelled = interview.model_copy(update={"cancelled_at": T - timedelta(days=3)})
    assert clock_start(cancelled) == T - timedelta(days=3)
    decision = Decision(outcome=Outcome.HIRE, decided_by="u1", decided_at=T + timedelta(days=9))
    decided = cancelled.model_copy(update={"decision": decision})
    assert clock_start(decided) == T + timedelta(days=9)
    assert recordings_due(decided, 12) == add_months(T + timedelta(days=9), 12)


def test_shards_spread_interview_ids() -> None:
    ids = [f"01ab{n:022x}" for n in range(64)]
    assert {shard_of(i) for i in ids} == set(range(RETENTION_SHARDS))
