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

from functions.domain.recording_files import recording_extensions

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
    projection: Literal["all", "keys_only"] = "all"


@dataclass(frozen=True)
class Table:
    base: str
    partition_key: str
    sort_key: str
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = None
    stream: bool = False  # a NEW_IMAGE stream (the transactional outbox's publisher reads it)
    # Point-in-time recovery (on in every stage). Off only for the personal-data keys table:
    # a backup must not keep a key that erasure shredded (cdk/stacks/data.py).
    backups: bool = True

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)


@dataclass(frozen=True)
class Bucket:
    base: str
    event_bridge_notifications: bool = False
    browser_uploads: bool = False  # CORS for the web origin, multipart ETag exposed
    versioned: bool = True
    # Candidates' faces, voices and words: encrypted with the PII key, whose grants only the
    # functions that handle recordings hold (the data key covers the rest).
    holds_pii: bool = False

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


EventSourceKind = Literal["table_stream", "queue", "dead_letters"]


@dataclass(frozen=True)
class EventSource:
    """A Lambda event source mapping: a table's stream, a queue, or a queue's dead letters.

    The cloud creates a mapping (partial batch responses; bisect-on-error for streams); the
    local platform polls the same source and calls the same handler (functions/local/
    event_sources.py), because moto's mappings invoke synchronously inside the write.
    """

    function: str  # Function.base
    kind: EventSourceKind
    source: str  # Table.base or Queue.base
    batch_size: int = 10


@dataclass(frozen=True)
class Schedule:
    """A function run on a timetable: EventBridge Scheduler in the cloud (cdk/stacks/
    pipeline.py), a periodic job in the local platform (functions/local/schedules.py)."""

    base: str
    function: str  # Function.base
    every_minutes: int

    def name(self, stage: str) -> str:
        return resource_name(stage, self.base)

    @property
    def expression(self) -> str:
        return f"rate({self.every_minutes} minutes)"


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
    # S3 object keys the rule takes (any of them); in each, `*` matches any characters, `/` too.
    key_wildcards: tuple[str, ...] = ()

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
            if self.key_wildcards:
                detail["object"] = {"key": [{"wildcard": w} for w in self.key_wildcards]}
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
    event_sources: tuple[EventSource, ...] = ()
    pii_kms_alias: str = "pii"
    schedules: tuple[Schedule, ...] = ()

    def event_bus_name(self, stage: str) -> str:
        return resource_name(stage, self.event_bus)

    def kms_alias_name(self, stage: str) -> str:
        return f"alias/{resource_name(stage, self.kms_alias)}"

    def pii_kms_alias_name(self, stage: str) -> str:
        return f"alias/{resource_name(stage, self.pii_kms_alias)}"


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
        # Keys only: the recordings retention purge (functions/recordings/retention.py).
        Index("gsi4", "gsi4pk", "gsi4sk", projection="keys_only"),
    ),
    ttl_attribute="expires_at",
    stream=True,
)
# The wrapped personal-data keys (functions/storage/pii.py), and nothing else: company keys,
# candidate keys and the blind-index key. Apart from the platform table so that its backups
# hold ciphertext only: a candidate's key deleted here (crypto-shredding) is gone from every
# copy, because this table keeps no backup of its own.
PII_KEYS_TABLE = Table(base="pii-keys", partition_key="pk", sort_key="sk", backups=False)

