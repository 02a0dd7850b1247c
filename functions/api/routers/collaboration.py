"""Team collaboration on an interview: reviewers, comments, scorecards (functions/collaboration).

Interviewers reach only the interviews assigned to them: anything else is the same 404 as a
missing interview.
"""

from __future__ import annotations

from fastapi import APIRouter

from functions.api.deps import Interviews, Manager, Users
from functions.api.params import ResourceId
from functions.api.schemas.collaboration import Reviewers, ReviewersAssign
from functions.collaboration import assignment
from functions.domain.interviews import Interview

router = APIRouter(prefix="/interviews", tags=["collaboration"])


def _reviewers(interview: Interview) -> Reviewers:
    return Reviewers(interview_id=interview.id, reviewer_ids=interview.reviewer_ids)


@router.post("/{interview_id}/reviewers", operation_id="assignReviewers", response_model=Reviewers)
def assign_reviewers(
    interview_id: ResourceId, body: ReviewersAssign, user: Manager, repo: Interviews, users: Users
) -> Reviewers:
    """Adds active members as reviewers; each new one is emailed in their language
    (`reviewer.assigned`). An interviewer then sees this interview, and only those assigned."""
    interview = assignment.assign_reviewers(repo, users, user, interview_id, body.user_ids)
    return _reviewers(interview)


@router.delete(
    "/{interview_id}/reviewers/{user_id}",
    operation_id="unassignReviewer",
    response_model=Reviewers,
)
def unassign_reviewer(
    interview_id: ResourceId, user_id: ResourceId, user: Manager, repo: Interviews
) -> Reviewers:
    """The reviewer stops seeing the interview at once; their scorecard and comments stay."""
    return _reviewers(assignment.unassign_reviewer(repo, user, interview_id, user_id))
