"""Transcribed while the candidate records (issue 18 item 2): the recorder's audio chunks go up
through createAnswerAudioChunk's presigned POSTs, each one's arrival goes S3 → EventBridge →
the audio-chunks queue → its catalog consumer (polled here as the local platform polls it, with
the real offline Whisper model), and the answer's run stitches their transcripts instead of
transcribing the whole recording; with a chunk missing it transcribes the whole file. The last
chunk, which its consumer is still transcribing when the upload completes, is waited for (a
bounded time) rather than transcribed twice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.audio_chunks import PlannedChunk, chunk_key
from functions.local.aws import EmbeddedAws
from functions.local.event_sources import QueuePoller
from functions.local.provision import LocalResources
from functions.media.s3 import S3BlobStore
from functions.media.use_cases import MediaStep, ProbeResult
from functions.resources import AUDIO_CHUNKS_QUEUE, CATALOG
from functions.settings import get_settings
from functions.transcription import chunks as chunks_use_cases
from functions.transcription.ports import AudioInput, Transcript
from functions.transcription.stitching import ChunkTranscript
from tests.fixtures import media
from tests.integration.api.conftest import Tenant, candidate_headers, invite, published_template
from tests.integration.pipeline.conftest import (
    answer_of,
    audio_path,
    current_question,
    wait_for_execution,
)

SECONDS = 14.0
QUESTION = {"text": "Tell us about a customer you helped.", "time_limit_seconds": 60}
# Words the recording says (tests/fixtures/answer_sentences.py, English, from the first); the
# last, "support ticket", alone in the last short chunk, Whisper base hears as "a port ticket"
# as often as not.
SAID = ("customer", "three days", "account manager", "operations lead", "ticket")


@pytest.fixture(scope="module")
def recording(media_dir: Path) -> tuple[bytes, list[tuple[PlannedChunk, bytes]]]:
    speech = media.long_speech_wav("en", media_dir, SECONDS)
    webm = media.browser_webm(speech, media_dir / "chunked-answer.webm")
    return webm.read_bytes(), media.audio_chunks(speech, media_dir)


@pytest.fixture
def chunks(
    recording: tuple[bytes, list[tuple[PlannedChunk, bytes]]],
) -> list[tuple[PlannedChunk, bytes]]:
    return recording[1]


@pytest.fixture
def consumer() -> QueuePoller:
    """The audio-chunks queue's catalog consumer, polled as the local platform polls it."""
    source = next(s for s in CATALOG.event_sources if s.source == AUDIO_CHUNKS_QUEUE.base)
    return QueuePoller(get_settings(), source)


def _drain(poller: QueuePoller) -> None:
    """Every chunk event the rule queued, through the consumer (as `make dev` polls it)."""
    while poller.poll_once():
        pass


class Recorder:
    """The candidate's recorder: one answer, its chunks while recording, then the upload."""

    def __init__(
        self, client: TestClient, tenant: Tenant, invitation: dict[str, Any], data: bytes
    ) -> None:
        self.client, self.tenant, self.invitation, self.data = client, tenant, invitation, data
        self.headers = candidate_headers(invitation)
        grant = client.post(
            "/candidate/answers",
            json={
                "question_id": current_question(client, invitation),
                "content_type": "video/webm",
                "size_bytes": len(data),
            },
            headers=self.headers,
        )
        assert grant.status_code == 201, grant.text
        self.grant = grant.json()
        self.answer_id = str(self.grant["answer_id"])

    def chunk_grant(self, chunk: PlannedChunk) -> httpx.Response:
        return self.client.post(  # type: ignore[return-value]
            f"/candidate/answers/{self.answer_id}/chunks/{chunk.index}",
            json={"start_ms": chunk.start_ms},
            headers=self.headers,
        )

    def send_chunk(self, chunk: PlannedChunk, wav: bytes) -> dict[str, Any]:
        granted = self.chunk_grant(chunk)
        assert granted.status_code == 201, granted.text
        body: dict[str, Any] = granted.json()
        self.post(body, wav)
        return body

    @staticmethod
    def post(body: dict[str, Any], wav: bytes) -> None:
        stored = httpx.post(
            body["url"], data=body["fields"], files={"file": ("chunk.wav", wav, "audio/wav")}
        )
        assert stored.status_code in (200, 204), stored.text

    def upload_and_process(self, platform: tuple[EmbeddedAws, LocalResources]) -> list[str]:
        """The recording up and confirmed; the states of its run's critical path."""
        stored = httpx.post(
            self.grant["url"],
            data=self.grant["fields"],
            files={"file": ("answer", self.data, "video/webm")},
        )
        assert stored.status_code in (200, 204), stored.text
        done = self.client.post(
            f"/candidate/answers/{self.answer_id}/complete", headers=self.headers
        )
        assert done.status_code == 200, done.text
        aws, resources = platform
        machine = resources.state_machine_arns["process-answer"]
        run = wait_for_execution(aws, machine, self.answer_id, timeout=300)
        assert run["status"] == "SUCCEEDED", run["history"][-3:]
        return audio_path(run["history"])

    def scored(self) -> dict[str, Any]:
        """The answer as the recruiter reads it, scored."""
        answer: dict[str, Any] = answer_of(
            self.client, self.tenant, self.invitation["id"], self.answer_id
        )
        assert answer["status"] == "scored", answer
        return answer


