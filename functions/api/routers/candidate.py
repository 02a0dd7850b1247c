"""The candidate's API: authenticated by the invitation token, never by an account."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from functions import wiring
from functions.api.deps import (
    AppSettings,
    Candidate,
    Companies,
    Interviews,
    Recordings,
    Templates,
    Users,
)
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.schemas.candidate import (
    AnswerStatusPublic,
    AnswerUploadComplete,
    AnswerUploadCreate,
    AnswerUploadPublic,
    AudioChunkCreate,
    AudioChunkUploadPublic,
    CandidateContact,
    CandidateIntro,
    CandidateSessionPublic,
    CompanyBrand,
    ConsentGive,
    CurrentQuestion,
    FinishPublic,
    LinkRequestPublic,
    PreparationTipsPublic,
    QuestionSlot,
    UploadPart,
)
from functions.candidates import use_cases
from functions.candidates.use_cases import CandidateContext, UploadGrant
from functions.domain.clock import utcnow
from functions.domain.companies import Company
from functions.domain.consent import Consent
from functions.domain.errors import Gone, InvalidInput
from functions.domain.interviews import (
    COUNTED_ANSWER_STATUSES,
    Answer,
    Interview,
    answered_question_ids,
    progress,
)
from functions.templates.intro import candidate_intro

router = APIRouter(prefix="/candidate", tags=["candidate"])
SPEEDTEST_MAX_BYTES = 2 * 1024 * 1024


@router.get("/session", operation_id="getCandidateSession", response_model=CandidateSessionPublic)
def get_candidate_session(
    ctx: Candidate,
    companies: Companies,
    interviews: Interviews,
    users: Users,
    templates: Templates,
    store: Recordings,
) -> CandidateSessionPublic:
    """The invitation's session; a closed link is a 410 whose `reason` is expired, cancelled
    or completed, with the company's branding, the candidate's language and whom to ask for
    help (`contact`) for that page."""
    company = use_cases.company_of(companies, ctx.interview)
    contact = _contact(use_cases.contact_of(users, company, ctx.interview))
    try:
        use_cases.ensure_open(ctx, interviews)
    except Gone as closed:
        closed.extensions["company"] = CompanyBrand(
            name=company.name, branding=company.branding
        ).model_dump(mode="json")
        closed.extensions["language"] = ctx.interview.candidate.language
        closed.extensions["contact"] = contact.model_dump(mode="json") if contact else None
        raise
    session = _session(ctx, company, contact)
    found = candidate_intro(templates, store, ctx.interview)
    if found is not None:
        session.intro = CandidateIntro(
            text=found.text,
            video_url=found.video_url,
            video_content_type=found.video_content_type,
        )
    return session


def _contact(found: use_cases.Contact | None) -> CandidateContact | None:
    return CandidateContact(name=found.name, email=found.email) if found else None


@router.post(
    "/link-request",
    operation_id="requestNewLink",
    response_model=LinkRequestPublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"model": Problem, "description": "The link has not expired"}},
)
def request_new_link(ctx: Candidate, interviews: Interviews) -> LinkRequestPublic:
    """The candidate of an expired link asks for a new one: recorded on the interview, and the
    recruiter who invited them is emailed, at most once a day per interview."""

    def tell_recruiter(interview: Interview) -> None:
        # Imported here: the notifier is for this rare email, not every candidate request.
        from functions.notifications.handlers import notifier
        from functions.notifications.use_cases import link_requested

        link_requested(notifier(), interview)

    found = use_cases.request_new_link(interviews, ctx, tell_recruiter)
    return LinkRequestPublic(
        requested_at=found.requested_at, recruiter_notified=found.recruiter_notified
    )


@router.post(
    "/consent",
    operation_id="giveConsent",
    response_model=Consent,
    responses={
        409: {
            "model": Problem,
            "description": "Consent was given with other choices and recording has started",
        }
    },
)
def give_consent(body: ConsentGive, ctx: Candidate, interviews: Interviews) -> Consent:
    """The candidate's consent to the recording of their answers and to their AI analysis,
    given on the welcome page before any recording (createAnswerUpload refuses without it),
    with the wording's version and language; `human_review_only` asks that people alone review
    (no AI score). The server's time is stored; the same consent again changes nothing."""
    return use_cases.give_consent(
        interviews,
        ctx,
        text_version=body.text_version,
        language=body.language,
        recording_and_ai_analysis=body.recording_and_ai_analysis,
        human_review_only=body.human_review_only,
    )


