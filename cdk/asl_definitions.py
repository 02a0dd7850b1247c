"""The state machines' ASL, written from Python so the shared Retry / Catch blocks exist once.

`python -m cdk.asl_definitions` (`make asl`) writes `statemachines/<name>.asl.json`; the files
are committed, CDK deploys them verbatim and the local platform executes the very same files
(tests/unit/test_asl_definitions.py fails when a file is not what this module writes).
`${...FunctionArn}` placeholders stay in the files; the catalog's substitutions fill them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

STATEMACHINES_DIR = Path(__file__).resolve().parents[1] / "statemachines"

State = dict[str, Any]

# Lambda's own transient failures: every Task retries them.
LAMBDA_RETRY: State = {
    "ErrorEquals": [
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
        "States.Timeout",
    ],
    "IntervalSeconds": 1,
    "BackoffRate": 2,
    "MaxAttempts": 3,
    "JitterStrategy": "FULL",
}
# An outside provider's 5xx / timeout / invalid JSON (functions/*/errors.ProviderUnavailable).
PROVIDER_RETRY: State = {
    "ErrorEquals": ["ProviderUnavailable"],
    "IntervalSeconds": 2,
    "BackoffRate": 2,
    "MaxAttempts": 3,
    "MaxDelaySeconds": 30,
    "JitterStrategy": "FULL",
}
# A video or images FFmpeg could not make: once more, then reported (media_issues).
MEDIA_RETRY: State = {
    "ErrorEquals": ["MediaNotMade"],
    "IntervalSeconds": 2,
    "BackoffRate": 2,
    "MaxAttempts": 1,
    "JitterStrategy": "FULL",
}
# Recording a failure: anything is retried; when it still fails the execution fails (alarmed).
RECORD_RETRY: State = {
    "ErrorEquals": ["States.ALL"],
    "IntervalSeconds": 1,
    "BackoffRate": 2,
    "MaxAttempts": 3,
    "JitterStrategy": "FULL",
}

# functions/media/use_cases.RECORDING_ERRORS (+ MediaRejected): the candidate records again.
RECORDING_ERRORS = [
    "UploadRejected",
    "MediaRejected",
    "NotMedia",
    "CorruptMedia",
    "NoAudioTrack",
    "RecordingTooLong",
    "NoSpeech",
]
PROVIDER_ERRORS = [
    "ProviderUnavailable",
    "ProviderThrottled",
    "States.Timeout",
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
]
# Where an answer's errors go: recording errors → RecordFailure, provider errors → DeadLetter.
ANSWER_CATCH: list[State] = [
    {"ErrorEquals": RECORDING_ERRORS, "ResultPath": "$.error", "Next": "RecordFailure"},
    {"ErrorEquals": PROVIDER_ERRORS, "ResultPath": "$.error", "Next": "DeadLetter"},
    {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "RecordFailure"},
]


def catch_all(next_state: str, result_path: str = "$.error") -> State:
    return {"ErrorEquals": ["States.ALL"], "ResultPath": result_path, "Next": next_state}


def task(
    function: str,
    *,
    result_path: str | None,
    selector: dict[str, str] | None = None,
    retry: list[State] | None = None,
    catch: list[State] | None = None,
    payload: Any = None,
    **rest: Any,
) -> State:
    """A Lambda Task: the whole state (or `payload`) in, one slot of the state out."""
    parameters: State = {"FunctionName": "${" + function + "FunctionArn}"}
    if payload is None:
        parameters["Payload.$"] = "$"
    else:
        parameters["Payload"] = payload
    state: State = {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": parameters,
    }
    if selector is not None:
        state["ResultSelector"] = {f"{k}.$": f"$.Payload.{v}" for k, v in selector.items()}
        if function == "RequestInterviewAnalysis":
            state["ResultSelector"]["requested"] = True  # AnalysisRequested reads it
    state["ResultPath"] = result_path
    state["Retry"] = retry if retry is not None else [LAMBDA_RETRY]
    if catch:
        state["Catch"] = catch
    state.update(rest)
    return state


def throttle_loop(prefix: str, retry_state: str, gave_up: State) -> dict[str, State]:
    """Waits out ProviderThrottled (caught into `$.throttle_error`) at most 4 times: the Lambda
    error's Cause is its JSON payload; the message is JSON with retry_after_seconds."""
    return {
        f"{prefix}Throttled": {
            "Type": "Pass",
            "Comment": "The Lambda error's Cause is its JSON payload; ProviderThrottled's "
            "message is JSON with retry_after_seconds.",
            "Parameters": {
                "error.$": "States.StringToJson($.throttle_error.Cause)",
                "count.$": "States.MathAdd($.throttle.count, 1)",
            },
            "ResultPath": "$.throttle",
            "Next": f"{prefix}RetryAfter",
        },
        f"{prefix}RetryAfter": {
            "Type": "Pass",
            "Parameters": {
                "wait.$": "States.StringToJson($.throttle.error.errorMessage)",
                "count.$": "$.throttle.count",
            },
            "ResultPath": "$.throttle",
            "Next": f"{prefix}TooOften",
        },
        f"{prefix}TooOften": {
            "Type": "Choice",
            "Choices": [
                {
                    "Variable": "$.throttle.count",
                    "NumericGreaterThan": 4,
                    "Next": f"{prefix}GaveUp",
                }
            ],
            "Default": f"{prefix}WaitRetryAfter",
        },
        f"{prefix}WaitRetryAfter": {
            "Type": "Wait",
            "SecondsPath": "$.throttle.wait.retry_after_seconds",
            "Next": retry_state,
        },
        f"{prefix}GaveUp": gave_up,
    }


