"""The Groq key comes from the environment locally and from Secrets Manager in the cloud; the
health check asks Groq itself when it is configured."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources


@pytest.fixture
def groq_key_in_secrets_manager(
    platform: tuple[EmbeddedAws, LocalResources],
) -> Iterator[str]:
    aws, _ = platform
    secrets = boto3.client("secretsmanager", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    arn = secrets.create_secret(Name="groq-test-key", SecretString="gsk_from_secrets")["ARN"]
    os.environ["APP_GROQ_API_KEY_SECRET_ARN"] = arn
    # Nothing listens on port 9: Groq is "down" for the health check.
    os.environ["APP_GROQ_BASE_URL"] = "http://127.0.0.1:9"
    wiring.reset()
    yield arn
    del os.environ["APP_GROQ_API_KEY_SECRET_ARN"], os.environ["APP_GROQ_BASE_URL"]
    secrets.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    wiring.reset()


def test_the_key_is_read_from_secrets_manager(groq_key_in_secrets_manager: str) -> None:
    settings = wiring.get_settings()
    assert settings.groq_configured
    assert settings.analyzer_kind == "groq" and settings.transcriber_kind == "groq"
    assert wiring.groq_api_key() == "gsk_from_secrets"


@pytest.mark.usefixtures("groq_key_in_secrets_manager")
def test_health_is_503_when_groq_is_configured_but_unreachable(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["ai_providers"]["status"] == "down"
    assert response.json()["checks"]["dynamodb"]["status"] == "ok"
