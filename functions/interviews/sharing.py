"""Share links for a hiring manager: made, listed and revoked by recruiters; opened by anyone
holding the link, read-only, until it expires or is revoked."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain import interviews as rules
from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import NotFound, Unauthenticated
from functions.domain.ids import new_id
from functions.domain.interviews import Answer, Interview
from functions.domain.share_links import ShareLink, ensure_usable
from functions.interviews.use_cases import visible_interview

if TYPE_CHECKING:
    from functions.storage.repositories import InterviewRepository
    from functions.storage.share_links import ShareLinkRepository


class NewShareLink(BaseModel):
    """A link together with its token; the token exists only in this response."""

    link: ShareLink
    token: str


def create_share_link(
    links: ShareLinkRepository,
    interviews: InterviewRepository,
    user: User,
    interview_id: str,
    days: int,
) -> NewShareLink:
    visible_interview(interviews, user, interview_id)  # the tenant's, or 404
    now = utcnow()
    token = rules.new_invitation_token()
    link = ShareLink(
        company_id=user.company_id,
        interview_id=interview_id,
        id=new_id(),
        token_hash=rules.hash_token(token),
        created_by=user.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    links.add(link)
    return NewShareLink(link=link, token=token)


def active_share_links(
    links: ShareLinkRepository, interviews: InterviewRepository, user: User, interview_id: str
) -> list[ShareLink]:
    """The links that still work, newest first."""
    visible_interview(interviews, user, interview_id)
    now = utcnow()
    return [link for link in links.of_interview(user.company_id, interview_id) if link.active(now)]


def revoke_share_link(
    links: ShareLinkRepository,
    interviews: InterviewRepository,
    user: User,
    interview_id: str,
    link_id: str,
) -> ShareLink:
    """The link stops working at once; revoking a revoked one changes nothing."""
    visible_interview(interviews, user, interview_id)
    found = links.get(user.company_id, interview_id, link_id)
    if found is None:
        raise NotFound(f"share link {link_id} not found")
    link, revision = found
    if link.revoked_at is not None:
        return link
    revoked = link.model_copy(update={"revoked_at": utcnow(), "revoked_by": user.id})
    links.save(revoked, revision)
    return revoked


class SharedInterview(BaseModel):
    link: ShareLink
    interview: Interview
    answers: list[Answer]


def open_shared(
    links: ShareLinkRepository, interviews: InterviewRepository, token: str
) -> SharedInterview:
    """What a share link shows: 401 for a token that is no link, 410 once it expired or was
    revoked; the answers are each question's latest attempt that did not fail."""
    link = links.by_token_hash(rules.hash_token(token))
    if link is None:
        raise Unauthenticated("this share link is not valid; check that it was copied whole")
    ensure_usable(link, utcnow())
    found = interviews.get(link.company_id, link.interview_id)
    if found is None:
        raise NotFound("the shared interview no longer exists")
    interview = found[0]
    answers = [a for a, _ in interviews.answers(link.company_id, interview.id)]
    usable = [a for a in answers if a.status is not rules.AnswerStatus.FAILED]
    latest = rules.latest_attempts(usable)
    shown = [latest[q.id] for q in interview.questions if q.id in latest]
    return SharedInterview(link=link, interview=interview, answers=shown)
