from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, status

from functions import wiring
from functions.api.contract import QUOTA_REFUSAL, RECORDINGS_DELETED
from functions.api.deps import (
    AppSettings,
    Billing,
    Companies,
    CurrentUser,
    Interviews,
    Manager,
    Recordings,
    Templates,
    Users,
)
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.routers.scorecards import Scorecards
from functions.api.schemas.interviews import (
    AnalysisVersionList,
    AnalysisVersionPublic,
    AnswerPublic,
    DecisionEntryPublic,
    DecisionRequest,
    ExtendDeadlineRequest,
    InterviewCreate,
    InterviewDetail,
    InterviewList,
    InterviewPublic,
    InterviewsCreate,
    InterviewStats,
    InvitationList,
    InvitationPublic,
    MediaLinks,
    RescoreAccepted,
    RescoreRequest,
    ResendRequest,
)
from functions.collaboration.scorecards import view_scorecards
from functions.domain.analyses import AnalysisVersion
from functions.domain.clock import utcnow
from functions.domain.companies import MANAGERS, User
from functions.domain.errors import Gone
from functions.domain.interviews import Answer, Interview, InterviewStatus, progress
from functions.domain.templates import Question
from functions.interviews import analyses, use_cases
from functions.interviews.use_cases import Invitation
from functions.observability import tracer
from functions.recordings.ports import RecordingStore
from functions.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient

    from functions.storage.repositories import InterviewRepository, UserRepository

StepFunctions = Annotated["SFNClient", Depends(wiring.stepfunctions)]


def _annotate(request: Request) -> None:
    """Every trace of an interview's operations carries its id (X-Ray annotation)."""
    interview_id = request.path_params.get("interview_id")
    if interview_id:
        tracer.put_annotation("interview.id", interview_id)


router = APIRouter(prefix="/interviews", tags=["interviews"], dependencies=[Depends(_annotate)])

MEDIA_LINK_SECONDS = 3600


def _public(interview: Interview, answers: list[Answer] | None) -> dict[str, object]:
    data = interview.model_dump(exclude={"token_hash", "questions", "company_id"})
    data["status"] = interview.effective_status(utcnow())
    data["progress"] = progress(interview, answers) if answers is not None else None
    analysis = interview.analysis or {}
    data["overall_score"] = analysis.get("overall_score")
    data["recommendation"] = analysis.get("recommendation")
    data["human_review_only"] = interview.human_review_only
    return data


def candidate_url(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/i/{token}"


def _invitation(settings: Settings, invitation: Invitation) -> InvitationPublic:
    return InvitationPublic(
        **_public(invitation.interview, []),
        candidate_url=candidate_url(settings, invitation.token),
        token=invitation.token,
    )


def _answer(store: RecordingStore, answer: Answer, deleted: bool = False) -> AnswerPublic:
    def link(key: str | None) -> str | None:
        return store.presigned_get(key, MEDIA_LINK_SECONDS) if key and not deleted else None

    keys = answer.media_keys
    media = MediaLinks(
        original_url=link(answer.object_key if answer.uploaded_at is not None else None),
        video_url=link(keys.video_key if keys else None),
        poster_url=link(keys.poster_key if keys else None),
        thumbnails_url=link(keys.thumbnails_key if keys else None),
        captions_url=link(answer.captions_key),
        transcript_url=link(answer.transcript_key),
    )
    return AnswerPublic(**answer.model_dump(exclude={"media_keys"}), media=media)


@router.post(
    "",
    operation_id="createInterview",
    response_model=InvitationPublic,
    status_code=status.HTTP_201_CREATED,
    responses=QUOTA_REFUSAL,
)
def create_interview(
    body: InterviewCreate,
    user: Manager,
    repo: Interviews,
    templates: Templates,
    users: Users,
    billing: Billing,
    settings: AppSettings,
    key: IdempotencyKey = None,
) -> InvitationPublic:
    """Counts against the plan's interviews this month: beyond them, a 402 problem naming
    the plan, usage, limit, reset date and upgrade link (`resets_at`, `upgrade_url`)."""

    def create() -> InvitationPublic:
        invitation = use_cases.create_interview(
            repo,
            templates,
            users,
            billing,
            user,
            template_id=body.template_id,
            candidate=body.candidate,
            deadline=body.deadline,
            reviewer_ids=body.reviewer_ids,
            default_days=settings.invitation_days_default,
            upgrade_url=settings.billing_page_url,
        )
        return _invitation(settings, invitation)

    return InvitationPublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="createInterview",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.post(
    "/batch",
    operation_id="createInterviews",
    response_model=InvitationList,
    status_code=status.HTTP_201_CREATED,
    responses=QUOTA_REFUSAL,
)
def create_interviews(
    body: InterviewsCreate,
    user: Manager,
    repo: Interviews,
    templates: Templates,
    users: Users,
    billing: Billing,
    settings: AppSettings,
    key: IdempotencyKey = None,
) -> InvitationList:
    """Up to 100 candidates for one template. All or nothing against the plan's interviews
    this month: a batch beyond them creates none (402 problem naming the plan, usage, limit,
    how many were asked (`requested`), reset date and upgrade link)."""

    def create() -> InvitationList:
        invitations = use_cases.create_interviews(
            repo,
            templates,
            users,
            billing,
            user,
            template_id=body.template_id,
            candidates=body.candidates,
            deadline=body.deadline,
            reviewer_ids=body.reviewer_ids,
            default_days=settings.invitation_days_default,
            upgrade_url=settings.billing_page_url,
        )
        return InvitationList(items=[_invitation(settings, i) for i in invitations])

    return InvitationList.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="createInterviews",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.get("", operation_id="listInterviews", response_model=InterviewList)
def list_interviews(
    user: CurrentUser,
    repo: Interviews,
    status: InterviewStatus | None = None,
    template_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=2,
            max_length=100,
            description="Part of the candidate's name or email, or of the template's name",
        ),
    ] = None,
) -> InterviewList:
    page = use_cases.list_interviews(
        repo,
        user,
        status=status,
        template_id=template_id,
        limit=limit,
        cursor=cursor,
        search=q,
    )
    items = [InterviewPublic(**{**_public(i, None), "progress": p}) for i, p in page.items]
    return InterviewList(items=items, next_cursor=page.next_cursor)


