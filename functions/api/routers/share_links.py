"""Share links for a hiring manager (issue 12): recruiters make, list and revoke them; the
read-only view opens with the link's token, no account.

The routes sit under /interviews (CloudFront forwards the API by its top-level path segments and
allows 25 behaviours); the view is `/interviews/shared/view`, two segments, which no route of an
interview id has, so the order the routers are included in does not matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Response, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from functions import wiring
from functions.accounts.rate_limits import charge
from functions.accounts.rate_limits import headers as rate_limit_headers
from functions.api.deps import AppSettings, Interviews, Manager, Recordings
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.schemas.share_links import (
    NewShareLinkPublic,
    SharedAnswer,
    SharedDecision,
    SharedInterviewPublic,
    SharedMedia,
    SharedQuestion,
    ShareLinkCreate,
    ShareLinkList,
    ShareLinkPublic,
)
from functions.domain.clock import utcnow
from functions.domain.errors import Unauthenticated
from functions.domain.interviews import Answer
from functions.domain.share_links import ShareLink
from functions.interviews import sharing
from functions.recordings.ports import RecordingStore
from functions.settings import Settings

if TYPE_CHECKING:
    from functions.storage.share_links import ShareLinkRepository
else:
    ShareLinkRepository = Any  # PynamoDB loads on the first request (see api/deps.py)

router = APIRouter(prefix="/interviews", tags=["share links"])

# The shared page's media links: long enough to watch an answer, short enough that a copied
# video link dies soon (the page asks again for fresh ones).
SHARED_MEDIA_SECONDS = 900
ShareLinks = Annotated[ShareLinkRepository, Depends(wiring.share_links)]
_share_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ShareToken",
    description="The token from a hiring manager's share link (after the # of its URL)",
)


def share_url(settings: Settings, token: str) -> str:
    """The SPA's page; the token rides in the fragment, which no server or log ever sees."""
    return f"{settings.public_base_url.rstrip('/')}/shared#{token}"


def _public(link: ShareLink) -> ShareLinkPublic:
    return ShareLinkPublic(**link.model_dump(exclude={"company_id", "token_hash"}))


@router.get(
    "/shared/view",
    operation_id="getSharedInterview",
    response_model=SharedInterviewPublic,
    responses={
        401: {"model": Problem, "description": "No share token, or one that is no link"},
        404: {"model": Problem, "description": "The shared interview no longer exists"},
        410: {"model": Problem, "description": "The link expired or was revoked (`reason`)"},
        429: {"model": Problem, "description": "Too many requests on this link (`Retry-After`)"},
    },
)
def get_shared_interview(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_share_bearer)],
    links: ShareLinks,
    repo: Interviews,
    store: Recordings,
    response: Response,
) -> SharedInterviewPublic:
    """The read-only view of a share link, for a hiring manager without an account: the
    candidate's name, the questions, each answer's video (presigned for 15 minutes),
    transcript and scores, the AI analysis and the current decision's outcome; no email,
    notes, comments or scorecards."""
    if credentials is None or not credentials.credentials:
        raise Unauthenticated("send the share link's token as 'Authorization: Bearer <token>'")
    shared = sharing.open_shared(links, repo, credentials.credentials)
    limit = charge(wiring.rate_limits(), "share_link", shared.link.id)
    if limit is not None:
        response.headers.update(rate_limit_headers(limit))
    interview = shared.interview
    analysis = interview.analysis or {}
    deleted = interview.recordings_deleted_at is not None
    decision = interview.decision
    return SharedInterviewPublic(
        candidate_name=interview.candidate.name,
        template_name=interview.template_name,
        status=interview.effective_status(utcnow()),
        completed_at=interview.completed_at,
        questions=[SharedQuestion(id=q.id, text=q.text) for q in interview.questions],
        answers=[_answer(store, a, deleted) for a in shared.answers],
        overall_score=analysis.get("overall_score"),
        recommendation=analysis.get("recommendation"),
        analysis=_without_usage(interview.analysis),
        decision=SharedDecision(outcome=decision.outcome, decided_at=decision.decided_at)
        if decision
        else None,
        link_expires_at=shared.link.expires_at,
        media_expires_in_seconds=SHARED_MEDIA_SECONDS,
    )


def _without_usage(analysis: dict[str, Any] | None) -> dict[str, Any] | None:
    """The analysis as the reviewers read it, without the provider's token counts."""
    if analysis is None:
        return None
    return {k: v for k, v in analysis.items() if k != "usage"}


def _answer(store: RecordingStore, answer: Answer, deleted: bool) -> SharedAnswer:
    def link(key: str | None) -> str | None:
        return store.presigned_get(key, SHARED_MEDIA_SECONDS) if key and not deleted else None

    keys = answer.media_keys
    return SharedAnswer(
        question_id=answer.question_id,
        question_index=answer.question_index,
        status=answer.status,
        duration_seconds=answer.duration_seconds,
        language=answer.language,
        transcript=answer.transcript,
        analysis=_without_usage(answer.analysis),
        media=SharedMedia(
            video_url=link(keys.video_key if keys else None),
            poster_url=link(keys.poster_key if keys else None),
            captions_url=link(answer.captions_key),
        ),
    )


@router.post(
    "/{interview_id}/share-links",
    operation_id="createShareLink",
    response_model=NewShareLinkPublic,
    status_code=status.HTTP_201_CREATED,
)
def create_share_link(
    interview_id: ResourceId,
    user: Manager,
    repo: Interviews,
    links: ShareLinks,
    settings: AppSettings,
    body: ShareLinkCreate | None = None,
) -> NewShareLinkPublic:
    """A read-only link to this interview for a hiring manager without an account (see
    getSharedInterview for what it shows). The URL carries an unguessable token, shown only
    here; it works for `expires_in_days` (1-30, default 7) or until revoked."""
    days = (body or ShareLinkCreate()).expires_in_days
    made = sharing.create_share_link(links, repo, user, interview_id, days)
    return NewShareLinkPublic(
        **_public(made.link).model_dump(), url=share_url(settings, made.token), token=made.token
    )


@router.get(
    "/{interview_id}/share-links", operation_id="listShareLinks", response_model=ShareLinkList
)
def list_share_links(
    interview_id: ResourceId, user: Manager, repo: Interviews, links: ShareLinks
) -> ShareLinkList:
    """The interview's share links that still work (not expired, not revoked), newest first."""
    active = sharing.active_share_links(links, repo, user, interview_id)
    return ShareLinkList(items=[_public(link) for link in active])


@router.post(
    "/{interview_id}/share-links/{link_id}/revoke",
    operation_id="revokeShareLink",
    response_model=ShareLinkPublic,
)
def revoke_share_link(
    interview_id: ResourceId,
    link_id: ResourceId,
    user: Manager,
    repo: Interviews,
    links: ShareLinks,
) -> ShareLinkPublic:
    """The link stops working at once (its page then says it was revoked)."""
    return _public(sharing.revoke_share_link(links, repo, user, interview_id, link_id))
