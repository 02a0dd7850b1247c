"""Live interviews (functions/live): scheduling and reading them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from functions.domain.interviews import Candidate
from functions.domain.templates import MAX_QUESTIONS, Question, QuestionDraft, ensure_questions_fit
from functions.domain.text import SingleLine
from functions.live.domain import (
    MAX_DURATION_MINUTES,
    MAX_INTERVIEWERS,
    MIN_DURATION_MINUTES,
    LiveStatus,
    StartTime,
)


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
