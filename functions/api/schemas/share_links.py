"""Share links (createShareLink, listShareLinks, revokeShareLink) and the read-only view a
hiring manager opens with one (getSharedInterview)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from functions.domain.interviews import AnswerStatus, InterviewStatus, Outcome
from functions.domain.share_links import SHARE_DAYS_DEFAULT, SHARE_DAYS_MAX


class ShareLinkCreate(BaseModel):
    expires_in_days: int = Field(
        default=SHARE_DAYS_DEFAULT,
        ge=1,
        le=SHARE_DAYS_MAX,
        description=f"How long the link works: 1 to {SHARE_DAYS_MAX} days",
    )


class ShareLinkPublic(BaseModel):
    id: str
    interview_id: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None


class NewShareLinkPublic(ShareLinkPublic):
    url: str = Field(description="The link to send; it contains the token")
    token: str = Field(description="Shown once: only its hash is stored")


class ShareLinkList(BaseModel):
    items: list[ShareLinkPublic] = Field(description="Links that still work, newest first")


class SharedMedia(BaseModel):
    video_url: str | None = Field(description="Presigned, valid for a few minutes")
    poster_url: str | None = None
    captions_url: str | None = Field(default=None, description="WebVTT")


class SharedQuestion(BaseModel):
    id: str
    text: str


class SharedAnswer(BaseModel):
    question_id: str
    question_index: int
    status: AnswerStatus
    duration_seconds: float | None
    language: str | None
    transcript: str | None
    analysis: dict[str, Any] | None = Field(description="The AI's criteria scores, reasons")
    media: SharedMedia


class SharedDecision(BaseModel):
    outcome: Outcome
    decided_at: datetime


class SharedInterviewPublic(BaseModel):
    """What a hiring manager needs to judge the candidate, and nothing more: no email, no
    recruiters' notes, comments or scorecards, no ids of people."""

    candidate_name: str
    template_name: str
    status: InterviewStatus
    completed_at: datetime | None
    questions: list[SharedQuestion]
    answers: list[SharedAnswer] = Field(description="Each question's latest usable answer")
    overall_score: int | None
    recommendation: Literal["hire", "consider", "reject"] | None
    analysis: dict[str, Any] | None = Field(description="Summary, strengths and concerns")
    decision: SharedDecision | None = Field(description="The current decision, without notes")
    link_expires_at: datetime
    media_expires_in_seconds: int
