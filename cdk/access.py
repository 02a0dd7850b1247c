"""What each catalog function may touch and what it runs with: one entry per function base name.

Every function in `CATALOG.functions` needs an entry; a missing one stops synthesis (and
tests/infra names it), so a new function cannot ship with no grants or with borrowed ones.
An entry grants exactly what the function's code calls and adds the cdk-nag suppressions that
those grants need, next to them. Upload keys: recordings under `answers/`, everything derived
from them under `media/` (functions/media/use_cases.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from cdk_nag import NagPackSuppression, NagSuppressions

from cdk import nag
from cdk.constructs.layers import LayerName
from cdk.site import site_bucket_name
from functions.resources import (
    ANALYZE_INTERVIEW,
    ANALYZE_INTERVIEW_FUNCTION,
    ANALYZE_LIVE_INTERVIEW,
    API_FUNCTION,
    CATALOG,
    DELIVER_WEBHOOK,
    EXTRACT_ANSWER_AUDIO,
    FAN_OUT_WEBHOOKS,
    LIVE_ANALYSIS_QUEUE,
    LIVE_CONNECT,
    LIVE_DISCONNECT,
    LIVE_MESSAGE,
    MAKE_ANSWER_IMAGES,
    NOTIFY,
    PII_KEYS_TABLE,
    PLATFORM_TABLE,
    PROBE_ANSWER,
    PROCESS_ANSWER,
    PROJECT_ANALYTICS,
    PUBLISH_OUTBOX,
    PURGE_RECORDINGS,
    RECORD_ANSWER_FAILURE,
    RECORD_ANSWER_MEDIA,
    RECORD_INTERVIEW_ANALYSIS_FAILURE,
    REDRIVE_ANSWERS,
    REPLAY_WEBHOOK_DEAD_LETTERS,
    REQUEST_INTERVIEW_ANALYSIS,
    RUN_NOTIFICATION_SCHEDULE,
    SAVE_TRANSCRIPT,
    SCORE_ANSWER,
    START_ANSWER_PROCESSING,
    STITCH_CHUNK_TRANSCRIPTS,
    SWEEP_OUTBOX,
    TRANSCODE_ANSWER,
    TRANSCRIBE_AUDIO_CHUNK,
    TRANSCRIBE_AUDIO_PART,
    UPLOADS_BUCKET,
    VERIFY_UPLOAD,
    WEBHOOK_DELIVERIES_QUEUE,
    Function,
)

if TYPE_CHECKING:
    from constructs import Construct

    from cdk.config import StageConfig
    from cdk.constructs.layers import PlatformLayers
    from cdk.constructs.python_function import PythonFunction
    from cdk.stacks.data import DataStack
    from cdk.stacks.events import EventsStack
    from cdk.stacks.identity import IdentityStack
    from cdk.stacks.integrations import IntegrationsStack

RECORDINGS = "answers/*"
DERIVED = "media/*"
AUDIO_CHUNKS = "answers/*/chunks/*"  # the recorder's chunks and their transcripts
LIVE_RECORDINGS = "live/*"  # each participant's recording of a live call (functions/live)
REPORTS = "reports/*"  # analytics PDFs (functions/analytics/exports.py)
EXPORTS = "exports/*"  # analytics CSV exports too large to answer inline
INTROS = (
    "intros/*"  # templates' intro videos, uploaded by recruiters (functions/templates/intro.py)
)
FFMPEG_PATH = "/opt/bin/ffmpeg"  # the FFmpeg layer's binary

# What functions/identity/cognito.py calls with IAM credentials; sign-up, sign-in, MFA set-up
# and challenges (SignUp, InitiateAuth, RespondToAuthChallenge, AssociateSoftwareToken,
# VerifySoftwareToken, SetUserMFAPreference) are public Cognito APIs (the app client, or the
# user's session or token).
USER_POOL_ADMIN_ACTIONS = (
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminSetUserPassword",
    "cognito-idp:AdminAddUserToGroup",
    "cognito-idp:AdminRemoveUserFromGroup",
    "cognito-idp:AdminDeleteUser",  # a user half created (no group or password) is taken back
    "cognito-idp:AdminDisableUser",  # deactivateUser
    "cognito-idp:AdminEnableUser",  # reactivateUser
    "cognito-idp:AdminUserGlobalSignOut",  # logout, deactivateUser, a role change
    "cognito-idp:AdminGetUser",  # is a sign-up waiting for its confirmation? (resend)
    "cognito-idp:AdminConfirmSignUp",  # confirmRegistration with our emailed code
    "cognito-idp:AdminUpdateUserAttributes",  # email_verified once confirmed
)


@dataclass(frozen=True)
class Resources:
    """What grants may refer to; state machines only in the stack that owns them."""

    data: DataStack
    events: EventsStack
    identity: IdentityStack
    integrations: IntegrationsStack
    state_machines: Mapping[str, sfn.StateMachine]
    stage: str
    queues: Mapping[str, sqs.Queue] = field(default_factory=dict)  # catalog queues by base


Grant = Callable[[Resources, "PythonFunction"], None]


@dataclass(frozen=True)
class Access:
    grant: Grant
    layers: tuple[LayerName, ...] = ()  # beyond "deps", which every function has
    groq: bool = False  # reads the Groq API key secret
    ephemeral_storage_mb: int = 512  # /tmp: transcoding writes its outputs there
    environment: Mapping[str, str] = field(default_factory=dict)  # beyond app_environment
    snap_start: bool = False  # callers invoke a published version, restored from its snapshot

    def all_layers(self) -> tuple[LayerName, ...]:
        return ("deps", *self.layers)


def _suppress(function: PythonFunction, *suppressions: NagPackSuppression) -> None:
    NagSuppressions.add_resource_suppressions(function, list(suppressions), apply_to_children=True)


# Audit entries (functions/storage/audit.py) are append-only: no role may change or remove one.
AUDIT_PARTITIONS = "AUDIT#*"
AUDIT_DENIED_ACTIONS = (
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)


# The encryption contexts of the table's sealed personal data (functions/storage/pii.py): its
# company data keys and its blind-index key. S3 encrypts recordings under the same PII key with
# the context aws:s3:arn, which this grant does not match.
PII_KEY_PURPOSES = ("pii", "blind-index")
PII_KEY_ACTIONS = ("kms:Decrypt", "kms:GenerateDataKey")
# The wrapped data keys' own table (functions/storage/pii.py): read one, put one (conditional
# on a new key), delete one (crypto-shredding); no query, scan or update. Its SSE uses the data
# key, which the platform table's grant covers already.
PII_KEYS_TABLE_ACTIONS = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem")


def _table(r: Resources, f: PythonFunction) -> None:
    table = r.data.tables[PLATFORM_TABLE.base]
    table.grant_read_write_data(f.function)
    # Every item may carry sealed names and emails: the data keys wrapped by the PII key, and
    # only those (one KMS call per company per cache period, functions/storage/pii.py).
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=list(PII_KEY_ACTIONS),
            resources=[r.data.pii_key.key_arn],
            conditions={"StringEquals": {"kms:EncryptionContext:purpose": list(PII_KEY_PURPOSES)}},
        )
    )
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=list(PII_KEYS_TABLE_ACTIONS),
            resources=[r.data.tables[PII_KEYS_TABLE.base].table_arn],
        )
    )
    # An explicit Deny outranks every Allow: entries can be added (PutItem, conditional on a new
    # key in the code) but never updated or deleted, whatever else the role may do.
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            effect=iam.Effect.DENY,
            actions=list(AUDIT_DENIED_ACTIONS),
            resources=[table.table_arn],
            conditions={"ForAnyValue:StringLike": {"dynamodb:LeadingKeys": [AUDIT_PARTITIONS]}},
        )
    )
    _suppress(f, nag.table_data(table), nag.data_key())


def _uploads(
    r: Resources, f: PythonFunction, *, read: tuple[str, ...] = (), put: tuple[str, ...] = ()
) -> None:
    bucket = r.data.buckets[UPLOADS_BUCKET.base]
    for pattern in read:
        bucket.grant_read(f.function, pattern)
        _suppress(
            f, nag.bucket_objects(bucket, pattern, "s3:GetObject*", "s3:GetBucket*", "s3:List*")
        )
    for pattern in put:
        bucket.grant_put(f.function, pattern)
        _suppress(f, nag.bucket_objects(bucket, pattern, "s3:Abort*"), nag.data_key())


def _start(r: Resources, f: PythonFunction, machine: str, variable: str) -> None:
    state_machine = r.state_machines[machine]
    state_machine.grant_start_execution(f.function)
    f.function.add_environment(variable, state_machine.state_machine_arn)


def _table_only(r: Resources, f: PythonFunction) -> None:
    _table(r, f)


def _api(r: Resources, f: PythonFunction) -> None:
    """Presigned uploads (answers/, intros/) and reads (any key), the table, user admin, /health,
    reprocessing a failed or stuck answer (a process-answer execution), re-scoring an interview
    (an analyze-interview execution), the origin-verify
    secret (requests must come through CloudFront) and the SPA's index.html (candidate pages)."""
    _table(r, f)
    _site_index(r, f)
    origin_verify = r.integrations.origin_verify_secret
    origin_verify.grant_read(f.function)
    f.function.add_environment("APP_ORIGIN_VERIFY_SECRET_ARN", origin_verify.secret_arn)
    _uploads(r, f, read=("*",), put=(RECORDINGS, LIVE_RECORDINGS, REPORTS, EXPORTS, INTROS))
    _erase_candidates(r, f)
    r.identity.user_pool.grant(f.function, *USER_POOL_ADMIN_ACTIONS)
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["events:DescribeEventBus"], resources=[r.events.bus.event_bus_arn]
        )
    )
    # By name (the catalog's), not by reference: the api stack must not depend on the pipeline.
    process_answer = Stack.of(f).format_arn(
        service="states",
        resource="stateMachine",
        resource_name=PROCESS_ANSWER.name(r.stage),
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    # rescoreInterview starts analyze-interview (the next analysis version), also by name.
    analyze_interview = Stack.of(f).format_arn(
        service="states",
        resource="stateMachine",
        resource_name=ANALYZE_INTERVIEW.name(r.stage),
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["states:StartExecution"], resources=[process_answer, analyze_interview]
        )
    )
    f.function.add_environment("APP_PROCESS_ANSWER_STATE_MACHINE_ARN", process_answer)
    f.function.add_environment("APP_ANALYZE_INTERVIEW_STATE_MACHINE_ARN", analyze_interview)
    _describe_answer_runs(r, f)
    # sendTestWebhook and replayWebhookDelivery queue a delivery (SSE-SQS: no key grant).
    deliveries = Stack.of(f).format_arn(
        service="sqs",
        resource=WEBHOOK_DELIVERIES_QUEUE.name(r.stage),
        arn_format=ArnFormat.NO_RESOURCE_NAME,
    )
    f.function.add_to_role_policy(
        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[deliveries])
    )


