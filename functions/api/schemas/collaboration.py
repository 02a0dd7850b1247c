"""Request and response models of team collaboration: reviewers, comments, scorecards."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from functions.collaboration.assignment import MAX_REVIEWERS
from functions.collaboration.domain import (
    COMMENT_MAX_LENGTH,
    MAX_AT_SECONDS,
    MAX_MENTIONS,
    Mention,
)
from functions.collaboration.scorecard_rules import (
    LEVELS,
    MAX_COMPETENCIES,
    MIN_COMPETENCIES,
    NOTES_MAX_LENGTH,
    Competency,
    CompetencyDraft,
    Rating,
    Recommendation,
    ScorecardSummary,
)
from functions.domain.companies import Role
from functions.domain.text import MultiLine, SingleLine
from functions.notifications.inbox import MAX_MARKED

UserId = Annotated[SingleLine, Field(min_length=1, max_length=64)]


class ReviewersAssign(BaseModel):
    user_ids: list[UserId] = Field(
        min_length=1,
        max_length=MAX_REVIEWERS,
        description="Members to add as reviewers; those already assigned are left as they are",
    )


class Reviewers(BaseModel):
    interview_id: str
    reviewer_ids: list[str] = Field(description="Every reviewer assigned to the interview")


# Comments -------------------------------------------------------------------------------------

CommentText = Annotated[
    MultiLine,
    Field(
        min_length=1,
        max_length=COMMENT_MAX_LENGTH,
        description="Plain text (no Markdown is rendered); @names stay as typed",
    ),
]
MentionedIds = list[UserId]
_MENTIONS = (
    "Ids of the members the text @mentions (each told once per comment, in the app and by "
    "email). An interviewer not assigned to the interview cannot be mentioned: 422 naming them "
    "(`unassigned_user_ids`); assign them first"
)


class CommentCreate(BaseModel):
    text: CommentText
    parent_id: UserId | None = Field(
        default=None, description="Reply to this thread's first comment (one level of replies)"
    )
    answer_id: UserId | None = Field(
        default=None, description="Comment on this answer; omit for the interview itself"
    )
    at_seconds: float | None = Field(
        default=None,
        ge=0,
        le=MAX_AT_SECONDS,
        description="A moment in the answer's video (clicking it seeks); needs answer_id and "
        "lies within the video when its length is known",
    )
    mentioned_user_ids: MentionedIds = Field(
        default_factory=list, max_length=MAX_MENTIONS, description=_MENTIONS
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        return _not_blank(text)


class CommentUpdate(BaseModel):
    """Only the fields sent change; `mentioned_user_ids` replaces the list, and only members not
    mentioned before on this comment are told."""

    text: CommentText | None = None
    mentioned_user_ids: MentionedIds | None = Field(
        default=None, max_length=MAX_MENTIONS, description=_MENTIONS
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, text: str | None) -> str | None:
        return None if text is None else _not_blank(text)

    @model_validator(mode="after")
    def _something(self) -> CommentUpdate:
        if self.text is None and self.mentioned_user_ids is None:
            raise ValueError("send text, mentioned_user_ids or both")
        return self


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text


class CommentPublic(BaseModel):
    id: str
    interview_id: str
    answer_id: str | None
    parent_id: str | None = Field(description="The thread's first comment, for a reply")
    at_seconds: float | None
    author_id: str
    author_name: str
    text: str | None = Field(description="null once deleted: show a 'deleted' placeholder")
    deleted: bool
    mentions: list[Mention]
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None


class CommentList(BaseModel):
    items: list[CommentPublic] = Field(
        description="Oldest first: a thread's first comment comes before its replies"
    )
    next_cursor: str | None


class MemberPublic(BaseModel):
    id: str
    name: str
    role: Role


class MemberList(BaseModel):
    items: list[MemberPublic]


# In-app notifications -------------------------------------------------------------------------


class NotificationPublic(BaseModel):
    id: str
    kind: Literal["mention"]
    interview_id: str
    comment_id: str
    answer_id: str | None
    actor_id: str
    actor_name: str = Field(description="Who mentioned you")
    candidate_name: str
    excerpt: str = Field(
        description="The comment's start when you were mentioned; empty once it was deleted"
    )
    comment_deleted: bool
    created_at: datetime
    read_at: datetime | None


class NotificationList(BaseModel):
    items: list[NotificationPublic] = Field(description="Newest first")
    unread_count: int
    next_cursor: str | None


class UnreadCount(BaseModel):
    unread_count: int


class NotificationsRead(BaseModel):
    notification_ids: list[UserId] | None = Field(
        default=None,
        max_length=MAX_MARKED,
        description="The notifications to mark read; omit to mark every unread one",
    )


# Scorecards -----------------------------------------------------------------------------------


class ScorecardTemplateCreate(BaseModel):
    name: SingleLine = Field(min_length=1, max_length=200)
    description: MultiLine = Field(default="", max_length=2000)
    competencies: list[CompetencyDraft] = Field(
        min_length=MIN_COMPETENCIES,
        max_length=MAX_COMPETENCIES,
        description="3 to 8, each rated 1-5 against five behavioural anchors",
    )
    hide_others_until_submitted: bool = Field(
        default=False,
        description="Reviewers see the others' scorecards only once they submitted their own",
    )


class ScorecardTemplateUpdate(BaseModel):
    """Only the fields sent change; `competencies` replaces the list (send `id` on the ones that
    exist to keep them)."""

    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    description: MultiLine | None = Field(default=None, max_length=2000)
    competencies: list[CompetencyDraft] | None = Field(
        default=None, min_length=MIN_COMPETENCIES, max_length=MAX_COMPETENCIES
    )
    hide_others_until_submitted: bool | None = None


class ScorecardTemplatePublic(BaseModel):
    id: str
    name: str
    description: str
    competencies: list[Competency]
    hide_others_until_submitted: bool
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime


class ScorecardTemplateList(BaseModel):
    items: list[ScorecardTemplatePublic] = Field(description="Newest first")
    next_cursor: str | None


class RatingInput(BaseModel):
    competency_id: SingleLine = Field(min_length=1, max_length=40)
    rating: int = Field(ge=1, le=LEVELS)
    note: MultiLine = Field(default="", max_length=1000)


class ScorecardSubmit(BaseModel):
    ratings: list[RatingInput] = Field(
        min_length=1,
        max_length=MAX_COMPETENCIES,
        description="One rating for every competency of the interview's scorecard template",
    )
    recommendation: Recommendation
    notes: MultiLine = Field(default="", max_length=NOTES_MAX_LENGTH)

    @field_validator("ratings")
    @classmethod
    def _once_each(cls, ratings: list[RatingInput]) -> list[RatingInput]:
        ids = [r.competency_id for r in ratings]
        if len(ids) != len(set(ids)):
            raise ValueError("rate each competency once")
        return ratings


class ScorecardPublic(BaseModel):
    interview_id: str
    reviewer_id: str
    reviewer_name: str
    scorecard_template_id: str
    scorecard_template_version: int
    ratings: list[Rating]
    recommendation: Recommendation
    notes: str
    submitted_at: datetime = Field(description="The first submission")
    updated_at: datetime


class ScorecardList(BaseModel):
    items: list[ScorecardPublic] = Field(
        description="Every reviewer's scorecard; only your own while the others are hidden"
    )
    hidden_count: int = Field(
        description="The others' scorecards hidden until you submit yours (the template's "
        "hide_others_until_submitted)"
    )
    scorecard_template: ScorecardTemplatePublic | None = Field(
        description="What to fill in (with the anchors); null when the interview's template "
        "has none"
    )
    summary: ScorecardSummary
