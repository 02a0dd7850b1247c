"""The analytics projector: one bus event -> the interview's facts, the aggregate deltas and
the event's marker, in one transaction (functions/analytics/store.py).

Idempotent twice over: the marker refuses an event id seen before, and merging an event into
facts that already hold it changes nothing (a zero delta). Order-independent: the aggregates
are always the sum of each interview's contribution computed from its merged facts.
"""

from __future__ import annotations

import random
import time
from enum import StrEnum
from typing import TYPE_CHECKING

from functions.analytics.counters import add, contribution, difference
from functions.analytics.facts import InterviewFacts, interview_id_of, merge
from functions.domain.errors import Conflict
from functions.events.catalog import Event

if TYPE_CHECKING:
    from functions.analytics.store import AnalyticsStore

ATTEMPTS = 8  # a write that met another (same interview or same day's aggregates) is re-read


class Projected(StrEnum):
    PROJECTED = "projected"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"


def project(event: Event, store: AnalyticsStore) -> Projected:
    """Apply one event; Conflict after ATTEMPTS concurrent changes (SQS then retries it)."""
    from functions.analytics.store import AlreadyProjected

    interview_id = interview_id_of(event)
    if interview_id is None:
        return Projected.IGNORED
    for attempt in range(1, ATTEMPTS + 1):
        facts, revision = store.facts(event.company_id, interview_id)
        merged = merge(facts or InterviewFacts(interview_id=interview_id), event)
        delta = difference(contribution(facts), contribution(merged))
        current = store.aggregates(event.company_id, delta.keys())
        updated = {s: (add(current[s][0], d), current[s][1]) for s, d in delta.items()}
        try:
            store.write(event, merged, revision, updated)
        except AlreadyProjected:
            return Projected.DUPLICATE
        except Conflict:
            if attempt == ATTEMPTS:
                raise
            # exponential backoff with full jitter, capped: writers on one day's aggregates
            # spread out instead of meeting again on the next attempt
            time.sleep(random.uniform(0, min(0.25, 0.005 * 2**attempt)))  # noqa: S311 - jitter
            continue
        return Projected.PROJECTED
    raise AssertionError("unreachable")
