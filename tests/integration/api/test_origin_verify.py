"""Only CloudFront may call the API: with APP_ORIGIN_VERIFY_SECRET_ARN set (as CDK sets it), a
request needs the secret's value in X-Origin-Verify; during a rotation the previous value too."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

FIRST = "first-origin-secret-0123456789abcdef0123456789"
SECOND = "second-origin-secret-0123456789abcdef012345678"
THIRD = "third-origin-secret-0123456789abcdef0123456789"


@pytest.fixture
def secrets(
    platform: tuple[EmbeddedAws, LocalResources],
) -> Iterator[tuple[SecretsManagerClient, str]]:
    aws, _ = platform
    client: SecretsManagerClient = boto3.client(
        "secretsmanager", endpoint_url=aws.endpoint_url, region_name="eu-west-1"
    )
    arn = client.create_secret(Name="origin-verify-test", SecretString=FIRST)["ARN"]
    os.environ["APP_ORIGIN_VERIFY_SECRET_ARN"] = arn
    wiring.reset()
    yield client, arn
    del os.environ["APP_ORIGIN_VERIFY_SECRET_ARN"]
    client.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    wiring.reset()


def _status(client: TestClient, value: str | None, path: str = "/health") -> int:
    headers = {"X-Origin-Verify": value} if value is not None else {}
    return client.get(path, headers=headers).status_code


def test_without_the_setting_every_request_passes(client: TestClient) -> None:
    assert wiring.origin_secret() is None
    assert _status(client, None, "/openapi.json") == 200


@pytest.mark.usefixtures("secrets")
def test_requests_need_the_secret_from_secrets_manager(client: TestClient) -> None:
    assert _status(client, FIRST) == 200  # /health too: it is checked through CloudFront
    for value in (None, "", "wrong", FIRST[:-1]):
        response = client.get("/templates", headers={"X-Origin-Verify": value} if value else {})
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "/problems/origin-not-allowed"
        assert problem["instance"] == "/templates"
        assert response.headers["x-correlation-id"]  # refused requests are logged like others


@pytest.mark.usefixtures("secrets")
def test_preflights_need_the_header_too(client: TestClient) -> None:
    preflight = {
        "Origin": "http://localhost:8000",
        "Access-Control-Request-Method": "POST",
    }
    assert client.options("/templates", headers=preflight).status_code == 403
    allowed = client.options("/templates", headers={**preflight, "X-Origin-Verify": FIRST})
    assert allowed.status_code == 200


def test_a_rotation_keeps_the_previous_value_until_cloudfront_has_the_new_one(
    client: TestClient, secrets: tuple[SecretsManagerClient, str]
) -> None:
    sm, arn = secrets
    sm.put_secret_value(SecretId=arn, SecretString=SECOND)
    wiring.reset()  # in Lambda: up to 5 minutes later
    assert _status(client, SECOND) == 200
    assert _status(client, FIRST) == 200  # what CloudFront sends until the web stack is deployed
    sm.put_secret_value(SecretId=arn, SecretString=THIRD)
    wiring.reset()
    assert _status(client, THIRD) == 200
    assert _status(client, SECOND) == 200
    assert _status(client, FIRST) == 403
