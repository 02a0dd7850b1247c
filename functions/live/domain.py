"""Live interviews: a candidate and a panel of interviewers meet at a planned time (pure, no I/O).

Lifecycle: scheduled -> in_progress (the first participant joins) -> ended (an interviewer ends
it); or cancelled (by a recruiter, before it ended). The candidate joins with a token from their
invitation link, as for recorded interviews: only its hash is stored. Unlike a recorded
interview's random token, the link is derived (HMAC of the interview and its link version with
the platform's signing key), so the reminder can carry the same link again; the table still
holds nothing a link could be rebuilt from.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from functions.analysis.ports import AnswerAnalysis, InterviewAnalysis
from functions.domain.clock import utcnow
from functions.domain.consent import Consent
from functions.domain.errors import Conflict
from functions.domain.interviews import Candidate
from functions.domain.templates import Question

MIN_DURATION_MINUTES = 10
MAX_DURATION_MINUTES = 240
MAX_INTERVIEWERS = 10
MAX_SCHEDULE_DAYS = 365
# The room opens this long before the planned start and stays open this long after its end.
EARLY_JOIN = timedelta(minutes=15)
LATE_GRACE = timedelta(hours=2)


class LiveStatus(StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    ENDED = "ended"
    CANCELLED = "cancelled"


OPEN_LIVE_STATUSES = frozenset({LiveStatus.SCHEDULED, LiveStatus.IN_PROGRESS})
MAX_NOTES_CHARS = 20000


class TimelineKind(StrEnum):
    TEMPLATE = "template"  # one of the prepared questions (`index` into `questions`)
    FOLLOWUP = "followup"  # a question an interviewer typed during the call


class TimelineEntry(BaseModel):
    """A question put to the candidate, in the order asked: it opens an answer's span."""

    number: int = Field(description="1-based position in the timeline")
    kind: TimelineKind
    index: int | None = Field(description="template: the question's index; followup: null")
    text: str
    asked_at: datetime = Field(description="Server time the question was put on screen")
    asked_by: str = Field(description="The interviewer's user id")


class LiveAnalysisStatus(StrEnum):
    WAITING_FOR_RECORDING = "waiting_for_recording"
    ANALYZING = "analyzing"
    ANALYZED = "analyzed"
    FAILED = "failed"
    SKIPPED = "skipped"  # the candidate asked for a human-only review: transcribed, not scored


class RecordingStatus(StrEnum):
    UPLOADING = "uploading"
    UPLOADED = "uploaded"


class LiveRecording(BaseModel):
    """One participant's recording of the call (their own camera and microphone)."""

    recording_id: str
    participant_id: str  # the member's user id, or "candidate"
    role: Literal["candidate", "interviewer"]
    status: RecordingStatus = RecordingStatus.UPLOADING
    started_at: datetime  # server time the upload was created: the recording's clock starts
    object_key: str
    content_type: str
    multipart_upload_id: str | None = None
    size_bytes: int | None = None
    completed_at: datetime | None = None


class LiveAnswer(BaseModel):
    """The candidate's answer to one timeline entry, cut from their recording after the call."""

    number: int
    kind: TimelineKind
    question_text: str
    start_seconds: float  # on the candidate recording's clock
    end_seconds: float
    transcript: str
    transcript_source: Literal["live", "recording"]
    analysis: AnswerAnalysis | None = None
    clip_key: str | None = None  # the answer's clip under media/ (None: no recording)


def _ahead(moment: datetime) -> datetime:
    now = utcnow()
    if moment <= now:
        raise ValueError("must be in the future")
    if moment > now + timedelta(days=MAX_SCHEDULE_DAYS):
        raise ValueError(f"must be at most {MAX_SCHEDULE_DAYS} days from now")
    return moment.astimezone(UTC)


StartTime = Annotated[
    AwareDatetime,
    AfterValidator(_ahead),
    Field(description=f"With a time zone; in the future, at most {MAX_SCHEDULE_DAYS} days ahead"),
]


