"""The candidate's side: the session behind an invitation link, answer uploads, finishing.

A candidate has no account: the invitation token is the credential, looked up by its hash.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

from functions.analysis.errors import AnalysisFailed, ProviderThrottled, ProviderUnavailable
from functions.analysis.ports import Analyzer
from functions.candidates.ports import PageShell
from functions.domain import audio_chunks
from functions.domain import interviews as rules
from functions.domain.clock import utcnow
from functions.domain.companies import Company, Language
from functions.domain.consent import Consent, check_consent_choice
from functions.domain.errors import (
    Conflict,
    ConsentRequired,
    InvalidInput,
    NotFound,
    Unauthenticated,
    UploadRejected,
)
from functions.domain.ids import new_id
from functions.domain.interviews import Answer, AnswerStatus, Interview, InterviewStatus
from functions.domain.recording_files import recording_extension
from functions.events import producers as events
from functions.metrics_catalog import INTERVIEWS_COMPLETED
from functions.observability import logger, metrics
from functions.recordings.ports import PresignedPost, RecordingStore, StoredObject
from functions.settings import Settings

if TYPE_CHECKING:
    from functions.storage.repositories import (
        CompanyRepository,
        InterviewRepository,
        UserRepository,
    )


def answer_key(answer: Answer) -> str:
    """S3 key of an answer's original upload; the pipeline parses it back with parse_answer_key."""
    ext = recording_extension(answer.content_type)
    return f"answers/{answer.company_id}/{answer.interview_id}/{answer.id}.{ext}"


def parse_answer_key(key: str) -> tuple[str, str, str]:
    """(company_id, interview_id, answer_id) from an answer key, or UploadRejected."""
    parts = key.split("/")
    if len(parts) != 4 or parts[0] != "answers" or "." not in parts[3]:
        raise UploadRejected(f"{key!r} is not an answer upload key")
    return parts[1], parts[2], parts[3].split(".", 1)[0]


class CandidateContext(BaseModel):
    interview: Interview
    revision: int
    answers: list[tuple[Answer, int]]


def open_session(interviews: InterviewRepository, token: str) -> CandidateContext:
    found = interviews.by_token_hash(rules.hash_token(token)) if token else None
    if found is None:
        raise Unauthenticated(
            "this interview link is not valid; open the latest link from your invitation email"
        )
    interview, revision = found
    answers = interviews.answers(interview.company_id, interview.id)
    return CandidateContext(interview=interview, revision=revision, answers=answers)


def embed_origins(
    interviews: InterviewRepository, companies: CompanyRepository, token: str
) -> list[str]:
    """Origins allowed to frame the candidate page of this invitation link (none if unknown)."""
    found = interviews.by_token_hash(rules.hash_token(token)) if token else None
    if found is None:
        return []
    company = companies.get(found[0].company_id)
    return list(company.embed_origins) if company else []


class CandidatePage(BaseModel):
    html: str
    content_security_policy: str


def candidate_page(
    shell: PageShell,
    interviews: InterviewRepository,
    companies: CompanyRepository,
    token: str,
    base_csp: str,
) -> CandidatePage:
    """The web app's shell for an invitation link, which only the page itself and its company's
    allow-listed career pages may frame. Any token gets the page (the app tells the candidate
    when a link is not valid); an unknown one may be framed by the page itself only."""
    html = shell.html()
    if html is None:
        raise NotFound("the web app is not built: run `make frontend`")
    ancestors = " ".join(["frame-ancestors 'self'", *embed_origins(interviews, companies, token)])
    # The base names no frame-ancestors (CDK builds it without); one there would be ambiguous.
    directives = [
        d.strip()
        for d in base_csp.split(";")
        if d.strip() and d.split()[0].lower() != "frame-ancestors"
    ]
    return CandidatePage(html=html, content_security_policy="; ".join([*directives, ancestors]))


def company_of(companies: CompanyRepository, interview: Interview) -> Company:
    company = companies.get(interview.company_id)
    if company is None:  # a company is never deleted while its interviews exist
        raise NotFound("the company behind this interview no longer exists")
    return company


class Contact(BaseModel):
    name: str
    email: str


