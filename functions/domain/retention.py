"""How long a company keeps candidates' recordings, and when one interview's are due.

A recording is personal data kept for one purpose, a hiring decision: its retention clock
starts at the decision, or, for an interview nobody decided, when it could no longer be taken
(cancelled, or its deadline passed, which also holds a finished interview left undecided).
The company chooses the period (1-24 months, 12 by default); the S3 lifecycle rule of the
uploads bucket is a backstop in the cloud for anything the daily purge could not reach.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # companies.py reads the limits below; interviews.py imports companies.py
    from functions.domain.interviews import Interview

DEFAULT_RETENTION_MONTHS = 12
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 24
# The purge reads its index in this many partitions, so no single key takes every write.
RETENTION_SHARDS = 4


def clock_start(interview: Interview) -> datetime:
    """When this interview's retention period starts counting."""
    if interview.decision is not None:
        return interview.decision.decided_at
    if interview.cancelled_at is not None:
        return interview.cancelled_at
    return interview.deadline


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later, or that month's last day (31 January + 1 = 28/29 February)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def recordings_due(interview: Interview, retention_months: int) -> datetime:
    """When the purge deletes this interview's recordings and the media made from them."""
    return add_months(clock_start(interview), retention_months)


def shard_of(interview_id: str) -> int:
    """A stable partition for an interview (ids are random, so their last character spreads)."""
    return ord(interview_id[-1]) % RETENTION_SHARDS
