"""Assigning reviewers to an interview (admins and recruiters).

An interviewer sees only the interviews they are assigned to (functions/interviews/use_cases.
visible_interview); each newly assigned member gets a `reviewer.assigned` event, written with
the interview in one transaction, on which the notifier emails them in their language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.domain.companies import User
from functions.domain.errors import InvalidInput, NotFound
from functions.domain.interviews import Interview
from functions.events import producers as events
from functions.interviews.use_cases import visible_interview

if TYPE_CHECKING:
    from functions.storage.repositories import InterviewRepository, UserRepository

MAX_REVIEWERS = 20


def ensure_active_members(users: UserRepository, company_id: str, user_ids: list[str]) -> None:
    """Every id names an active member of the company (404 naming the first that does not)."""
    for user_id in user_ids:
        member = users.get(company_id, user_id)
        if member is None or not member.active:
            raise NotFound(f"reviewer {user_id} is not an active member of this company")


def assign_reviewers(
    interviews: InterviewRepository,
    users: UserRepository,
    user: User,
    interview_id: str,
    user_ids: list[str],
) -> Interview:
    """Add reviewers; those already assigned are left as they are (a retried call changes
    nothing and emails nobody twice)."""
    interview, revision = visible_interview(interviews, user, interview_id)
    new = [i for i in dict.fromkeys(user_ids) if i not in interview.reviewer_ids]
    if not new:
        return interview
    ensure_active_members(users, user.company_id, new)
    reviewers = sorted({*interview.reviewer_ids, *new})
    if len(reviewers) > MAX_REVIEWERS:
        raise InvalidInput(
            f"an interview may have at most {MAX_REVIEWERS} reviewers; it would have "
            f"{len(reviewers)}",
        )
    assigned = interview.model_copy(update={"reviewer_ids": reviewers})
    interviews.save(
        assigned, revision, events=[events.reviewer_assigned(assigned, i, user.id) for i in new]
    )
    return assigned


def unassign_reviewer(
    interviews: InterviewRepository, user: User, interview_id: str, reviewer_id: str
) -> Interview:
    """The reviewer stops seeing the interview at once; their scorecard and comments stay.
    Removing someone who is not assigned changes nothing."""
    interview, revision = visible_interview(interviews, user, interview_id)
    if reviewer_id not in interview.reviewer_ids:
        return interview
    remaining = [i for i in interview.reviewer_ids if i != reviewer_id]
    unassigned = interview.model_copy(update={"reviewer_ids": remaining})
    interviews.save(unassigned, revision)
    return unassigned
