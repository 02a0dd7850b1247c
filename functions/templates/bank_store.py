"""The question bank in the table, in the company's partition:

bank question   sk=QBANK#<id>   (newest first: ids are time-ordered)
"""

from __future__ import annotations

from typing import Any

from functions.storage.pages import Page, decode_cursor
from functions.storage.records import Record
from functions.storage.repositories import _load, _page, company_pk, delete_audited, write_record
from functions.templates.bank import BankQuestion


def _sk(question_id: str) -> str:
    return f"QBANK#{question_id}"


class QuestionBank:
    def _record(self, question: BankQuestion) -> Record:
        return Record(
            company_pk(question.company_id),
            _sk(question.id),
            kind="bank_question",
            search=question.searchable,
            data=question.model_dump(mode="json"),
        )

    def save(self, question: BankQuestion, revision: int | None) -> int:
        """New when `revision` is None, else only over that revision (409 otherwise)."""
        return write_record(self._record(question), revision, f"question {question.id}", ())

    def get(self, company_id: str, question_id: str) -> tuple[BankQuestion, int] | None:
        try:
            record = Record.get(company_pk(company_id), _sk(question_id), consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(BankQuestion, record), int(record.revision)

    def delete(self, question: BankQuestion) -> None:
        delete_audited(self._record(question))

    def page(
        self, company_id: str, *, search: str | None, limit: int, cursor: str | None
    ) -> Page[BankQuestion]:
        """Newest first; a search filters inside the company's partition (pages may come back
        short, next_cursor goes on)."""
        pk = company_pk(company_id)
        options: dict[str, Any] = {"limit": limit, "page_size": limit, "scan_index_forward": False}
        if search:
            options["filter_condition"] = Record.search.contains(search.lower())
        results = Record.query(
            pk,
            Record.sk.startswith("QBANK#"),
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
            **options,
        )
        page = _page(BankQuestion, results, limit)
        return Page(items=[q for q, _ in page.items], next_cursor=page.next_cursor)
