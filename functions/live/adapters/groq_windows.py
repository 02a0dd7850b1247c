"""The cloud's live transcriber: a Lambda cannot hold a stream, so each chunk is stored
(LiveAudioRepository: DynamoDB items with a TTL), and the Lambda that stores the last missing
chunk of a window of `window_seconds` chunks transcribes the window with Groq Whisper, the
speaker's previous confirmed text (its last ~200 characters) as the prompt. Its segments, split
at sentence ends, are confirmed lines at once: there is no partial tail in the cloud.

Chunks of one connection may reach concurrent Lambdas out of order: whichever stores the last
one of a window sees it complete, and a conditional claim lets exactly one transcribe it. A
window still incomplete when the call ends (its last seconds) is not transcribed, nor is one
Groq fails on (the speaker gets a `transcription_failed` error frame; the next window goes on).
"""

from __future__ import annotations

import re
import tempfile
import wave
from datetime import datetime
from pathlib import Path
from typing import Protocol

from functions.live.lines import StreamClock, Word, line, mulaw_to_pcm16, sentences
from functions.live.ports import Publish
from functions.live.signalling_rules import AUDIO_RATE, Audio, Connection, ProtocolError
from functions.live.store import LiveAudioRepository, LiveTranscriptRepository
from functions.observability import logger
from functions.transcription.errors import (
    ProviderThrottled,
    ProviderUnavailable,
    TranscriptionFailed,
)
from functions.transcription.ports import AudioInput, Transcript

PROMPT_CHARS = 200


class PromptedTranscriber(Protocol):
    def transcribe(self, audio: AudioInput, prompt: str | None = None) -> Transcript: ...


class GroqWindowTranscriber:
    def __init__(
        self,
        groq: PromptedTranscriber,
        audio: LiveAudioRepository,
        transcripts: LiveTranscriptRepository,
        window_seconds: int,
    ) -> None:
        self._groq = groq
        self._audio = audio
        self._transcripts = transcripts
        self._window = window_seconds

    def hear(self, speaker: Connection, chunk: Audio, arrived: datetime, publish: Publish) -> None:
        now = int(arrived.timestamp())
        self._audio.add(speaker, chunk.stream, chunk.seq, chunk.data, now)
        proposed = StreamClock.from_chunk(arrived, chunk.seq, chunk.seconds).origin
        window = chunk.seq // self._window
        first = window * self._window
        chunks = self._audio.chunks(speaker, chunk.stream, first, self._window)
        if len(chunks) < self._window or not self._audio.claim(speaker, chunk.stream, window, now):
            return
        clock = StreamClock(self._audio.origin(speaker, chunk.stream, proposed, now))
        prompt = self._transcripts.recent_text(
            speaker.company_id, speaker.live_id, speaker.participant_id, PROMPT_CHARS
        )
        try:
            transcript = self._transcribe(b"".join(chunks), prompt)
        except (ProviderThrottled, ProviderUnavailable, TranscriptionFailed) as failed:
            # The window is skipped (its claim stays): the transcript goes on with the next.
            logger.warning("live window not transcribed", extra={"live": speaker.live_id})
            raise ProtocolError(
                "transcription_failed",
                f"seconds {first}-{first + self._window} of your audio "
                f"could not be transcribed: {failed}"[:500],
            ) from failed
        # Chunk n began n seconds into the stream (about a second each).
        words = [
            Word(first + s.start, first + s.end, (" " + s.text) if s.text else "")
            for s in transcript.segments
            if s.text.strip()
        ]
        lines = [
            line(speaker, group, clock, final=True, language=transcript.language)
            for group in _by_sentence(words)
        ]
        if lines:
            publish(lines)

    def _transcribe(self, mulaw: bytes, prompt: str) -> Transcript:
        pcm = mulaw_to_pcm16(mulaw)
        with tempfile.TemporaryDirectory(prefix="live-") as folder:
            path = Path(folder) / "window.wav"
            with wave.open(str(path), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(AUDIO_RATE)
                out.writeframes(pcm)
            return self._groq.transcribe(AudioInput(path=path), prompt=prompt or None)


def _by_sentence(words: list[Word]) -> list[list[Word]]:
    """A segment may hold several sentences: each its own line (times shared by length)."""
    pieces: list[Word] = []
    for word in words:
        parts = _SENTENCE_END.split(word.text.strip())
        total = sum(len(p) for p in parts) or 1
        at = word.start
        for part in parts:
            span = (word.end - word.start) * len(part) / total
            pieces.append(Word(at, at + span, " " + part))
            at += span
    return sentences(pieces)


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
