"""The Groq Whisper adapter against replayed HTTP exchanges (tests/fixtures/groq): the real SDK,
the real HTTP client, only the network replaced by the recorded responses."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import groq
import httpx
import pytest

from cdk.stacks.observability import ai_provider_metrics
from functions.metrics_catalog import AI_PROVIDER_CALLS, AI_PROVIDER_FAILURES
from functions.transcription.errors import (
    ProviderThrottled,
    ProviderUnavailable,
    TranscriptionFailed,
)
from functions.transcription.groq import GroqTranscriber
from functions.transcription.ports import AudioInput
from tests.fixtures.emf import MetricsOutput
from tests.fixtures.groq_replay import Replay, load


def _transcriber(cassette: str, by_url: bool = True) -> tuple[GroqTranscriber, Replay]:
    replay = Replay(load(cassette))
    client = groq.Groq(
        api_key="gsk_test",
        max_retries=0,
        timeout=2,
        http_client=httpx.Client(transport=replay.transport()),
    )
    return GroqTranscriber(client, by_url=by_url), replay


def test_verbose_json_becomes_a_transcript_with_segments_and_an_iso_language() -> None:
    transcriber, replay = _transcriber("transcription_ok")
    transcript = transcriber.transcribe(AudioInput(url="https://bucket.example/a.flac?sig=1"))
    assert transcript.language == "en" and transcript.model == "whisper-large-v3-turbo"
    assert transcript.text.startswith("I calmed") and transcript.duration_seconds == 7.42
    assert [(s.start, s.end) for s in transcript.segments] == [(0.0, 3.2), (3.2, 7.42)]
    sent = replay.requests[0]["body"].decode()
    # By presigned URL: Groq fetches the audio itself, no bytes in the request.
    assert "https://bucket.example/a.flac?sig=1" in sent and "verbose_json" in sent
    assert 'name="timestamp_granularities[]"' in sent and "segment" in sent


def test_a_file_is_sent_when_groq_cannot_reach_the_bucket(tmp_path: Path) -> None:
    audio = tmp_path / "part.flac"
    audio.write_bytes(b"fLaC-bytes")
    transcriber, replay = _transcriber("transcription_ok", by_url=False)
    transcriber.transcribe(AudioInput(path=audio, url="http://127.0.0.1:4566/x"))
    sent = replay.requests[0]["body"]
    assert b"fLaC-bytes" in sent and b"127.0.0.1" not in sent


def test_429_carries_retry_after_as_json_for_the_state_machine() -> None:
    transcriber, _ = _transcriber("transcription_429_then_ok")
    with pytest.raises(ProviderThrottled) as raised:
        transcriber.transcribe(AudioInput(url="https://x/a.flac"))
    message = json.loads(str(raised.value))
    assert message["retry_after_seconds"] == 1
    assert "Rate limit reached" in message["detail"]
    # The next request (after the wait) succeeds.
    assert transcriber.transcribe(AudioInput(url="https://x/a.flac")).language == "en"


@pytest.mark.parametrize(
    ("cassette", "error", "text"),
    [
        ("transcription_500", ProviderUnavailable, "HTTP 500"),
        ("transcription_503_then_ok", ProviderUnavailable, "HTTP 503"),
        ("transcription_timeout", ProviderUnavailable, "did not answer"),
        ("transcription_invalid_json", ProviderUnavailable, "not the verbose JSON"),
        ("transcription_bad_audio", TranscriptionFailed, "valid media file"),
    ],
)
def test_provider_failures_map_to_the_errors_the_asl_names(
    cassette: str, error: type[Exception], text: str
) -> None:
    transcriber, replay = _transcriber(cassette)
    with pytest.raises(error, match=text):
        transcriber.transcribe(AudioInput(url="https://x/a.flac"))
    assert len(replay.requests) == 1  # no hidden SDK retries: the state machine owns them


def test_throttle_waits_are_bounded() -> None:
    assert ProviderThrottled("x", None).retry_after_seconds == 5
    assert ProviderThrottled("x", 0.2).retry_after_seconds == 1
    assert ProviderThrottled("x", 3600).retry_after_seconds == 120


@pytest.mark.parametrize(
    ("cassette", "failures"),
    [
        ("transcription_ok", []),
        ("transcription_500", ["ProviderUnavailable"]),
        ("transcription_timeout", ["ProviderUnavailable"]),
        ("transcription_invalid_json", ["ProviderUnavailable"]),
        ("transcription_bad_audio", ["TranscriptionFailed"]),
        ("transcription_429_then_ok", ["ProviderThrottled"]),
    ],
)
def test_every_request_counts_as_a_provider_call_and_every_error_as_a_failure(
    cassette: str, failures: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    output = MetricsOutput(capsys)
    transcriber, _ = _transcriber(cassette)
    with contextlib.suppress(Exception):
        transcriber.transcribe(AudioInput(url="https://x/a.flac"))

    (call,) = output.named(AI_PROVIDER_CALLS)
    assert call.values == (1.0,) and call.unit == "Count"
    assert call.document["provider"] == "groq"
    # Exactly the metric the AI provider failure-rate alarm reads for this operation.
    watched = ai_provider_metrics(AI_PROVIDER_CALLS)["calls_transcription"]
    assert (call.namespace, call.dimensions) == (watched.namespace, watched.dimensions)
    failed = output.named(AI_PROVIDER_FAILURES)
    assert [f.document["error"] for f in failed] == failures
    for failure in failed:
        watched = ai_provider_metrics(AI_PROVIDER_FAILURES)["failures_transcription"]
        assert (failure.name, failure.dimensions) == (watched.metric_name, watched.dimensions)


def test_a_known_language_is_sent_so_groq_does_not_detect_it() -> None:
    # The exchange pins the form field `language` (the live analysis gives the interview's).
    transcriber, replay = _transcriber("transcription_language_given")
    transcriber.transcribe(AudioInput(url="https://x/a.flac", language="de"))
    assert 'name="language"' in replay.requests[0]["body"].decode()