def contact_of(users: UserRepository, company: Company, interview: Interview) -> Contact | None:
    """Whom the candidate asks for help: the company's support address (company settings), else
    the recruiter who invited them while they are a member; none when neither is known."""
    if company.support_email:
        return Contact(name=company.name, email=str(company.support_email))
    creator = users.get(interview.company_id, interview.created_by)
    if creator is not None and creator.active:
        return Contact(name=creator.name, email=str(creator.email))
    return None


class LinkRequest(BaseModel):
    requested_at: datetime
    recruiter_notified: bool


def request_new_link(
    interviews: InterviewRepository,
    ctx: CandidateContext,
    notify: Callable[[Interview], object],
) -> LinkRequest:
    """The candidate of an expired link asks for a new one: the request is written on the
    interview and the recruiter is told, at most once a day per interview (a repeat within the
    day changes nothing and tells nobody)."""
    interview, revision = ctx.interview, ctx.revision
    for _ in range(3):
        now = utcnow()
        if not rules.link_request_due(interview, now):
            return LinkRequest(
                requested_at=interview.link_requested_at or now, recruiter_notified=False
            )
        requested = interview.model_copy(update={"link_requested_at": now})
        try:
            interviews.save(requested, revision)
        except Conflict:  # another write came first (a parallel request, the expiry): read again
            found = interviews.get(interview.company_id, interview.id)
            if found is None:
                raise NotFound(f"interview {interview.id} not found") from None
            interview, revision = found
            continue
        notify(requested)
        return LinkRequest(requested_at=now, recruiter_notified=True)
    raise Conflict(f"interview {interview.id} is being changed concurrently; try again")


def ensure_open(ctx: CandidateContext, interviews: InterviewRepository) -> None:
    """Refuse a closed link; persist an expiry noticed here so lists show it too."""
    now = utcnow()
    interview = ctx.interview
    if interview.effective_status(now) is InterviewStatus.EXPIRED and interview.status in (
        rules.OPEN_STATUSES
    ):
        expired = interview.model_copy(update={"status": InterviewStatus.EXPIRED})
        with suppress(Conflict):  # someone else wrote first; the link is refused below anyway
            interviews.save(expired, ctx.revision, events=[events.interview_expired(expired)])
    rules.ensure_open_for_candidate(interview, now)


def ensure_consented(interview: Interview) -> None:
    """No recording is granted before the candidate consented to recording and AI analysis."""
    if interview.consent is None or not interview.consent.recording_and_ai_analysis:
        raise ConsentRequired()


def give_consent(
    interviews: InterviewRepository,
    ctx: CandidateContext,
    *,
    text_version: str,
    language: Language,
    recording_and_ai_analysis: bool,
    human_review_only: bool,
) -> Consent:
    """Store the candidate's consent on the interview, at the server's time. Giving the same
    consent again changes nothing (the first time stays); another choice replaces it until the
    first answer is recorded, and is refused after (its answers may already be scored)."""
    ensure_open(ctx, interviews)
    check_consent_choice(text_version, recording_and_ai_analysis)
    interview, revision = ctx.interview, ctx.revision
    for _ in range(3):
        current = interview.consent
        if current is not None and current.same_choice(text_version, language, human_review_only):
            return current
        if current is not None and interviews.answers(
            interview.company_id, interview.id, consistent=True
        ):
            raise Conflict(
                "consent was given with other choices and recording has started; it cannot "
                "be changed now: ask the recruiter (the help link) instead"
            )
        consent = Consent(
            consented_at=utcnow(),
            text_version=text_version,
            language=language,
            recording_and_ai_analysis=True,
            human_review_only=human_review_only,
        )
        try:
            interviews.save(interview.model_copy(update={"consent": consent}), revision)
        except Conflict:  # a parallel write (an upload starting it, the expiry): read again
            found = interviews.get(interview.company_id, interview.id)
            if found is None:
                raise NotFound(f"interview {interview.id} not found") from None
            interview, revision = found
            continue
        return consent
    raise Conflict(f"interview {interview.id} is being changed concurrently; try again")


class UploadGrant(BaseModel):
    answer: Answer
    method: str  # "POST" or "MULTIPART"
    url: str | None
    fields: dict[str, str]
    part_size_bytes: int | None
    part_urls: list[str]
    max_bytes: int
    expires_at: datetime


