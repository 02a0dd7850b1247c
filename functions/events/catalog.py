"""The event catalog: one envelope, one versioned data model per event type.

Everything that happens is one of these on the platform bus. The JSON Schema of each type is
generated from these models (functions/events/schemas/, docs/events.md); producers and
consumers are tested against those schemas. Adding a field is a compatible change; renaming or
removing one needs a new `version` of that type.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from functions.domain.clock import utcnow
from functions.domain.ids import new_id

SOURCE = "interviews.platform"


class EventData(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CandidateRef(EventData):
    name: str
    email: EmailStr
    language: Literal["en", "ru", "de", "es"]


class ExternalIds(EventData):
    """Ids an ATS gave the job and the candidate, so results go back where they came from."""

    source: str | None = None  # greenhouse, lever, api...
    job_id: str | None = None
    candidate_id: str | None = None


class InterviewCreated(EventData):
    interview_id: str
    template_id: str
    template_version: int
    candidate: CandidateRef
    deadline: datetime
    created_by: str
    external: ExternalIds | None = None


class InterviewInvited(EventData):
    interview_id: str
    candidate: CandidateRef
    candidate_url: str = Field(description="The candidate's link (it contains the token)")
    deadline: datetime
    invitations_sent: int
    external: ExternalIds | None = None


class InterviewStarted(EventData):
    interview_id: str
    started_at: datetime
    external: ExternalIds | None = None


class AnswerUploaded(EventData):
    interview_id: str
    answer_id: str
    question_id: str
    attempt: int
    size_bytes: int | None


class AnswerScored(EventData):
    interview_id: str
    answer_id: str
    question_id: str
    overall: int = Field(ge=0, le=100)
    language: str | None


class AnswerFailed(EventData):
    interview_id: str
    answer_id: str
    question_id: str
    reason: str
    failure_kind: Literal["recording", "provider"] | None


class InterviewCompleted(EventData):
    interview_id: str
    completed_at: datetime
    external: ExternalIds | None = None
    human_review_only: bool = Field(
        default=False,
        description="The candidate asked for a human-only review: no interview.analyzed "
        "(AI score, recommendation) follows",
    )


class InterviewAnalyzed(EventData):
    interview_id: str
    overall_score: int = Field(ge=0, le=100)
    recommendation: Literal["hire", "consider", "reject"]
    analysis_version: int
    external: ExternalIds | None = None


class InterviewDecided(EventData):
    interview_id: str
    outcome: Literal["advance", "hire", "reject"]
    note: str
    decided_by: str
    external: ExternalIds | None = None


class InterviewDeadlineExtended(EventData):
    """A recruiter moved an unfinished interview's deadline later (an expired link reopens;
    the candidate is emailed the new deadline in their language)."""

    interview_id: str
    candidate: CandidateRef
    previous_deadline: datetime
    deadline: datetime
    extended_by: str
    reopened: bool = Field(description="The link had expired and works again")
    external: ExternalIds | None = None


class InterviewExpired(EventData):
    interview_id: str
    deadline: datetime
    external: ExternalIds | None = None


class TemplatePublished(EventData):
    template_id: str
    version: int
    name: str


class CandidateImported(EventData):
    candidate_id: str
    name: str
    email: EmailStr
    external: ExternalIds


class CandidateErased(EventData):
    """A company erased a candidate's personal data (their right to erasure): every interview
    of theirs, its recordings, transcripts, analyses, comments and scorecards are gone. An ATS
    deletes what it holds of them by the ids below; the event names no one."""

    erasure_id: str = Field(description="The anonymous tombstone that stays")
    candidate_ids: list[str] = Field(description="Directory entries removed")
    interview_ids: list[str] = Field(description="Interviews removed")
    external: list[ExternalIds] = Field(description="The ATS ids the candidate was known by")
    erased_at: datetime


class TeamMemberAdded(EventData):
    """A person joined the company's team (the welcome email goes out on it)."""

    user_id: str
    name: str
    role: Literal["admin", "hr", "interviewer"]
    added_by: str  # the admin who added them


class WebhookEndpointDisabled(EventData):
    endpoint_id: str
    url: str
    reason: str


class PaymentSucceeded(EventData):
    """Stripe says an invoice of the company's subscription was paid."""

    plan: str
    amount: str  # "29.00 EUR"; empty when Stripe did not say


class PaymentFailed(EventData):
    """Stripe says a payment failed: the plan holds until `grace_until`, then Free."""

    plan: str
    amount: str
    grace_until: datetime | None


class QuotaWarning(EventData):
    """The company used `percent` (80 or 100) of its plan's interviews this month (once each
    per month)."""

    plan: str
    used: int
    limit: int
    percent: Literal[80, 100]
    month: str  # YYYY-MM (UTC)


class ReviewerAssigned(EventData):
    """A member was assigned to review an interview (they are emailed, in their language)."""

    interview_id: str
    user_id: str
    assigned_by: str


