"""The company's candidate directory: people, not only links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from functions.api.deps import Directory, Interviews, Manager
from functions.api.params import ResourceId
from functions.api.schemas.integrations import CandidateDetail, CandidateList
from functions.api.schemas.interviews import InterviewPublic
from functions.domain.clock import utcnow
from functions.integrations import use_cases

router = APIRouter(prefix="/candidates", tags=["candidates"])


@router.get("", operation_id="listCandidates", response_model=CandidateList)
def list_candidates(
    user: Manager,
    directory: Directory,
    search: Annotated[
        str | None, Query(max_length=200, description="Part of name or email")
    ] = None,
    tag: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidateList:
    items = use_cases.list_candidates(
        directory, user.company_id, search=search, tag=tag, limit=limit
    )
    return CandidateList(items=items)


@router.get("/{candidate_id}", operation_id="getCandidate", response_model=CandidateDetail)
def get_candidate(
    candidate_id: ResourceId, user: Manager, directory: Directory, interviews: Interviews
) -> CandidateDetail:
    """The candidate and every interview of theirs, newest first."""
    person, theirs = use_cases.get_candidate(directory, interviews, user.company_id, candidate_id)
    now = utcnow()
    listed = [
        InterviewPublic(
            **i.model_dump(exclude={"token_hash", "questions", "company_id", "status"}),
            status=i.effective_status(now),
        )
        for i in theirs
    ]
    return CandidateDetail(candidate=person, interviews=listed)