def create_answer_upload(
    interviews: InterviewRepository,
    store: RecordingStore,
    settings: Settings,
    ctx: CandidateContext,
    *,
    question_id: str,
    content_type: str,
    size_bytes: int | None,
) -> UploadGrant:
    ensure_open(ctx, interviews)
    ensure_consented(ctx.interview)
    _check_media(settings, content_type, size_bytes)
    interview = ctx.interview
    answers = [a for a, _ in ctx.answers]
    attempt = rules.next_attempt(interview, answers, question_id)
    index, _ = interview.question(question_id)
    now = utcnow()
    multipart = size_bytes is None or size_bytes > settings.multipart_threshold_bytes
    answer = Answer(
        company_id=interview.company_id,
        interview_id=interview.id,
        id=new_id(),
        question_id=question_id,
        question_index=index,
        attempt=attempt,
        object_key="",
        content_type=content_type,
        upload_method="multipart" if multipart else "post",
        declared_size_bytes=size_bytes,
        created_at=now,
    )
    answer.object_key = answer_key(answer)
    if multipart:
        answer.multipart_upload_id = store.start_multipart(answer.object_key, content_type)
    interviews.add_answer(answer)
    _mark_started(interviews, ctx, now)
    return _grant(store, settings, answer, now)


def _check_media(settings: Settings, content_type: str, size_bytes: int | None) -> None:
    if content_type not in settings.answer_content_types:
        allowed = ", ".join(settings.answer_content_types)
        raise InvalidInput(f"content_type {content_type!r} is not accepted; use one of {allowed}")
    if size_bytes is not None and size_bytes > settings.max_answer_bytes:
        raise InvalidInput(
            f"size_bytes {size_bytes} is over the limit of {settings.max_answer_bytes} bytes; "
            "record a shorter answer or at a lower bitrate"
        )


def _mark_started(interviews: InterviewRepository, ctx: CandidateContext, now: datetime) -> None:
    if ctx.interview.status is not InterviewStatus.PENDING:
        return
    started = ctx.interview.model_copy(
        update={"status": InterviewStatus.IN_PROGRESS, "started_at": now}
    )
    with suppress(Conflict):  # a parallel request started it already
        interviews.save(started, ctx.revision, events=[events.interview_started(started)])


def _grant(
    store: RecordingStore,
    settings: Settings,
    answer: Answer,
    now: datetime,
) -> UploadGrant:
    ttl = settings.upload_url_ttl_seconds
    common = {
        "answer": answer,
        "max_bytes": settings.max_answer_bytes,
        "expires_at": now + timedelta(seconds=ttl),
    }
    declared = answer.declared_size_bytes
    if answer.multipart_upload_id is None:
        # A POST is granted for a declared size: the policy lets S3 accept exactly that size.
        sizes = (declared, declared) if declared else (1, settings.max_answer_bytes)
        post: PresignedPost = store.presigned_post(
            answer.object_key, answer.content_type, sizes, ttl
        )
        return UploadGrant(
            method="POST",
            url=post.url,
            fields=post.fields,
            part_size_bytes=None,
            part_urls=[],
            **common,
        )
    part = settings.multipart_part_bytes
    count = math.ceil((declared or settings.max_answer_bytes) / part)
    urls = [
        store.presigned_part_url(answer.object_key, answer.multipart_upload_id, n, ttl)
        for n in range(1, count + 1)
    ]
    return UploadGrant(
        method="MULTIPART",
        url=None,
        fields={},
        part_size_bytes=part,
        part_urls=urls,
        **common,
    )


def renew_upload(
    interviews: InterviewRepository,
    store: RecordingStore,
    settings: Settings,
    ctx: CandidateContext,
    *,
    answer_id: str,
) -> UploadGrant:
    ensure_open(ctx, interviews)
    # No consent check: this re-signs an upload already granted (with consent since there is
    # one); refusing it would strand a recording made before consents were asked for.
    answer, _ = _own_answer(ctx, answer_id)
    if answer.status is not AnswerStatus.UPLOADING or answer.multipart_upload_id is None:
        raise Conflict(
            f"answer {answer_id} is not an unfinished multipart upload; record it again instead"
        )
    return _grant(store, settings, answer, utcnow())


