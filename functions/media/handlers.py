"""Lambda handlers of the answer pipeline: thin, typed, Powertools-instrumented.

Each parses the execution state into the model it needs (`lambda_handler(model)`, which also
takes the correlation id from the state), calls one use case and returns its small result model
(S3 keys and facts, never media bytes); the state machine puts that result into one slot of the
state (ResultSelector + ResultPath).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser.models import S3EventNotificationEventBridgeModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel

from functions import wiring
from functions.domain.analyses import InterviewRef, analysis_execution_name
from functions.domain.clock import utcnow
from functions.media import redrive, scoring, use_cases
from functions.media.use_cases import AnswerRef, MediaMade, MediaStep
from functions.metrics_catalog import ANSWERS_REDRIVEN, ANSWERS_STUCK
from functions.observability import lambda_handler, logger, metrics, tracer
from functions.settings import get_settings


class FailedAnswer(AnswerRef):
    """The execution state when a step failed: the answer plus the caught error."""

    error: dict[str, str]


class MediaRecorded(AnswerRef):
    media: MediaMade


class FailedInterviewAnalysis(InterviewRef):
    error: dict[str, str]


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


@lambda_handler(
    S3EventNotificationEventBridgeModel, correlation_id_path=correlation_paths.EVENT_BRIDGE
)
def start_answer_processing(
    event: S3EventNotificationEventBridgeModel, context: LambdaContext
) -> dict[str, Any]:
    result = use_cases.start_answer_processing(
        wiring.stepfunctions(),
        get_settings().process_answer_state_machine_arn,
        event.detail.bucket.name,
        event.detail.object.key,
        correlation_id=event.id,
    )
    return _dump(result)


@lambda_handler()
def redrive_answers(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Scheduled: start the run of answers whose upload event was lost (normally none)."""
    settings = get_settings()
    result = redrive.redrive_uploaded_answers(
        wiring.interviews(),
        wiring.stepfunctions(),
        settings.process_answer_state_machine_arn,
        settings.uploads_bucket,
        now=utcnow(),
        correlation_id=context.aws_request_id,
    )
    metrics.add_metric(name=ANSWERS_REDRIVEN, unit=MetricUnit.Count, value=result.started)
    metrics.add_metric(name=ANSWERS_STUCK, unit=MetricUnit.Count, value=result.stuck)
    return _dump(result)


def annotate(ref: AnswerRef) -> None:
    logger.append_keys(interview_id=ref.interview_id, answer_id=ref.answer_id)
    tracer.put_annotation("interview.id", ref.interview_id)
    tracer.put_annotation("answer.id", ref.answer_id)


def _annotate_interview(ref: InterviewRef) -> None:
    logger.append_keys(interview_id=ref.interview_id)
    tracer.put_annotation("interview.id", ref.interview_id)
    # One analysis per interview version: "<interview>-v<version>", as its execution is named.
    tracer.put_annotation("analysis.id", analysis_execution_name(ref.interview_id, ref.version))


@lambda_handler(AnswerRef)
def verify_upload(event: AnswerRef, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    verified = use_cases.verify_upload(
        wiring.interviews(), wiring.recordings(), get_settings(), event
    )
    return _dump(verified)


@lambda_handler(AnswerRef)
def probe_answer(event: AnswerRef, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    probe = use_cases.probe_answer(
        wiring.interviews(), wiring.blobs(), wiring.media_tool(), get_settings(), event
    )
    return _dump(probe)


@lambda_handler(MediaStep)
def transcode_answer(event: MediaStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    return _dump(use_cases.transcode_answer(wiring.blobs(), wiring.media_tool(), event))


@lambda_handler(MediaStep)
def extract_answer_audio(event: MediaStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    audio = use_cases.extract_answer_audio(
        wiring.blobs(), wiring.media_tool(), get_settings(), event
    )
    return _dump(audio)


@lambda_handler(MediaStep)
def make_answer_images(event: MediaStep, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    images = use_cases.make_answer_images(
        wiring.blobs(), wiring.media_tool(), get_settings(), event
    )
    return _dump(images)


@lambda_handler(MediaRecorded)
def record_answer_media(event: MediaRecorded, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    answer = use_cases.record_answer_media(wiring.interviews(), event, event.media)
    return {"answer_id": answer.id, "status": answer.status.value}


@lambda_handler(AnswerRef)
def score_answer(event: AnswerRef, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    return _dump(scoring.score_answer(wiring.interviews(), wiring.analyzer(), event))


@lambda_handler(AnswerRef)
def request_interview_analysis(event: AnswerRef, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    request = scoring.request_interview_analysis(
        wiring.interviews(),
        wiring.stepfunctions(),
        get_settings().analyze_interview_state_machine_arn,
        event,
    )
    return _dump(request)


@lambda_handler(FailedAnswer)
def record_answer_failure(event: FailedAnswer, context: LambdaContext) -> dict[str, Any]:
    annotate(event)
    answer = use_cases.record_answer_failure(
        wiring.interviews(), event, event.error.get("Error", ""), event.error.get("Cause", "")
    )
    return {"answer_id": answer.id, "status": answer.status.value}


@lambda_handler(InterviewRef)
def analyze_interview(event: InterviewRef, context: LambdaContext) -> dict[str, Any]:
    _annotate_interview(event)
    result = scoring.analyze_interview(
        wiring.interviews(), wiring.companies(), wiring.analyzer(), event
    )
    return _dump(result)


@lambda_handler(FailedInterviewAnalysis)
def record_interview_analysis_failure(
    event: FailedInterviewAnalysis, context: LambdaContext
) -> dict[str, Any]:
    _annotate_interview(event)
    interview = scoring.record_interview_analysis_failure(
        wiring.interviews(), event, event.error.get("Error", ""), event.error.get("Cause", "")
    )
    return {"interview_id": interview.id, "analysis_error": interview.analysis_error}