def _erase_candidates(r: Resources, f: PythonFunction) -> None:
    """eraseCandidate (functions/privacy): every version of a candidate's recordings, their
    media and their export zips (list the versions, then delete them)."""
    bucket = r.data.buckets[UPLOADS_BUCKET.base]
    for pattern in (RECORDINGS, LIVE_RECORDINGS, DERIVED, EXPORTS):
        bucket.grant_delete(f.function, pattern)
        _suppress(f, nag.bucket_objects(bucket, pattern, "s3:DeleteObject*"))
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["s3:ListBucketVersions"],
            resources=[bucket.bucket_arn],
            conditions={
                "StringLike": {"s3:prefix": [RECORDINGS, LIVE_RECORDINGS, DERIVED, EXPORTS]}
            },
        )
    )


def _site_index(r: Resources, f: PythonFunction) -> None:
    """index.html of the SPA's bucket (S3-managed keys: no key grant), which the candidate page
    is served from. By name: the web stack owns the bucket and depends on the api stack."""
    bucket = site_bucket_name(r.stage, Stack.of(f).account)
    index = Stack.of(f).format_arn(
        service="s3",
        region="",
        account="",
        resource=bucket,
        resource_name="index.html",
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    f.function.add_to_role_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=[index]))
    f.function.add_environment("APP_SITE_BUCKET", bucket)


