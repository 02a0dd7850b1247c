"""Team collaboration on an interview: reviewers, comments, scorecards (functions/collaboration).

Interviewers reach only the interviews assigned to them: anything else is the same 404 as a
missing interview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from functions import wiring
from functions.api.deps import CurrentUser, Interviews, Manager, Users
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.routers.inbox import Inbox
from functions.api.schemas.collaboration import (
    CommentCreate,
    CommentList,
    CommentPublic,
    CommentUpdate,
    MemberList,
    MemberPublic,
    Reviewers,
    ReviewersAssign,
)
from functions.collaboration import assignment, comments
from functions.collaboration.domain import Comment
from functions.domain.interviews import Interview

if TYPE_CHECKING:
    from functions.collaboration.store import CommentRepository
else:
    CommentRepository = Any  # PynamoDB loads with the first request (functions/api/deps.py)

Comments = Annotated[CommentRepository, Depends(wiring.comments)]

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


# Comments -------------------------------------------------------------------------------------


def _comment(comment: Comment) -> CommentPublic:
    data = comment.model_dump(exclude={"company_id", "notified_ids"})
    return CommentPublic(**data, deleted=comment.deleted)


@router.post(
    "/{interview_id}/comments",
    operation_id="createComment",
    response_model=CommentPublic,
    status_code=status.HTTP_201_CREATED,
)
def create_comment(
    interview_id: ResourceId,
    body: CommentCreate,
    user: CurrentUser,
    repo: Comments,
    interviews: Interviews,
    users: Users,
    key: IdempotencyKey = None,
) -> CommentPublic:
    """On the interview, or on one answer (optionally at a moment of its video); a reply names
    its thread's first comment. Each mentioned member is notified in the app and by email.
    With an Idempotency-Key, a retry returns the first comment (and tells nobody again)."""

    def create() -> CommentPublic:
        comment = comments.create_comment(
            repo,
            interviews,
            users,
            user,
            interview_id,
            text=body.text,
            parent_id=body.parent_id,
            answer_id=body.answer_id,
            at_seconds=body.at_seconds,
            mentioned_user_ids=body.mentioned_user_ids,
        )
        return _comment(comment)

    return CommentPublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation=f"createComment:{interview_id}",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.get("/{interview_id}/comments", operation_id="listComments", response_model=CommentList)
def list_comments(
    interview_id: ResourceId,
    user: CurrentUser,
    repo: Comments,
    interviews: Interviews,
    answer_id: Annotated[
        str | None, Query(max_length=64, description="Only the comments on this answer")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> CommentList:
    page = comments.list_comments(
        repo, interviews, user, interview_id, answer_id=answer_id, limit=limit, cursor=cursor
    )
    return CommentList(items=[_comment(c) for c in page.items], next_cursor=page.next_cursor)


@router.patch(
    "/{interview_id}/comments/{comment_id}",
    operation_id="updateComment",
    response_model=CommentPublic,
)
def update_comment(
    interview_id: ResourceId,
    comment_id: ResourceId,
    body: CommentUpdate,
    user: CurrentUser,
    repo: Comments,
    interviews: Interviews,
    users: Users,
) -> CommentPublic:
    """Its author only (403 otherwise). Members mentioned for the first time on this comment
    are notified; those told before are not told again."""
    comment = comments.update_comment(
        repo,
        interviews,
        users,
        user,
        interview_id,
        comment_id,
        text=body.text,
        mentioned_user_ids=body.mentioned_user_ids,
    )
    return _comment(comment)


@router.delete(
    "/{interview_id}/comments/{comment_id}",
    operation_id="deleteComment",
    response_model=CommentPublic,
)
def delete_comment(
    interview_id: ResourceId,
    comment_id: ResourceId,
    user: CurrentUser,
    repo: Comments,
    interviews: Interviews,
    inbox: Inbox,
) -> CommentPublic:
    """Its author only (403 otherwise). Soft: the comment stays in its thread as a 'deleted'
    placeholder (no text, no mentions) and its replies stay."""
    deleted = comments.delete_comment(repo, interviews, inbox, user, interview_id, comment_id)
    return _comment(deleted)


@router.get(
    "/{interview_id}/mentionable",
    operation_id="listMentionableMembers",
    response_model=MemberList,
)
def list_mentionable_members(
    interview_id: ResourceId, user: CurrentUser, interviews: Interviews, users: Users
) -> MemberList:
    """Who can be @mentioned on this interview: active admins and recruiters, and its assigned
    reviewers."""
    members = comments.mentionable_members(interviews, users, user, interview_id)
    return MemberList(items=[MemberPublic(id=m.id, name=m.name, role=m.role) for m in members])