def throttled(prefix: str) -> State:
    return {
        "ErrorEquals": ["ProviderThrottled"],
        "ResultPath": "$.throttle_error",
        "Next": f"{prefix}Throttled",
    }


def _gave_up(provider: str) -> State:
    # A Fail inside a branch: the enclosing Parallel's Catch routes it to DeadLetter.
    return {
        "Type": "Fail",
        "Error": "ProviderThrottled",
        "Cause": f"The {provider} provider kept refusing for rate limits.",
    }


def _not_made(what: str) -> State:
    return {
        "Type": "Pass",
        "Comment": f"{what} could not be made: reported on the answer (media_issues), never a "
        "reason to record again.",
        "Parameters": {"issue.$": "$.error"},
        "End": True,
    }


def _media_branch(name: str, function: str, selector: dict[str, str], not_made: str) -> State:
    retry = [LAMBDA_RETRY, MEDIA_RETRY]
    return {
        "StartAt": name,
        "States": {
            name: task(
                function,
                selector=selector,
                result_path="$",
                retry=retry,
                catch=[catch_all(not_made)],
                End=True,
            ),
            not_made: _not_made(
                "The video" if name == "Transcode" else "The poster and thumbnails"
            ),
        },
    }


def _transcribe_parts() -> State:
    return {
        "Type": "Map",
        "Comment": "Long answers are cut into parts under the provider's size limit; parts are "
        "transcribed in parallel.",
        "ItemsPath": "$.audio.parts",
        "ItemSelector": {
            **{
                f"{k}.$": f"$.{k}"
                for k in (
                    "company_id",
                    "interview_id",
                    "answer_id",
                    "bucket",
                    "key",
                    "correlation_id",
                )
            },
            "part.$": "$$.Map.Item.Value",
            "throttle": {"count": 0},
        },
        "MaxConcurrency": 4,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "TranscribePart",
            "States": {
                "TranscribePart": task(
                    "TranscribeAudioPart",
                    selector={
                        "key": "key",
                        "offset_seconds": "offset_seconds",
                        "language": "language",
                    },
                    result_path="$.transcript",
                    OutputPath="$.transcript",
                    retry=[LAMBDA_RETRY, PROVIDER_RETRY],
                    catch=[throttled("Part")],
                    End=True,
                ),
                **throttle_loop("Part", "TranscribePart", _gave_up("transcription")),
            },
        },
        "ResultPath": "$.transcription_parts",
        "Next": "SaveTranscript",
    }