def _describe_answer_runs(r: Resources, f: PythonFunction) -> None:
    """Whether an answer's run (named after it) exists or is under way (reprocessAnswer and the
    re-drive). By name: the api stack must not depend on the pipeline."""
    runs = Stack.of(f).format_arn(
        service="states",
        resource="execution",
        resource_name=f"{PROCESS_ANSWER.name(r.stage)}:*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    f.function.add_to_role_policy(
        iam.PolicyStatement(actions=["states:DescribeExecution"], resources=[runs])
    )
    _suppress(f, nag.answer_runs(runs))  # the stacks' account and region are concrete


def _redrive_answers(r: Resources, f: PythonFunction) -> None:
    """Queries the uploaded-answers index (reads only), reads and starts answers' runs."""
    table = r.data.tables[PLATFORM_TABLE.base]
    table.grant_read_data(f.function)
    _suppress(f, nag.table_data(table))
    _start(r, f, PROCESS_ANSWER.base, "APP_PROCESS_ANSWER_STATE_MACHINE_ARN")
    _describe_answer_runs(r, f)


def _purge_recordings(r: Resources, f: PythonFunction) -> None:
    """Reads the retention index and the companies' periods, records each purge on its
    interview, and deletes every version of recordings and their media (list, then delete)."""
    _table(r, f)
    bucket = r.data.buckets[UPLOADS_BUCKET.base]
    for pattern in (RECORDINGS, LIVE_RECORDINGS, DERIVED):
        bucket.grant_delete(f.function, pattern)
        _suppress(f, nag.bucket_objects(bucket, pattern, "s3:DeleteObject*"))
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["s3:ListBucketVersions"],
            resources=[bucket.bucket_arn],
            conditions={"StringLike": {"s3:prefix": [RECORDINGS, LIVE_RECORDINGS, DERIVED]}},
        )
    )


