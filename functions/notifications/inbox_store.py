"""In-app notifications in the table.

    notification  pk=COMPANY#<cid>  sk=NOTIFICATION#<user id>#<comment id>
                  gsi2pk=COMPANY#<cid>#UNREAD#<user id>  gsi2sk=NOTIFICATION#<id>  (while unread)
A member's notifications are one Query of their sort-key prefix (newest first: ids are
time-ordered); the unread ones sit in a sparse index partition of their own, so the unread count
reads only those. They expire after 180 days (TTL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import PutError

from functions.notifications.inbox import Notification
from functions.storage.pages import Page, decode_cursor
from functions.storage.records import Record
from functions.storage.repositories import _is_condition_failure, _load, _page, company_pk

NOTIFICATION_TTL_SECONDS = 180 * 24 * 3600


def _sk(user_id: str, notification_id: str) -> str:
    return f"NOTIFICATION#{user_id}#{notification_id}"


def _unread_key(company_id: str, user_id: str) -> str:
    return f"{company_pk(company_id)}#UNREAD#{user_id}"


def notification_record(notification: Notification) -> Record:
    record = Record(
        company_pk(notification.company_id),
        _sk(notification.user_id, notification.id),
        kind="notification",
        data=notification.model_dump(mode="json"),
        expires_at=int(notification.created_at.timestamp()) + NOTIFICATION_TTL_SECONDS,
    )
    if notification.read_at is None:
        record.gsi2pk = _unread_key(notification.company_id, notification.user_id)
        record.gsi2sk = f"NOTIFICATION#{notification.id}"
    return record


class NotificationRepository:
    def page(
        self, company_id: str, user_id: str, *, unread_only: bool, limit: int, cursor: str | None
    ) -> Page[Notification]:
        options: dict[str, Any] = {"limit": limit, "page_size": limit, "scan_index_forward": False}
        if unread_only:
            key = _unread_key(company_id, user_id)
            results = Record.by_gsi2.query(
                key, last_evaluated_key=decode_cursor(cursor, partition=("gsi2pk", key)), **options
            )
        else:
            pk = company_pk(company_id)
            results = Record.query(
                pk,
                Record.sk.startswith(f"NOTIFICATION#{user_id}#"),
                last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
                **options,
            )
        page = _page(Notification, results, limit)
        return Page(items=[n for n, _ in page.items], next_cursor=page.next_cursor)

    def unread_count(self, company_id: str, user_id: str) -> int:
        return int(Record.by_gsi2.count(_unread_key(company_id, user_id)))

    def mark_read(
        self, company_id: str, user_id: str, ids: list[str] | None, now: datetime
    ) -> None:
        if ids is None:
            unread = Record.by_gsi2.query(_unread_key(company_id, user_id))
            found = [_load(Notification, r) for r in unread]
        else:
            found = [n for n in (self.get(company_id, user_id, i) for i in ids) if n is not None]
        for notification in found:
            if notification.read_at is None:
                read = notification.model_copy(update={"read_at": now})
                try:
                    notification_record(read).save(condition=Record.pk.exists())
                except PutError as error:  # expired meanwhile: nothing left to mark
                    if not _is_condition_failure(error):
                        raise

    def get(self, company_id: str, user_id: str, notification_id: str) -> Notification | None:
        try:
            record = Record.get(company_pk(company_id), _sk(user_id, notification_id))
        except Record.DoesNotExist:
            return None
        return _load(Notification, record)