UPLOADS_BUCKET = Bucket(
    base="uploads", event_bridge_notifications=True, browser_uploads=True, holds_pii=True
)

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
REDRIVE_ANSWERS = Function(
    base="redrive-answers",
    handler="functions.media.handlers.redrive_answers",
    description="Starts the run of answers uploaded 5 minutes ago without one (lost S3 event)",
    timeout_seconds=300,
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
# Transcription while the candidate records (issue 18 item 2, functions/transcription/chunks.py).
TRANSCRIBE_AUDIO_CHUNK = Function(
    base="transcribe-audio-chunk",
    handler="functions.transcription.handlers.transcribe_audio_chunks",
    description="Speech to text of each audio chunk the recorder uploads while recording",
    timeout_seconds=120,
    memory_mb=3008,
)
STITCH_CHUNK_TRANSCRIPTS = Function(
    base="stitch-chunk-transcripts",
    handler="functions.transcription.handlers.transcribe_from_chunks",
    description="The answer's transcript from its chunks' transcripts (the rest transcribed); "
    "says when the whole recording must be transcribed instead",
    timeout_seconds=300,
    memory_mb=3008,
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

PUBLISH_OUTBOX = Function(
    base="publish-outbox",
    handler="functions.events.handlers.publish_outbox",
    description="Table stream -> the outbox's new events onto the platform bus (PutEvents)",
    timeout_seconds=60,
)
SWEEP_OUTBOX = Function(
    base="sweep-outbox",
    handler="functions.events.handlers.sweep_outbox",
    description="Publishes outbox events still pending after 10 minutes (every 5 minutes)",
    timeout_seconds=300,
)
FAN_OUT_WEBHOOKS = Function(
    base="fan-out-webhooks",
    handler="functions.webhooks.handlers.fan_out",
    description="One delivery per subscribed webhook endpoint of each platform event",
    timeout_seconds=60,
)
DELIVER_WEBHOOK = Function(
    base="deliver-webhook",
    handler="functions.webhooks.handlers.deliver",
    description="Signed POST of one delivery (15 s timeout); schedules the next attempt",
    timeout_seconds=60,
)
REPLAY_WEBHOOK_DEAD_LETTERS = Function(
    base="replay-webhook-dead-letters",
    handler="functions.webhooks.handlers.replay_dead_letters",
    description="Dead-lettered deliveries back onto their queue, a bounded number of times",
    timeout_seconds=60,
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
        STITCH_CHUNK_TRANSCRIPTS.base,
        TRANSCRIBE_AUDIO_PART.base,
        SAVE_TRANSCRIPT.base,
        SCORE_ANSWER.base,
        REQUEST_INTERVIEW_ANALYSIS.base,
        RECORD_ANSWER_FAILURE.base,
        RECORD_INTERVIEW_ANALYSIS_FAILURE.base,  # RecordAnalysisRequestFailure
    ),
)
ANALYZE_INTERVIEW = StateMachine(
    base="analyze-interview",
    definition_file="analyze-interview.asl.json",
    functions=(ANALYZE_INTERVIEW_FUNCTION.base, RECORD_INTERVIEW_ANALYSIS_FAILURE.base),
)

# The answers' recordings only (answers/<company>/<interview>/<answer>.<ext>), by their
# extensions: the audio chunks stored beside them (.wav, .transcript.json) start no run.
ANSWER_UPLOADED_RULE = Rule(
    base="answer-uploaded",
    bus="default",
    targets=(Target("function", START_ANSWER_PROCESSING.base),),
    source=("aws.s3",),
    detail_type=("Object Created",),
    bucket=UPLOADS_BUCKET.base,
    key_wildcards=tuple(f"answers/*.{ext}" for ext in recording_extensions()),
)

# The recorder's audio chunks (answers/<company>/<interview>/<answer>/chunks/<n>-<ms>.wav):
# each is transcribed as it arrives; visibility over the consumer's timeout (120 s).
AUDIO_CHUNKS_QUEUE = Queue(base="audio-chunks", visibility_timeout_seconds=180)
AUDIO_CHUNK_UPLOADED_RULE = Rule(
    base="audio-chunk-uploaded",
    bus="default",
    targets=(Target("queue", AUDIO_CHUNKS_QUEUE.base),),
    source=("aws.s3",),
    detail_type=("Object Created",),
    bucket=UPLOADS_BUCKET.base,
    key_wildcards=("answers/*/chunks/*.wav",),
)

WEBHOOK_EVENTS_QUEUE = Queue(base="webhook-events", visibility_timeout_seconds=120)
# Visibility over the function timeout (60 s); crashes dead-letter after 5 receives. Failed
# HTTP attempts are not crashes: the deliverer re-sends them with a delay (functions/webhooks).
WEBHOOK_DELIVERIES_QUEUE = Queue(base="webhook-deliveries", visibility_timeout_seconds=120)

WEBHOOK_EVENTS_RULE = Rule(
    base="webhook-events",
    bus="platform",
    targets=(Target("queue", WEBHOOK_EVENTS_QUEUE.base),),
    source=("interviews.platform",),
    detail_type=(
        "interview.created", "interview.invited", "interview.started", "answer.uploaded",
        "answer.scored", "answer.failed", "interview.completed", "interview.analyzed",
        "interview.decided", "interview.expired", "template.published", "candidate.imported",
        "candidate.erased", "webhook.endpoint_disabled", "team.member_added",
        "billing.payment_succeeded", "billing.payment_failed", "billing.quota_warning",
        "reviewer.assigned", "comment.created", "comment.mentioned", "scorecard.submitted",
        "interview.deadline_extended",
        "live_interview.scheduled", "live_interview.cancelled", "live_interview.started",
        "live_interview.ended", "live_interview.analyzed",
    ),
)  # fmt: skip

# Notifications (functions/notifications): bus events -> queue -> emails; a schedule for
# deadline reminders and the expiry of overdue interviews.
# Retention (functions/recordings/retention.py): recordings past their company's period.
PURGE_RECORDINGS = Function(
    base="purge-recordings",
    handler="functions.recordings.handlers.purge_recordings",
    description="Deletes recordings past their company's retention period (daily)",
    timeout_seconds=900,
)
RECORDINGS_PURGE_SCHEDULE = Schedule(
    base="recordings-purge", function=PURGE_RECORDINGS.base, every_minutes=24 * 60
)

NOTIFY = Function(
    base="notify",
    handler="functions.notifications.handlers.notify",
    description="Emails for platform events (SES): welcome, invitation, completed, analysis, "
    "decision",
    timeout_seconds=60,
)
RUN_NOTIFICATION_SCHEDULE = Function(
    base="run-notification-schedule",
    handler="functions.notifications.handlers.run_schedule",
    description="Deadline reminders and expiry of overdue interviews (every 15 minutes)",
    timeout_seconds=300,
)
NOTIFICATIONS_QUEUE = Queue(base="notifications", visibility_timeout_seconds=120)
NOTIFICATIONS_RULE = Rule(
    base="notifications",
    bus="platform",
    targets=(Target("queue", NOTIFICATIONS_QUEUE.base),),
    source=("interviews.platform",),
    detail_type=(
        "interview.invited",
        "interview.completed",
        "interview.analyzed",
        "interview.decided",
        "webhook.endpoint_disabled",
        "team.member_added",
        "billing.payment_succeeded",
        "billing.payment_failed",
        "billing.quota_warning",
        "reviewer.assigned",
        "comment.mentioned",
        "interview.deadline_extended",
        "live_interview.scheduled",
        "live_interview.cancelled",
    ),
)
# Analytics (functions/analytics): bus events -> queue -> projector (aggregate items).
PROJECT_ANALYTICS = Function(
    base="project-analytics",
    handler="functions.analytics.handlers.project_events",
    description="Analytics read models: interview facts and day/month aggregates from bus events",
    timeout_seconds=60,
)
ANALYTICS_QUEUE = Queue(base="analytics", visibility_timeout_seconds=120)
ANALYTICS_RULE = Rule(
    base="analytics",
    bus="platform",
    targets=(Target("queue", ANALYTICS_QUEUE.base),),
    source=("interviews.platform",),
    detail_type=(
        "interview.created", "interview.started", "answer.uploaded", "answer.scored",
        "interview.completed", "interview.analyzed", "interview.decided", "interview.expired",
    ),
)  # fmt: skip
NOTIFICATION_SCHEDULE = Schedule(
    base="notification-schedule", function=RUN_NOTIFICATION_SCHEDULE.base, every_minutes=15
)
OUTBOX_SWEEP_SCHEDULE = Schedule(base="outbox-sweep", function=SWEEP_OUTBOX.base, every_minutes=5)
ANSWER_REDRIVE_SCHEDULE = Schedule(
    base="answer-redrive", function=REDRIVE_ANSWERS.base, every_minutes=5
)

# Live interviews (functions/live): the signalling WebSocket API's routes (cdk/stacks/live.py).
LIVE_CONNECT = Function(
    base="live-connect",
    handler="functions.live.handlers.connect",
    description="WebSocket $connect: a candidate's link token or a member's access token",
    timeout_seconds=10,
    memory_mb=512,
)
LIVE_MESSAGE = Function(
    base="live-message",
    handler="functions.live.handlers.message",
    description="WebSocket $default: join, offer/answer/ICE relay, questions, end, heartbeat, "
    "audio (Groq transcribes each complete window)",
    timeout_seconds=15,
    memory_mb=512,
)
LIVE_DISCONNECT = Function(
    base="live-disconnect",
    handler="functions.live.handlers.disconnect",
    description="WebSocket $disconnect: out of the room; the others are told",
    timeout_seconds=10,
    memory_mb=512,
)
LIVE_SIGNALLING_FUNCTIONS = (LIVE_CONNECT, LIVE_MESSAGE, LIVE_DISCONNECT)
# The analysis after a live call (functions/live/analysis.py): `live_interview.ended` from the
# bus, and the API's message when the candidate's recording is complete, on one queue; a call
# still waiting for its recording is looked at again (a delayed message to the same queue).
ANALYZE_LIVE_INTERVIEW = Function(
    base="analyze-live-interview",
    handler="functions.live.analysis_handlers.analyze_after_call",
    description="After a live call: cut the candidate's recording at the questions, transcribe "
    "and score the answers, then the interview",
    timeout_seconds=900,
    memory_mb=2048,
)
LIVE_ANALYSIS_QUEUE = Queue(base="live-analysis", visibility_timeout_seconds=960)
LIVE_ANALYSIS_RULE = Rule(
    base="live-analysis",
    bus="platform",
    targets=(Target("queue", LIVE_ANALYSIS_QUEUE.base),),
    source=("interviews.platform",),
    detail_type=("live_interview.ended",),
)

CATALOG = Catalog(
    tables=(PLATFORM_TABLE, PII_KEYS_TABLE),
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
        TRANSCRIBE_AUDIO_CHUNK,
        STITCH_CHUNK_TRANSCRIPTS,
        SAVE_TRANSCRIPT,
        SCORE_ANSWER,
        REQUEST_INTERVIEW_ANALYSIS,
        RECORD_ANSWER_FAILURE,
        REDRIVE_ANSWERS,
        ANALYZE_INTERVIEW_FUNCTION,
        RECORD_INTERVIEW_ANALYSIS_FAILURE,
        PUBLISH_OUTBOX,
        SWEEP_OUTBOX,
        FAN_OUT_WEBHOOKS,
        DELIVER_WEBHOOK,
        REPLAY_WEBHOOK_DEAD_LETTERS,
        NOTIFY,
        RUN_NOTIFICATION_SCHEDULE,
        PURGE_RECORDINGS,
        PROJECT_ANALYTICS,
        *LIVE_SIGNALLING_FUNCTIONS,
        ANALYZE_LIVE_INTERVIEW,
    ),
    state_machines=(PROCESS_ANSWER, ANALYZE_INTERVIEW),
    queues=(
        WEBHOOK_EVENTS_QUEUE,
        WEBHOOK_DELIVERIES_QUEUE,
        NOTIFICATIONS_QUEUE,
        ANALYTICS_QUEUE,
        AUDIO_CHUNKS_QUEUE,
        LIVE_ANALYSIS_QUEUE,
    ),
    rules=(
        ANSWER_UPLOADED_RULE,
        AUDIO_CHUNK_UPLOADED_RULE,
        WEBHOOK_EVENTS_RULE,
        NOTIFICATIONS_RULE,
        ANALYTICS_RULE,
        LIVE_ANALYSIS_RULE,
    ),
    user_pool=UserPool(
        base="users",
        groups=("admin", "hr", "interviewer"),
        mfa_groups=("admin", "hr"),
    ),
    kms_alias="data",
    event_sources=(
        EventSource(PUBLISH_OUTBOX.base, "table_stream", PLATFORM_TABLE.base, batch_size=100),
        EventSource(FAN_OUT_WEBHOOKS.base, "queue", WEBHOOK_EVENTS_QUEUE.base),
        # One delivery per invocation: a slow endpoint holds up no other endpoint's delivery.
        EventSource(DELIVER_WEBHOOK.base, "queue", WEBHOOK_DELIVERIES_QUEUE.base, batch_size=1),
        EventSource(
            REPLAY_WEBHOOK_DEAD_LETTERS.base, "dead_letters", WEBHOOK_DELIVERIES_QUEUE.base
        ),
        EventSource(NOTIFY.base, "queue", NOTIFICATIONS_QUEUE.base),
        EventSource(PROJECT_ANALYTICS.base, "queue", ANALYTICS_QUEUE.base),
        # One chunk per invocation: a chunk's transcript is ready as soon as it is made.
        EventSource(TRANSCRIBE_AUDIO_CHUNK.base, "queue", AUDIO_CHUNKS_QUEUE.base, batch_size=1),
        # One call per invocation: a long call's cutting and scoring holds up no other.
        EventSource(ANALYZE_LIVE_INTERVIEW.base, "queue", LIVE_ANALYSIS_QUEUE.base, batch_size=1),
    ),
    schedules=(
        NOTIFICATION_SCHEDULE,
        OUTBOX_SWEEP_SCHEDULE,
        ANSWER_REDRIVE_SCHEDULE,
        RECORDINGS_PURGE_SCHEDULE,
    ),
)

BUCKETS_BY_BASE = {b.base: b for b in CATALOG.buckets}
FUNCTIONS_BY_BASE = {f.base: f for f in CATALOG.functions}
STATE_MACHINES_BY_BASE = {s.base: s for s in CATALOG.state_machines}
QUEUES_BY_BASE = {q.base: q for q in CATALOG.queues}
