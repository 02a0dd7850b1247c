"""Only CloudFront may call the API: the X-Origin-Verify check (functions/api/origin.py), on its
own and through the Lambda entry point (API Gateway HTTP API events, as Mangum sees them)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from functions import wiring
from functions.api.main import handler
from functions.api.origin import OriginSecret, fixed
from tests.unit.test_api_lambda_handler import FakeContext

EVENTS = Path(__file__).resolve().parents[1] / "events"
SECRET = "s3cr3t-from-secrets-manager-0123456789abcdef"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_accepts_only_a_configured_value() -> None:
    secret = fixed(SECRET)
    assert secret.accepts(SECRET)
    assert not secret.accepts(SECRET + "x")
    assert not secret.accepts(SECRET.upper())
    assert not secret.accepts("")
    assert not secret.accepts(None)


def test_an_empty_secret_value_accepts_nothing() -> None:
    secret = OriginSecret(lambda: ("", SECRET))
    assert secret.values() == (SECRET,)
    assert not secret.accepts("")
    assert not OriginSecret(lambda: ("",)).accepts("")


def test_values_are_read_at_most_every_max_age_seconds() -> None:
    reads: list[tuple[str, ...]] = [("current",), ("rotated", "current")]
    calls = []

    def read() -> tuple[str, ...]:
        calls.append(1)
        return reads[len(calls) - 1]

    clock = Clock()
    secret = OriginSecret(read, max_age=300, clock=clock)
    assert secret.accepts("current") and not secret.accepts("rotated")
    clock.now = 299
    assert not secret.accepts("rotated")
    assert len(calls) == 1
    clock.now = 300
    # After a rotation the previous value stays valid until CloudFront has the new one.
    assert secret.accepts("rotated") and secret.accepts("current")
    assert len(calls) == 2


@pytest.fixture
def origin_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("APP_ORIGIN_VERIFY_SECRET", SECRET)
    wiring.reset()
    yield
    monkeypatch.delenv("APP_ORIGIN_VERIFY_SECRET")
    wiring.reset()


def _invoke(headers: dict[str, str]) -> dict[str, Any]:
    event = json.loads((EVENTS / "http-api-get-openapi.json").read_text())
    event["headers"] = {**event.get("headers", {}), **headers}
    response: dict[str, Any] = handler(event, FakeContext())
    return response


@pytest.mark.usefixtures("origin_check")
def test_lambda_refuses_requests_without_cloudfronts_header() -> None:
    for headers in ({}, {"x-origin-verify": "guess"}):
        response = _invoke(headers)
        assert response["statusCode"] == 403
        assert response["headers"]["content-type"] == "application/problem+json"
        raw = response["body"]
        body = json.loads(base64.b64decode(raw) if response["isBase64Encoded"] else raw)
        assert body["type"] == "/problems/origin-not-allowed"
        assert body["status"] == 403
        assert SECRET not in json.dumps(body)
        assert response["headers"]["x-content-type-options"] == "nosniff"  # still logged, headed


@pytest.mark.usefixtures("origin_check")
def test_lambda_serves_requests_that_carry_the_header() -> None:
    response = _invoke({"x-origin-verify": SECRET})
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["info"]["title"] == "Interviews API"


def test_without_a_secret_there_is_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_ORIGIN_VERIFY_SECRET", raising=False)
    monkeypatch.delenv("APP_ORIGIN_VERIFY_SECRET_ARN", raising=False)
    wiring.reset()
    assert wiring.origin_secret() is None
    assert _invoke({})["statusCode"] == 200
