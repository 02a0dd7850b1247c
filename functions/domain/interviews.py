"""Interviews (invitations) and the answers candidates record.

Lifecycle: pending -> in_progress (first upload) -> completed (candidate finishes) -> analyzed
(pipeline); or expired (deadline passed before completion) / cancelled (by a recruiter).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from functions.domain.analyses import Rubric
from functions.domain.clock import utcnow
from functions.domain.companies import Language
from functions.domain.consent import Consent
from functions.domain.errors import Conflict, Gone, InvalidInput, NotFound
from functions.domain.templates import Question
from functions.domain.text import Email, MultiLine, SingleLine
from functions.events.catalog import ExternalIds


class InterviewStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ANALYZED = "analyzed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS})
DECIDABLE_STATUSES = frozenset({InterviewStatus.COMPLETED, InterviewStatus.ANALYZED})


class AnswerStatus(StrEnum):
    UPLOADING = "uploading"  # upload granted, bytes not yet confirmed
    UPLOADED = "uploaded"
    PROCESSING = "processing"
    TRANSCRIBED = "transcribed"
    SCORED = "scored"
    FAILED = "failed"


class VideoStatus(StrEnum):
    """The playable video's progress, apart from the answer's status: the answer is transcribed
    and scored from its audio while the video may still be transcoding."""

    PROCESSING = "processing"  # the pipeline is making it (set with the answer's processing)
    READY = "ready"  # the MP4 exists (media_keys.video_key)
    FAILED = "failed"  # could not be made; media_issues["video"] says why


# A failed attempt does not use up the question's allowance: the candidate may record again.
COUNTED_ANSWER_STATUSES = frozenset(AnswerStatus) - {AnswerStatus.FAILED}
DONE_ANSWER_STATUSES = COUNTED_ANSWER_STATUSES - {AnswerStatus.UPLOADING}


class Outcome(StrEnum):
    ADVANCE = "advance"
    HIRE = "hire"
    REJECT = "reject"


MAX_DEADLINE_DAYS = 365


def _within_horizon(deadline: datetime) -> datetime:
    """A deadline a candidate can meet and a reminder can serve: after now, within a year.
    Compared before any conversion, so year 9999 (or 0001) with an offset cannot overflow."""
    now = utcnow()
    if deadline <= now:
        raise ValueError("must be in the future")
    if deadline > now + timedelta(days=MAX_DEADLINE_DAYS):
        raise ValueError(f"must be at most {MAX_DEADLINE_DAYS} days from now")
    return deadline.astimezone(UTC)


Deadline = Annotated[
    AwareDatetime,
    AfterValidator(_within_horizon),
    Field(
        description=f"With a time zone; in the future and at most {MAX_DEADLINE_DAYS} days ahead"
    ),
]


class Candidate(BaseModel):
    name: SingleLine = Field(min_length=1, max_length=200)
    email: Email
    language: Language = "en"


NOTE_MAX_LENGTH = 4000


class Decision(BaseModel):
    outcome: Outcome
    note: MultiLine = Field(default="", max_length=NOTE_MAX_LENGTH)
    decided_by: str
    decided_at: datetime


class DecisionEntry(Decision):
    """One decision in an interview's history (its own item; the interview keeps the latest).
    Ids are time-ordered, so the history reads newest first by its sort key."""

    id: str


def legacy_entry(decision: Decision) -> DecisionEntry:
    """A decision stored before the history existed, as its first entry: its id is the
    smallest one of its moment, so every later decision sorts after it."""
    millis = int(decision.decided_at.timestamp() * 1000)
    return DecisionEntry(**decision.model_dump(), id=f"{millis:012x}" + "0" * 14)


def decision_history(interview: Interview, entries: list[DecisionEntry]) -> list[DecisionEntry]:
    """Newest first; an interview decided only before the history existed reads its one
    decision as the history (no migration)."""
    if entries or interview.decision is None:
        return sorted(entries, key=lambda e: e.id, reverse=True)
    return [legacy_entry(interview.decision)]


class Interview(BaseModel):
    company_id: str
    id: str
    template_id: str
    template_version: int
    template_name: str
    questions: list[Question]
    candidate: Candidate
    deadline: datetime
    status: InterviewStatus = InterviewStatus.PENDING
    token_hash: str
    reviewer_ids: list[str] = Field(default_factory=list)
    # The template's scorecard template when the interview was created (functions/collaboration).
    scorecard_template_id: str | None = None
    created_by: str
    created_at: datetime
    invited_at: datetime
    invitations_sent: int = 1
    started_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    decision: Decision | None = None
    reminders_muted: bool = False  # the candidate unsubscribed from deadline reminders
    # AI preparation tips for this candidate, made once from the questions (never their text).
    preparation_tips: list[str] | None = None
    # The interview's AI analysis (functions/analysis InterviewAnalysis, as stored), and the
    # claim that started it: the scored answers it was requested for (answer id:processing
    # attempt), so two answers finishing together start it exactly once.
    analysis: dict[str, Any] | None = None
    analysis_version: int = 0
    analysis_requested_for: list[str] = Field(default_factory=list)
    analysis_error: str | None = None
    # The rubric a requested re-score (rescoreInterview) scores with; kept after it finished.
    rescore_rubric: Rubric | None = None
    # Where an ATS invitation came from (its job and candidate ids), so results go back with them.
    external: ExternalIds | None = None
    candidate_id: str | None = None  # the company's candidate directory entry, when there is one
    reminded_at: datetime | None = None  # the deadline reminder, sent at most once
    # When the retention purge deleted the recordings and the media made from them (the
    # transcript text, scores and analysis stay: they are what the decision was made on).
    recordings_deleted_at: datetime | None = None
    # The candidate asked for a new link on the expired page; the recruiter hears of it once a day.
    link_requested_at: datetime | None = None
    # The candidate's consent to recording and AI analysis (giveConsent); none, none recorded.
    consent: Consent | None = None

    @property
    def human_review_only(self) -> bool:
        """The candidate asked for people alone to review: no AI score, recommendation or
        analysis is made (the answers are still transcribed, for the reviewers)."""
        return self.consent is not None and self.consent.human_review_only

    def effective_status(self, now: datetime) -> InterviewStatus:
        """Overdue open interviews read as expired even before anything writes it down."""
        if self.status in OPEN_STATUSES and now >= self.deadline:
            return InterviewStatus.EXPIRED
        return self.status

    def question(self, question_id: str) -> tuple[int, Question]:
        for index, question in enumerate(self.questions):
            if question.id == question_id:
                return index, question
        raise NotFound(f"question {question_id} is not part of this interview")


class Answer(BaseModel):
    company_id: str
    interview_id: str
    id: str
    question_id: str
    question_index: int
    attempt: int = Field(ge=1)
    status: AnswerStatus = AnswerStatus.UPLOADING
    object_key: str
    content_type: str
    upload_method: str  # "post" or "multipart"
    multipart_upload_id: str | None = None
    size_bytes: int | None = None
    # What the candidate announced when asking for the upload (None: streamed, size unknown);
    # the stored object must have exactly this size (a multipart upload can assemble any size).
    declared_size_bytes: int | None = None
    created_at: datetime
    uploaded_at: datetime | None = None
    failure_reason: str | None = None
    # "recording": the file itself is unusable (the candidate records again);
    # "provider": an outside service kept failing (dead-lettered; a recruiter can reprocess).
    failure_kind: Literal["recording", "provider"] | None = None
    processing_attempt: int = Field(default=1, ge=1)  # +1 with each reprocessAnswer
    duration_seconds: float | None = None
    media_keys: AnswerMedia | None = None
    video_status: VideoStatus | None = None  # None until the pipeline starts on the recording
    # What the pipeline could not make from a usable recording ("video" / "images" -> why):
    # the answer is still transcribed and scored; the recruiter sees why a video is missing.
    media_issues: dict[str, str] = Field(default_factory=dict)
    transcript: str | None = None
    language: str | None = None
    transcript_key: str | None = None  # JSON: segments with timestamps
    captions_key: str | None = None  # WebVTT
    analysis: dict[str, Any] | None = None  # functions/analysis AnswerAnalysis, as stored

    @property
    def processing_key(self) -> str:
        return f"{self.id}:{self.processing_attempt}"


class AnswerMedia(BaseModel):
    """S3 keys of what the pipeline made from the original upload."""

    video_key: str | None = None  # H.264/AAC MP4, faststart
    audio_key: str | None = None  # 16 kHz mono FLAC
    poster_key: str | None = None
    thumbnails_key: str | None = None  # a strip of frames across the recording


Answer.model_rebuild()


# ---------------------------------------------------------------------------------------------
# Invitation tokens: shown once in the link, stored only as a hash.
# ---------------------------------------------------------------------------------------------


def all_answers_scored(interview: Interview, answers: list[Answer]) -> list[Answer] | None:
    """The latest attempt of every question when each one is scored, else None."""
    latest = latest_attempts([a for a in answers if a.status is not AnswerStatus.FAILED])
    chosen = [latest.get(q.id) for q in interview.questions]
    if any(a is None or a.status is not AnswerStatus.SCORED for a in chosen):
        return None
    return [a for a in chosen if a is not None]


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------


def ensure_open_for_candidate(interview: Interview, now: datetime) -> None:
    status = interview.effective_status(now)
    if status is InterviewStatus.EXPIRED:
        raise Gone(
            "this interview link has expired; ask the recruiter who invited you for a new one",
            reason="expired",
        )
    if status is InterviewStatus.CANCELLED:
        raise Gone("this interview was cancelled by the company", reason="cancelled")
    if status not in OPEN_STATUSES:
        raise Gone(
            "this interview is already finished; thank you, nothing more is needed",
            reason="completed",
        )


LINK_REQUEST_EVERY = timedelta(days=1)


def link_request_due(interview: Interview, now: datetime) -> bool:
    """Whether a candidate's request for a new link tells the recruiter now: only an expired
    link can be asked about, and the recruiter hears of it at most once a day per interview."""
    status = interview.effective_status(now)
    if status is not InterviewStatus.EXPIRED:
        raise Conflict(
            f"only an expired link can be renewed on request; this interview is {status.value}"
        )
    last = interview.link_requested_at
    return last is None or now - last >= LINK_REQUEST_EVERY


class Progress(BaseModel):
    answered: int
    total: int
    current_question_index: int | None  # None when every question has an answer
    remaining_seconds_estimate: int


def latest_attempts(answers: list[Answer]) -> dict[str, Answer]:
    """The newest attempt per question."""
    latest: dict[str, Answer] = {}
    for answer in sorted(answers, key=lambda a: (a.question_index, a.attempt)):
        latest[answer.question_id] = answer
    return latest


def answered_question_ids(answers: list[Answer]) -> set[str]:
    return {a.question_id for a in answers if a.status in DONE_ANSWER_STATUSES}


def progress(interview: Interview, answers: list[Answer]) -> Progress:
    done = answered_question_ids(answers)
    remaining = [q for q in interview.questions if q.id not in done]
    current = next(
        (i for i, q in enumerate(interview.questions) if q.id not in done),
        None,
    )
    return Progress(
        answered=len(done),
        total=len(interview.questions),
        current_question_index=current,
        remaining_seconds_estimate=sum(
            q.time_limit_seconds + q.think_time_seconds for q in remaining
        ),
    )


def next_attempt(interview: Interview, answers: list[Answer], question_id: str) -> int:
    """The attempt number for a new recording of `question_id`, or a clear refusal.

    Candidates answer in order: the question must be the first unanswered one, or the last
    answered one while the next has not been started (a retake right after the preview).
    """
    index, question = interview.question(question_id)
    done = answered_question_ids(answers)
    first_open = next((i for i, q in enumerate(interview.questions) if q.id not in done), None)
    started = {a.question_id for a in answers}
    is_current = first_open == index
    is_retake = question_id in done and _is_latest_answered(interview, index, started)
    if not (is_current or is_retake):
        raise Conflict(
            f"question {index + 1} cannot be recorded now; questions are answered in order and "
            "only the question just answered can be retaken"
        )
    own = [a for a in answers if a.question_id == question_id]
    counted = [a for a in own if a.status in COUNTED_ANSWER_STATUSES]
    if len(counted) >= question.attempts_allowed:
        raise Conflict(
            f"question {index + 1} allows {question.attempts_allowed} recording(s) and all have "
            "been used"
        )
    return max((a.attempt for a in own), default=0) + 1


def _is_latest_answered(interview: Interview, index: int, started: set[str]) -> bool:
    later = interview.questions[index + 1 :]
    return not any(q.id in started for q in later)


def ensure_can_finish(interview: Interview, answers: list[Answer]) -> None:
    done = answered_question_ids(answers)
    missing = [i + 1 for i, q in enumerate(interview.questions) if q.id not in done]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        raise Conflict(f"questions {listed} have no uploaded answer yet; answer them, then finish")


def ensure_deadline_in_future(deadline: datetime, now: datetime) -> None:
    if deadline <= now:
        raise InvalidInput("deadline must be in the future")


def ensure_decidable(interview: Interview) -> None:
    if interview.status not in DECIDABLE_STATUSES:
        raise Conflict(
            f"a decision needs a completed interview; this one is {interview.status.value}"
        )


def ensure_cancellable(interview: Interview, now: datetime) -> None:
    status = interview.effective_status(now)
    if status not in OPEN_STATUSES:
        raise Conflict(
            f"only pending or in-progress interviews can be cancelled; this one is {status.value}"
        )


EXTENDABLE_STATUSES = OPEN_STATUSES | {InterviewStatus.EXPIRED}


def ensure_extendable(interview: Interview, new_deadline: datetime, now: datetime) -> None:
    """A deadline moves only later, and only for an interview the candidate has not finished
    and nobody cancelled (an expired one reopens)."""
    status = interview.effective_status(now)
    if status not in EXTENDABLE_STATUSES:
        raise Conflict(
            "only a pending, in-progress or expired interview's deadline can be extended; "
            f"this one is {status.value}"
        )
    if new_deadline <= interview.deadline:
        raise InvalidInput(
            "deadline must be later than the current deadline "
            f"({interview.deadline:%Y-%m-%d %H:%M} UTC)",
            field="deadline",
        )


def reopened_status(interview: Interview) -> InterviewStatus:
    """The open status an expired interview returns to when its deadline moves."""
    if interview.status is not InterviewStatus.EXPIRED:
        return interview.status
    return InterviewStatus.IN_PROGRESS if interview.started_at else InterviewStatus.PENDING


def ensure_resendable(interview: Interview, new_deadline: datetime | None, now: datetime) -> None:
    """A link can be sent again while the interview is open; an overdue one needs a new deadline."""
    if interview.status not in OPEN_STATUSES:
        raise Conflict(
            f"the invitation cannot be resent; the interview is {interview.status.value}"
        )
    deadline = new_deadline or interview.deadline
    if deadline <= now:
        raise Conflict("the deadline has passed; resend with a new deadline in the future")
