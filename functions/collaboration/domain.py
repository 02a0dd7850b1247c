"""Comments on interviews and answers, and the people they mention (pure: no I/O).

A thread is a comment on the interview, or on one answer (optionally at a time in its video),
and its replies: one level deep, so a reply names its thread's first comment. Text is plain (no
Markdown is rendered). A deleted comment keeps its place, so its thread stays readable: its text
and mentions are gone and clients show a "deleted" placeholder.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

COMMENT_MAX_LENGTH = 4000
MAX_MENTIONS = 20
# A moment in an answer's video: answers are at most 30 minutes (functions/media), with room.
MAX_AT_SECONDS = 4 * 3600
EXCERPT_LENGTH = 200


class Mention(BaseModel):
    user_id: str
    name: str = Field(description="The member's name when they were mentioned")


class Comment(BaseModel):
    company_id: str
    interview_id: str
    id: str
    author_id: str
    author_name: str
    parent_id: str | None = None
    answer_id: str | None = None
    at_seconds: float | None = None
    text: str | None  # None once deleted
    mentions: list[Mention] = Field(default_factory=list)
    # Everyone ever told about this comment: an edit notifies only people not in here.
    notified_ids: list[str] = Field(default_factory=list)
    created_at: datetime
    edited_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


def excerpt(text: str) -> str:
    """The start of a comment for an email or a notification, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1].rstrip() + "…"


def newly_notified(comment: Comment, mentions: list[Mention], author_id: str) -> list[str]:
    """Who a write with these mentions tells: mentioned, not the author, never told before."""
    told = set(comment.notified_ids)
    return [m.user_id for m in mentions if m.user_id != author_id and m.user_id not in told]
