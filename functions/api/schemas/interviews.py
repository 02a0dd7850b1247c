from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from functions.domain.interviews import (
    AnswerStatus,
    Candidate,
    Decision,
    InterviewStatus,
    Outcome,
    Progress,
    VideoStatus,
)
from functions.domain.templates import Question


class InterviewCreate(BaseModel):
    template_id: str = Field(min_length=1, max_length=64)
    candidate: Candidate
    deadline: AwareDatetime | None = Field(
        default=None, description="When the link stops working; default 14 days from now"
    )
    reviewer_ids: list[str] = Field(default_factory=list, max_length=20)


class InterviewPublic(BaseModel):
    id: str
    template_id: str
    template_version: int
    template_name: str
    candidate: Candidate
    status: InterviewStatus
    deadline: datetime
    reviewer_ids: list[str]
    created_at: datetime
    invited_at: datetime
    invitations_sent: int
    started_at: datetime | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    decision: Decision | None
    progress: Progress | None = Field(
        default=None, description="Answered questions; on the interview and invitation only"
    )


class InvitationPublic(InterviewPublic):
    candidate_url: str = Field(description="The candidate's link; it contains the token")
    token: str = Field(description="Shown once: only its hash is stored")


class InterviewStats(BaseModel):
    by_status: dict[InterviewStatus, int]


class InterviewList(BaseModel):
    items: list[InterviewPublic]
    next_cursor: str | None


class MediaLinks(BaseModel):
    """Presigned links, valid 1 hour; each appears once the pipeline has made it."""

    original_url: str | None = Field(description="Presigned link to the upload, valid 1 hour")
    video_url: str | None = Field(default=None, description="H.264/AAC MP4 (faststart)")
    poster_url: str | None = Field(default=None, description="JPEG frame near the start")
    thumbnails_url: str | None = Field(default=None, description="JPEG strip of frames")
    captions_url: str | None = Field(default=None, description="WebVTT captions")
    transcript_url: str | None = Field(
        default=None, description="JSON transcript with timestamped segments"
    )


class AnswerPublic(BaseModel):
    id: str
    question_id: str
    question_index: int
    attempt: int
    status: AnswerStatus
    content_type: str
    size_bytes: int | None
    created_at: datetime
    uploaded_at: datetime | None
    failure_reason: str | None
    failure_kind: Literal["recording", "provider"] | None = Field(
        default=None,
        description="recording: the candidate can record again; provider: an outside service "
        "kept failing, reprocessAnswer runs the pipeline again",
    )
    processing_attempt: int = 1
    duration_seconds: float | None = None
    media: MediaLinks
    video_status: VideoStatus | None = Field(
        default=None,
        description="The playable video, apart from status: the answer is transcribed and "
        "scored from its audio while the video may still be processing; failed: "
        "media_issues.video says why (the original stays playable). None before processing",
    )
    media_issues: dict[str, str] = Field(
        default_factory=dict,
        description="What could not be made from a usable recording (video, images) and why; "
        "the answer is still transcribed and scored, and the original stays playable",
    )
    transcript: str | None = None
    language: str | None = Field(default=None, description="Detected spoken language (ISO 639-1)")
    analysis: dict[str, object] | None = None


class InterviewDetail(InterviewPublic):
    questions: list[Question]
    answers: list[AnswerPublic]
    analysis: dict[str, object] | None = None
    analysis_error: str | None = None


class DecisionRequest(BaseModel):
    outcome: Outcome
    note: str = Field(default="", max_length=4000)


class ResendRequest(BaseModel):
    deadline: AwareDatetime | None = Field(
        default=None, description="A new deadline; required when the old one has passed"
    )