def _start_answer_processing(r: Resources, f: PythonFunction) -> None:
    _start(r, f, PROCESS_ANSWER.base, "APP_PROCESS_ANSWER_STATE_MACHINE_ARN")


def _verify_upload(r: Resources, f: PythonFunction) -> None:
    _table(r, f)
    _uploads(r, f, read=(RECORDINGS,))


def _media_step(r: Resources, f: PythonFunction) -> None:
    """Reads the recording by presigned URL, writes what it derives under media/."""
    _uploads(r, f, read=(RECORDINGS,), put=(DERIVED,))


def _probe(r: Resources, f: PythonFunction) -> None:
    _table(r, f)
    _uploads(r, f, read=(RECORDINGS,))


def _derived_io(r: Resources, f: PythonFunction) -> None:
    _uploads(r, f, read=(DERIVED,), put=(DERIVED,))


def _transcript(r: Resources, f: PythonFunction) -> None:
    _table(r, f)
    _uploads(r, f, read=(DERIVED,), put=(DERIVED,))


def _chunk_transcripts(r: Resources, f: PythonFunction) -> None:
    """The audio-chunks queue's consumer: reads a chunk, writes its transcript beside it."""
    _uploads(r, f, read=(AUDIO_CHUNKS,), put=(AUDIO_CHUNKS,))


