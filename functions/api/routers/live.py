"""Live interviews (issue 13): scheduling, listing, reading and cancelling them.

Under /interviews/live (CloudFront's behaviour for /interviews/* serves it: no new behaviour),
registered before the interviews router so `live` is never read as an interview id. The room's
signalling runs on its own WebSocket endpoint, whose URL every response carries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from functions import wiring
from functions.api.deps import AppSettings, CurrentUser, Manager, Templates, Users
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.schemas.live import (
    LiveInterviewCreate,
    LiveInterviewList,
    LiveInterviewPublic,
    LiveInvitationPublic,
)
from functions.events.producers import live_join_url
from functions.live import scheduling
from functions.live.domain import LiveInterview, LiveStatus
from functions.settings import Settings

if TYPE_CHECKING:
    from functions.live.store import LiveInterviewRepository
else:  # PynamoDB is imported when the first request asks for the repository (api/deps.py)
    LiveInterviewRepository = Any

LiveInterviews = Annotated[LiveInterviewRepository, Depends(wiring.live_interviews)]

router = APIRouter(prefix="/interviews/live", tags=["live interviews"])


def signalling_url(settings: Settings) -> str:
    """The cloud's WebSocket API (a CDK output), or the local platform's endpoint."""
    if settings.live_signalling_url:
        return settings.live_signalling_url
    base = settings.public_base_url.rstrip("/")
    return base.replace("https://", "wss://", 1).replace("http://", "ws://", 1) + (
        "/interviews/live/signal"
    )


def _public(live: LiveInterview, settings: Settings) -> dict[str, object]:
    return {
        **live.model_dump(exclude={"token_hash", "company_id"}),
        "ends_at": live.ends_at,
        "signalling_url": signalling_url(settings),
    }


@router.post(
    "",
    operation_id="scheduleLiveInterview",
    response_model=LiveInvitationPublic,
    status_code=status.HTTP_201_CREATED,
)
def schedule_live_interview(
    body: LiveInterviewCreate,
    user: Manager,
    lives: LiveInterviews,
    templates: Templates,
    users: Users,
    settings: AppSettings,
    key: IdempotencyKey = None,
) -> LiveInvitationPublic:
    """The candidate and each interviewer are emailed an invitation with a calendar entry
    (.ics) and their link, in their language; a reminder follows before the start."""

    def schedule() -> LiveInvitationPublic:
        invitation = scheduling.schedule_live_interview(
            lives,
            templates,
            users,
            user,
            link_key=wiring.unsubscribe_key(),
            candidate=body.candidate,
            template_id=body.template_id,
            questions=body.questions,
            starts_at=body.starts_at,
            duration_minutes=body.duration_minutes,
            interviewer_ids=body.interviewer_ids,
            title=body.title,
        )
        return LiveInvitationPublic(
            **_public(invitation.live, settings),
            candidate_url=live_join_url(invitation.token),
            token=invitation.token,
        )

    return LiveInvitationPublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="scheduleLiveInterview",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=schedule,
        )
    )


@router.get("", operation_id="listLiveInterviews", response_model=LiveInterviewList)
def list_live_interviews(
    user: CurrentUser,
    lives: LiveInterviews,
    settings: AppSettings,
    status: LiveStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> LiveInterviewList:
    """Newest first; an interviewer sees the ones they sit on."""
    page = scheduling.list_live_interviews(lives, user, status=status, limit=limit, cursor=cursor)
    items = [LiveInterviewPublic(**_public(live, settings)) for live in page.items]
    return LiveInterviewList(items=items, next_cursor=page.next_cursor)


@router.get(
    "/{live_interview_id}", operation_id="getLiveInterview", response_model=LiveInterviewPublic
)
def get_live_interview(
    live_interview_id: ResourceId, user: CurrentUser, lives: LiveInterviews, settings: AppSettings
) -> LiveInterviewPublic:
    live, _ = scheduling.visible_live_interview(lives, user, live_interview_id)
    return LiveInterviewPublic(**_public(live, settings))


@router.post(
    "/{live_interview_id}/cancel",
    operation_id="cancelLiveInterview",
    response_model=LiveInterviewPublic,
)
def cancel_live_interview(
    live_interview_id: ResourceId, user: Manager, lives: LiveInterviews, settings: AppSettings
) -> LiveInterviewPublic:
    """The candidate's link stops working; an ended interview cannot be cancelled (409)."""
    live = scheduling.cancel_live_interview(lives, user, live_interview_id)
    return LiveInterviewPublic(**_public(live, settings))
