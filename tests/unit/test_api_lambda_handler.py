"""The API's Lambda entry point turns an API Gateway HTTP API event into the FastAPI app's
response (Mangum), with Powertools' logger, tracer and metrics around it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from functions.api.main import handler

EVENTS = Path(__file__).resolve().parents[1] / "events"


@dataclass
class FakeContext:
    function_name: str = "interviews-test-api"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-1:123456789012:function:interviews-test-api"
    memory_limit_in_mb: int = 1024
    aws_request_id: str = "req-1"
    log_group_name: str = "/aws/lambda/interviews-test-api"
    log_stream_name: str = "stream"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


def test_http_api_event_reaches_the_app() -> None:
    event = json.loads((EVENTS / "http-api-get-openapi.json").read_text())
    response = handler(event, FakeContext())
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["info"]["title"] == "Interviews API"
    assert response["headers"]["x-content-type-options"] == "nosniff"


def test_unknown_path_is_a_problem_through_lambda_too() -> None:
    event = json.loads((EVENTS / "http-api-get-openapi.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/missing"
    response = handler(event, FakeContext())
    assert response["statusCode"] == 404
    assert response["headers"]["content-type"] == "application/problem+json"