def _stitch_chunks(r: Resources, f: PythonFunction) -> None:
    """Lists and reads the chunks and their transcripts, cuts fills from the recording
    (presigned URL), writes the stitched transcript under media/."""
    _uploads(r, f, read=(RECORDINGS,), put=(DERIVED,))


def _score(r: Resources, f: PythonFunction) -> None:
    _table(r, f)
    _uploads(r, f, read=(DERIVED,))


def _request_analysis(r: Resources, f: PythonFunction) -> None:
    _table(r, f)
    _start(r, f, ANALYZE_INTERVIEW.base, "APP_ANALYZE_INTERVIEW_STATE_MACHINE_ARN")


def _send_email(r: Resources, f: PythonFunction) -> None:
    """SES SendEmail from the stage's verified domain only; SendRawEmail for the emails with an
    attachment (live interviews' calendar entries)."""
    f.function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["ses:SendEmail", "ses:SendRawEmail"],
            resources=[r.integrations.email_identity_arn],
        )
    )
    f.function.add_environment(
        "APP_MAIL_FROM", f"Interviews <no-reply@{r.integrations.mail_domain}>"
    )


def _notify(r: Resources, f: PythonFunction) -> None:
    """Reads interviews, companies and users; writes idempotency records; sends email. (The
    queue's event source mapping grants consuming the notifications queue.)"""
    _table(r, f)
    _send_email(r, f)


def _notification_schedule(r: Resources, f: PythonFunction) -> None:
    """Expires overdue interviews (table; interview.expired goes through the outbox) and emails
    reminders."""
    _table(r, f)
    _send_email(r, f)


def _publish_outbox(r: Resources, f: PythonFunction) -> None:
    """PutEvents on the platform bus (the stream mapping grants reading the table's stream);
    takes published events out of the outbox's pending index (table). The sweeper also queries
    that index."""
    _table(r, f)
    r.events.bus.grant_put_events_to(f.function)


def _send_live_analysis(r: Resources, f: PythonFunction) -> None:
    """sqs:SendMessage on the live-analysis queue (by name: SSE-SQS, no key grant; the URL is
    derived from the catalog in settings)."""
    queue = Stack.of(f).format_arn(
        service="sqs",
        resource=LIVE_ANALYSIS_QUEUE.name(r.stage),
        arn_format=ArnFormat.NO_RESOURCE_NAME,
    )
    f.function.add_to_role_policy(
        iam.PolicyStatement(actions=["sqs:SendMessage"], resources=[queue])
    )


def _analyze_live(r: Resources, f: PythonFunction) -> None:
    """The live interview and its transcript lines in the table (its event via the outbox);
    reads the candidate's recording (live/), writes the answers' clips (media/); a call still
    waiting for its recording goes back on its own queue, delayed."""
    _table(r, f)
    _uploads(r, f, read=(LIVE_RECORDINGS,), put=(DERIVED,))
    _send_live_analysis(r, f)


def _webhook_worker(r: Resources, f: PythonFunction) -> None:
    """Endpoints and deliveries in the table; sends attempts to the deliveries queue (its
    dead letters too, for the replay function's bookkeeping)."""
    _table(r, f)
    deliveries = r.queues[WEBHOOK_DELIVERIES_QUEUE.base]
    deliveries.grant_send_messages(f.function)
    f.function.add_environment("APP_WEBHOOK_DELIVERIES_QUEUE_URL", deliveries.queue_url)
    if deliveries.dead_letter_queue is not None:
        dead_letters = deliveries.dead_letter_queue.queue
        dead_letters.grant_send_messages(f.function)
        f.function.add_environment("APP_WEBHOOK_DEAD_LETTERS_QUEUE_URL", dead_letters.queue_url)


FFMPEG_ENV = {"APP_FFMPEG_PATH": FFMPEG_PATH, "IMAGEIO_FFMPEG_EXE": FFMPEG_PATH}

