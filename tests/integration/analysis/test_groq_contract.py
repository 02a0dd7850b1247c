"""The replayed Groq exchanges pin what our code sends: a changed prompt, user payload, JSON
schema or model fails the replay with a diff, and UPDATE_GROQ_EXCHANGES=1 rewrites the expected
request (the one-command update for an intended change)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import groq
import httpx
import pytest

from functions.analysis import groq as groq_analysis
from functions.analysis import prompts
from functions.analysis.errors import AnalysisFailed, ProviderUnavailable
from functions.analysis.groq import GroqAnalyzer
from functions.analysis.ports import AnswerForScoring
from functions.transcription.groq import GroqTranscriber
from functions.transcription.ports import AudioInput
from tests.fixtures import groq_replay
from tests.fixtures.groq_replay import (
    EXCHANGES,
    PROVENANCE,
    Replay,
    ReplayMismatch,
    ReplayServer,
    load,
)

ANSWER = AnswerForScoring(
    question="Tell me about a time you improved the performance of a slow system.",
    ideal_answer="Measured the bottleneck, fixed it, verified with numbers.",
    competencies=["performance optimization"],
    transcript="I profiled the endpoint and added an index.",
    answer_language="en",
    interview_language="en",
)


def _analyzer(replay: Replay, model: str = groq_analysis.DEFAULT_MODEL) -> GroqAnalyzer:
    client = groq.Groq(
        api_key="test", http_client=httpx.Client(transport=replay.transport()), max_retries=0
    )
    return GroqAnalyzer(client, model)


def test_the_unchanged_code_matches_its_exchange() -> None:
    replay = Replay(load("score_answer_success"))
    _analyzer(replay).score_answer(ANSWER)
    replay.verify()


def test_a_changed_system_prompt_fails_with_a_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = prompts.SCORE_SYSTEM.replace("they never decide", "they decide")
    assert changed != prompts.SCORE_SYSTEM
    monkeypatch.setattr(prompts, "SCORE_SYSTEM", changed)
    replay = Replay(load("score_answer_success"))

    with pytest.raises(ReplayMismatch) as raised:
        _analyzer(replay).score_answer(ANSWER)

    message = str(raised.value)
    assert "score_answer_success.json" in message and "UPDATE_GROQ_EXCHANGES=1" in message
    assert "they never decide" in message and "they decide" in message
    with pytest.raises(AssertionError):
        replay.verify()


def test_a_changed_json_schema_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    schema = json.loads(json.dumps(groq_analysis.ANSWER_SCHEMA))
    schema["properties"].pop(next(iter(schema["properties"])))
    monkeypatch.setattr(groq_analysis, "ANSWER_SCHEMA", schema)

    with pytest.raises(ReplayMismatch, match='-            "criteria"'):
        _analyzer(Replay(load("score_answer_success"))).score_answer(ANSWER)


def test_a_changed_user_payload_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_an_extra_field(answer: AnswerForScoring, language: Any) -> list[dict[str, str]]:
        system, user = prompts.score_messages(answer, language)
        payload = {**json.loads(user["content"]), "seniority": "senior"}
        return [system, {"role": "user", "content": json.dumps(payload)}]

    monkeypatch.setattr(groq_analysis, "score_messages", with_an_extra_field)

    with pytest.raises(ReplayMismatch, match="seniority"):
        _analyzer(Replay(load("score_answer_success"))).score_answer(ANSWER)


def test_another_model_fails() -> None:
    with pytest.raises(ReplayMismatch, match="llama"):
        _analyzer(Replay(load("score_answer_success")), "llama-3.3-70b").score_answer(ANSWER)


def test_a_changed_transcription_request_fails() -> None:
    replay = Replay(load("transcription_ok"))
    client = groq.Groq(
        api_key="test", http_client=httpx.Client(transport=replay.transport()), max_retries=0
    )

    with pytest.raises(ReplayMismatch, match=r"whisper-large-v3\b"):
        GroqTranscriber(client, "whisper-large-v3").transcribe(AudioInput(url="https://x/a"))


def test_over_http_a_mismatch_fails_the_test_even_when_the_adapter_swallows_the_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(prompts, "SCORE_SYSTEM", prompts.SCORE_SYSTEM + " Be brief.")
    server = ReplayServer(load("score_answer_success")).__enter__()
    client = groq.Groq(api_key="test", base_url=server.url, max_retries=0)

    with pytest.raises((AnalysisFailed, ProviderUnavailable)):  # the server's 400
        GroqAnalyzer(client).score_answer(ANSWER)
    with pytest.raises(AssertionError, match="Be brief"):
        server.__exit__(None, None, None)


def test_update_rewrites_the_expected_request_from_the_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.copy(EXCHANGES / "score_answer_success.json", tmp_path)
    changed = prompts.SCORE_SYSTEM + " Be brief."
    monkeypatch.setattr(prompts, "SCORE_SYSTEM", changed)

    monkeypatch.setattr(groq_replay, "UPDATE", True)
    _analyzer(Replay(load("score_answer_success", tmp_path))).score_answer(ANSWER)
    monkeypatch.setattr(groq_replay, "UPDATE", False)

    document = json.loads((tmp_path / "score_answer_success.json").read_text())
    assert document["provenance"] == PROVENANCE
    system = document["exchanges"][0]["request"]["body"]["messages"][0]["content"]
    assert system.endswith(" Be brief.")
    # The updated file now pins the new prompt: it passes, and the old prompt fails.
    _analyzer(Replay(load("score_answer_success", tmp_path))).score_answer(ANSWER)
    monkeypatch.setattr(prompts, "SCORE_SYSTEM", changed.removesuffix(" Be brief."))
    with pytest.raises(ReplayMismatch):
        _analyzer(Replay(load("score_answer_success", tmp_path))).score_answer(ANSWER)


def test_every_exchange_says_it_was_written_by_hand_and_pins_its_request() -> None:
    for path in sorted(EXCHANGES.glob("*.json")):
        document = json.loads(path.read_text())
        assert document["provenance"] == PROVENANCE, path
        for exchange in document["exchanges"]:
            assert set(exchange["request"]) == {"method", "path", "body"}, path
