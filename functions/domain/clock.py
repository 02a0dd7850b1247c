"""The one place that reads the time, so domain rules can be tested at any instant."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def precise_utcnow() -> datetime:
    """Now with microseconds: for measuring durations (stored times use `utcnow`)."""
    return datetime.now(UTC)