@pytest.fixture
def recorder(
    client: TestClient,
    tenant: Tenant,
    recording: tuple[bytes, list[tuple[PlannedChunk, bytes]]],
) -> Recorder:
    """A candidate invited to a one-question interview, recording their answer."""
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    return Recorder(client, tenant, invitation, recording[0])


def _segments(answer: dict[str, Any]) -> list[dict[str, Any]]:
    stored = httpx.get(answer["media"]["transcript_url"])  # the JSON with timestamped segments
    assert stored.status_code == 200, stored.text
    return list(stored.json()["segments"])


def test_chunks_transcribed_while_recording_are_stitched_into_the_answers_transcript(
    platform: tuple[EmbeddedAws, LocalResources],
    recorder: Recorder,
    chunks: list[tuple[PlannedChunk, bytes]],
    consumer: QueuePoller,
) -> None:
    for chunk, wav in chunks[:-1]:  # recording: each chunk is transcribed as it arrives
        recorder.send_chunk(chunk, wav)
        _drain(consumer)
    recorder.send_chunk(*chunks[-1])  # the last one, as the candidate stops; not heard yet

    path = recorder.upload_and_process(platform)
    assert path[:5] == ["VerifyUpload", "Probe", "ProcessAnswer", "StitchChunks", "ChunksStitched"]
    assert "ExtractAudio" not in path and "TranscribePart" not in path
    answer = recorder.scored()
    text = answer["transcript"].lower()
    assert all(words in text for words in SAID), text
    assert len(re.findall(r"\bcustomer\b", text)) == 1, text  # overlaps heard once
    segments = _segments(answer)
    starts = [s["start"] for s in segments]
    assert starts == sorted(starts)
    assert all(0 <= s["start"] <= s["end"] <= SECONDS + 0.5 for s in segments)
    # On the recording's clock: the last words are heard in the last chunk's stretch.
    assert segments[-1]["end"] > chunks[-1][0].start_seconds


def test_a_missing_chunk_makes_the_run_transcribe_the_whole_recording(
    platform: tuple[EmbeddedAws, LocalResources],
    recorder: Recorder,
    chunks: list[tuple[PlannedChunk, bytes]],
    consumer: QueuePoller,
) -> None:
    for chunk, wav in chunks[:1] + chunks[2:]:  # chunk 1 never arrives (a dropped request)
        recorder.send_chunk(chunk, wav)
    _drain(consumer)

    path = recorder.upload_and_process(platform)
    assert path[3:6] == ["StitchChunks", "ChunksStitched", "ExtractAudio"]
    assert "TranscribePart" in path
    assert all(words in recorder.scored()["transcript"].lower() for words in SAID[:2])


def test_a_chunk_after_the_upload_completed_is_refused_or_left_aside(
    platform: tuple[EmbeddedAws, LocalResources],
    recorder: Recorder,
    chunks: list[tuple[PlannedChunk, bytes]],
    consumer: QueuePoller,
) -> None:
    for chunk, wav in chunks[:-1]:
        recorder.send_chunk(chunk, wav)
    _drain(consumer)
    late_grant = recorder.chunk_grant(chunks[-1][0]).json()  # granted in time, sent too late
    path = recorder.upload_and_process(platform)
    before = recorder.scored()

    refused = recorder.chunk_grant(chunks[-1][0])
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    Recorder.post(late_grant, chunks[-1][1])
    _drain(consumer)  # transcribed beside the others; the answer is not touched
    after = recorder.scored()
    assert after["transcript"] == before["transcript"]
    # Without its last chunk the run stitched the rest and cut the end from the recording.
    assert "StitchChunks" in path and "ExtractAudio" not in path
    # (the end heard from the Opus recording: Whisper may mishear its last words there)
    heard = before["transcript"].lower()
    assert all(words in heard for words in (*SAID[:4], "remember")), heard