@router.get(
    "/preparation-tips",
    operation_id="getPreparationTips",
    response_model=PreparationTipsPublic,
)
def get_preparation_tips(ctx: Candidate, interviews: Interviews) -> PreparationTipsPublic:
    """AI tips for this interview, in the candidate's language, without revealing questions."""
    use_cases.ensure_open(ctx, interviews)
    tips = use_cases.preparation_tips(interviews, wiring.analyzer(), ctx)
    return PreparationTipsPublic(tips=tips.tips, language=tips.language)


@router.post(
    "/speedtest",
    operation_id="measureUploadSpeed",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def measure_upload_speed(ctx: Candidate, request: Request) -> Response:
    """The device check's upload speed: the client times sending up to 2 MiB here."""
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > SPEEDTEST_MAX_BYTES:
            raise InvalidInput(f"send at most {SPEEDTEST_MAX_BYTES} bytes to measure the speed")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/answers/{answer_id}/parts",
    operation_id="renewAnswerUploadParts",
    response_model=AnswerUploadPublic,
    responses={409: {"model": Problem, "description": "Not an unfinished multipart upload"}},
)
def renew_answer_upload_parts(
    answer_id: ResourceId,
    ctx: Candidate,
    interviews: Interviews,
    store: Recordings,
    settings: AppSettings,
) -> AnswerUploadPublic:
    """Fresh part URLs for an unfinished multipart upload (resuming after the old ones
    expired, e.g. a reload the next morning); parts already sent stay in place."""
    return _upload(use_cases.renew_upload(interviews, store, settings, ctx, answer_id=answer_id))


def _session(
    ctx: CandidateContext, company: Company, contact: CandidateContact | None
) -> CandidateSessionPublic:
    interview = ctx.interview
    answers = [a for a, _ in ctx.answers]
    current = progress(interview, answers)
    done = answered_question_ids(answers)
    slots = []
    for index, question in enumerate(interview.questions):
        own = [a for a in answers if a.question_id == question.id]
        used = sum(1 for a in own if a.status in COUNTED_ANSWER_STATUSES)
        slots.append(
            QuestionSlot(
                index=index,
                id=question.id,
                time_limit_seconds=question.time_limit_seconds,
                think_time_seconds=question.think_time_seconds,
                attempts_allowed=question.attempts_allowed,
                attempts_used=used,
                answered=question.id in done,
            )
        )
    shown = None
    if current.current_question_index is not None:
        i = current.current_question_index
        q = interview.questions[i]
        shown = CurrentQuestion(
            index=i,
            id=q.id,
            text=q.text,
            time_limit_seconds=q.time_limit_seconds,
            think_time_seconds=q.think_time_seconds,
            attempts_left=q.attempts_allowed - slots[i].attempts_used,
            label=f"Question {i + 1} of {len(interview.questions)}",
        )
    return CandidateSessionPublic(
        interview_id=interview.id,
        status=interview.effective_status(utcnow()),
        company=CompanyBrand(name=company.name, branding=company.branding),
        candidate_name=interview.candidate.name,
        language=interview.candidate.language,
        deadline=interview.deadline,
        progress=current,
        questions=slots,
        current_question=shown,
        contact=contact,
        privacy_url=company.privacy_url,
        recording_retention_months=company.recording_retention_months,
        consent=interview.consent,
    )


def _upload(grant: UploadGrant) -> AnswerUploadPublic:
    answer = grant.answer
    return AnswerUploadPublic(
        answer_id=answer.id,
        question_id=answer.question_id,
        attempt=answer.attempt,
        method="POST" if grant.method == "POST" else "MULTIPART",
        url=grant.url,
        fields=grant.fields,
        # Parts are raw bytes; the type was fixed when the multipart upload was created.
        headers={},
        part_size_bytes=grant.part_size_bytes,
        parts=[UploadPart(part_number=n, url=u) for n, u in enumerate(grant.part_urls, start=1)],
        max_bytes=grant.max_bytes,
        expires_at=grant.expires_at,
    )