def _audio_branch() -> State:
    """The critical path: the speech audio, its transcript, the score, the interview's
    analysis request (`interview_analysis.requested`, read after the Parallel)."""
    return {
        "StartAt": "StitchChunks",
        "States": {
            "StitchChunks": task(
                "StitchChunkTranscripts",
                Comment="Transcribed while the candidate recorded: the chunks' transcripts "
                "stitched, only what is left transcribed (issue 18). Without chunks, or when "
                "they cannot be trusted (stitched false) or this step fails, the whole "
                "recording is transcribed.",
                selector={k: k for k in ("stitched", "reason", "parts")},
                result_path="$.chunks",
                retry=[LAMBDA_RETRY, PROVIDER_RETRY],
                catch=[catch_all("ExtractAudio", "$.chunks_error")],
                Next="ChunksStitched",
            ),
            "ChunksStitched": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Variable": "$.chunks.stitched",
                        "BooleanEquals": True,
                        "Next": "SaveTranscript",
                    }
                ],
                "Default": "ExtractAudio",
            },
            "ExtractAudio": task(
                "ExtractAnswerAudio",
                selector={"audio_key": "audio_key", "parts": "parts"},
                result_path="$.audio",
                Next="TranscribeParts",
            ),
            "TranscribeParts": _transcribe_parts(),
            "SaveTranscript": task(
                "SaveTranscript",
                selector={
                    k: k
                    for k in (
                        "language",
                        "words",
                        "transcript_key",
                        "captions_key",
                        "human_review_only",
                    )
                },
                result_path="$.transcript",
                Next="HumanReviewOnly",
            ),
            "HumanReviewOnly": {
                "Type": "Choice",
                "Comment": "The candidate asked for a human-only review: the transcript is kept "
                "for the reviewers, and no AI score or interview analysis is made.",
                "Choices": [
                    {
                        "Variable": "$.transcript.human_review_only",
                        "BooleanEquals": True,
                        "Next": "ScoringSkipped",
                    }
                ],
                "Default": "PrepareScoring",
            },
            "ScoringSkipped": {
                "Type": "Pass",
                "Result": {"skipped": True, "reason": "human-only review"},
                "ResultPath": "$.score",
                "End": True,
            },
            "PrepareScoring": {
                "Type": "Pass",
                "Result": {"count": 0},
                "ResultPath": "$.throttle",
                "Next": "ScoreAnswer",
            },
            "ScoreAnswer": task(
                "ScoreAnswer",
                selector={k: k for k in ("overall", "language", "language_mismatch")},
                result_path="$.score",
                retry=[LAMBDA_RETRY, PROVIDER_RETRY],
                catch=[throttled("Scoring")],
                Next="RequestInterviewAnalysis",
            ),
            **throttle_loop("Scoring", "ScoreAnswer", _gave_up("analysis")),
            "RequestInterviewAnalysis": task(
                "RequestInterviewAnalysis",
                selector={"started": "started", "reason": "reason"},
                result_path="$.interview_analysis",
                retry=[RECORD_RETRY],
                catch=[catch_all("RecordAnalysisRequestFailure")],
                End=True,
            ),
            "RecordAnalysisRequestFailure": task(
                "RecordInterviewAnalysisFailure",
                Comment="The answer stays scored; the reason is recorded on the interview "
                "(analysis_error), which otherwise would wait for an analysis that never "
                "starts. The request is idempotent: a redrive or a later reprocessed answer "
                "requests it again.",
                payload={
                    "company_id.$": "$.company_id",
                    "interview_id.$": "$.interview_id",
                    "version": 0,
                    "correlation_id.$": "$.correlation_id",
                    "error.$": "$.error",
                },
                result_path=None,
                retry=[RECORD_RETRY],
                catch=[catch_all("AnalysisRequestFailed", "$.record_error")],
                Next="AnalysisRequestFailed",
            ),
            "AnalysisRequestFailed": {
                "Type": "Pass",
                "Comment": "Ends the branch without failing it (that would stop the video "
                "branch); AnalysisRequested fails the execution after the Parallel.",
                "Result": {"requested": False},
                "ResultPath": "$.interview_analysis",
                "End": True,
            },
        },
    }


