"""What the pipeline needs from a speech-to-text provider, and the transcript it stores."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field


class Word(BaseModel):
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: str


class Segment(BaseModel):
    start: float = Field(ge=0)
    end: float = Field(ge=0)
    text: str
    # Word timings when the provider gave them (stitching chunk transcripts cuts between words).
    words: list[Word] = Field(default_factory=list)

    def shifted(self, offset_seconds: float) -> Segment:
        return Segment(
            start=self.start + offset_seconds,
            end=self.end + offset_seconds,
            text=self.text,
            words=[
                Word(start=w.start + offset_seconds, end=w.end + offset_seconds, text=w.text)
                for w in self.words
            ],
        )


class Transcript(BaseModel):
    language: str  # ISO 639-1 as the provider detected it ("en", "ru", "de", "es", ...)
    language_probability: float | None = None
    text: str
    segments: list[Segment]
    duration_seconds: float
    provider: str
    model: str

    def shifted(self, offset_seconds: float) -> list[Segment]:
        """The segments on the whole recording's clock (for a part that starts at `offset`)."""
        return [s.shifted(offset_seconds) for s in self.segments]


class AudioInput(BaseModel):
    """One part of an answer's 16 kHz mono audio: a local file and a presigned URL to it."""

    path: Path | None = None
    url: str | None = None
    # Word timings wanted (chunks and fills: stitching cuts between words). Where a provider
    # gives only segments, stitching spreads their words over them by length.
    word_timings: bool = False
    # The language spoken, when known (ISO 639-1): the provider skips detecting it (locally,
    # an encoder pass of the first 30 s). None: detected.
    language: str | None = None


class Transcriber(Protocol):
    name: str

    def transcribe(self, audio: AudioInput) -> Transcript: ...

    @property
    def wants_url(self) -> bool:
        """True when the provider fetches the audio itself (no download into /tmp)."""
        ...
