"""Starting analyze-interview: one named execution per analysis version, whoever asks (the
pipeline once every answer is scored, a recruiter's re-score), so a repeat starts nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.domain.analyses import InterviewRef, analysis_execution_name
from functions.domain.clock import precise_utcnow
from functions.domain.interviews import Interview
from functions.observability import logger

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient


def start_interview_analysis(
    sfn: SFNClient,
    state_machine_arn: str,
    interview: Interview,
    version: int,
    correlation_id: str,
    *,
    rescore: bool = False,
) -> tuple[bool, str]:
    """(started, execution name): False when this version's execution already exists."""
    name = analysis_execution_name(interview.id, version)
    payload = InterviewRef(
        company_id=interview.company_id,
        interview_id=interview.id,
        version=version,
        correlation_id=correlation_id,
        requested_at=precise_utcnow(),
        rescore=rescore,
    )
    try:
        sfn.start_execution(
            stateMachineArn=state_machine_arn, name=name, input=payload.model_dump_json()
        )
    except sfn.exceptions.ExecutionAlreadyExists:
        return False, name
    logger.info(
        "interview re-score started" if rescore else "interview analysis started",
        extra={"execution": name},
    )
    return True, name
