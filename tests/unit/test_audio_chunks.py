"""The recorder's audio chunks (issue 18 item 2): how a recording is cut into them, where each
is stored, and what a chunk's key says."""

from __future__ import annotations

import io
import itertools
import wave

import pytest

from functions.domain.audio_chunks import (
    CHUNK_MAX_INDEX,
    CHUNK_OVERLAP_SECONDS,
    chunk_key,
    parse_chunk_key,
    plan_chunks,
)
from functions.domain.errors import InvalidInput
from functions.recordings.retention import recording_prefixes
from functions.transcription.chunks import language_heard, wav_seconds
from functions.transcription.ports import Transcript
from functions.transcription.stitching import ChunkTranscript, UseWholeRecording


@pytest.mark.parametrize("seconds", [0.3, 4.0, 4.4, 4.6, 10.0, 59.9, 60.0, 61.2])
def test_the_plan_covers_the_recording_with_overlapping_numbered_chunks(seconds: float) -> None:
    chunks = plan_chunks(seconds)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert chunks[0].start_seconds == 0
    for earlier, later in itertools.pairwise(chunks):
        assert later.start_seconds == pytest.approx(earlier.end_seconds - CHUNK_OVERLAP_SECONDS)
        # Never mostly inside the previous one (stitching would refuse the chunks).
        assert later.end_seconds - later.start_seconds > 2 * CHUNK_OVERLAP_SECONDS
    # What is left after the last chunk is shorter than the overlap (the pipeline cuts it).
    assert 0 <= seconds - chunks[-1].end_seconds <= CHUNK_OVERLAP_SECONDS
    assert all(c.end_seconds - c.start_seconds <= 4.5 for c in chunks)


def test_the_plan_of_nothing_is_no_chunk_and_a_step_must_outlast_the_overlap() -> None:
    assert plan_chunks(0) == []
    with pytest.raises(ValueError, match="longer than its overlap"):
        plan_chunks(10, step_seconds=0.5, overlap_seconds=0.5)


def test_a_chunk_lives_beside_its_recording_so_retention_and_erasure_delete_it() -> None:
    key = chunk_key("c1", "i1", "a1", 7, 27_500)
    assert key == "answers/c1/i1/a1/chunks/0007-27500.wav"
    assert any(key.startswith(prefix) for prefix in recording_prefixes("c1", "i1"))
    chunk = parse_chunk_key(key)
    assert chunk is not None
    assert (chunk.index, chunk.start_seconds) == (7, 27.5)
    assert chunk.transcript_key == "answers/c1/i1/a1/chunks/0007-27500.transcript.json"


@pytest.mark.parametrize(
    "key",
    [
        "answers/c1/i1/a1.webm",  # the recording itself
        "answers/c1/i1/a1/chunks/0007-27500.transcript.json",
        "answers/c1/i1/a1/chunks/7-27500.wav",
        "answers/c1/i1/a1/other/0007-27500.wav",
        "media/c1/i1/a1/chunks/0007-27500.wav",
    ],
)
def test_keys_that_name_no_chunk(key: str) -> None:
    assert parse_chunk_key(key) is None


@pytest.mark.parametrize(
    ("index", "start_ms", "field"),
    [(-1, 0, "n"), (CHUNK_MAX_INDEX + 1, 0, "n"), (0, -5, "start_ms")],
)
def test_a_chunk_number_or_start_out_of_range_names_the_field(
    index: int, start_ms: int, field: str
) -> None:
    with pytest.raises(InvalidInput, match=rf"^{field} must be"):
        chunk_key("c1", "i1", "a1", index, start_ms)


def _wav(seconds: float, rate: int = 16_000) -> bytes:
    data = io.BytesIO()
    with wave.open(data, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(2 * round(seconds * rate)))
    return data.getvalue()


def test_a_chunks_length_comes_from_its_wav_header() -> None:
    assert wav_seconds(_wav(4.5)) == pytest.approx(4.5)
    assert wav_seconds(_wav(2.0, rate=48_000)) == pytest.approx(2.0)


@pytest.mark.parametrize("data", [b"", b"not a wav at all" * 10, _wav(0)])
def test_a_chunk_that_is_no_recording_sends_the_answer_to_the_whole_file(data: bytes) -> None:
    with pytest.raises(UseWholeRecording):
        wav_seconds(data)


class _Blobs:
    """What language_heard reads of a bucket: keys and their bytes."""

    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    def list_keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self.objects if k.startswith(prefix))

    def get_bytes(self, key: str) -> bytes:
        return self.objects[key]


def _heard(blobs: _Blobs, index: int, text: str, language: str, probability: float) -> None:
    ref = parse_chunk_key(chunk_key("c", "i", "a", index, index * 4000))
    assert ref is not None
    transcript = Transcript(
        language=language, language_probability=probability, text=text, segments=[],
        duration_seconds=4.5, provider="faster-whisper", model="whisper-base",
    )  # fmt: skip
    heard = ChunkTranscript(
        index=index, start_seconds=ref.start_seconds, duration_seconds=4.5, transcript=transcript
    )
    blobs.objects[ref.key] = b"RIFF"
    blobs.objects[ref.transcript_key] = heard.model_dump_json().encode()


def _language_for(blobs: _Blobs, index: int) -> str | None:
    ref = parse_chunk_key(chunk_key("c", "i", "a", index, index * 4000))
    assert ref is not None
    return language_heard(blobs, ref)  # type: ignore[arg-type]


def test_a_chunk_is_given_the_language_of_the_latest_earlier_chunk_heard_surely() -> None:
    blobs = _Blobs()
    assert _language_for(blobs, 0) is None  # nothing heard yet: detected
    _heard(blobs, 0, "Hola a todos.", "es", 0.95)
    _heard(blobs, 1, "Then I spoke English.", "en", 1.0)
    _heard(blobs, 2, "", "de", 0.4)  # silence: says nothing of the language
    _heard(blobs, 5, "Später.", "de", 0.99)  # a later chunk does not count
    assert _language_for(blobs, 1) == "es"
    assert _language_for(blobs, 3) == "en"
    assert _language_for(blobs, 5) == "en"


def test_a_language_detected_unsurely_is_detected_again() -> None:
    blobs = _Blobs()
    _heard(blobs, 0, "Sí, claro.", "es", 0.95)
    _heard(blobs, 1, "Ja.", "de", 0.5)  # the latest with words, and unsure: no hint
    assert _language_for(blobs, 2) is None
