"""In-app notifications: what a member sees under the bell (mentions, for now).

Each is written in the same transaction as the change that causes it, keyed by the member and
the comment, so a person gets at most one per comment; the email of the same mention goes out
from the bus event (`comment.mentioned`) written in that transaction too.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.notifications.inbox_store import NotificationRepository

MAX_MARKED = 100


class Notification(BaseModel):
    company_id: str
    user_id: str  # who it is for
    id: str  # the comment's id: one notification per person and comment
    kind: Literal["mention"] = "mention"
    interview_id: str
    comment_id: str
    answer_id: str | None = None
    actor_id: str
    actor_name: str
    candidate_name: str
    excerpt: str  # empty once the comment was deleted
    comment_deleted: bool = False
    created_at: datetime
    read_at: datetime | None = None


def list_notifications(
    inbox: NotificationRepository,
    user: User,
    *,
    unread_only: bool,
    limit: int,
    cursor: str | None,
) -> tuple[Page[Notification], int]:
    """A page, newest first, and how many are unread."""
    page = inbox.page(user.company_id, user.id, unread_only=unread_only, limit=limit, cursor=cursor)
    return page, inbox.unread_count(user.company_id, user.id)


def unread_count(inbox: NotificationRepository, user: User) -> int:
    return inbox.unread_count(user.company_id, user.id)


def mark_read(inbox: NotificationRepository, user: User, ids: list[str] | None) -> int:
    """Mark the given notifications (or every unread one) read; how many stay unread. Ids that
    are not the caller's are skipped: nobody marks another person's notifications."""
    inbox.mark_read(user.company_id, user.id, ids, utcnow())
    return inbox.unread_count(user.company_id, user.id)