ACCESS: dict[str, Access] = {
    # Groq: preparation tips (the analyzer) and /health's provider check.
    # SnapStart: a cold API instance resumes from a snapshot taken after the import (issue 18).
    # reports: fpdf2 and its font for the analytics PDFs (issue 14).
    API_FUNCTION.base: Access(_api, groq=True, snap_start=True, layers=("reports",)),
    START_ANSWER_PROCESSING.base: Access(_start_answer_processing),
    VERIFY_UPLOAD.base: Access(_verify_upload),
    PROBE_ANSWER.base: Access(_probe, layers=("pyav",)),
    TRANSCODE_ANSWER.base: Access(
        _media_step, layers=("ffmpeg",), ephemeral_storage_mb=4096, environment=FFMPEG_ENV
    ),
    EXTRACT_ANSWER_AUDIO.base: Access(
        _media_step, layers=("ffmpeg",), ephemeral_storage_mb=2048, environment=FFMPEG_ENV
    ),
    MAKE_ANSWER_IMAGES.base: Access(_media_step, layers=("ffmpeg",), environment=FFMPEG_ENV),
    RECORD_ANSWER_MEDIA.base: Access(_table_only),
    # Groq Whisper only: faster-whisper cannot fit a zip Lambda (docs/deploy.md, layers/deps).
    TRANSCRIBE_AUDIO_PART.base: Access(
        _derived_io, groq=True, environment={"APP_TRANSCRIBER": "groq"}
    ),
    TRANSCRIBE_AUDIO_CHUNK.base: Access(
        _chunk_transcripts, groq=True, environment={"APP_TRANSCRIBER": "groq"}
    ),
    STITCH_CHUNK_TRANSCRIPTS.base: Access(
        _stitch_chunks,
        layers=("ffmpeg",),
        groq=True,
        environment={**FFMPEG_ENV, "APP_TRANSCRIBER": "groq"},
    ),
    SAVE_TRANSCRIPT.base: Access(_transcript),
    # The offline analyzer's sentence encoder (numpy + weights) is loaded only where answers
    # are scored: score-answer, and analyze-interview when a re-score scores them again.
    SCORE_ANSWER.base: Access(_score, groq=True, layers=("encoder",)),
    REQUEST_INTERVIEW_ANALYSIS.base: Access(_request_analysis),
    RECORD_ANSWER_FAILURE.base: Access(_table_only),
    REDRIVE_ANSWERS.base: Access(_redrive_answers),
    ANALYZE_INTERVIEW_FUNCTION.base: Access(_score, groq=True, layers=("encoder",)),
    RECORD_INTERVIEW_ANALYSIS_FAILURE.base: Access(_table_only),
    PUBLISH_OUTBOX.base: Access(_publish_outbox),
    SWEEP_OUTBOX.base: Access(_publish_outbox),
    FAN_OUT_WEBHOOKS.base: Access(_webhook_worker),
    DELIVER_WEBHOOK.base: Access(_webhook_worker),
    REPLAY_WEBHOOK_DEAD_LETTERS.base: Access(_webhook_worker),
    NOTIFY.base: Access(_notify),
    RUN_NOTIFICATION_SCHEDULE.base: Access(_notification_schedule),
    PURGE_RECORDINGS.base: Access(_purge_recordings),
    # Facts, aggregates and markers in the table (the mapping grants consuming its queue).
    PROJECT_ANALYTICS.base: Access(_table_only),
    # Live interviews' signalling routes (cdk/stacks/live.py): rooms and connections in the
    # table; the stack adds execute-api:ManageConnections on its own API and the TURN secret.
    LIVE_CONNECT.base: Access(_table_only),
    # live-message also transcribes the room's audio: Groq Whisper over windows of chunks it
    # keeps in the table (functions/live/adapters/groq_windows.py), one request per window.
    LIVE_MESSAGE.base: Access(
        _table_only,
        groq=True,
        environment={"APP_LIVE_TRANSCRIBER": "groq", "APP_GROQ_TIMEOUT_SECONDS": "8"},
    ),
    LIVE_DISCONNECT.base: Access(_table_only),
    # The analysis after a live call: FFmpeg cuts the clips; Groq transcribes what the live
    # transcript missed and scores (FFmpeg and the offline encoder together exceed Lambda's
    # 250 MB unzipped limit).
    ANALYZE_LIVE_INTERVIEW.base: Access(
        _analyze_live,
        groq=True,
        layers=("ffmpeg",),
        ephemeral_storage_mb=4096,
        environment={**FFMPEG_ENV, "APP_TRANSCRIBER": "groq", "APP_ANALYZER": "groq"},
    ),
}


