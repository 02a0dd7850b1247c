"""Transcribing an answer while the candidate records (issue 18 item 2).

Beside the video, the recorder uploads the audio as numbered WAV chunks of a few seconds (16 kHz
mono, each starting about half a second before the previous one ends), each through its own
presigned POST (createAnswerAudioChunk), stored beside the recording under answers/ so that
retention and erasure delete them with it:

    answers/<company>/<interview>/<answer>/chunks/<nnnn>-<start ms>.wav (functions/domain/
    audio_chunks.py: the key carries its number and its start on the recording's clock)

Each chunk's arrival is transcribed at once (the audio-chunks queue's consumer) into the JSON
beside it. When the upload completes, the pipeline's first audio step (`transcribe_from_chunks`)
stitches the chunks' transcripts (stitching.py). What is left (a chunk not transcribed yet,
normally the last; the recording's end after the last chunk; a doubtful edge) is cut from the
recording and transcribed in one call. A chunk that arrived but is not transcribed yet while the
others are (the consumer keeps up: it is at work on it, normally the last) is waited for, at most
`wait_seconds`, before it is cut and transcribed again: the consumer started on it first, and
on the local platform both would share the same cores and model. When the chunks cannot be
trusted or there are none, it says so and the whole recording is transcribed as before
(ExtractAudio, TranscribeParts).
"""

from __future__ import annotations

import io
import tempfile
import time
import wave
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel

from functions.domain.audio_chunks import (
    TRANSCRIPT_SUFFIX,
    ChunkRef,
    chunks_prefix,
    parse_chunk_key,
)
from functions.media.ports import BlobStore, MediaTool
from functions.media.use_cases import AnswerRef, MediaStep, media_prefix
from functions.observability import logger
from functions.transcription.ports import AudioInput, Transcriber, Transcript
from functions.transcription.stitching import (
    ChunkTranscript,
    Span,
    UseWholeRecording,
    as_transcript,
    stitch,
)
from functions.transcription.use_cases import PartTranscript

# The consumer keeps up when at most this many chunks are left (each of its pollers on one).
AWAITED_CHUNKS = 2
# A language detected this likely in an earlier chunk is given for the next ones (a provider
# that knows it decodes faster: locally a short encoder window instead of the 30 s one).
LANGUAGE_SURE = 0.7
POLL_SECONDS = 0.1


def wav_seconds(data: bytes) -> float:
    """The length of a WAV recording; UseWholeRecording when it is not one."""
    try:
        with wave.open(io.BytesIO(data)) as audio:
            frames, rate = int(audio.getnframes()), int(audio.getframerate())
    except (wave.Error, EOFError) as error:
        raise UseWholeRecording(f"a chunk is not a WAV recording: {error}") from error
    if rate <= 0 or frames <= 0:
        raise UseWholeRecording("a chunk holds no audio")
    return frames / rate


def _transcribe_wav(
    blobs: BlobStore, transcriber: Transcriber, key: str, data: bytes, language: str | None
) -> Transcript:
    if transcriber.wants_url:
        url = blobs.url_for_reading(key)
        return transcriber.transcribe(AudioInput(url=url, word_timings=True, language=language))
    with tempfile.TemporaryDirectory(prefix="chunk-") as folder:
        path = Path(folder) / "chunk.wav"
        path.write_bytes(data)
        return transcriber.transcribe(AudioInput(path=path, word_timings=True, language=language))


def language_heard(blobs: BlobStore, chunk: ChunkRef) -> str | None:
    """The language the latest earlier chunk was heard in, when its transcript has words and
    the language was sure (given, or detected with LANGUAGE_SURE); None: detect it."""
    prefix = chunk.key.rsplit("/", 1)[0] + "/"
    earlier = sorted(
        (ref.index, key)
        for key in blobs.list_keys(prefix)
        if key.endswith(TRANSCRIPT_SUFFIX)
        and (ref := parse_chunk_key(key.removesuffix(TRANSCRIPT_SUFFIX) + ".wav")) is not None
        and ref.index < chunk.index
    )
    read = (ChunkTranscript.model_validate_json(blobs.get_bytes(k)) for _, k in reversed(earlier))
    return _sure_language(c.transcript for c in read)


def _sure_language(transcripts: Iterable[Transcript | None]) -> str | None:
    """The language of the first of `transcripts` with words, when it was sure."""
    for heard in transcripts:
        if heard is not None and heard.text.strip():
            sure = (heard.language_probability or 0.0) >= LANGUAGE_SURE
            return heard.language if sure else None
    return None


def transcribe_chunk(
    blobs: BlobStore, transcriber: Transcriber, chunk: ChunkRef
) -> ChunkTranscript:
    """One chunk's transcript, stored beside it (the same effect however often it runs)."""
    data = blobs.get_bytes(chunk.key)
    language = language_heard(blobs, chunk)
    heard = ChunkTranscript(
        index=chunk.index,
        start_seconds=chunk.start_seconds,
        duration_seconds=wav_seconds(data),
        transcript=_transcribe_wav(blobs, transcriber, chunk.key, data, language),
    )
    blobs.put_bytes(chunk.transcript_key, heard.model_dump_json().encode(), "application/json")
    return heard