class CommentCreated(EventData):
    """A comment on an interview, or on one of its answers (`answer_id`, optionally at
    `at_seconds` into its video); a reply names its thread's first comment (`parent_id`)."""

    comment_id: str
    interview_id: str
    answer_id: str | None
    parent_id: str | None
    at_seconds: float | None
    author_id: str
    mentioned_user_ids: list[str]


class CommentMentioned(EventData):
    """A member was @mentioned in a comment (once per member and comment, on creation or on
    the edit that first mentioned them): they are emailed and notified in the app."""

    comment_id: str
    interview_id: str
    answer_id: str | None
    author_id: str
    mentioned_user_id: str


class ScorecardSubmitted(EventData):
    """A reviewer submitted (or changed) their scorecard of an interview."""

    interview_id: str
    reviewer_id: str
    scorecard_template_id: str
    recommendation: Literal["strong_no", "no", "yes", "strong_yes"]
    ratings: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        description="Competency id -> rating 1-5"
    )
    first_submission: bool


class LiveInterviewScheduled(EventData):
    """A live (WebRTC) interview was planned; the candidate and the interviewers are emailed
    an invitation with a calendar entry."""

    live_interview_id: str
    candidate: CandidateRef
    candidate_url: str = Field(description="The candidate's join link (it contains the token)")
    starts_at: datetime
    duration_minutes: int
    interviewer_ids: list[str]
    template_id: str | None
    scheduled_by: str


class LiveInterviewCancelled(EventData):
    """A recruiter cancelled the live interview; the candidate's link stops working and
    everyone invited is told (their calendar entry is withdrawn)."""

    live_interview_id: str
    cancelled_at: datetime
    cancelled_by: str


class LiveInterviewStarted(EventData):
    """The first participant joined the room."""

    live_interview_id: str
    started_at: datetime


class LiveInterviewEnded(EventData):
    """An interviewer ended the interview for everyone."""

    live_interview_id: str
    ended_at: datetime
    ended_by: str
    duration_seconds: int = Field(ge=0, description="From the first join to the end")


class LiveInterviewAnalyzed(EventData):
    """The AI analysis of the live interview's transcript is ready."""

    live_interview_id: str
    overall_score: int = Field(ge=0, le=100)
    recommendation: Literal["hire", "consider", "reject"]
    analysis_version: int


# type -> (version, data model)
EVENT_TYPES: dict[str, tuple[int, type[EventData]]] = {
    "interview.created": (1, InterviewCreated),
    "interview.invited": (1, InterviewInvited),
    "interview.started": (1, InterviewStarted),
    "answer.uploaded": (1, AnswerUploaded),
    "answer.scored": (1, AnswerScored),
    "answer.failed": (1, AnswerFailed),
    "interview.completed": (1, InterviewCompleted),
    "interview.analyzed": (1, InterviewAnalyzed),
    "interview.decided": (1, InterviewDecided),
    "interview.expired": (1, InterviewExpired),
    "interview.deadline_extended": (1, InterviewDeadlineExtended),
    "template.published": (1, TemplatePublished),
    "candidate.imported": (1, CandidateImported),
    "candidate.erased": (1, CandidateErased),
    "webhook.endpoint_disabled": (1, WebhookEndpointDisabled),
    "team.member_added": (1, TeamMemberAdded),
    "billing.payment_succeeded": (1, PaymentSucceeded),
    "billing.payment_failed": (1, PaymentFailed),
    "billing.quota_warning": (1, QuotaWarning),
    "reviewer.assigned": (1, ReviewerAssigned),
    "comment.created": (1, CommentCreated),
    "comment.mentioned": (1, CommentMentioned),
    "scorecard.submitted": (1, ScorecardSubmitted),
    "live_interview.scheduled": (1, LiveInterviewScheduled),
    "live_interview.cancelled": (1, LiveInterviewCancelled),
    "live_interview.started": (1, LiveInterviewStarted),
    "live_interview.ended": (1, LiveInterviewEnded),
    "live_interview.analyzed": (1, LiveInterviewAnalyzed),
}
TYPE_OF_DATA = {model: name for name, (_, model) in EVENT_TYPES.items()}


class Event(BaseModel):
    """The envelope. `id` is stable across re-sends: consumers de-duplicate on it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: str
    version: int
    time: datetime
    company_id: str
    correlation_id: str
    data: dict[str, Any]


def new_event(data: EventData, *, company_id: str, correlation_id: str | None = None) -> Event:
    event_type = TYPE_OF_DATA[type(data)]
    version, _ = EVENT_TYPES[event_type]
    event_id = new_id()
    return Event(
        id=event_id,
        type=event_type,
        version=version,
        time=utcnow(),
        company_id=company_id,
        correlation_id=correlation_id or event_id,
        data=data.model_dump(mode="json"),
    )


def parse_data(event: Event) -> EventData:
    """The event's data as its typed model (consumers), refusing unknown types or shapes."""
    known = EVENT_TYPES.get(event.type)
    if known is None or known[0] != event.version:
        raise ValueError(f"unknown event {event.type} v{event.version}")
    return known[1].model_validate(event.data)
