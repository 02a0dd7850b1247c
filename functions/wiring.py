"""One cached builder per port and client. Which adapter is used comes from settings only.

Nothing here runs at import time: a Lambda pays for a client the first time it uses it.
`reset()` drops every cached object, for tests and for the local platform when it re-binds.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from functions.settings import get_settings

# Adapters are imported where they are built, not here: the API imports this module, and a cold
# start should pay only for what its request uses (boto3, PyJWT, PynamoDB, FFmpeg, Groq...).
if TYPE_CHECKING:
    import groq
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_sqs import SQSClient
    from mypy_boto3_stepfunctions import SFNClient

    from functions.analysis.ports import Analyzer
    from functions.analytics.store import AnalyticsStore
    from functions.api.origin import OriginSecret
    from functions.billing.plans import PlanName
    from functions.billing.ports import PaymentProvider
    from functions.billing.store import BillingRepository
    from functions.billing.subscriptions import Terms
    from functions.candidates.ports import PageShell
    from functions.collaboration.store import CommentRepository, ScorecardRepository
    from functions.identity.ports import IdentityProvider, TokenVerifier
    from functions.integrations.store import (
        ApiKeyRepository,
        CandidateRepository,
        JobRepository,
    )
    from functions.live.analysis_queue import LiveAnalysisQueue
    from functions.live.ports import ConnectionGateway, LiveTranscriber
    from functions.live.signalling_rules import Connection
    from functions.live.store import (
        ConnectionRepository,
        LiveInterviewRepository,
        LiveNoteRepository,
        LiveTranscriptRepository,
    )
    from functions.media.ports import BlobStore, MediaTool
    from functions.notifications.inbox_store import NotificationRepository
    from functions.notifications.ports import Mailer
    from functions.privacy.archive import S3Archive
    from functions.privacy.store import PrivacyStore
    from functions.recordings.ports import RecordingStore
    from functions.storage.audit import AuditLog
    from functions.storage.candidate_keys import CandidateKeyStore
    from functions.storage.rate_limits import RateLimitRepository
    from functions.storage.registration_codes import RegistrationCodesRepository
    from functions.storage.repositories import (
        CompanyRepository,
        InterviewRepository,
        OutboxRepository,
        TemplateRepository,
        UserRepository,
    )
    from functions.storage.share_links import ShareLinkRepository
    from functions.storage.sign_in_attempts import SignInAttemptsRepository
    from functions.storage.sign_up_attempts import SignUpAttemptsRepository
    from functions.templates.bank_store import QuestionBank
    from functions.transcription.ports import Transcriber
    from functions.webhooks.queue import DeliveryQueue
    from functions.webhooks.repository import WebhookRepository


@cache
def _client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    settings = get_settings()
    config = Config(
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=3,
        read_timeout=10,
        # Path-style keeps presigned URLs valid against a local endpoint (no bucket subdomains).
        s3={"addressing_style": "path" if settings.aws_endpoint_url else "auto"},
        signature_version="s3v4" if service == "s3" else None,
    )
    return boto3.session.Session().client(
        service,  # type: ignore[call-overload]
        region_name=settings.aws_region,
        endpoint_url=settings.aws_endpoint_url,
        config=config,
    )


def s3() -> S3Client:
    client: S3Client = _client("s3")
    return client


def dynamodb() -> DynamoDBClient:
    client: DynamoDBClient = _client("dynamodb")
    return client


def events() -> EventBridgeClient:
    client: EventBridgeClient = _client("events")
    return client


def sqs() -> SQSClient:
    client: SQSClient = _client("sqs")
    return client


def stepfunctions() -> SFNClient:
    client: SFNClient = _client("stepfunctions")
    return client


def cognito() -> CognitoIdentityProviderClient:
    client: CognitoIdentityProviderClient = _client("cognito-idp")
    return client


def secretsmanager() -> SecretsManagerClient:
    client: SecretsManagerClient = _client("secretsmanager")
    return client


@lru_cache(maxsize=1)
def _bound() -> bool:
    from functions.storage.records import bind_table

    bind_table(get_settings())
    return True


@lru_cache(maxsize=1)
def companies() -> CompanyRepository:
    from functions.storage.repositories import CompanyRepository

    _bound()
    return CompanyRepository()


@lru_cache(maxsize=1)
def users() -> UserRepository:
    from functions.storage.repositories import UserRepository

    _bound()
    return UserRepository()


@lru_cache(maxsize=1)
def templates() -> TemplateRepository:
    from functions.storage.repositories import TemplateRepository

    _bound()
    return TemplateRepository()


@lru_cache(maxsize=1)
def interviews() -> InterviewRepository:
    from functions.storage.repositories import InterviewRepository

    _bound()
    return InterviewRepository()


@lru_cache(maxsize=1)
def analytics_store() -> AnalyticsStore:
    from functions.analytics.store import AnalyticsStore

    _bound()
    return AnalyticsStore()


@lru_cache(maxsize=1)
def billing() -> BillingRepository:
    from functions.billing.store import BillingRepository

    _bound()
    return BillingRepository()


@lru_cache(maxsize=1)
def outbox() -> OutboxRepository:
    from functions.storage.repositories import OutboxRepository

    _bound()
    return OutboxRepository()


@lru_cache(maxsize=1)
def webhooks() -> WebhookRepository:
    from functions.webhooks.repository import WebhookRepository

    _bound()
    return WebhookRepository()


@lru_cache(maxsize=1)
def delivery_queue() -> DeliveryQueue:
    from functions.webhooks.queue import SqsDeliveryQueue

    s = get_settings()
    return SqsDeliveryQueue(sqs(), s.webhook_deliveries_queue_url, s.webhook_dead_letters_queue_url)


@lru_cache(maxsize=1)
def recordings() -> RecordingStore:
    from functions.recordings.s3 import S3RecordingStore

    return S3RecordingStore(s3(), get_settings().uploads_bucket)


@lru_cache(maxsize=1)
def page_shell() -> PageShell:
    """The candidate page's HTML: the site bucket's index.html in the cloud, the built
    frontend folder locally."""
    from functions.candidates.shells import SiteBucketShell, SiteFolderShell

    s = get_settings()
    if s.site_bucket:
        return SiteBucketShell(s3(), s.site_bucket)
    return SiteFolderShell(s.site_dir)


@lru_cache(maxsize=1)
def identity() -> IdentityProvider:
    from functions.identity.cognito import CognitoIdentityProvider

    s = get_settings()
    if s.identity_kind == "local":
        from functions.identity.local import LocalIdentityProvider  # pyotp: local group only

        return LocalIdentityProvider(cognito(), s.user_pool_id, s.user_pool_client_id)
    return CognitoIdentityProvider(cognito(), s.user_pool_id, s.user_pool_client_id)


@lru_cache(maxsize=1)
def token_verifier() -> TokenVerifier:
    from functions.identity.cognito import CognitoTokenVerifier

    s = get_settings()
    return CognitoTokenVerifier(s.resolved_jwks_url, s.issuer, s.user_pool_client_id)


@lru_cache(maxsize=1)
def blobs() -> BlobStore:
    from functions.media.s3 import S3BlobStore

    return S3BlobStore(s3(), get_settings().uploads_bucket)


@lru_cache(maxsize=1)
def media_tool() -> MediaTool:
    from functions.media.ffmpeg import Ffmpeg

    s = get_settings()
    return Ffmpeg(
        s.ffmpeg_path or None,
        background_nice=s.media_background_nice or 0,
        background_threads=s.media_background_threads or 0,
    )


@lru_cache(maxsize=1)
def groq_client() -> groq.Groq:
    import groq

    s = get_settings()
    # No SDK retries: the state machines retry (backoff and jitter, Retry-After on 429).
    return groq.Groq(
        api_key=groq_api_key(),
        base_url=s.groq_base_url,
        timeout=s.groq_timeout_seconds,
        max_retries=0,
    )


@lru_cache(maxsize=1)
def transcriber() -> Transcriber:
    s = get_settings()
    if s.transcriber_kind == "groq":
        from functions.transcription.groq import GroqTranscriber

        return GroqTranscriber(
            groq_client(), s.groq_transcription_model, by_url=bool(s.groq_audio_by_url)
        )
    from functions.transcription.local import LocalWhisperTranscriber

    return LocalWhisperTranscriber(s.whisper_model_dir, s.whisper_cpu_threads)


def groq_api_key() -> str:
    """The key from the environment locally, or from Secrets Manager (cached 5 minutes, so a
    rotated key reaches warm functions without a deploy)."""
    s = get_settings()
    if s.groq_api_key is not None:
        return s.groq_api_key.get_secret_value()
    if not s.groq_api_key_secret_arn:
        raise RuntimeError("set APP_GROQ_API_KEY or APP_GROQ_API_KEY_SECRET_ARN to use Groq")
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    provider = SecretsProvider(boto3_client=_client("secretsmanager"))
    value = provider.get(s.groq_api_key_secret_arn, max_age=300)
    return str(value)


@lru_cache(maxsize=1)
def origin_secret() -> OriginSecret | None:
    """What the API expects in X-Origin-Verify (CloudFront's secret), or None: no check."""
    from functions.api import origin

    s = get_settings()
    if s.origin_verify_secret is not None:
        return origin.fixed(s.origin_verify_secret.get_secret_value())
    if s.origin_verify_secret_arn:
        return origin.from_secrets_manager(secretsmanager(), s.origin_verify_secret_arn)
    return None


def _secret(value: Any, arn: str | None, what: str) -> str:
    """A secret from the environment (locally) or Secrets Manager (cached 5 minutes)."""
    if value is not None:
        return str(value.get_secret_value())
    if not arn:
        raise RuntimeError(f"set {what} or its _SECRET_ARN")
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    provider = SecretsProvider(boto3_client=_client("secretsmanager"))
    return str(provider.get(arn, max_age=300))


def stripe_webhook_secret() -> str:
    """The signing secret Stripe's events are verified with."""
    s = get_settings()
    return _secret(
        s.stripe_webhook_secret, s.stripe_webhook_secret_arn, "APP_STRIPE_WEBHOOK_SECRET"
    )


def plan_prices() -> dict[PlanName, str]:
    """Each paid plan's Stripe price id (the plans themselves: functions/billing/plans.py)."""
    from functions.billing.plans import PlanName

    s = get_settings()
    return {PlanName.PLUS: s.stripe_price_plus, PlanName.PRO: s.stripe_price_pro}


def billing_terms() -> Terms:
    from datetime import timedelta

    from functions.billing.subscriptions import Terms

    prices = {price: plan for plan, price in plan_prices().items()}
    return Terms(plans_by_price=prices, grace=timedelta(days=get_settings().billing_grace_days))


@lru_cache(maxsize=1)
def payment_provider() -> PaymentProvider:
    s = get_settings()
    if s.billing_kind == "stripe":
        from functions.billing.adapters.stripe import StripePaymentProvider, stripe_client

        key = _secret(s.stripe_secret_key, s.stripe_secret_key_secret_arn, "APP_STRIPE_SECRET_KEY")
        return StripePaymentProvider(stripe_client(key))
    from functions.billing.adapters.local import LocalPaymentProvider, post_to

    webhook = f"{s.public_base_url.rstrip('/')}/billing/stripe/webhook"
    return LocalPaymentProvider(s.public_base_url, stripe_webhook_secret(), post_to(webhook))


def unsubscribe_key() -> str:
    """The key that signs unsubscribe links (Secrets Manager in the cloud, cached 5 minutes)."""
    s = get_settings()
    if s.unsubscribe_signing_key is not None:
        return s.unsubscribe_signing_key.get_secret_value()
    if not s.unsubscribe_signing_key_secret_arn:
        raise RuntimeError("set APP_UNSUBSCRIBE_SIGNING_KEY or its _SECRET_ARN")
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    provider = SecretsProvider(boto3_client=_client("secretsmanager"))
    return str(provider.get(s.unsubscribe_signing_key_secret_arn, max_age=300))


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    if get_settings().analyzer_kind == "groq":
        from functions.analysis.groq import (  # type: ignore[import-not-found,unused-ignore]
            GroqAnalyzer,
        )

        analyzer: Analyzer = GroqAnalyzer(groq_client(), get_settings().groq_analysis_model)
        return analyzer
    from functions.analysis.offline import OfflineAnalyzer

    return OfflineAnalyzer()


# Integrations and notifications (functions/integrations, functions/notifications) -----------


def audit_log() -> AuditLog:
    from functions.storage.audit import AuditLog

    _bound()
    return AuditLog()


def share_links() -> ShareLinkRepository:
    """Share links for hiring managers (issue 12: interview actions)."""
    from functions.storage.share_links import ShareLinkRepository

    _bound()
    return ShareLinkRepository()


@lru_cache(maxsize=1)
def api_keys() -> ApiKeyRepository:
    from functions.integrations.store import ApiKeyRepository

    _bound()
    return ApiKeyRepository()


@lru_cache(maxsize=1)
def jobs() -> JobRepository:
    from functions.integrations.store import JobRepository

    _bound()
    return JobRepository()


@lru_cache(maxsize=1)
def candidate_directory() -> CandidateRepository:
    from functions.integrations.store import CandidateRepository

    _bound()
    return CandidateRepository()


@lru_cache(maxsize=1)
def sign_in_attempts() -> SignInAttemptsRepository:
    from functions.storage.sign_in_attempts import SignInAttemptsRepository

    _bound()
    return SignInAttemptsRepository()


@lru_cache(maxsize=1)
def rate_limits() -> RateLimitRepository:
    from functions.storage.rate_limits import RateLimitRepository

    _bound()
    return RateLimitRepository()


@lru_cache(maxsize=1)
def sign_up_attempts() -> SignUpAttemptsRepository:
    from functions.storage.sign_up_attempts import SignUpAttemptsRepository

    _bound()
    return SignUpAttemptsRepository()


@lru_cache(maxsize=1)
def registration_codes() -> RegistrationCodesRepository:
    from functions.storage.registration_codes import RegistrationCodesRepository

    _bound()
    return RegistrationCodesRepository()


@lru_cache(maxsize=1)
def mailer() -> Mailer:
    s = get_settings()
    if s.mailer_kind == "ses":
        from functions.notifications.adapters.ses import SesMailer

        return SesMailer(_client("ses"))
    from functions.notifications.adapters.outbox import LocalOutbox

    return LocalOutbox(s.outbox_dir)


# Team collaboration (functions/collaboration) and in-app notifications -----------------------


@lru_cache(maxsize=1)
def comments() -> CommentRepository:
    from functions.collaboration.store import CommentRepository

    _bound()
    return CommentRepository()


@lru_cache(maxsize=1)
def scorecards() -> ScorecardRepository:
    from functions.collaboration.store import ScorecardRepository

    _bound()
    return ScorecardRepository()


@lru_cache(maxsize=1)
def question_bank() -> QuestionBank:
    from functions.templates.bank_store import QuestionBank

    _bound()
    return QuestionBank()


@lru_cache(maxsize=1)
def inbox() -> NotificationRepository:
    from functions.notifications.inbox_store import NotificationRepository

    _bound()
    return NotificationRepository()


# Candidates' data-protection rights (functions/privacy) -------------------------------------


@lru_cache(maxsize=1)
def privacy_store() -> PrivacyStore:
    from functions.privacy.store import PrivacyStore

    _bound()
    return PrivacyStore(dynamodb(), get_settings().table_name)


@lru_cache(maxsize=1)
def privacy_archive() -> S3Archive:
    from functions.privacy.archive import S3Archive

    return S3Archive(s3(), get_settings().uploads_bucket)


@lru_cache(maxsize=1)
def candidate_keys() -> CandidateKeyStore:
    """Wired to the PII key store when it lands (functions/storage/candidate_keys.py)."""
    from functions.storage.candidate_keys import CandidateKeyStore

    return CandidateKeyStore()


# Live interviews (functions/live) ------------------------------------------------------------


@lru_cache(maxsize=1)
def live_interviews() -> LiveInterviewRepository:
    from functions.live.store import LiveInterviewRepository

    _bound()
    return LiveInterviewRepository()


@lru_cache(maxsize=1)
def live_notes() -> LiveNoteRepository:
    from functions.live.store import LiveNoteRepository

    _bound()
    return LiveNoteRepository()


@lru_cache(maxsize=1)
def live_analysis_queue() -> LiveAnalysisQueue:
    from functions.live.analysis_queue import SqsLiveAnalysisQueue

    return SqsLiveAnalysisQueue(sqs(), get_settings().live_analysis_queue_url)


@lru_cache(maxsize=1)
def live_connections() -> ConnectionRepository:
    from functions.live.store import ConnectionRepository

    _bound()
    return ConnectionRepository()


@lru_cache(maxsize=1)
def connection_gateway() -> ConnectionGateway:
    """API Gateway's Management API in the cloud; this process's sockets locally."""
    s = get_settings()
    if s.live_gateway_kind == "apigateway":
        import boto3

        from functions.live.adapters.apigateway import ApiGatewayConnections

        client = boto3.client(
            "apigatewaymanagementapi",
            endpoint_url=s.live_management_endpoint or s.aws_endpoint_url,
            region_name=s.aws_region,
        )
        return ApiGatewayConnections(client)
    from functions.live.adapters.local import LocalConnections

    return LocalConnections()


@lru_cache(maxsize=1)
def live_transcripts() -> LiveTranscriptRepository:
    """The confirmed lines the live transcriber stored (LIVETX# items)."""
    from functions.live.store import LiveTranscriptRepository

    _bound()
    return LiveTranscriptRepository()


@lru_cache(maxsize=1)
def live_transcriber() -> LiveTranscriber:
    """Groq Whisper over stored windows (cloud), or faster-whisper streaming here (local)."""
    s = get_settings()
    if s.live_transcriber == "groq":
        from functions.live.adapters.groq_windows import GroqWindowTranscriber
        from functions.live.store import LiveAudioRepository
        from functions.transcription.groq import GroqTranscriber

        _bound()
        groq = GroqTranscriber(groq_client(), s.groq_transcription_model, by_url=False)
        return GroqWindowTranscriber(
            groq, LiveAudioRepository(), live_transcripts(), s.live_window_seconds
        )
    from functions.live.adapters.whisper_stream import LocalStreamingTranscriber
    from functions.transcription.local import LocalWhisperTranscriber

    return LocalStreamingTranscriber(
        LocalWhisperTranscriber(s.whisper_model_dir, s.whisper_cpu_threads).model,
        idle_seconds=s.live_stream_idle_seconds,
        language_of=live_language,
    )


def live_language(speaker: Connection) -> str | None:
    """The language a live interview is held in (its candidate's), for every speaker in it:
    the local transcriber then skips detecting it."""
    found = live_interviews().get(speaker.company_id, speaker.live_id)
    return found[0].candidate.language if found else None


def turn_secret() -> str | None:
    """coturn's shared secret (Secrets Manager in the cloud, cached 5 minutes); None: no TURN."""
    s = get_settings()
    if s.live_turn_secret is not None:
        return s.live_turn_secret.get_secret_value()
    if not s.live_turn_secret_arn:
        return None
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    provider = SecretsProvider(boto3_client=_client("secretsmanager"))
    return str(provider.get(s.live_turn_secret_arn, max_age=300))


def reset() -> None:
    """Forget settings and every adapter (tests, or the local platform after it provisioned)."""
    get_settings.cache_clear()
    for cached in (
        _client,
        _bound,
        live_notes,
        live_transcripts,
        live_analysis_queue,
        companies,
        users,
        templates,
        interviews,
        analytics_store,
        billing,
        payment_provider,
        webhooks,
        delivery_queue,
        recordings,
        page_shell,
        blobs,
        media_tool,
        groq_client,
        origin_secret,
        transcriber,
        analyzer,
        identity,
        token_verifier,
        api_keys,
        jobs,
        candidate_directory,
        sign_in_attempts,
        rate_limits,
        sign_up_attempts,
        registration_codes,
        mailer,
        comments,
        scorecards,
        inbox,
        privacy_store,
        privacy_archive,
        candidate_keys,
        live_interviews,
        live_connections,
        live_transcripts,
        live_transcriber,
        connection_gateway,
    ):
        cached.cache_clear()
