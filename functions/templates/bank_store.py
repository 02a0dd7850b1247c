"""The question bank in the table, in the company's partition:

    bank question     sk=QBANK#<id>                 (newest first: ids are time-ordered)
    its text's claim  sk=QBANKTEXT#<sha256 of the text, normalized>   -> the question's id

The claim is written in the same transaction as the question, conditional on being new, so one
text is in the bank once however often (or however concurrently) it is saved; an edit of the text
moves the claim, a delete removes it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.domain.errors import Conflict
from functions.storage.audit import audit_records, new_only
from functions.storage.pages import Page, decode_cursor
from functions.storage.records import Record
from functions.storage.repositories import (
    _connection,
    _guard,
    _load,
    _page,
    company_pk,
)
from functions.templates.bank import BankQuestion, normalized_text


class _Claim(BaseModel):
    question_id: str


def _sk(question_id: str) -> str:
    return f"QBANK#{question_id}"


def _claim_sk(text: str) -> str:
    digest = hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()
    return f"QBANKTEXT#{digest}"


class QuestionBank:
    def _record(self, question: BankQuestion) -> Record:
        return Record(
            company_pk(question.company_id),
            _sk(question.id),
            kind="bank_question",
            search=question.searchable,
            data=question.model_dump(mode="json"),
        )

    def _claim(self, company_id: str, text: str, question_id: str) -> Record:
        return Record(
            company_pk(company_id),
            _claim_sk(text),
            kind="bank_question_text",
            data={"question_id": question_id},
        )

    def save(
        self, question: BankQuestion, revision: int | None, previous_text: str | None = None
    ) -> int:
        """New when `revision` is None, else only over that revision (409 otherwise); a text
        already in the bank is a 409 too, naming the question that has it."""
        record = self._record(question)
        condition = _guard(record, revision)
        moved = previous_text is not None and _claim_sk(previous_text) != _claim_sk(question.text)
        claim = revision is None or moved
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.save(record, condition=condition)
                if claim:
                    transaction.save(
                        self._claim(question.company_id, question.text, question.id),
                        condition=Record.pk.does_not_exist(),
                    )
                if moved and previous_text is not None:
                    transaction.delete(self._claim(question.company_id, previous_text, ""))
                for entry in audit_records(record):
                    transaction.save(entry, condition=new_only())
        except TransactWriteError as error:
            raise self._refusal(error, question, claim) from None
        return int(record.revision)

    def _refusal(self, error: TransactWriteError, question: BankQuestion, claim: bool) -> Exception:
        """Which condition refused the write, read from the table (DynamoDB lists the reasons
        in its own order of the items): another question holding the text, or a newer
        revision of this one."""
        reasons = error.cancellation_reasons or []
        if not any(r is not None and r.code == "ConditionalCheckFailed" for r in reasons):
            return error
        owner = self._claimed_by(question.company_id, question.text) if claim else None
        if owner is not None and owner != question.id:
            return Conflict(
                "this question is already in the question bank",
                code="already_in_bank",
                question_id=owner,
                errors=[
                    {"field": "text", "message": "already in the question bank", "type": "conflict"}
                ],
            )
        return Conflict(f"question {question.id} was changed by someone else; reload")

    def _claimed_by(self, company_id: str, text: str) -> str | None:
        try:
            record = Record.get(company_pk(company_id), _claim_sk(text), consistent_read=True)
        except Record.DoesNotExist:
            return None
        owner = _load(_Claim, record)
        return owner.question_id

    def get(self, company_id: str, question_id: str) -> tuple[BankQuestion, int] | None:
        try:
            record = Record.get(company_pk(company_id), _sk(question_id), consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(BankQuestion, record), int(record.revision)

    def delete(self, question: BankQuestion) -> None:
        """The question, its text's claim and the actor's audit entry, in one transaction."""
        record = self._record(question)
        with TransactWrite(connection=_connection()) as transaction:
            transaction.delete(record)
            transaction.delete(self._claim(question.company_id, question.text, ""))
            for entry in audit_records(record, deleted=True):
                transaction.save(entry, condition=new_only())

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
