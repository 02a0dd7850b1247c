"""The answer pipeline's steps. Today: start one execution per answer attempt and verify the
stored upload; transcoding, transcription and scoring join as further steps."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.candidates.use_cases import parse_answer_key, record_upload
from functions.domain.errors import Conflict, NotFound, UploadRejected
from functions.domain.interviews import Answer, AnswerStatus
from functions.observability import logger
from functions.recordings.ports import RecordingStore
from functions.settings import Settings
from functions.storage.repositories import InterviewRepository

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient


class AnswerRef(BaseModel):
    """The execution input: which answer, where its bytes are, and the correlation id."""

    company_id: str
    interview_id: str
    answer_id: str
    bucket: str
    key: str
    correlation_id: str


class StartResult(BaseModel):
    started: bool
    execution_name: str | None = None
    reason: str | None = None


def start_answer_processing(
    sfn: SFNClient, state_machine_arn: str, bucket: str, key: str, correlation_id: str
) -> StartResult:
    try:
        company_id, interview_id, answer_id = parse_answer_key(key)
    except UploadRejected as error:
        logger.warning("ignoring object that is not an answer", extra={"key": key})
        return StartResult(started=False, reason=error.detail)
    ref = AnswerRef(
        company_id=company_id,
        interview_id=interview_id,
        answer_id=answer_id,
        bucket=bucket,
        key=key,
        correlation_id=correlation_id,
    )
    # The answer id names the execution: a duplicate S3 event cannot start a second run.
    try:
        sfn.start_execution(
            stateMachineArn=state_machine_arn, name=answer_id, input=ref.model_dump_json()
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        logger.info("duplicate upload event; execution already exists", extra={"key": key})
        return StartResult(started=False, execution_name=answer_id, reason="duplicate event")
    return StartResult(started=True, execution_name=answer_id)


class VerifiedUpload(BaseModel):
    status: AnswerStatus
    size_bytes: int | None
    content_type: str


def verify_upload(
    interviews: InterviewRepository, store: RecordingStore, settings: Settings, ref: AnswerRef
) -> VerifiedUpload:
    answer = _answer(interviews, ref)
    stored = store.head(ref.key)
    if stored is None:
        raise UploadRejected(f"the upload {ref.key} is not in the bucket")
    confirmed = record_upload(interviews, settings, answer, stored)
    return VerifiedUpload(
        status=confirmed.status,
        size_bytes=confirmed.size_bytes,
        content_type=confirmed.content_type,
    )


def record_answer_failure(
    interviews: InterviewRepository, ref: AnswerRef, error: str, cause: str
) -> Answer:
    """Mark the answer failed with a reason a recruiter can read; the upload stays in S3."""
    reason = _reason(error, cause)
    for _ in range(3):
        answer, revision = _answer_with_revision(interviews, ref)
        if answer.status is AnswerStatus.FAILED:
            return answer
        failed = answer.model_copy(update={"status": AnswerStatus.FAILED, "failure_reason": reason})
        try:
            interviews.save_answer(failed, revision)
        except Conflict:
            continue  # changed meanwhile: decide again on a fresh read
        logger.warning("answer failed", extra={"answer_id": ref.answer_id, "reason": reason})
        return failed
    raise Conflict(f"answer {ref.answer_id} is being changed concurrently")


def _reason(error: str, cause: str) -> str:
    # A Lambda error's Cause is its JSON payload; the message is what a person can act on.
    try:
        message = json.loads(cause).get("errorMessage")
    except (ValueError, AttributeError):
        message = None
    return f"{error}: {message or cause or 'no detail'}"[:1000]


def _answer_with_revision(interviews: InterviewRepository, ref: AnswerRef) -> tuple[Answer, int]:
    found = interviews.answer(ref.company_id, ref.interview_id, ref.answer_id)
    if found is None:
        raise NotFound(f"answer {ref.answer_id} of interview {ref.interview_id} not found")
    return found


def _answer(interviews: InterviewRepository, ref: AnswerRef) -> Answer:
    return _answer_with_revision(interviews, ref)[0]
