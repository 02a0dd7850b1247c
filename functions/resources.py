"""The AWS resources the platform runs on, declared once.

The CDK app (cdk/) builds these into CloudFormation and the embedded local platform
(functions/local/) creates the same names, keys, indexes, rules and state machines in moto from
this very module, so the two cannot drift apart; tests/infra checks that they agree.
Plain data, no AWS imports: a Lambda importing settings pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

APP = "interviews"

Stage = Literal["local", "dev", "staging", "prod"]


def resource_name(stage: str, base: str) -> str:
    """Physical name of a resource in one stage: interviews-<stage>-<base>."""
    return f"{APP}-{stage}-{base}"


@dataclass(frozen=True)
class Index:
    name: str
    partition_key: str
    sort_key: str


@dataclass(frozen=True)
class Table:
    base: str
    partition_key: str
    sort_key: str
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = None

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)


@dataclass(frozen=True)
class Bucket:
    base: str
    event_bridge_notifications: bool = False
    browser_uploads: bool = False  # CORS for the web origin, multipart ETag exposed
    versioned: bool = True

    def name(self, stage: str, account: str) -> str:
        # Bucket names are global: the account id keeps two deployments apart.
        return f"{resource_name(stage, self.base)}-{account}"


@dataclass(frozen=True)
class Function:
    base: str
    handler: str  # module path inside the one code package, e.g. functions.api.main.handler
    description: str
    timeout_seconds: int = 30
    memory_mb: int = 512

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)


@dataclass(frozen=True)
class StateMachine:
    base: str
    definition_file: str  # under statemachines/
    functions: tuple[str, ...]  # Function.base of each Lambda the definition invokes

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)

    def substitutions(self, function_arn: Callable[[Function], str]) -> dict[str, str]:
        """The DefinitionSubstitutions map: ${VerifyUploadFunctionArn} -> that function's ARN.

        CDK passes tokens, the local platform passes moto ARNs; the keys come from here only.
        """
        return {
            substitution_key(base): function_arn(FUNCTIONS_BY_BASE[base]) for base in self.functions
        }


def substitution_key(function_base: str) -> str:
    camel = "".join(part.capitalize() for part in function_base.split("-"))
    return f"{camel}FunctionArn"


@dataclass(frozen=True)
class Queue:
    base: str
    visibility_timeout_seconds: int = 180
    max_receive_count: int = 5  # then the message moves to <base>-dlq

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)

    def dead_letter_name(self, stage: str) -> str:
        return resource_name(stage, f"{self.base}-dlq")


TargetKind = Literal["function", "state_machine", "queue"]


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    ref: str  # base name of the Function / StateMachine / Queue


@dataclass(frozen=True)
class Rule:
    base: str
    bus: Literal["default", "platform"]  # S3 notifications only reach the default bus
    targets: tuple[Target, ...]
    source: tuple[str, ...]
    detail_type: tuple[str, ...]
    bucket: str | None = None  # Bucket.base, for S3 notifications
    key_prefix: str | None = None

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)

    def pattern(self, stage: str, account: str) -> dict[str, object]:
        """The EventBridge event pattern, identical in the cloud and locally."""
        pattern: dict[str, object] = {
            "source": list(self.source),
            "detail-type": list(self.detail_type),
        }
        if self.bucket is not None:
            detail: dict[str, object] = {
                "bucket": {"name": [BUCKETS_BY_BASE[self.bucket].name(stage, account)]}
            }
            if self.key_prefix:
                detail["object"] = {"key": [{"prefix": self.key_prefix}]}
            pattern["detail"] = detail
        return pattern


@dataclass(frozen=True)
class UserPool:
    base: str
    groups: tuple[str, ...]
    mfa_groups: tuple[str, ...]  # groups whose members must use TOTP
    password_min_length: int = 12

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)

    def client_name(self, stage: str) -> str:
        return resource_name(stage, f"{self.base}-web")


@dataclass(frozen=True)
class Catalog:
    tables: tuple[Table, ...]
    buckets: tuple[Bucket, ...]
    event_bus: str
    functions: tuple[Function, ...]
    state_machines: tuple[StateMachine, ...]
    queues: tuple[Queue, ...]
    rules: tuple[Rule, ...]
    user_pool: UserPool
    kms_alias: str

    def event_bus_name(self, stage: str) -> str:
        return resource_name(stage, self.event_bus)

    def kms_alias_name(self, stage: str) -> str:
        return f"alias/{resource_name(stage, self.kms_alias)}"


# ---------------------------------------------------------------------------------------------
# The platform's resources
# ---------------------------------------------------------------------------------------------

# Single-table design: every company-owned item has pk = "COMPANY#<id>", so a request can only
# ever read its own tenant. The GSIs serve look-ups that start from something other than the
# company: a signed-in user's id, a candidate's token hash, status and template listings.
PLATFORM_TABLE = Table(
    base="platform",
    partition_key="pk",
    sort_key="sk",
    indexes=(
        Index("gsi1", "gsi1pk", "gsi1sk"),
        Index("gsi2", "gsi2pk", "gsi2sk"),
        Index("gsi3", "gsi3pk", "gsi3sk"),
    ),
    ttl_attribute="expires_at",
)

UPLOADS_BUCKET = Bucket(base="uploads", event_bridge_notifications=True, browser_uploads=True)

API_FUNCTION = Function(
    base="api",
    handler="functions.api.main.handler",
    description="The HTTP API (FastAPI behind Mangum)",
    timeout_seconds=29,
    memory_mb=1024,
)
START_ANSWER_PROCESSING = Function(
    base="start-answer-processing",
    handler="functions.media.handlers.start_answer_processing",
    description="S3 Object Created -> one process-answer execution per answer attempt",
)
VERIFY_UPLOAD = Function(
    base="verify-upload",
    handler="functions.media.handlers.verify_upload",
    description="First pipeline step: checks the stored upload against its answer",
)
RECORD_ANSWER_FAILURE = Function(
    base="record-answer-failure",
    handler="functions.media.handlers.record_answer_failure",
    description="Pipeline failure state: records why an answer could not be processed",
)

PROBE_ANSWER = Function(
    base="probe-answer",
    handler="functions.media.handlers.probe_answer",
    description="Probes the upload (PyAV): media, audio track, duration; marks it processing",
    timeout_seconds=120,
    memory_mb=1024,
)
TRANSCODE_ANSWER = Function(
    base="transcode-answer",
    handler="functions.media.handlers.transcode_answer",
    description="H.264/AAC MP4 with faststart (a remux when the upload already is H.264/AAC)",
    timeout_seconds=900,
    memory_mb=3008,
)
EXTRACT_ANSWER_AUDIO = Function(
    base="extract-answer-audio",
    handler="functions.media.handlers.extract_answer_audio",
    description="16 kHz mono audio for transcription, cut into parts under provider limits",
    timeout_seconds=300,
    memory_mb=1024,
)
MAKE_ANSWER_IMAGES = Function(
    base="make-answer-images",
    handler="functions.media.handlers.make_answer_images",
    description="Poster frame and thumbnail strip of a video answer",
    timeout_seconds=300,
    memory_mb=1024,
)
RECORD_ANSWER_MEDIA = Function(
    base="record-answer-media",
    handler="functions.media.handlers.record_answer_media",
    description="Stores the keys of the transcoded video, audio and images on the answer",
)
TRANSCRIBE_AUDIO_PART = Function(
    base="transcribe-audio-part",
    handler="functions.transcription.handlers.transcribe_audio_part",
    description="Speech to text of one audio part (Groq Whisper or offline faster-whisper)",
    timeout_seconds=900,
    memory_mb=3008,
)
SAVE_TRANSCRIPT = Function(
    base="save-transcript",
    handler="functions.transcription.handlers.save_transcript",
    description="Joins the parts' transcripts, writes segments and WebVTT captions",
    timeout_seconds=60,
)
SCORE_ANSWER = Function(
    base="score-answer",
    handler="functions.media.handlers.score_answer",
    description="AI analysis of one answer's transcript (four criteria); marks it scored",
    timeout_seconds=300,
)
REQUEST_INTERVIEW_ANALYSIS = Function(
    base="request-interview-analysis",
    handler="functions.media.handlers.request_interview_analysis",
    description="Starts analyze-interview exactly once, when every answer is scored",
)
ANALYZE_INTERVIEW_FUNCTION = Function(
    base="analyze-interview",
    handler="functions.media.handlers.analyze_interview",
    description="AI analysis of a whole interview: overall score, recommendation, summary",
    timeout_seconds=300,
)
RECORD_INTERVIEW_ANALYSIS_FAILURE = Function(
    base="record-interview-analysis-failure",
    handler="functions.media.handlers.record_interview_analysis_failure",
    description="analyze-interview failure state: records why on the interview",
)

PROCESS_ANSWER = StateMachine(
    base="process-answer",
    definition_file="process-answer.asl.json",
    functions=(
        VERIFY_UPLOAD.base,
        PROBE_ANSWER.base,
        TRANSCODE_ANSWER.base,
        EXTRACT_ANSWER_AUDIO.base,
        MAKE_ANSWER_IMAGES.base,
        RECORD_ANSWER_MEDIA.base,
        TRANSCRIBE_AUDIO_PART.base,
        SAVE_TRANSCRIPT.base,
        SCORE_ANSWER.base,
        REQUEST_INTERVIEW_ANALYSIS.base,
        RECORD_ANSWER_FAILURE.base,
    ),
)
ANALYZE_INTERVIEW = StateMachine(
    base="analyze-interview",
    definition_file="analyze-interview.asl.json",
    functions=(ANALYZE_INTERVIEW_FUNCTION.base, RECORD_INTERVIEW_ANALYSIS_FAILURE.base),
)

ANSWER_UPLOADED_RULE = Rule(
    base="answer-uploaded",
    bus="default",
    targets=(Target("function", START_ANSWER_PROCESSING.base),),
    source=("aws.s3",),
    detail_type=("Object Created",),
    bucket=UPLOADS_BUCKET.base,
    key_prefix="answers/",
)

CATALOG = Catalog(
    tables=(PLATFORM_TABLE,),
    buckets=(UPLOADS_BUCKET,),
    event_bus="platform",
    functions=(
        API_FUNCTION,
        START_ANSWER_PROCESSING,
        VERIFY_UPLOAD,
        PROBE_ANSWER,
        TRANSCODE_ANSWER,
        EXTRACT_ANSWER_AUDIO,
        MAKE_ANSWER_IMAGES,
        RECORD_ANSWER_MEDIA,
        TRANSCRIBE_AUDIO_PART,
        SAVE_TRANSCRIPT,
        SCORE_ANSWER,
        REQUEST_INTERVIEW_ANALYSIS,
        RECORD_ANSWER_FAILURE,
        ANALYZE_INTERVIEW_FUNCTION,
        RECORD_INTERVIEW_ANALYSIS_FAILURE,
    ),
    state_machines=(PROCESS_ANSWER, ANALYZE_INTERVIEW),
    queues=(),
    rules=(ANSWER_UPLOADED_RULE,),
    user_pool=UserPool(
        base="users",
        groups=("admin", "hr", "interviewer"),
        mfa_groups=("admin", "hr"),
    ),
    kms_alias="data",
)

BUCKETS_BY_BASE = {b.base: b for b in CATALOG.buckets}
FUNCTIONS_BY_BASE = {f.base: f for f in CATALOG.functions}
STATE_MACHINES_BY_BASE = {s.base: s for s in CATALOG.state_machines}