class LiveInterview(BaseModel):
    company_id: str
    id: str
    candidate: Candidate
    title: str
    template_id: str | None = None  # the template its questions came from, if any
    template_version: int | None = None
    questions: list[Question]
    starts_at: datetime
    duration_minutes: int
    interviewer_ids: list[str]
    status: LiveStatus = LiveStatus.SCHEDULED
    token_hash: str
    link_version: int = 1
    created_by: str
    created_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None
    ended_by: str | None = None
    cancelled_at: datetime | None = None
    cancelled_by: str | None = None
    reminded_at: datetime | None = None
    # The question the panel put on screen last (index into `questions`), None before any.
    current_question: int | None = None
    # Everyone who has joined the room once: joining again (a dropped connection, the 2-hour
    # cut) resumes the same session.
    joined_ids: list[str] = Field(default_factory=list)
    # The questions asked, in order (template questions and follow-ups).
    timeline: list[TimelineEntry] = Field(default_factory=list)
    # The candidate's consent to the recording and its analysis (giveLiveConsent).
    consent: Consent | None = None
    recordings: list[LiveRecording] = Field(default_factory=list)
    analysis_status: LiveAnalysisStatus | None = None
    answers: list[LiveAnswer] = Field(default_factory=list)
    analysis: InterviewAnalysis | None = None
    analyzed_at: datetime | None = None
    analysis_recording_id: str | None = None  # the candidate recording the analysis cut
    analysis_started_at: datetime | None = None  # a run that stopped mid-way is retried later
    # The retention purge deleted the recordings and the answers' clips (the purge's index
    # entry goes with it).
    recordings_deleted_at: datetime | None = None

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def room_open(self, now: datetime) -> bool:
        """Participants may join from EARLY_JOIN before the start to LATE_GRACE after the end."""
        return (
            self.status in OPEN_LIVE_STATUSES
            and self.starts_at - EARLY_JOIN <= now <= self.ends_at + LATE_GRACE
        )

    def recording(self, recording_id: str) -> LiveRecording | None:
        return next((r for r in self.recordings if r.recording_id == recording_id), None)

    def candidate_recording(self) -> LiveRecording | None:
        """The candidate's last completed recording (a reconnect may have started another)."""
        done = [
            r
            for r in self.recordings
            if r.role == "candidate" and r.status is RecordingStatus.UPLOADED
        ]
        return max(done, key=lambda r: r.started_at) if done else None


def object_prefixes(company_id: str, live_id: str) -> tuple[str, str]:
    """Where a live interview's recordings (one per participant) and the answers' clips cut
    from the candidate's after the call are kept; retention, export and erasure use these."""
    return (f"live/{company_id}/{live_id}/", f"media/{company_id}/live-{live_id}/")


def retention_clock_start(live: LiveInterview) -> datetime | None:
    """When the recordings' retention period starts: the end of the call (None: not over)."""
    if not live.recordings or live.recordings_deleted_at is not None:
        return None
    return live.ended_at or live.cancelled_at


def join_token(key: str, company_id: str, live_id: str, link_version: int) -> str:
    """The candidate's link token: only the signing key's holder can make it again."""
    message = f"live-join:{company_id}:{live_id}:{link_version}".encode()
    digest = hmac.new(key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def cancel(live: LiveInterview, by: str, now: datetime) -> LiveInterview:
    if live.status is LiveStatus.CANCELLED:
        return live
    if live.status is LiveStatus.ENDED:
        raise Conflict(f"live interview {live.id} has ended; it cannot be cancelled")
    change = {"status": LiveStatus.CANCELLED, "cancelled_at": now, "cancelled_by": by}
    return live.model_copy(update=change)


def due_for_reminder(live: LiveInterview, now: datetime, before: timedelta) -> bool:
    """Once, inside the window before the start; not when it was scheduled inside the window
    (the invitation has just told the time)."""
    window_opens = live.starts_at - before
    return (
        live.status is LiveStatus.SCHEDULED
        and live.reminded_at is None
        and window_opens <= now < live.starts_at
        and live.created_at < window_opens
    )