@router.post(
    "/answers",
    operation_id="createAnswerUpload",
    response_model=AnswerUploadPublic,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": Problem, "description": "Consent required (giveConsent) first"}},
)
def create_answer_upload(
    body: AnswerUploadCreate,
    ctx: Candidate,
    interviews: Interviews,
    store: Recordings,
    settings: AppSettings,
    key: IdempotencyKey = None,
) -> AnswerUploadPublic:
    """Grants one recording of a question: a presigned POST for a known small size, or a
    multipart upload with a presigned URL per part (stream parts while recording). Send an
    Idempotency-Key so that a retry after a dropped connection does not use up a retake.
    Refused (409 consent-required) until the candidate consented (giveConsent)."""

    def grant() -> AnswerUploadPublic:
        return _upload(
            use_cases.create_answer_upload(
                interviews,
                store,
                settings,
                ctx,
                question_id=body.question_id,
                content_type=body.content_type,
                size_bytes=body.size_bytes,
            )
        )

    return AnswerUploadPublic.model_validate(
        run_once(
            key,
            tenant=ctx.interview.company_id,
            operation="createAnswerUpload",
            caller=ctx.interview.id,
            payload=body.model_dump(mode="json"),
            action=grant,
        )
    )


@router.post(
    "/answers/{answer_id}/chunks/{n}",
    operation_id="createAnswerAudioChunk",
    response_model=AudioChunkUploadPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {"model": Problem, "description": "The answer is no longer being uploaded"},
    },
)
def create_answer_audio_chunk(
    answer_id: ResourceId,
    n: int,
    body: AudioChunkCreate,
    ctx: Candidate,
    interviews: Interviews,
    store: Recordings,
    settings: AppSettings,
) -> AudioChunkUploadPublic:
    """A presigned POST for audio chunk `n` (from 0) of an answer while it is recorded: a WAV
    of a few seconds (16 kHz mono), overlapping the previous chunk by about 500 ms, transcribed
    as it arrives so the answer is scored moments after its upload completes. Only while the
    answer's upload is unfinished (409 after completeAnswerUpload)."""
    grant = use_cases.create_audio_chunk_upload(
        interviews, store, settings, ctx, answer_id=answer_id, index=n, start_ms=body.start_ms
    )
    return AudioChunkUploadPublic(
        answer_id=grant.answer.id,
        index=grant.index,
        url=grant.post.url,
        fields=grant.post.fields,
        content_type="audio/wav",
        max_bytes=grant.max_bytes,
        expires_at=grant.expires_at,
    )


def _answer_status(answer: Answer) -> AnswerStatusPublic:
    return AnswerStatusPublic(
        answer_id=answer.id,
        question_id=answer.question_id,
        attempt=answer.attempt,
        status=answer.status,
        size_bytes=answer.size_bytes,
        failure_reason=answer.failure_reason,
    )


@router.post(
    "/answers/{answer_id}/complete",
    operation_id="completeAnswerUpload",
    response_model=AnswerStatusPublic,
)
def complete_answer_upload(
    answer_id: ResourceId,
    ctx: Candidate,
    interviews: Interviews,
    store: Recordings,
    settings: AppSettings,
    body: AnswerUploadComplete | None = None,
) -> AnswerStatusPublic:
    parts = [(p.part_number, p.etag) for p in body.parts] if body and body.parts else None
    answer = use_cases.complete_answer_upload(
        interviews, store, settings, ctx, answer_id=answer_id, parts=parts
    )
    return _answer_status(answer)


@router.post("/finish", operation_id="finishInterview", response_model=FinishPublic)
def finish_interview(ctx: Candidate, interviews: Interviews) -> FinishPublic:
    interview = use_cases.finish_interview(interviews, ctx)
    return FinishPublic(
        interview_id=interview.id, status=interview.status, completed_at=interview.completed_at
    )
