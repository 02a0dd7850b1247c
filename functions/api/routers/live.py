"""Live interviews (issue 13): scheduling, listing, reading and cancelling them.

Under /interviews/live (CloudFront's behaviour for /interviews/* serves it: no new behaviour),
registered before the interviews router so `live` is never read as an interview id. The room's
signalling runs on its own WebSocket endpoint, whose URL every response carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response, Security, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from functions import wiring
from functions.api.deps import (
    AppSettings,
    Companies,
    CurrentUser,
    Manager,
    Recordings,
    Templates,
    Users,
    _limited,
    _token,
)
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.schemas.candidate import CompanyBrand, ConsentGive, UploadPart
from functions.api.schemas.live import (
    LiveAnswerPublic,
    LiveCandidateSessionPublic,
    LiveInterviewCreate,
    LiveInterviewDetail,
    LiveInterviewList,
    LiveInterviewPublic,
    LiveInvitationPublic,
    LiveNotesSave,
    LiveRecordingComplete,
    LiveRecordingCreate,
    LiveRecordingPublic,
    LiveRecordingUploadPublic,
)
from functions.domain.consent import Consent
from functions.domain.errors import NotFound
from functions.events.producers import live_join_url
from functions.live import participation, scheduling
from functions.live.domain import LiveInterview, LiveRecording, LiveStatus
from functions.live.participation import RecordingGrant
from functions.recordings.ports import RecordingStore
from functions.settings import Settings

if TYPE_CHECKING:
    from functions.live.store import LiveInterviewRepository
else:  # PynamoDB is imported when the first request asks for the repository (api/deps.py)
    LiveInterviewRepository = Any

LiveInterviews = Annotated[LiveInterviewRepository, Depends(wiring.live_interviews)]

router = APIRouter(prefix="/interviews/live", tags=["live interviews"])
_CLIP_URL_SECONDS = 15 * 60
_live_candidate_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="LiveCandidateToken",
    description="The token from the candidate's live interview link",
)


@dataclass(frozen=True)
class LiveCandidateContext:
    live: LiveInterview
    revision: int


def _live_candidate(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_live_candidate_bearer)],
    response: Response,
) -> LiveCandidateContext:
    token = _token(credentials, "the token from your live interview link")
    live, revision = participation.open_live_session(wiring.live_interviews(), token)
    _limited(response, "candidate", live.id)
    return LiveCandidateContext(live, revision)


LiveCandidate = Annotated[LiveCandidateContext, Depends(_live_candidate)]


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
        **live.model_dump(
            exclude={"token_hash", "company_id", "answers", "recordings", "analyzed_at"}
        ),
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


# The candidate's (their link's token): declared before /{live_interview_id}/... so that
# "candidate" is never read as an id.


@router.get(
    "/candidate/session",
    operation_id="getLiveCandidateSession",
    response_model=LiveCandidateSessionPublic,
)
def get_live_candidate_session(
    ctx: LiveCandidate, companies: Companies, settings: AppSettings
) -> LiveCandidateSessionPublic:
    """The live interview of the candidate's link: when, with whom, the room's URL and the
    consent given (joining the room needs it)."""
    live = ctx.live
    company = companies.get(live.company_id)
    if company is None:
        raise NotFound(f"live interview {live.id} not found")
    return LiveCandidateSessionPublic(
        live_interview_id=live.id,
        title=live.title,
        company=CompanyBrand(name=company.name, branding=company.branding),
        candidate_name=live.candidate.name,
        language=live.candidate.language,
        starts_at=live.starts_at,
        ends_at=live.ends_at,
        status=live.status,
        signalling_url=signalling_url(settings),
        consent=live.consent,
        privacy_url=company.privacy_url,
        recording_retention_months=company.recording_retention_months,
    )


@router.post(
    "/candidate/consent",
    operation_id="giveLiveConsent",
    response_model=Consent,
    responses={409: {"model": Problem, "description": "Other choices, and recording started"}},
)
def give_live_consent(body: ConsentGive, ctx: LiveCandidate, lives: LiveInterviews) -> Consent:
    """As giveConsent, for the live interview: the room refuses the candidate's join
    (consent_required) until it is given."""
    return participation.give_live_consent(
        lives,
        ctx.live,
        ctx.revision,
        text_version=body.text_version,
        language=body.language,
        recording_and_ai_analysis=body.recording_and_ai_analysis,
        human_review_only=body.human_review_only,
    )


def _upload(grant: RecordingGrant) -> LiveRecordingUploadPublic:
    return LiveRecordingUploadPublic(
        recording_id=grant.recording.recording_id,
        started_at=grant.recording.started_at,
        method="MULTIPART",
        url=None,
        fields={},
        headers={},
        part_size_bytes=grant.part_size_bytes,
        parts=[UploadPart(part_number=n, url=u) for n, u in enumerate(grant.part_urls, start=1)],
        max_bytes=grant.max_bytes,
        expires_at=grant.expires_at,
    )


_RECORDING_RESPONSES: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "The room is not open, or consent is required"},
    410: {"model": Problem, "description": "Cancelled, or over 2 hours after the end"},
}


@dataclass(frozen=True)
class RecordingParticipant:
    """Who records the call: the live interview as they may see it, their participant id and
    role. The candidate's and a member's recording operations differ only in this."""

    live: LiveInterview
    revision: int
    participant_id: str
    role: Literal["candidate", "interviewer"]


def _candidate_recorder(ctx: LiveCandidate) -> RecordingParticipant:
    return RecordingParticipant(ctx.live, ctx.revision, participation.CANDIDATE, "candidate")


def _member_recorder(
    live_interview_id: ResourceId, user: CurrentUser, lives: LiveInterviews
) -> RecordingParticipant:
    live, revision = scheduling.visible_live_interview(lives, user, live_interview_id)
    return RecordingParticipant(live, revision, user.id, "interviewer")


CandidateRecorder = Annotated[RecordingParticipant, Depends(_candidate_recorder)]
# A member's routes still name `live_interview_id` first (MemberRecorder reads it): that keeps
# the order of their path parameters in the OpenAPI document.
MemberRecorder = Annotated[RecordingParticipant, Depends(_member_recorder)]


def _create_recording(
    lives: LiveInterviewRepository,
    store: RecordingStore,
    settings: Settings,
    who: RecordingParticipant,
    body: LiveRecordingCreate,
) -> LiveRecordingUploadPublic:
    return _upload(
        participation.create_recording(
            lives,
            store,
            settings,
            who.live,
            who.revision,
            participant_id=who.participant_id,
            role=who.role,
            content_type=body.content_type,
        )
    )


def _renew_parts(
    store: RecordingStore, settings: Settings, who: RecordingParticipant, recording_id: str
) -> LiveRecordingUploadPublic:
    return _upload(
        participation.renew_recording_parts(
            store, settings, who.live, recording_id=recording_id, participant_id=who.participant_id
        )
    )


def _analyze_when_over(live: LiveInterview, recording: LiveRecording) -> None:
    """The candidate's recording, complete after the call: the analysis may run now (before
    the end, `live_interview.ended` starts it)."""
    if recording.role == "candidate" and live.status is LiveStatus.ENDED:
        wiring.live_analysis_queue().send(live.company_id, live.id)


def _complete(
    lives: LiveInterviewRepository,
    store: RecordingStore,
    who: RecordingParticipant,
    recording_id: str,
    body: LiveRecordingComplete,
) -> LiveRecordingPublic:
    done = participation.complete_recording(
        lives,
        store,
        who.live,
        who.revision,
        recording_id=recording_id,
        participant_id=who.participant_id,
        parts=[(p.part_number, p.etag) for p in body.parts],
        on_completed=_analyze_when_over,
    )
    return _recording(done)


@router.post(
    "/candidate/recordings",
    operation_id="createLiveCandidateRecordingUpload",
    response_model=LiveRecordingUploadPublic,
    status_code=status.HTTP_201_CREATED,
    responses=_RECORDING_RESPONSES,
)
def create_live_candidate_recording_upload(
    body: LiveRecordingCreate,
    who: CandidateRecorder,
    lives: LiveInterviews,
    store: Recordings,
    settings: AppSettings,
) -> LiveRecordingUploadPublic:
    """The candidate's recording of the call (after giveLiveConsent): a multipart upload."""
    return _create_recording(lives, store, settings, who, body)


