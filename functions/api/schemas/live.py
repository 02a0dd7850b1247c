"""Live interviews (functions/live): scheduling and reading them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from functions.analysis.ports import AnswerAnalysis, InterviewAnalysis
from functions.api.schemas.candidate import CompanyBrand, CompletedPart, UploadPart
from functions.domain.companies import Language
from functions.domain.consent import Consent
from functions.domain.interviews import Candidate
from functions.domain.templates import MAX_QUESTIONS, Question, QuestionDraft, ensure_questions_fit
from functions.domain.text import SingleLine
from functions.live.domain import (
    MAX_DURATION_MINUTES,
    MAX_INTERVIEWERS,
    MAX_NOTES_CHARS,
    MIN_DURATION_MINUTES,
    LiveAnalysisStatus,
    LiveStatus,
    RecordingStatus,
    StartTime,
    TimelineEntry,
    TimelineKind,
)
from functions.live.transcript import TranscriptLine


class LiveInterviewCreate(BaseModel):
    """Questions come from a published template (`template_id`) or are written here
    (`questions`), not both; neither is a conversation without prepared questions."""

    candidate: Candidate
    template_id: SingleLine | None = Field(default=None, min_length=1, max_length=64)
    questions: list[QuestionDraft] | None = Field(default=None, max_length=MAX_QUESTIONS)
    title: SingleLine | None = Field(
        default=None, min_length=1, max_length=200, description="Default: the template's name"
    )
    starts_at: StartTime
    duration_minutes: int = Field(ge=MIN_DURATION_MINUTES, le=MAX_DURATION_MINUTES)
    interviewer_ids: list[Annotated[SingleLine, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=MAX_INTERVIEWERS, description="Members on the panel"
    )

    @field_validator("questions")
    @classmethod
    def _fit(cls, questions: list[QuestionDraft] | None) -> list[QuestionDraft] | None:
        return None if questions is None else ensure_questions_fit(questions)


class LiveInterviewPublic(BaseModel):
    id: str
    title: str
    candidate: Candidate
    template_id: str | None
    template_version: int | None
    questions: list[Question]
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    interviewer_ids: list[str]
    status: LiveStatus
    created_by: str
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    signalling_url: str = Field(
        description="wss:// (ws:// locally) URL of the room's signalling WebSocket; connect "
        "with ?live_interview_id=<id>&access_token=<access token>, or a candidate's "
        "?token=<link token>"
    )


class LiveInvitationPublic(LiveInterviewPublic):
    candidate_url: str = Field(description="The candidate's join link (shown once)")
    token: str = Field(description="The candidate's link token (shown once)")


class LiveInterviewList(BaseModel):
    items: list[LiveInterviewPublic]
    next_cursor: str | None


class LiveAnswerPublic(BaseModel):
    """The candidate's answer to one timeline entry (after the call)."""

    number: int
    kind: TimelineKind
    question_text: str
    start_seconds: float = Field(description="On the candidate recording's clock")
    end_seconds: float
    transcript: str
    transcript_source: Literal["live", "recording"] = Field(
        description="live: the candidate's confirmed lines in the span; recording: that "
        "stretch of the recording transcribed"
    )
    analysis: AnswerAnalysis | None
    video_url: str | None = Field(
        description="The answer's clip, a short-lived (15 min) link; null until it is cut "
        "(after the analysis is stored) or without a recording"
    )


class LiveRecordingPublic(BaseModel):
    recording_id: str
    participant_id: str
    role: Literal["candidate", "interviewer"]
    status: RecordingStatus
    started_at: datetime


class LiveInterviewDetail(LiveInterviewPublic):
    timeline: list[TimelineEntry] = Field(description="The questions asked, in order")
    transcript: list[TranscriptLine] = Field(description="Confirmed lines, by start")
    my_notes: str | None = Field(description="The calling member's private notes")
    consent: Consent | None = Field(description="The candidate's consent (giveLiveConsent)")
    analysis_status: LiveAnalysisStatus | None
    answers: list[LiveAnswerPublic]
    analysis: InterviewAnalysis | None
    recordings: list[LiveRecordingPublic]


class LiveNotesSave(BaseModel):
    text: str = Field(max_length=MAX_NOTES_CHARS)


class LiveCandidateSessionPublic(BaseModel):
    live_interview_id: str
    title: str
    company: CompanyBrand
    candidate_name: str
    language: Language
    starts_at: datetime
    ends_at: datetime
    status: LiveStatus
    signalling_url: str = Field(description="Connect with ?token=<link token>")
    consent: Consent | None = Field(description="The consent given; joining the room needs it")
    privacy_url: str | None
    recording_retention_months: int


class LiveRecordingCreate(BaseModel):
    content_type: SingleLine = Field(examples=["video/webm"], min_length=1, max_length=100)


class LiveRecordingUploadPublic(BaseModel):
    """As AnswerUploadPublic (always MULTIPART): PUT each part (>= 5 MiB but the last) to its
    URL as the recording fills, then complete with the ETags."""

    recording_id: str
    started_at: datetime = Field(description="Server time the recording's clock starts")
    method: Literal["MULTIPART"]
    url: str | None
    fields: dict[str, str]
    headers: dict[str, str]
    part_size_bytes: int | None
    parts: list[UploadPart]
    max_bytes: int
    expires_at: datetime


class LiveRecordingComplete(BaseModel):
    parts: list[CompletedPart] = Field(
        min_length=1, max_length=10000, description="The ETag S3 returned for each part"
    )
