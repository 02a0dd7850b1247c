"""Lambda handlers of the answer pipeline: thin, typed, Powertools-instrumented."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.parser.models import S3EventNotificationEventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.media import use_cases
from functions.media.use_cases import AnswerRef
from functions.observability import logger, metrics, tracer
from functions.settings import get_settings


class FailedAnswer(AnswerRef):
    """The execution state when a step failed: the answer plus the caught error."""

    error: dict[str, str]


@logger.inject_lambda_context(log_event=False)
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
@event_parser(model=S3EventNotificationEventBridgeModel)
def start_answer_processing(
    event: S3EventNotificationEventBridgeModel, context: LambdaContext
) -> dict[str, Any]:
    logger.set_correlation_id(event.id)
    result = use_cases.start_answer_processing(
        wiring.stepfunctions(),
        get_settings().process_answer_state_machine_arn,
        event.detail.bucket.name,
        event.detail.object.key,
        correlation_id=event.id,
    )
    return result.model_dump(mode="json")


def _annotate(ref: AnswerRef) -> None:
    logger.set_correlation_id(ref.correlation_id)
    logger.append_keys(interview_id=ref.interview_id, answer_id=ref.answer_id)
    tracer.put_annotation("interview.id", ref.interview_id)
    tracer.put_annotation("answer.id", ref.answer_id)


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@event_parser(model=AnswerRef)
def verify_upload(event: AnswerRef, context: LambdaContext) -> dict[str, Any]:
    _annotate(event)
    verified = use_cases.verify_upload(
        wiring.interviews(), wiring.recordings(), get_settings(), event
    )
    return verified.model_dump(mode="json")


@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
@event_parser(model=FailedAnswer)
def record_answer_failure(event: FailedAnswer, context: LambdaContext) -> dict[str, Any]:
    _annotate(event)
    answer = use_cases.record_answer_failure(
        wiring.interviews(), event, event.error.get("Error", ""), event.error.get("Cause", "")
    )
    return {"answer_id": answer.id, "status": answer.status.value}
