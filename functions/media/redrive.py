"""Getting an answer that stopped moving through the pipeline again: the scheduled re-drive of
answers whose S3 event was lost (uploaded, no execution), and a recruiter's `reprocessAnswer`
of a failed or stuck answer. Runs are named answer id (+ attempt), so a re-drive, a reprocess
and a late S3 event that meet start one execution between them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.clock import utcnow
from functions.domain.errors import Conflict, NotFound
from functions.domain.interviews import Answer, AnswerStatus
from functions.media.use_cases import AnswerRef, change_answer, execution_name
from functions.observability import logger
from functions.storage.repositories import InterviewRepository

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient

# An answer confirmed this long ago without a run is stuck: the S3 event normally starts the
# run within seconds of the upload, and may arrive a little after completeAnswerUpload.
STUCK_AFTER = timedelta(minutes=5)
IN_FLIGHT = frozenset({AnswerStatus.UPLOADED, AnswerStatus.PROCESSING})


def run_status(sfn: SFNClient, state_machine_arn: str, name: str) -> str | None:
    """RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED... of the named run; None: never started."""
    arn = state_machine_arn.replace(":stateMachine:", ":execution:") + f":{name}"
    try:
        return sfn.describe_execution(executionArn=arn)["status"]
    except sfn.exceptions.ExecutionDoesNotExist:
        return None


def start_run(sfn: SFNClient, state_machine_arn: str, name: str, ref: AnswerRef) -> bool:
    """Start the named run; False when it exists already (someone else started it)."""
    try:
        sfn.start_execution(
            stateMachineArn=state_machine_arn, name=name, input=ref.model_dump_json()
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        return False
    return True


def _ref(answer: Answer, bucket: str, correlation_id: str) -> AnswerRef:
    return AnswerRef(
        company_id=answer.company_id,
        interview_id=answer.interview_id,
        answer_id=answer.id,
        bucket=bucket,
        key=answer.object_key,
        correlation_id=correlation_id,
    )


# ---------------------------------------------------------------------------------------------
# The scheduled re-drive
# ---------------------------------------------------------------------------------------------


class Redrive(BaseModel):
    started: int = 0  # uploaded answers without a run: their run, started now
    running: int = 0  # their run is under way (it has not reached Probe yet)
    stuck: int = 0  # their run ended without moving them: a recruiter reprocesses them


def redrive_uploaded_answers(
    interviews: InterviewRepository,
    sfn: SFNClient,
    state_machine_arn: str,
    bucket: str,
    *,
    now: datetime,
    correlation_id: str,
    older_than: timedelta = STUCK_AFTER,
) -> Redrive:
    """Start the run of every answer uploaded `older_than` ago that has none (its S3 event was
    lost), under the name the S3 event would have used."""
    result = Redrive()
    for answer in interviews.uploaded_answers(uploaded_before=now - older_than):
        name = execution_name(answer.id, answer.processing_attempt)
        status = run_status(sfn, state_machine_arn, name)
        if status is None:
            start_run(sfn, state_machine_arn, name, _ref(answer, bucket, correlation_id))
            logger.warning("answer re-driven: its upload event was lost", extra={"run": name})
            result.started += 1
        elif status == "RUNNING":
            result.running += 1
        else:
            logger.warning("answer stuck after its run", extra={"run": name, "status": status})
            result.stuck += 1
    return result


# ---------------------------------------------------------------------------------------------
# Reprocessing (the dead-letter path's way out, and a stuck answer's)
# ---------------------------------------------------------------------------------------------


def reprocess_answer(
    interviews: InterviewRepository,
    sfn: SFNClient,
    state_machine_arn: str,
    bucket: str,
    company_id: str,
    interview_id: str,
    answer_id: str,
    correlation_id: str,
    now: datetime | None = None,
) -> Answer:
    """Run an answer through the pipeline again from its kept original: a failed one (e.g.
    after a provider outage), or a stuck one (uploaded or processing for `STUCK_AFTER` with no
    run under way). The new run is named answer id + attempt, so a double click starts one."""
    found = interviews.answer(company_id, interview_id, answer_id)
    if found is None:
        raise NotFound(f"answer {answer_id} is not part of interview {interview_id}")
    answer, _ = found
    _ensure_reprocessable(answer, now or utcnow())
    ref = _ref(answer, bucket, correlation_id)
    if answer.status is not AnswerStatus.FAILED:
        status = run_status(
            sfn, state_machine_arn, execution_name(answer_id, answer.processing_attempt)
        )
        if status == "RUNNING":
            raise Conflict(f"answer {answer_id} is being processed; wait for it to finish")
        if status is None:  # its run never started (lost upload event): start that very run
            start_run(
                sfn, state_machine_arn, execution_name(answer_id, answer.processing_attempt), ref
            )
            return answer
    again = change_answer(interviews, ref, _next_attempt(answer))
    start_run(sfn, state_machine_arn, execution_name(answer_id, again.processing_attempt), ref)
    return again


def _ensure_reprocessable(answer: Answer, now: datetime) -> None:
    if answer.uploaded_at is None:
        raise Conflict("the answer's recording has not arrived; it cannot be reprocessed")
    if answer.status is AnswerStatus.FAILED:
        return
    if answer.status in IN_FLIGHT and answer.uploaded_at <= now - STUCK_AFTER:
        return
    minutes = int(STUCK_AFTER.total_seconds() // 60)
    raise Conflict(
        f"only a failed answer, or one uploaded or processing for {minutes} minutes with no run "
        f"under way, can be reprocessed; this one is {answer.status.value}"
    )


def _next_attempt(read: Answer) -> Callable[[Answer], Answer | None]:
    """The change to a new processing attempt, if nobody changed the answer since `read`."""

    def reset(current: Answer) -> Answer | None:
        if (current.status, current.processing_attempt) != (read.status, read.processing_attempt):
            raise Conflict("the answer changed meanwhile; reload it")
        return current.model_copy(
            update={
                "status": AnswerStatus.UPLOADED,
                "failure_reason": None,
                "failure_kind": None,
                "media_issues": {},
                "video_status": None,
                "processing_attempt": current.processing_attempt + 1,
            }
        )

    return reset