class AudioChunkGrant(BaseModel):
    answer: Answer
    index: int
    post: PresignedPost
    max_bytes: int
    expires_at: datetime


def create_audio_chunk_upload(
    interviews: InterviewRepository,
    store: RecordingStore,
    settings: Settings,
    ctx: CandidateContext,
    *,
    answer_id: str,
    index: int,
    start_ms: int,
) -> AudioChunkGrant:
    """A presigned POST for one audio chunk of an answer being recorded (issue 18): only while
    the answer's own upload is unfinished; its key fixes the chunk's number and start."""
    ensure_open(ctx, interviews)
    answer, _ = _own_answer(ctx, answer_id)
    if answer.status is not AnswerStatus.UPLOADING:
        raise Conflict(
            f"answer {answer_id} is {answer.status.value}: audio chunks are taken only while "
            "it is being recorded and uploaded"
        )
    if start_ms > settings.max_answer_seconds * 1000:
        raise InvalidInput(
            f"start_ms {start_ms} is past the longest answer ({settings.max_answer_seconds} s)"
        )
    key = audio_chunks.chunk_key(answer.company_id, answer.interview_id, answer.id, index, start_ms)
    ttl = settings.upload_url_ttl_seconds
    sizes = (audio_chunks.WAV_HEADER_BYTES + 2, audio_chunks.CHUNK_MAX_BYTES)
    post = store.presigned_post(key, audio_chunks.CHUNK_CONTENT_TYPE, sizes, ttl)
    return AudioChunkGrant(
        answer=answer,
        index=index,
        post=post,
        max_bytes=audio_chunks.CHUNK_MAX_BYTES,
        expires_at=utcnow() + timedelta(seconds=ttl),
    )


def complete_answer_upload(
    interviews: InterviewRepository,
    store: RecordingStore,
    settings: Settings,
    ctx: CandidateContext,
    *,
    answer_id: str,
    parts: list[tuple[int, str]] | None,
) -> Answer:
    ensure_open(ctx, interviews)
    answer, _ = _own_answer(ctx, answer_id)
    if answer.status is not AnswerStatus.UPLOADING:
        return _confirmed(answer)  # completing twice has one effect
    if answer.multipart_upload_id is not None:
        if not parts:
            raise InvalidInput("parts is required for a multipart upload: [{part_number, etag}]")
        store.complete_multipart(answer.object_key, answer.multipart_upload_id, parts)
    stored = store.head(answer.object_key)
    if stored is None:
        raise UploadRejected(
            "no recording has arrived for this answer yet; upload it, then complete"
        )
    return record_upload(interviews, settings, answer, stored)


def record_upload(
    interviews: InterviewRepository, settings: Settings, answer: Answer, stored: StoredObject
) -> Answer:
    """Confirm an answer's bytes: uploaded when they match what was granted, failed otherwise.

    Called by the candidate's completion and by the pipeline's first step, in either order;
    whichever comes second finds the answer already judged, and hears the same verdict (a
    rejected recording is UploadRejected for both). The object itself is never deleted here: a
    failed answer keeps its original for the recruiter and for support.
    """
    for _ in range(3):
        found = interviews.answer(answer.company_id, answer.interview_id, answer.id)
        if found is None:
            raise NotFound(f"answer {answer.id} not found")
        current, revision = found
        if current.status is not AnswerStatus.UPLOADING:
            return _confirmed(current)
        updated = _judge(settings, current, stored)
        produced = (
            events.answer_failed(updated)
            if updated.status is AnswerStatus.FAILED
            else events.answer_uploaded(updated)
        )
        try:
            interviews.save_answer(updated, revision, events=[produced])
        except Conflict:
            continue
        if updated.status is AnswerStatus.FAILED:
            raise UploadRejected(updated.failure_reason or "the recording was rejected")
        return updated
    raise Conflict(f"answer {answer.id} is being changed concurrently; try again")


def _confirmed(answer: Answer) -> Answer:
    """An answer already judged: its recording's rejection is repeated, whoever asks."""
    if answer.status is AnswerStatus.FAILED and answer.failure_kind == "recording":
        raise UploadRejected(answer.failure_reason or "the recording was rejected")
    return answer