def _video_branch() -> State:
    """Video and images, then RecordMedia (video_status). Never fails the answer."""
    return {
        "StartAt": "MakeVideo",
        "States": {
            "MakeVideo": {
                "Type": "Parallel",
                "Comment": "Video and images at once; each branch returns S3 keys, or the "
                "issue when it could not be made after retries.",
                "Branches": [
                    _media_branch(
                        "Transcode",
                        "TranscodeAnswer",
                        {"video_key": "video_key", "remuxed": "remuxed"},
                        "VideoNotMade",
                    ),
                    _media_branch(
                        "MakeImages",
                        "MakeAnswerImages",
                        {"poster_key": "poster_key", "thumbnails_key": "thumbnails_key"},
                        "ImagesNotMade",
                    ),
                ],
                # moto reads `$[1].x` here as a list: whole branch outputs only.
                "ResultSelector": {"video.$": "$[0]", "images.$": "$[1]"},
                "ResultPath": "$.media",
                "Catch": [catch_all("MediaNotRecorded")],
                "Next": "RecordMedia",
            },
            "RecordMedia": task(
                "RecordAnswerMedia",
                result_path=None,
                catch=[catch_all("MediaNotRecorded")],
                OutputPath="$.media",
                End=True,
            ),
            "MediaNotRecorded": {
                "Type": "Pass",
                "Comment": "The video branch failed unexpectedly (its steps catch their own "
                "errors) or storing its keys failed after retries: the answer keeps "
                "video_status processing, the error is in this execution's history, and the "
                "score is not touched.",
                "Parameters": {"issue.$": "$.error"},
                "End": True,
            },
        },
    }


