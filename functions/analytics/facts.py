"""What the projection knows of one interview, merged from its events in any order.

Each event adds facts; merging is commutative and idempotent (earliest time wins for a step,
the highest analysis version for the score, the latest decision by (time, event id) for the
outcome, the latest score per question by (time, event id)), so duplicates and out-of-order
deliveries end in the same facts, hence the same aggregates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.events.catalog import (
    AnswerScored,
    AnswerUploaded,
    Event,
    EventData,
    InterviewAnalyzed,
    InterviewCompleted,
    InterviewCreated,
    InterviewDecided,
    InterviewExpired,
    InterviewStarted,
    parse_data,
)

# The event types the projector consumes (the analytics rule's detail types).
PROJECTED_TYPES = (
    "interview.created",
    "interview.started",
    "answer.uploaded",
    "answer.scored",
    "interview.completed",
    "interview.analyzed",
    "interview.decided",
    "interview.expired",
)

Outcome = Literal["advance", "hire", "reject"]


class Stamp(BaseModel):
    """An order for "latest": the event's time, then its id (ids are time-ordered)."""

    at: datetime
    event_id: str

    def after(self, other: Stamp | None) -> bool:
        return other is None or (self.at, self.event_id) > (other.at, other.event_id)


class AnswerFact(BaseModel):
    overall: int
    language: str | None
    stamp: Stamp


class DecisionFact(BaseModel):
    outcome: Outcome
    stamp: Stamp


class InterviewFacts(BaseModel):
    interview_id: str
    template_id: str | None = None
    language: str | None = None  # the candidate's (interview's) language
    invited_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    analyzed_at: datetime | None = None
    analysis_version: int = 0
    overall_score: int | None = None
    recommendation: str | None = None
    first_decided_at: datetime | None = None
    decision: DecisionFact | None = None
    expired: bool = False
    uploaded: list[str] = Field(default_factory=list)  # question ids with an upload, sorted
    scores: dict[str, AnswerFact] = Field(default_factory=dict)  # question id -> latest score

    @property
    def hired(self) -> bool:
        return self.decision is not None and self.decision.outcome == "hire"

    @property
    def advanced_or_hired(self) -> bool:
        return self.decision is not None and self.decision.outcome in ("advance", "hire")


def _earliest(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate < current else current


def interview_id_of(event: Event) -> str | None:
    """The interview a projected event is about (None for other types)."""
    if event.type not in PROJECTED_TYPES:
        return None
    value = event.data.get("interview_id")
    return value if isinstance(value, str) else None


def merge(facts: InterviewFacts, event: Event) -> InterviewFacts:
    """The facts with this event's added (a new object; `facts` is left as it was)."""
    data = parse_data(event)
    merged = facts.model_copy(deep=True)
    stamp = Stamp(at=event.time, event_id=event.id)
    _MERGES[type(data)](merged, data, stamp)
    return merged


def _created(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewCreated)
    f.template_id = d.template_id
    f.language = d.candidate.language
    f.invited_at = _earliest(f.invited_at, s.at)


def _started(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewStarted)
    f.started_at = _earliest(f.started_at, d.started_at)


def _uploaded(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, AnswerUploaded)
    f.uploaded = sorted({*f.uploaded, d.question_id})


def _scored(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, AnswerScored)
    current = f.scores.get(d.question_id)
    if current is None or s.after(current.stamp):
        f.scores[d.question_id] = AnswerFact(overall=d.overall, language=d.language, stamp=s)
    f.uploaded = sorted({*f.uploaded, d.question_id})


def _completed(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewCompleted)
    f.completed_at = _earliest(f.completed_at, d.completed_at)


def _analyzed(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewAnalyzed)
    f.analyzed_at = _earliest(f.analyzed_at, s.at)
    if d.analysis_version >= f.analysis_version:
        f.analysis_version = d.analysis_version
        f.overall_score = d.overall_score
        f.recommendation = d.recommendation


def _decided(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewDecided)
    f.first_decided_at = _earliest(f.first_decided_at, s.at)
    if f.decision is None or s.after(f.decision.stamp):
        f.decision = DecisionFact(outcome=d.outcome, stamp=s)


def _expired(f: InterviewFacts, d: EventData, s: Stamp) -> None:
    assert isinstance(d, InterviewExpired)
    f.expired = True


_MERGES = {
    InterviewCreated: _created,
    InterviewStarted: _started,
    AnswerUploaded: _uploaded,
    AnswerScored: _scored,
    InterviewCompleted: _completed,
    InterviewAnalyzed: _analyzed,
    InterviewDecided: _decided,
    InterviewExpired: _expired,
}