def _judge(settings: Settings, answer: Answer, stored: StoredObject) -> Answer:
    reason = None
    if stored.size_bytes > settings.max_answer_bytes:
        reason = (
            f"the recording is {stored.size_bytes} bytes, over the limit of "
            f"{settings.max_answer_bytes}; record a shorter answer"
        )
    elif stored.size_bytes == 0:
        reason = "the recording is empty; record the answer again"
    elif stored.content_type != answer.content_type:
        reason = (
            f"the recording was stored as {stored.content_type}, not the {answer.content_type} "
            "that was announced"
        )
    elif answer.declared_size_bytes not in (None, stored.size_bytes):
        reason = (
            f"the recording is {stored.size_bytes} bytes, not the {answer.declared_size_bytes} "
            "bytes that were announced (size_bytes); record the answer again"
        )
    now = utcnow()
    if reason:
        return answer.model_copy(
            update={
                "status": AnswerStatus.FAILED,
                "failure_reason": reason,
                "failure_kind": "recording",  # the candidate records again
                "uploaded_at": now,
            }
        )
    return answer.model_copy(
        update={
            "status": AnswerStatus.UPLOADED,
            "size_bytes": stored.size_bytes,
            "uploaded_at": now,
        }
    )


def _own_answer(ctx: CandidateContext, answer_id: str) -> tuple[Answer, int]:
    for answer, revision in ctx.answers:
        if answer.id == answer_id:
            return answer, revision
    raise NotFound(f"answer {answer_id} is not part of this interview")


class PreparationTips(BaseModel):
    tips: list[str]
    language: str


def preparation_tips(
    interviews: InterviewRepository, analyzer: Analyzer, ctx: CandidateContext
) -> PreparationTips:
    """Tips made once per invitation from its questions, in the candidate's language; the
    offline analyzer stands in when the AI provider is down, so the page never waits on it."""
    interview = ctx.interview
    language = interview.candidate.language
    if interview.preparation_tips:
        return PreparationTips(tips=interview.preparation_tips, language=language)
    questions = [q.text for q in interview.questions]
    try:
        tips = analyzer.preparation_tips(questions, language)
    except (AnalysisFailed, ProviderThrottled, ProviderUnavailable):
        logger.warning("preparation tips: provider failed; offline tips instead")
        # Imported here: the offline analyzer's models are for this fallback, not every request.
        from functions.analysis.offline import OfflineAnalyzer

        tips = OfflineAnalyzer().preparation_tips(questions, language)
    with suppress(Conflict):  # a parallel request stored its own tips first
        interviews.save(interview.model_copy(update={"preparation_tips": tips}), ctx.revision)
    return PreparationTips(tips=tips, language=language)


def finish_interview(interviews: InterviewRepository, ctx: CandidateContext) -> Interview:
    """Complete the interview once. The pipeline writes the same item while the candidate
    finishes (it claims the analysis when the last answer is scored), so a lost revision race
    reads the interview again and retries instead of showing the candidate a conflict."""
    for _ in range(5):
        interview = ctx.interview
        if interview.status in (InterviewStatus.COMPLETED, InterviewStatus.ANALYZED):
            return interview  # finishing twice has one effect
        ensure_open(ctx, interviews)
        rules.ensure_can_finish(interview, [a for a, _ in ctx.answers])
        # Every answer may already be scored and analyzed by the time the candidate clicks finish.
        status = InterviewStatus.ANALYZED if interview.analysis else InterviewStatus.COMPLETED
        finished = interview.model_copy(update={"status": status, "completed_at": utcnow()})
        try:
            interviews.save(finished, ctx.revision, events=[events.interview_completed(finished)])
        except Conflict:
            found = interviews.get(interview.company_id, interview.id)
            if found is None:
                raise NotFound(f"interview {interview.id} not found") from None
            ctx = CandidateContext(
                interview=found[0],
                revision=found[1],
                answers=interviews.answers(interview.company_id, interview.id, consistent=True),
            )
            continue
        metrics.add_metric(name=INTERVIEWS_COMPLETED, unit=MetricUnit.Count, value=1)
        return finished
    raise Conflict(f"interview {ctx.interview.id} is being changed concurrently; try again")