@router.get("/stats", operation_id="getInterviewStats", response_model=InterviewStats)
def get_interview_stats(user: CurrentUser, repo: Interviews) -> InterviewStats:
    """How many interviews are in each status, for the dashboard."""
    return InterviewStats(by_status=use_cases.count_interviews(repo, user))


@router.get("/{interview_id}", operation_id="getInterview", response_model=InterviewDetail)
def get_interview(
    interview_id: ResourceId,
    user: CurrentUser,
    repo: Interviews,
    store: Recordings,
    companies: Companies,
    scorecards: Scorecards,
    templates: Templates,
    users: Users,
) -> InterviewDetail:
    """An interviewer reads the interviews assigned to them, with their questions but without
    the ideal-answer hints, which are the scorer's and the recruiters'. Once the retention
    purge deleted the recordings, the answers keep their transcript text and scores but no
    media links."""
    interview, _, answers = use_cases.get_interview(repo, user, interview_id)
    deleted = interview.recordings_deleted_at is not None
    return InterviewDetail(
        **_public(interview, answers),
        questions=_questions_for(user, interview),
        answers=[_answer(store, a, deleted) for a in answers],
        recordings_delete_on=None
        if deleted
        else use_cases.recordings_delete_on(companies, interview),
        scorecard_summary=view_scorecards(scorecards, templates, user, interview).summary,
        decisions=_decisions(repo, users, user, interview),
    )


def _decisions(
    repo: InterviewRepository, users: UserRepository, user: User, interview: Interview
) -> list[DecisionEntryPublic]:
    history = use_cases.decision_history(repo, user, interview)
    names: dict[str, str] = {}
    if history:
        names = {m.id: m.name for m in users.members(user.company_id)}
    return [
        DecisionEntryPublic(**d.model_dump(), decided_by_name=names.get(d.decided_by))
        for d in history
    ]


def _questions_for(user: User, interview: Interview) -> list[Question]:
    if user.can(MANAGERS):
        return interview.questions
    return [q.model_copy(update={"ideal_answer": None}) for q in interview.questions]


@router.post(
    "/{interview_id}/cancel", operation_id="cancelInterview", response_model=InterviewPublic
)
def cancel_interview(interview_id: ResourceId, user: Manager, repo: Interviews) -> InterviewPublic:
    interview = use_cases.cancel_interview(repo, user, interview_id)
    return InterviewPublic(**_public(interview, None))


@router.post(
    "/{interview_id}/resend", operation_id="resendInvitation", response_model=InvitationPublic
)
def resend_invitation(
    interview_id: ResourceId,
    user: Manager,
    repo: Interviews,
    settings: AppSettings,
    body: ResendRequest | None = None,
    key: IdempotencyKey = None,
) -> InvitationPublic:
    """Issues a new link (the previous one stops working) and optionally a new deadline."""
    deadline = body.deadline if body else None

    def resend() -> InvitationPublic:
        return _invitation(
            settings, use_cases.resend_invitation(repo, user, interview_id, deadline)
        )

    return InvitationPublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation=f"resendInvitation:{interview_id}",
            caller=user.id,
            payload=body.model_dump(mode="json") if body else {},
            action=resend,
        )
    )


@router.post(
    "/{interview_id}/extend-deadline",
    operation_id="extendInterviewDeadline",
    response_model=InterviewPublic,
)
def extend_interview_deadline(
    interview_id: ResourceId, body: ExtendDeadlineRequest, user: Manager, repo: Interviews
) -> InterviewPublic:
    """Moves the deadline of a pending, in-progress or expired interview later (409 for a
    completed, analyzed or cancelled one; 422 naming `deadline` when it is not later than the
    current one). An expired link works again, the same link. The candidate is emailed the new
    deadline in their language (interview.deadline_extended) and reminded again before it."""
    interview = use_cases.extend_deadline(repo, user, interview_id, body.deadline)
    return InterviewPublic(**_public(interview, None))


