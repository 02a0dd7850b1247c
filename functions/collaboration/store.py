"""Comments and scorecards in the table (all in the company's partition).

    comment   sk=COMMENT#<interview id>#<comment id>   (oldest first: ids are time-ordered)
A comment's write carries its events (outbox) and the in-app notifications of the people it
newly mentions, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from functions.collaboration.domain import Comment
from functions.events.catalog import Event
from functions.notifications.inbox import Notification
from functions.notifications.inbox_store import notification_record
from functions.storage.pages import Page, decode_cursor
from functions.storage.records import Record
from functions.storage.repositories import _load, _page, company_pk, write_record


def _comment_sk(interview_id: str, comment_id: str) -> str:
    return f"COMMENT#{interview_id}#{comment_id}"


class CommentRepository:
    def _record(self, comment: Comment) -> Record:
        return Record(
            company_pk(comment.company_id),
            _comment_sk(comment.interview_id, comment.id),
            kind="comment",
            data=comment.model_dump(mode="json"),
        )

    def save(
        self,
        comment: Comment,
        revision: int | None,
        events: Sequence[Event] = (),
        notifications: Sequence[Notification] = (),
    ) -> int:
        """New when `revision` is None, else only over that revision (409 otherwise)."""
        return write_record(
            self._record(comment),
            revision,
            f"comment {comment.id}",
            events,
            also=[notification_record(n) for n in notifications],
        )

    def get(
        self, company_id: str, interview_id: str, comment_id: str
    ) -> tuple[Comment, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), _comment_sk(interview_id, comment_id), consistent_read=True
            )
        except Record.DoesNotExist:
            return None
        return _load(Comment, record), int(record.revision)

    def page(
        self,
        company_id: str,
        interview_id: str,
        *,
        answer_id: str | None,
        limit: int,
        cursor: str | None,
    ) -> Page[Comment]:
        """Oldest first, so a thread's first comment comes before its replies."""
        pk = company_pk(company_id)
        options: dict[str, Any] = {"limit": limit, "page_size": limit}
        if answer_id is not None:
            options["filter_condition"] = Record.data["answer_id"] == answer_id
        results = Record.query(
            pk,
            Record.sk.startswith(f"COMMENT#{interview_id}#"),
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
            **options,
        )
        page = _page(Comment, results, limit)
        return Page(items=[c for c, _ in page.items], next_cursor=page.next_cursor)
