"""Comments and scorecards in the table (all in the company's partition).

    comment   sk=COMMENT#<interview id>#<comment id>   (oldest first: ids are time-ordered)
    scorecard template   sk=SCORECARD_TEMPLATE#<id>
    scorecard            sk=SCORECARD#<interview id>#<reviewer id>   (one per reviewer)
A comment's write carries its events (outbox) and the in-app notifications of the people it
newly mentions, in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from functions.collaboration.domain import Comment
from functions.collaboration.scorecard_rules import Scorecard, ScorecardTemplate
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


class ScorecardRepository:
    """Scorecard templates and the scorecards reviewers submit."""

    def _template_record(self, template: ScorecardTemplate) -> Record:
        return Record(
            company_pk(template.company_id),
            f"SCORECARD_TEMPLATE#{template.id}",
            kind="scorecard_template",
            data=template.model_dump(mode="json"),
        )

    def save_template(self, template: ScorecardTemplate, revision: int | None) -> int:
        return write_record(
            self._template_record(template), revision, f"scorecard template {template.id}", ()
        )

    def template(self, company_id: str, template_id: str) -> tuple[ScorecardTemplate, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), f"SCORECARD_TEMPLATE#{template_id}", consistent_read=True
            )
        except Record.DoesNotExist:
            return None
        return _load(ScorecardTemplate, record), int(record.revision)

    def templates(
        self, company_id: str, *, limit: int, cursor: str | None
    ) -> Page[ScorecardTemplate]:
        """Newest first."""
        pk = company_pk(company_id)
        results = Record.query(
            pk,
            Record.sk.startswith("SCORECARD_TEMPLATE#"),
            limit=limit,
            page_size=limit,
            scan_index_forward=False,
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
        )
        page = _page(ScorecardTemplate, results, limit)
        return Page(items=[t for t, _ in page.items], next_cursor=page.next_cursor)

    def _record(self, scorecard: Scorecard) -> Record:
        return Record(
            company_pk(scorecard.company_id),
            f"SCORECARD#{scorecard.interview_id}#{scorecard.reviewer_id}",
            kind="scorecard",
            data=scorecard.model_dump(mode="json"),
        )

    def scorecard(
        self, company_id: str, interview_id: str, reviewer_id: str
    ) -> tuple[Scorecard, int] | None:
        try:
            record = Record.get(
                company_pk(company_id),
                f"SCORECARD#{interview_id}#{reviewer_id}",
                consistent_read=True,
            )
        except Record.DoesNotExist:
            return None
        return _load(Scorecard, record), int(record.revision)

    def save(self, scorecard: Scorecard, revision: int | None, events: Sequence[Event]) -> int:
        """New when `revision` is None (409 if the reviewer's came first), else over it."""
        return write_record(
            self._record(scorecard), revision, f"the scorecard of {scorecard.reviewer_id}", events
        )

    def for_interview(self, company_id: str, interview_id: str) -> list[Scorecard]:
        """Every reviewer's scorecard of the interview (a handful: one Query)."""
        records = Record.query(
            company_pk(company_id), Record.sk.startswith(f"SCORECARD#{interview_id}#")
        )
        return [_load(Scorecard, r) for r in records]