def process_answer() -> State:
    return {
        "Comment": "One execution per answer attempt, started by the upload's S3 event (named "
        "after the answer id, plus the attempt when reprocessed): verify, probe, then two "
        "branches at once: the speech audio, its transcription, the score and the interview's "
        "analysis request (the critical path); and the video and images (video_status). "
        "Recording errors end in RecordFailure (the candidate records again); a video or "
        "images that cannot be made are reported on the answer (media_issues) and never hold "
        "up or fail its score; provider errors that outlast the retries end in DeadLetter "
        "(reprocessAnswer).",
        "StartAt": "VerifyUpload",
        "States": {
            "VerifyUpload": task(
                "VerifyUpload",
                selector={k: k for k in ("status", "size_bytes", "content_type")},
                result_path="$.upload",
                catch=ANSWER_CATCH,
                Next="Probe",
            ),
            "Probe": task(
                "ProbeAnswer",
                selector={k: k for k in ("format_name", "duration_seconds", "has_video", "remux")},
                result_path="$.probe",
                catch=ANSWER_CATCH,
                Next="ProcessAnswer",
            ),
            "ProcessAnswer": {
                "Type": "Parallel",
                "Comment": "The audio branch scores the answer as soon as its audio is "
                "extracted, while the video branch transcodes; only the audio branch can fail "
                "the answer (its errors surface here).",
                "Branches": [_audio_branch(), _video_branch()],
                # The audio branch's whole state; the video branch's media (or issue).
                "ResultSelector": {"audio.$": "$[0]", "media.$": "$[1]"},
                "ResultPath": "$.processed",
                "Catch": ANSWER_CATCH,
                "Next": "AnalysisRequested",
            },
            "AnalysisRequested": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Variable": "$.processed.audio.transcript.human_review_only",
                        "BooleanEquals": True,
                        "Next": "AnswerProcessed",
                    },
                    {
                        "Variable": "$.processed.audio.interview_analysis.requested",
                        "BooleanEquals": False,
                        "Next": "AnalysisNotRequested",
                    },
                ],
                "Default": "AnswerProcessed",
            },
            "AnswerProcessed": {"Type": "Succeed"},
            "AnalysisNotRequested": {
                "Type": "Fail",
                "Error": "InterviewAnalysisNotRequested",
                "Cause": "The answer is scored, but the interview's analysis could not be "
                "requested after retries; the reason is recorded on the interview.",
            },
            "RecordFailure": task(
                "RecordAnswerFailure",
                result_path=None,
                retry=[RECORD_RETRY],
                Next="AnswerFailed",
            ),
            "AnswerFailed": {
                "Type": "Fail",
                "Error": "AnswerFailed",
                "Cause": "The recording could not be processed; the reason is recorded on the "
                "answer and the candidate may record again.",
            },
            "DeadLetter": task(
                "RecordAnswerFailure",
                result_path=None,
                retry=[RECORD_RETRY],
                Next="AnswerDeadLettered",
            ),
            "AnswerDeadLettered": {
                "Type": "Fail",
                "Error": "AnswerDeadLettered",
                "Cause": "An outside provider kept failing after retries; the answer is marked "
                "failed (provider) and can be reprocessed (reprocessAnswer). The original "
                "upload is kept.",
            },
        },
    }


def analyze_interview() -> State:
    return {
        "Comment": "One execution per interview analysis version (named <interview id>-v"
        "<version>): started exactly once when every answer is scored, or by rescoreInterview "
        "(input rescore: true; AnalyzeInterview scores the stored transcripts again first).",
        "StartAt": "Prepare",
        "States": {
            "Prepare": {
                "Type": "Pass",
                "Result": {"count": 0},
                "ResultPath": "$.throttle",
                "Next": "AnalyzeInterview",
            },
            "AnalyzeInterview": task(
                "AnalyzeInterview",
                selector={k: k for k in ("overall_score", "recommendation", "status")},
                result_path="$.analysis",
                retry=[LAMBDA_RETRY, PROVIDER_RETRY],
                catch=[throttled("Analysis"), catch_all("RecordAnalysisFailure")],
                End=True,
            ),
            **throttle_loop(
                "Analysis",
                "AnalyzeInterview",
                {
                    "Type": "Pass",
                    "Parameters": {
                        "Error": "ProviderThrottled",
                        "Cause": "The analysis provider kept refusing for rate limits.",
                    },
                    "ResultPath": "$.error",
                    "Next": "RecordAnalysisFailure",
                },
            ),
            "RecordAnalysisFailure": task(
                "RecordInterviewAnalysisFailure",
                result_path=None,
                retry=[RECORD_RETRY],
                Next="AnalysisFailed",
            ),
            "AnalysisFailed": {
                "Type": "Fail",
                "Error": "InterviewAnalysisFailed",
                "Cause": "The interview could not be analyzed; the reason is recorded on the "
                "interview.",
            },
        },
    }


DEFINITIONS = {
    "process-answer.asl.json": process_answer,
    "analyze-interview.asl.json": analyze_interview,
}


def render(name: str) -> str:
    return json.dumps(DEFINITIONS[name](), indent=2) + "\n"


def main() -> None:
    for name in DEFINITIONS:
        (STATEMACHINES_DIR / name).write_text(render(name))
        sys.stdout.write(f"wrote statemachines/{name}\n")


if __name__ == "__main__":
    main()
