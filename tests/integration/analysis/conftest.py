"""Replays recorded Groq HTTP exchanges (tests/recordings/groq/*.json) through the real SDK.

Each recording lists the responses the API gave, in order; the transport answers the SDK's
requests with them one by one and keeps the requests, so a test can check what was sent.
A response `{"raise": "ReadTimeout"}` makes the transport raise httpx.ReadTimeout instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import groq
import httpx
import pytest

from functions.analysis.groq import GroqAnalyzer

RECORDINGS = Path(__file__).parents[2] / "recordings" / "groq"


@dataclass
class Replay:
    responses: list[dict[str, Any]]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.responses:
            raise AssertionError(f"unexpected extra request to {request.url}")
        recorded = self.responses.pop(0)
        if recorded.get("raise") == "ReadTimeout":
            raise httpx.ReadTimeout("timed out reading the response", request=request)
        return httpx.Response(
            recorded["status"], headers=recorded["headers"], json=recorded["body"]
        )

    def sent(self, index: int = 0) -> dict[str, Any]:
        body: dict[str, Any] = json.loads(self.requests[index].content)
        return body


@dataclass
class Harness:
    analyzer: GroqAnalyzer
    replay: Replay
    slept: list[float]


@pytest.fixture
def groq_replay() -> Callable[..., Harness]:
    def build(recording: str, max_inline_wait_seconds: float = 0.0) -> Harness:
        document = json.loads((RECORDINGS / f"{recording}.json").read_text())
        replay = Replay(responses=list(document["responses"]))
        client = groq.Groq(
            api_key="test",
            http_client=httpx.Client(transport=httpx.MockTransport(replay)),
            max_retries=0,
        )
        slept: list[float] = []
        analyzer = GroqAnalyzer(
            client, max_inline_wait_seconds=max_inline_wait_seconds, sleep=slept.append
        )
        return Harness(analyzer=analyzer, replay=replay, slept=slept)

    return build
