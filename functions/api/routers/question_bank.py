"""The company's question bank (functions/templates/bank.py): admins and recruiters save
questions once and insert them into any template. Under /templates: no new top-level prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from functions import wiring
from functions.api.deps import Manager
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.schemas.templates import (
    BankQuestionCreate,
    BankQuestionList,
    BankQuestionPublic,
    BankQuestionUpdate,
)
from functions.templates import bank
from functions.templates.bank import BankQuestion

if TYPE_CHECKING:
    from functions.templates.bank_store import QuestionBank
else:
    QuestionBank = Any  # PynamoDB loads with the first request (functions/api/deps.py)

Bank = Annotated[QuestionBank, Depends(wiring.question_bank)]

router = APIRouter(prefix="/templates/bank/questions", tags=["templates"])


def _public(question: BankQuestion) -> BankQuestionPublic:
    return BankQuestionPublic.model_validate(question.model_dump(exclude={"company_id"}))


@router.post(
    "",
    operation_id="createBankQuestion",
    response_model=BankQuestionPublic,
    status_code=status.HTTP_201_CREATED,
)
def create_bank_question(
    body: BankQuestionCreate, user: Manager, repo: Bank, key: IdempotencyKey = None
) -> BankQuestionPublic:
    """Save a question to the bank. Send an Idempotency-Key so that a retry saves it once."""
    return BankQuestionPublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="createBankQuestion",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=lambda: _public(bank.save_question(repo, user, body)),
        )
    )


@router.get("", operation_id="listBankQuestions", response_model=BankQuestionList)
def list_bank_questions(
    user: Manager,
    repo: Bank,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    q: Annotated[
        str | None,
        Query(min_length=2, max_length=100, description="Part of the text or a competency"),
    ] = None,
) -> BankQuestionList:
    """Newest first."""
    page = bank.list_questions(repo, user.company_id, search=q, limit=limit, cursor=cursor)
    return BankQuestionList(items=[_public(x) for x in page.items], next_cursor=page.next_cursor)


@router.patch(
    "/{question_id}", operation_id="updateBankQuestion", response_model=BankQuestionPublic
)
def update_bank_question(
    question_id: ResourceId, body: BankQuestionUpdate, user: Manager, repo: Bank
) -> BankQuestionPublic:
    """Only the fields sent change; templates that inserted it keep their own copy."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return _public(bank.update_question(repo, user, question_id, changes))


@router.delete(
    "/{question_id}",
    operation_id="deleteBankQuestion",
    status_code=status.HTTP_204_NO_CONTENT,
)
def delete_bank_question(question_id: ResourceId, user: Manager, repo: Bank) -> Response:
    bank.delete_question(repo, user, question_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