@router.post(
    "/candidate/recordings/{recording_id}/parts",
    operation_id="renewLiveCandidateRecordingParts",
    response_model=LiveRecordingUploadPublic,
    responses=_RECORDING_RESPONSES,
)
def renew_live_candidate_recording_parts(
    recording_id: ResourceId, who: CandidateRecorder, store: Recordings, settings: AppSettings
) -> LiveRecordingUploadPublic:
    return _renew_parts(store, settings, who, recording_id)


@router.post(
    "/candidate/recordings/{recording_id}/complete",
    operation_id="completeLiveCandidateRecordingUpload",
    response_model=LiveRecordingPublic,
    responses=_RECORDING_RESPONSES,
)
def complete_live_candidate_recording_upload(
    recording_id: ResourceId,
    body: LiveRecordingComplete,
    who: CandidateRecorder,
    lives: LiveInterviews,
    store: Recordings,
) -> LiveRecordingPublic:
    """After hang-up (up to 2 hours after the end): the analysis after the call waits for it."""
    return _complete(lives, store, who, recording_id, body)


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
    "/{live_interview_id}", operation_id="getLiveInterview", response_model=LiveInterviewDetail
)
def get_live_interview(
    live_interview_id: ResourceId,
    user: CurrentUser,
    lives: LiveInterviews,
    settings: AppSettings,
    store: Recordings,
) -> LiveInterviewDetail:
    """With the timeline, the confirmed transcript, the caller's own notes, the candidate's
    consent, the recordings and, after the call, the answers and their analysis."""
    live, _ = scheduling.visible_live_interview(lives, user, live_interview_id)
    transcript = wiring.live_transcripts().confirmed(live.company_id, live.id)
    notes = wiring.live_notes().get(live.company_id, live.id, user.id)
    answers = [
        LiveAnswerPublic(
            **answer.model_dump(exclude={"clip_key"}),
            video_url=store.presigned_get(answer.clip_key, _CLIP_URL_SECONDS)
            if answer.clip_key
            else None,
        )
        for answer in live.answers
    ]
    return LiveInterviewDetail(
        **_public(live, settings),
        transcript=transcript,
        my_notes=notes,
        answers=answers,
        recordings=[_recording(r) for r in live.recordings],
    )