def access_of(base: str) -> Access:
    try:
        return ACCESS[base]
    except KeyError:
        raise KeyError(
            f"catalog function {base!r} has no entry in cdk/access.py ACCESS: add one that grants "
            "exactly what its handler calls (read its code under functions/)"
        ) from None


def function_for(
    scope: Construct,
    spec: Function,
    *,
    config: StageConfig,
    environment: Mapping[str, str],
    layers: PlatformLayers,
) -> PythonFunction:
    """The catalog function with its entry's layers, /tmp size and environment (no grants yet:
    `grant` runs once the state machines it may start exist)."""
    from cdk.constructs.python_function import PythonFunction

    access = access_of(spec.base)
    return PythonFunction(
        scope,
        spec.base,
        spec=spec,
        config=config,
        environment={**environment, **access.environment},
        layers=[layers.get(name) for name in access.all_layers()],
        ephemeral_storage_mb=access.ephemeral_storage_mb,
        snap_start=access.snap_start,
    )


def grant(resources: Resources, function: PythonFunction, config: StageConfig) -> None:
    access = access_of(function.spec.base)
    access.grant(resources, function)
    if function.spec.base == API_FUNCTION.base:
        _stripe(resources, function, config)
    if function.spec.base in SIGNS_UNSUBSCRIBE_LINKS:
        key = resources.integrations.unsubscribe_signing_key
        key.grant_read(function.function)
        function.function.add_environment("APP_UNSUBSCRIBE_SIGNING_KEY_SECRET_ARN", key.secret_arn)
    if access.groq:
        secret = resources.integrations.groq_api_key
        secret.grant_read(function.function)
        function.function.add_environment("APP_GROQ_API_KEY_SECRET_ARN", secret.secret_arn)
        function.function.add_environment("APP_ANALYZER", config.analyzer)


def _stripe(resources: Resources, function: PythonFunction, config: StageConfig) -> None:
    """Billing: the API calls Stripe (checkout, portal) and verifies Stripe's webhook."""
    integrations = resources.integrations
    for secret, variable in (
        (integrations.stripe_secret_key, "APP_STRIPE_SECRET_KEY_SECRET_ARN"),
        (integrations.stripe_webhook_secret, "APP_STRIPE_WEBHOOK_SECRET_ARN"),
    ):
        secret.grant_read(function.function)
        function.function.add_environment(variable, secret.secret_arn)
    function.function.add_environment("APP_BILLING", "stripe")
    for variable, price in (
        ("APP_STRIPE_PRICE_PLUS", config.stripe_price_plus),
        ("APP_STRIPE_PRICE_PRO", config.stripe_price_pro),
    ):
        if price:
            function.function.add_environment(variable, price)


# The API verifies unsubscribe links; the notifier and the reminder schedule sign them.
SIGNS_UNSUBSCRIBE_LINKS = frozenset(
    {API_FUNCTION.base, NOTIFY.base, RUN_NOTIFICATION_SCHEDULE.base}
)


def missing_entries() -> list[str]:
    return [spec.base for spec in CATALOG.functions if spec.base not in ACCESS]
