"""The company's question bank: questions saved once and inserted into any template.

A bank question is a template question without a template (text, timing, retakes,
competencies, ideal-answer hint). Inserting one copies it into the template's draft (the web
editor adds it as a new question), so a later edit of the bank never changes a template, and
editing a template never changes the bank. Admins and recruiters only, like templates: the
ideal-answer hints are the scorer's.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import NotFound
from functions.domain.ids import new_id
from functions.domain.templates import Question, QuestionFields
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.templates.bank_store import QuestionBank


def normalized_text(text: str) -> str:
    """What makes two questions the same one: their words, regardless of case and spacing."""
    return " ".join(text.split()).casefold()


class BankQuestion(Question):
    company_id: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def searchable(self) -> str:
        """What listBankQuestions' q finds: the text and the competencies, lower-cased."""
        return " ".join([self.text, *self.competencies]).lower()


def save_question(bank: QuestionBank, user: User, draft: QuestionFields) -> BankQuestion:
    now = utcnow()
    question = BankQuestion(
        **draft.model_dump(exclude={"id"}),
        id=new_id(),
        company_id=user.company_id,
        created_by=user.id,
        created_at=now,
        updated_at=now,
    )
    bank.save(question, None)
    return question


def list_questions(
    bank: QuestionBank, company_id: str, *, search: str | None, limit: int, cursor: str | None
) -> Page[BankQuestion]:
    return bank.page(company_id, search=search, limit=limit, cursor=cursor)


def update_question(
    bank: QuestionBank, user: User, question_id: str, changes: dict[str, Any]
) -> BankQuestion:
    current, revision = _get(bank, user.company_id, question_id)
    data = current.model_dump()
    data.update(changes, updated_at=utcnow())
    updated = BankQuestion.model_validate(data)
    bank.save(updated, revision, previous_text=current.text)
    return updated


def delete_question(bank: QuestionBank, user: User, question_id: str) -> None:
    current, _ = _get(bank, user.company_id, question_id)
    bank.delete(current)


def _get(bank: QuestionBank, company_id: str, question_id: str) -> tuple[BankQuestion, int]:
    found = bank.get(company_id, question_id)
    if found is None:
        raise NotFound(f"question {question_id} is not in the question bank")
    return found