class ChunkBucket:
    """The recording and its chunks in a bucket of their own (no S3 events: no consumer runs
    unless the test runs it), the chunks before the last transcribed as they arrived."""

    def __init__(self, data: bytes, chunks: list[tuple[PlannedChunk, bytes]], name: str) -> None:
        wiring.s3().create_bucket(
            Bucket=name,
            CreateBucketConfiguration={"LocationConstraint": get_settings().aws_region},  # type: ignore[typeddict-item]
        )
        self.blobs = S3BlobStore(wiring.s3(), name)
        self.step = MediaStep(
            company_id="c1", interview_id="i1", answer_id="a1", bucket=name,
            key="answers/c1/i1/a1.webm", correlation_id="t",
            probe=ProbeResult(format_name="webm", duration_seconds=SECONDS, has_video=False,
                              remux=False),
        )  # fmt: skip
        self.blobs.put_bytes(self.step.key, data, "video/webm")
        self.keys = []
        for chunk, wav in chunks:
            key = chunk_key("c1", "i1", "a1", chunk.index, chunk.start_ms)
            self.blobs.put_bytes(key, wav, "audio/wav")
            self.keys.append(key)
        for key in self.keys[:-1]:
            assert chunks_use_cases.transcribe_arrived_chunk(self.blobs, wiring.transcriber(), key)

    def stitch(
        self, sleep: Callable[[float], None], wait_seconds: float
    ) -> chunks_use_cases.ChunkResult:
        return chunks_use_cases.transcribe_from_chunks(
            self.blobs, wiring.transcriber(), wiring.media_tool(), self.step,
            wait_seconds=wait_seconds, sleep=sleep,
        )  # fmt: skip


def test_stitching_waits_for_the_last_chunk_its_consumer_is_transcribing(
    platform: tuple[EmbeddedAws, LocalResources],
    recording: tuple[bytes, list[tuple[PlannedChunk, bytes]]],
) -> None:
    data, chunks = recording
    bucket = ChunkBucket(data, chunks, "chunk-wait-heard")
    naps: list[float] = []

    def consumer_finishes(seconds: float) -> None:  # the consumer at work on the last chunk
        naps.append(seconds)
        if len(naps) == 3:
            chunks_use_cases.transcribe_arrived_chunk(
                bucket.blobs, wiring.transcriber(), bucket.keys[-1]
            )

    result = bucket.stitch(consumer_finishes, wait_seconds=30)

    assert result.stitched, result.reason
    # Its transcript was waited for, not made again from the recording.
    assert (result.untranscribed, result.fills, len(naps)) == (0, 0, 3)
    transcript = Transcript.model_validate_json(bucket.blobs.get_bytes(result.parts[0].key))
    assert all(words in transcript.text.lower() for words in SAID), transcript.text


def test_stitching_waits_a_bounded_time_then_transcribes_the_stretch_itself(
    platform: tuple[EmbeddedAws, LocalResources],
    recording: tuple[bytes, list[tuple[PlannedChunk, bytes]]],
) -> None:
    data, chunks = recording
    bucket = ChunkBucket(data, chunks, "chunk-wait-unheard")
    naps: list[float] = []

    result = bucket.stitch(naps.append, wait_seconds=2.0)  # the consumer never gets to it

    assert result.stitched, result.reason
    assert (result.untranscribed, result.fills) == (1, 1)
    # Waited (its naps, or the slow listings between them, used up the 2 s), then filled.
    assert naps
    assert sum(naps) <= 2.0 + 1e-9


class Heard:
    """The transcriber the platform wires, recording each request's language and the mel frames
    each encoder pass of its model was given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.languages: list[str | None] = []
        self.frames: list[int] = []
        transcriber = wiring.transcriber()
        model, transcribe = transcriber.model(), transcriber.transcribe  # type: ignore[attr-defined]
        encode = model.encode

        def spied_transcribe(audio: AudioInput) -> Transcript:
            self.languages.append(audio.language)
            return transcribe(audio)

        def spied_encode(features: Any) -> Any:
            self.frames.append(int(features.shape[-1]))
            return encode(features)

        monkeypatch.setattr(transcriber, "transcribe", spied_transcribe)
        monkeypatch.setattr(model, "encode", spied_encode)


def test_later_chunks_are_heard_in_the_language_found_in_the_first_over_a_short_window(
    platform: tuple[EmbeddedAws, LocalResources],
    recording: tuple[bytes, list[tuple[PlannedChunk, bytes]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    heard = Heard(monkeypatch)
    data, chunks = recording

    bucket = ChunkBucket(data, chunks, "chunk-language")  # all but the last transcribed

    # The first chunk's language is detected; the next ones are given it (no detection).
    assert heard.languages == [None] + ["en"] * (len(chunks) - 2)
    transcripts = [k.replace(".wav", ".transcript.json") for k in bucket.keys[:-1]]
    stored = [ChunkTranscript.model_validate_json(bucket.blobs.get_bytes(k)) for k in transcripts]
    assert [c.transcript.language if c.transcript else None for c in stored] == ["en"] * len(stored)
    # Each decode's encoder pass ran over the chunk and a few seconds of silence, not over
    # Whisper's 30 s window (3000 frames; the first chunk's language detection alone needs it).
    assert heard.frames[0] == 3000
    assert heard.frames[1:] and all(f < 1500 for f in heard.frames[1:]), heard.frames