def _recording(recording: LiveRecording) -> LiveRecordingPublic:
    return LiveRecordingPublic(
        **recording.model_dump(include=set(LiveRecordingPublic.model_fields))
    )


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


@router.put(
    "/{live_interview_id}/notes",
    operation_id="saveLiveNotes",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
def save_live_notes(
    live_interview_id: ResourceId, body: LiveNotesSave, user: CurrentUser, lives: LiveInterviews
) -> Response:
    """The caller's private notes (replacing theirs): only they read them back (my_notes)."""
    live, _ = scheduling.visible_live_interview(lives, user, live_interview_id)
    participation.save_notes(wiring.live_notes(), live, user.id, body.text)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{live_interview_id}/recordings",
    operation_id="createLiveRecordingUpload",
    response_model=LiveRecordingUploadPublic,
    status_code=status.HTTP_201_CREATED,
    responses=_RECORDING_RESPONSES,
)
def create_live_recording_upload(
    live_interview_id: ResourceId,
    body: LiveRecordingCreate,
    who: MemberRecorder,
    lives: LiveInterviews,
    store: Recordings,
    settings: AppSettings,
) -> LiveRecordingUploadPublic:
    """The calling member's own recording of the call: a multipart upload."""
    return _create_recording(lives, store, settings, who, body)


@router.post(
    "/{live_interview_id}/recordings/{recording_id}/parts",
    operation_id="renewLiveRecordingParts",
    response_model=LiveRecordingUploadPublic,
    responses=_RECORDING_RESPONSES,
)
def renew_live_recording_parts(
    live_interview_id: ResourceId,
    recording_id: ResourceId,
    who: MemberRecorder,
    store: Recordings,
    settings: AppSettings,
) -> LiveRecordingUploadPublic:
    return _renew_parts(store, settings, who, recording_id)


@router.post(
    "/{live_interview_id}/recordings/{recording_id}/complete",
    operation_id="completeLiveRecordingUpload",
    response_model=LiveRecordingPublic,
    responses=_RECORDING_RESPONSES,
)
def complete_live_recording_upload(
    live_interview_id: ResourceId,
    recording_id: ResourceId,
    body: LiveRecordingComplete,
    who: MemberRecorder,
    lives: LiveInterviews,
    store: Recordings,
) -> LiveRecordingPublic:
    return _complete(lives, store, who, recording_id, body)