@router.post(
    "/{interview_id}/decision", operation_id="decideInterview", response_model=InterviewPublic
)
def decide_interview(
    interview_id: ResourceId, body: DecisionRequest, user: Manager, repo: Interviews
) -> InterviewPublic:
    """Records a decision (advance, hire, reject) with a note. Every decision is kept: getInterview
    lists them newest first in `decisions`; `decision` is the latest."""
    interview = use_cases.decide_interview(repo, user, interview_id, body.outcome, body.note)
    return InterviewPublic(**_public(interview, None))


@router.post(
    "/{interview_id}/answers/{answer_id}/reprocess",
    operation_id="reprocessAnswer",
    response_model=AnswerPublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses=RECORDINGS_DELETED,
)
def reprocess_answer(
    interview_id: ResourceId,
    answer_id: ResourceId,
    user: Manager,
    repo: Interviews,
    store: Recordings,
    settings: AppSettings,
    sfn: StepFunctions,
) -> AnswerPublic:
    """Runs a failed answer through the pipeline again from its kept original (the way out of
    the dead-letter path after a provider outage), or a stuck one: uploaded or processing for
    5 minutes with no run under way. The answer reads "uploaded" until it moves."""
    interview, _, _ = use_cases.get_interview(repo, user, interview_id)  # the tenant, or 404
    if interview.recordings_deleted_at is not None:
        raise Gone(
            f"the recordings of interview {interview_id} were deleted on "
            f"{interview.recordings_deleted_at:%Y-%m-%d} under the company's retention period; "
            "there is nothing left to reprocess"
        )
    from functions.media import redrive  # pipeline code: only this route needs it

    answer = redrive.reprocess_answer(
        repo,
        sfn,
        settings.process_answer_state_machine_arn,
        settings.uploads_bucket,
        user.company_id,
        interview_id,
        answer_id,
        correlation_id=str(uuid.uuid4()),
    )
    return _answer(store, answer)


# ---------------------------------------------------------------------------------------------
# Analysis versions: re-score with a changed rubric, read every version
# ---------------------------------------------------------------------------------------------


@router.post(
    "/{interview_id}/rescore",
    operation_id="rescoreInterview",
    response_model=RescoreAccepted,
    status_code=status.HTTP_202_ACCEPTED,
)
def rescore_interview(
    interview_id: ResourceId,
    user: Manager,
    repo: Interviews,
    templates: Templates,
    settings: AppSettings,
    sfn: StepFunctions,
    body: RescoreRequest | None = None,
    key: IdempotencyKey = None,
) -> RescoreAccepted:
    """Scores the stored transcripts again with a changed rubric (a published template
    version's ideal-answer hints, criteria weights) as the next analysis version; the earlier
    versions stay readable (listInterviewAnalyses). 409 while an analysis is running, before
    the interview was first analyzed, and for a candidate who asked for a human-only review."""
    request = body or RescoreRequest()

    def rescore() -> RescoreAccepted:
        started = analyses.request_rescore(
            repo,
            templates,
            sfn,
            settings.analyze_interview_state_machine_arn,
            user,
            interview_id,
            template_version=request.template_version,
            weights=request.weights,
            correlation_id=str(uuid.uuid4()),
        )
        return RescoreAccepted(**started.model_dump())

    return RescoreAccepted.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation=f"rescoreInterview:{interview_id}",
            caller=user.id,
            payload=request.model_dump(mode="json"),
            action=rescore,
        )
    )


def _version(version: AnalysisVersion) -> AnalysisVersionPublic:
    return AnalysisVersionPublic(**version.model_dump(exclude={"company_id", "interview_id"}))


@router.get(
    "/{interview_id}/analyses",
    operation_id="listInterviewAnalyses",
    response_model=AnalysisVersionList,
)
def list_interview_analyses(
    interview_id: ResourceId, user: CurrentUser, repo: Interviews
) -> AnalysisVersionList:
    """Every version of the interview's analysis, newest first (getInterview shows the latest)."""
    versions, human_review_only = analyses.list_analyses_of(repo, user, interview_id)
    return AnalysisVersionList(
        items=[_version(v) for v in versions], human_review_only=human_review_only
    )


@router.get(
    "/{interview_id}/analyses/{version}",
    operation_id="getInterviewAnalysis",
    response_model=AnalysisVersionPublic,
)
def get_interview_analysis(
    interview_id: ResourceId,
    version: Annotated[int, Path(ge=1)],
    user: CurrentUser,
    repo: Interviews,
) -> AnalysisVersionPublic:
    return _version(analyses.get_analysis(repo, user, interview_id, version))
