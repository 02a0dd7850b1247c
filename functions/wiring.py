"""One cached builder per port and client. Which adapter is used comes from settings only.

Nothing here runs at import time: a Lambda pays for a client the first time it uses it.
`reset()` drops every cached object, for tests and for the local platform when it re-binds.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config

from functions.identity.cognito import CognitoIdentityProvider, CognitoTokenVerifier
from functions.identity.ports import IdentityProvider, TokenVerifier
from functions.media.ffmpeg import Ffmpeg
from functions.media.ports import BlobStore, MediaTool
from functions.media.s3 import S3BlobStore
from functions.recordings.ports import RecordingStore
from functions.recordings.s3 import S3RecordingStore
from functions.settings import get_settings
from functions.storage.records import bind_table
from functions.storage.repositories import (
    CompanyRepository,
    InterviewRepository,
    TemplateRepository,
    UserRepository,
)
from functions.transcription.ports import Transcriber

if TYPE_CHECKING:
    import groq
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_events import EventBridgeClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_stepfunctions import SFNClient

    from functions.analysis.ports import Analyzer


@cache
def _client(service: str) -> Any:
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


def stepfunctions() -> SFNClient:
    client: SFNClient = _client("stepfunctions")
    return client


def cognito() -> CognitoIdentityProviderClient:
    client: CognitoIdentityProviderClient = _client("cognito-idp")
    return client


@lru_cache(maxsize=1)
def _bound() -> bool:
    bind_table(get_settings())
    return True


@lru_cache(maxsize=1)
def companies() -> CompanyRepository:
    _bound()
    return CompanyRepository()


@lru_cache(maxsize=1)
def users() -> UserRepository:
    _bound()
    return UserRepository()


@lru_cache(maxsize=1)
def templates() -> TemplateRepository:
    _bound()
    return TemplateRepository()


@lru_cache(maxsize=1)
def interviews() -> InterviewRepository:
    _bound()
    return InterviewRepository()


@lru_cache(maxsize=1)
def recordings() -> RecordingStore:
    return S3RecordingStore(s3(), get_settings().uploads_bucket)


@lru_cache(maxsize=1)
def identity() -> IdentityProvider:
    s = get_settings()
    return CognitoIdentityProvider(cognito(), s.user_pool_id, s.user_pool_client_id)


@lru_cache(maxsize=1)
def token_verifier() -> TokenVerifier:
    s = get_settings()
    return CognitoTokenVerifier(s.resolved_jwks_url, s.issuer, s.user_pool_client_id)


@lru_cache(maxsize=1)
def blobs() -> BlobStore:
    return S3BlobStore(s3(), get_settings().uploads_bucket)


@lru_cache(maxsize=1)
def media_tool() -> MediaTool:
    return Ffmpeg(get_settings().ffmpeg_path or None)


@lru_cache(maxsize=1)
def groq_client() -> groq.Groq:
    import groq

    s = get_settings()
    if s.groq_api_key is None:
        raise RuntimeError("APP_GROQ_API_KEY is not set")
    # No SDK retries: the state machines retry (backoff and jitter, Retry-After on 429).
    return groq.Groq(
        api_key=s.groq_api_key.get_secret_value(),
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


@lru_cache(maxsize=1)
def analyzer() -> Analyzer:
    if get_settings().analyzer_kind == "groq":
        from functions.analysis.groq import (  # type: ignore[import-not-found,unused-ignore]
            GroqAnalyzer,
        )

        analyzer: Analyzer = GroqAnalyzer(groq_client())
        return analyzer
    from functions.analysis.offline import OfflineAnalyzer

    return OfflineAnalyzer()


def reset() -> None:
    """Forget settings and every adapter (tests, or the local platform after it provisioned)."""
    get_settings.cache_clear()
    for cached in (
        _client,
        _bound,
        companies,
        users,
        templates,
        interviews,
        recordings,
        blobs,
        media_tool,
        groq_client,
        transcriber,
        analyzer,
        identity,
        token_verifier,
    ):
        cached.cache_clear()
