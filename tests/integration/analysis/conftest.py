"""GroqAnalyzer through the real SDK against Groq exchanges replayed by the one harness,
tests/fixtures/groq_replay.py (files in tests/fixtures/groq/). The replay checks each request
the analyzer sends against the exchange's expected request, and keeps them for the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import groq
import httpx
import pytest

from functions.analysis.groq import GroqAnalyzer
from tests.fixtures.groq_replay import Replay, load


@dataclass
class Harness:
    analyzer: GroqAnalyzer
    replay: Replay
    slept: list[float]


@pytest.fixture
def groq_replay() -> Iterator[Callable[..., Harness]]:
    replays: list[Replay] = []

    def build(exchanges: str, max_inline_wait_seconds: float = 0.0) -> Harness:
        replay = Replay(load(exchanges))
        replays.append(replay)
        client = groq.Groq(
            api_key="test",
            http_client=httpx.Client(transport=replay.transport()),
            max_retries=0,
        )
        slept: list[float] = []
        analyzer = GroqAnalyzer(
            client, max_inline_wait_seconds=max_inline_wait_seconds, sleep=slept.append
        )
        return Harness(analyzer=analyzer, replay=replay, slept=slept)

    yield build
    for replay in replays:
        replay.verify()
