"""In-app notifications: the bell (functions/notifications/inbox.py). Each member reads and
marks only their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query

from functions import wiring
from functions.api.deps import CurrentUser
from functions.api.schemas.collaboration import (
    NotificationList,
    NotificationPublic,
    NotificationsRead,
    UnreadCount,
)
from functions.notifications import inbox

if TYPE_CHECKING:
    from functions.notifications.inbox_store import NotificationRepository
else:
    NotificationRepository = Any  # PynamoDB loads with the first request (functions/api/deps.py)

Inbox = Annotated[NotificationRepository, Depends(wiring.inbox)]

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", operation_id="listNotifications", response_model=NotificationList)
def list_notifications(
    user: CurrentUser,
    repo: Inbox,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> NotificationList:
    page, unread = inbox.list_notifications(
        repo, user, unread_only=unread_only, limit=limit, cursor=cursor
    )
    items = [
        NotificationPublic(**n.model_dump(exclude={"company_id", "user_id"})) for n in page.items
    ]
    return NotificationList(items=items, unread_count=unread, next_cursor=page.next_cursor)


@router.get("/unread-count", operation_id="countUnreadNotifications", response_model=UnreadCount)
def count_unread_notifications(user: CurrentUser, repo: Inbox) -> UnreadCount:
    """For the header's bell: one read of the caller's unread notifications only."""
    return UnreadCount(unread_count=inbox.unread_count(repo, user))


@router.post("/read", operation_id="markNotificationsRead", response_model=UnreadCount)
def mark_notifications_read(
    user: CurrentUser, repo: Inbox, body: NotificationsRead | None = None
) -> UnreadCount:
    """Marks the given notifications read (ids that are not yours are skipped), or every
    unread one when none are given; answers how many stay unread."""
    ids = body.notification_ids if body is not None else None
    return UnreadCount(unread_count=inbox.mark_read(repo, user, ids))
