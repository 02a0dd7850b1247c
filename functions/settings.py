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
from pydantic_settings import BaseSettings, SettingsConfigDict

from functions.resources import (
    ANALYZE_INTERVIEW,
    CATALOG,
    PLATFORM_TABLE,
    PROCESS_ANSWER,
    UPLOADS_BUCKET,
    WEBHOOK_DELIVERIES_QUEUE,
)

MiB = 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", extra="ignore")

    stage: Literal["local", "dev", "staging", "prod"] = "local"
    aws_region: str = "eu-west-1"
    aws_account_id: str = "123456789012"  # moto's default account; CDK sets the real one
    # Where boto3 and PynamoDB send requests: the embedded moto server locally, AWS otherwise.
    aws_endpoint_url: str | None = None

    # Public address of the web app: candidate links and CORS are built from it.
    public_base_url: str = "http://localhost:8000"
    cors_origins: list[str] = Field(default_factory=list)

    table_name: str = ""
    uploads_bucket: str = ""
    event_bus_name: str = ""
    process_answer_state_machine_arn: str = ""
    analyze_interview_state_machine_arn: str = ""
    user_pool_id: str = ""
    user_pool_client_id: str = ""
    # JWKS of the user pool; derived from the pool id when empty.
    jwks_url: str = ""

    # Answer uploads: a single presigned POST below the threshold, multipart above it.
    max_answer_bytes: int = 1024 * MiB
    multipart_threshold_bytes: int = 32 * MiB
    multipart_part_bytes: int = 16 * MiB
    upload_url_ttl_seconds: int = 3600
    answer_content_types: list[str] = Field(
        default_factory=lambda: ["video/webm", "video/mp4", "video/quicktime", "audio/webm"]
    )
    invitation_days_default: int = 14

    # The candidate page (/i/<token>) is the web app's index.html served by the API with that
    # company's CSP frame-ancestors. The file comes from the site bucket in the cloud, from a
    # folder (frontend/dist, set by `make dev`) locally; with neither there is no page (404).
    site_bucket: str = ""
    site_dir: Path | None = None
    # That page's Content-Security-Policy without frame-ancestors (the API adds them); in the
    # cloud the SPA's, set by CDK. Empty: frame-ancestors alone.
    candidate_page_csp: str = ""

    # Roles that must sign in with TOTP. Default: admin and hr in the cloud; nobody locally, so
    # the demo recruiter signs in with a password alone (set it to try MFA locally).
    mfa_required_roles: list[Literal["admin", "hr", "interviewer"]] | None = None

    # Outside providers; offline adapters are the default when no key is set.
    groq_api_key: SecretStr | None = None
    # In the cloud the key lives in Secrets Manager; functions get its ARN, not its value.
    groq_api_key_secret_arn: str | None = None
    # Signs unsubscribe links in emails: a fixed key locally, a Secrets Manager secret in the
    # cloud (its ARN; read only by the functions that sign or verify links).
    unsubscribe_signing_key: SecretStr | None = None
    unsubscribe_signing_key_secret_arn: str | None = None
    # Only CloudFront may call the API: it sends this secret in X-Origin-Verify, and the API
    # refuses requests without it. A Secrets Manager secret in the cloud (its ARN); a value
    # for tests; neither (locally): no check.
    origin_verify_secret: SecretStr | None = None
    origin_verify_secret_arn: str | None = None
    groq_analysis_model: str = "openai/gpt-oss-120b"
    groq_base_url: str | None = None  # another Groq-compatible endpoint (tests replay one)
    groq_timeout_seconds: float = 60
    groq_transcription_model: str = "whisper-large-v3-turbo"
    # Groq fetches the audio itself by presigned URL; it cannot reach a local endpoint.
    groq_audio_by_url: bool | None = None
    # "auto": Groq when a key is set, else the offline adapter.
    transcriber: Literal["auto", "groq", "local"] = "auto"
    analyzer: Literal["auto", "groq", "offline"] = "auto"

    # Media pipeline. FFmpeg: the layer's binary in Lambda, the pinned wheel's binary locally.
    ffmpeg_path: str = ""
    whisper_model_dir: Path = Path(tempfile.gettempdir()) / "interviews-whisper-base"
    whisper_cpu_threads: int = 0  # 0: CTranslate2 decides (all cores)
    max_answer_seconds: int = 1800  # hard cap, whatever a question allows
    answer_grace_seconds: int = 15  # over a question's time limit before a recording is too long
    transcription_part_seconds: int = 600  # audio parts stay well under Groq's 25 MB limit
    thumbnail_count: int = 10

    # Identity (functions/identity): Cognito's adapter, or locally the same adapter over moto
    # plus the TOTP checks moto leaves out (functions/identity/local.py). "auto": local locally.
    identity: Literal["auto", "cognito", "local"] = "auto"

    # Email (functions/notifications): SES in the cloud; locally a folder the developer reads at
    # /local/outbox or with `python -m functions.notifications.outbox`. "auto": outbox locally.
    mailer: Literal["auto", "ses", "outbox"] = "auto"
    outbox_dir: Path = Path(tempfile.gettempdir()) / "interviews-outbox"
    mail_from: str = "Interviews <no-reply@interviews.local>"
    reminder_hours_before: int = 24  # the deadline reminder goes out this long before

    # Outbound webhooks (functions/webhooks). Loopback (and plain http) targets only when the
    # local platform is started with APP_WEBHOOKS_ALLOW_LOOPBACK=true; refused in the cloud.
    webhook_deliveries_queue_url: str = ""
    webhook_dead_letters_queue_url: str = ""
    webhooks_allow_loopback: bool = False
    webhook_timeout_seconds: float = 15.0
    # Wait before each attempt (seconds): about immediately, 5 s, 5 min, 30 min, 2 h, 5 h,
    # 10 h, 10 h; each with +-10 % jitter.
    webhook_retry_delays: list[float] = Field(
        default_factory=lambda: [0.0, 5, 300, 1800, 7200, 18000, 36000, 36000]
    )
    webhook_disable_after_seconds: int = 5 * 24 * 3600  # failing this long disables an endpoint
    webhook_dead_letter_replays: int = 3  # automated replays of a dead-lettered delivery
    webhook_dead_letter_replay_delay_seconds: int = 900

    @model_validator(mode="after")
    def _derive_and_refuse_unsafe(self) -> Settings:
        stage = self.stage
        self.table_name = self.table_name or PLATFORM_TABLE.name(stage)
        self.uploads_bucket = self.uploads_bucket or UPLOADS_BUCKET.name(stage, self.aws_account_id)
        self.event_bus_name = self.event_bus_name or CATALOG.event_bus_name(stage)
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
        if self.mfa_required_roles is None:
            self.mfa_required_roles = [] if stage == "local" else ["admin", "hr"]
        if stage != "local":
            self._refuse_local_defaults()
        return self

    def _derive_queue_urls(self) -> None:
        base = self.aws_endpoint_url or f"https://sqs.{self.aws_region}.amazonaws.com"
        queue = WEBHOOK_DELIVERIES_QUEUE
        if not self.webhook_deliveries_queue_url:
            self.webhook_deliveries_queue_url = (
                f"{base}/{self.aws_account_id}/{queue.name(self.stage)}"
            )
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