def transcribe_arrived_chunk(blobs: BlobStore, transcriber: Transcriber, key: str) -> bool:
    """The queue consumer's step: False (nothing done) for a key that is no chunk."""
    chunk = parse_chunk_key(key)
    if chunk is None:
        logger.warning("ignoring an object that is not an audio chunk", extra={"key": key})
        return False
    try:
        transcribe_chunk(blobs, transcriber, chunk)
    except UseWholeRecording as error:
        # A broken chunk: the pipeline finds it untranscribed and uses the whole recording.
        logger.warning("audio chunk not transcribed", extra={"key": key, "reason": str(error)})
        return False
    return True


class ChunkResult(BaseModel):
    """StitchChunks' slot: the stitched transcript as the answer's one part, or why not."""

    stitched: bool
    reason: str = ""
    parts: list[PartTranscript] = []
    chunks: int = 0  # chunks found
    untranscribed: int = 0  # of them, not transcribed when this step began
    fills: int = 0  # stretches cut from the recording and transcribed here


def transcribe_from_chunks(
    blobs: BlobStore,
    transcriber: Transcriber,
    tool: MediaTool,
    step: MediaStep,
    wait_seconds: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> ChunkResult:
    prefix = chunks_prefix(step.company_id, step.interview_id, step.answer_id)
    keys = blobs.list_keys(prefix)
    refs = [r for r in (parse_chunk_key(k) for k in sorted(keys)) if r is not None]
    if not refs:
        return ChunkResult(stitched=False, reason="no audio chunks")
    duration = step.probe.duration_seconds
    heard = _awaited(blobs, prefix, refs, set(keys), wait_seconds, sleep)
    try:
        chunks = [_chunk(blobs, r, r.transcript_key in heard) for r in refs]
        stitched = stitch(chunks, duration)
        language = _sure_language(c.transcript for c in reversed(chunks))
        fills = [_fill(blobs, transcriber, tool, step, span, language) for span in stitched.missing]
        if fills:
            stitched = stitch([*chunks, *fills], duration)
    except UseWholeRecording as error:
        return ChunkResult(stitched=False, reason=str(error), chunks=len(refs))
    if not stitched.complete:
        return ChunkResult(stitched=False, reason="the fills left gaps", chunks=len(refs))
    first = next(c.transcript for c in [*chunks, *fills] if c.transcript is not None)
    transcript = as_transcript(stitched, duration, first.provider, first.model)
    key = media_prefix(step) + "transcript-from-chunks.json"
    blobs.put_bytes(key, transcript.model_dump_json().encode(), "application/json")
    return ChunkResult(
        stitched=True,
        parts=[PartTranscript(key=key, offset_seconds=0, language=transcript.language)],
        chunks=len(chunks),
        untranscribed=sum(1 for c in chunks if c.transcript is None),
        fills=len(fills),
    )


def _awaited(
    blobs: BlobStore,
    prefix: str,
    refs: list[ChunkRef],
    heard: set[str],
    wait_seconds: float,
    sleep: Callable[[float], None],
) -> set[str]:
    """The chunk keys once the few chunks the consumer is still transcribing are done (or
    `wait_seconds` passed); at once when it is further behind than that."""
    pending = [r for r in refs if r.transcript_key not in heard]
    if len(pending) > AWAITED_CHUNKS:
        return heard
    deadline = time.monotonic() + wait_seconds  # the naps and the listings both count
    for _ in range(round(wait_seconds / POLL_SECONDS)):
        if all(r.transcript_key in heard for r in pending) or time.monotonic() >= deadline:
            break
        sleep(POLL_SECONDS)
        heard = set(blobs.list_keys(prefix))
    return heard


def _chunk(blobs: BlobStore, ref: ChunkRef, transcribed: bool) -> ChunkTranscript:
    if transcribed:
        return ChunkTranscript.model_validate_json(blobs.get_bytes(ref.transcript_key))
    # Not heard yet (normally the last): its stretch is cut from the recording with the
    # recording's end after it and transcribed in one go (stitching's `missing`).
    return ChunkTranscript(
        index=ref.index,
        start_seconds=ref.start_seconds,
        duration_seconds=wav_seconds(blobs.get_bytes(ref.key)),
    )


def _fill(
    blobs: BlobStore,
    transcriber: Transcriber,
    tool: MediaTool,
    ref: AnswerRef,
    span: Span,
    language: str | None,
) -> ChunkTranscript:
    """A stretch of the recording the chunks do not cover well, cut and transcribed."""
    with tempfile.TemporaryDirectory(prefix="fill-") as folder:
        path = Path(folder) / "fill.wav"
        tool.cut_speech_audio(
            blobs.url_for_reading(ref.key), path, span.start, span.end - span.start
        )
        seconds = wav_seconds(path.read_bytes())
        audio = AudioInput(path=path, word_timings=True, language=language)
        transcript = transcriber.transcribe(audio)
    return ChunkTranscript(
        index=None, start_seconds=span.start, duration_seconds=seconds, transcript=transcript
    )
