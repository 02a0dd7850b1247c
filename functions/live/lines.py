"""A live transcript's words and lines, and the audio frames' G.711 mu-law (pure: no I/O, no
numpy: the cloud's signalling Lambdas import this, and numpy is not in their layers).

Times of words are seconds on a speaker stream's clock (0 = the stream's first sample);
StreamClock puts them on the server's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from functions.live.signalling_rules import MAX_MESSAGE_BYTES, Connection, encode
from functions.live.transcript import TranscriptLine

# . ? ! an ellipsis, the CJK full stop, the fullwidth ? and !
SENTENCE_ENDS = (".", "?", "!", "\u2026", "\u3002", "\uff1f", "\uff01")


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str  # as Whisper gives it: a leading space starts a new word

    def shifted(self, offset: float) -> Word:
        return Word(self.start + offset, self.end + offset, self.text)


def word_key(word: Word) -> str:
    return word.text.strip().lower().strip(".,?!;:…\"'")


def _mulaw_sample(code: int) -> int:
    code = ~code & 0xFF
    magnitude = ((((code & 0x0F) << 3) + 0x84) << ((code >> 4) & 0x07)) - 0x84
    return -magnitude if code & 0x80 else magnitude


# Each mu-law byte's 16-bit little-endian PCM sample.
_PCM16 = [_mulaw_sample(code).to_bytes(2, "little", signed=True) for code in range(256)]


def mulaw_to_pcm16(data: bytes) -> bytes:
    """G.711 mu-law bytes as 16-bit little-endian PCM."""
    return b"".join(_PCM16[byte] for byte in data)


# Lines ---------------------------------------------------------------------------------------


def sentences(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped so that no group runs past a sentence end."""
    groups: list[list[Word]] = [[]]
    for word in words:
        groups[-1].append(word)
        if word.text.strip().endswith(SENTENCE_ENDS):
            groups.append([])
    return [g for g in groups if g]


@dataclass(frozen=True)
class StreamClock:
    """The stream's clock on the server's: its first sample was spoken at `origin`."""

    origin: datetime

    @classmethod
    def from_chunk(cls, arrived: datetime, seq: int, seconds: float) -> StreamClock:
        """A chunk is about one second: chunk `seq` began `seq` seconds after the stream did
        and ended when it arrived."""
        return cls(arrived - timedelta(seconds=seconds + seq))

    def at(self, seconds: float) -> datetime:
        return self.origin + timedelta(seconds=seconds)


def line(
    speaker: Connection,
    words: Sequence[Word],
    clock: StreamClock,
    *,
    final: bool,
    language: str | None,
) -> TranscriptLine:
    """The words as one line (seq 0 until the store numbers it)."""
    return TranscriptLine(
        live_id=speaker.live_id,
        speaker=speaker.participant_id,
        role=speaker.role,
        seq=0,
        text="".join(w.text for w in words).strip(),
        language=language,
        start=clock.at(words[0].start),
        end=clock.at(words[-1].end),
        final=final,
    )


def transcript_frame(line: TranscriptLine, name: str) -> dict[str, object]:
    """The frame the room gets (the contract's `transcript`)."""
    shown = line.model_dump(mode="json", include={"speaker", "role", "seq", "text", "final"})
    shown |= {"name": name, "start": line.start.isoformat(), "end": line.end.isoformat()}
    return {"type": "transcript", "line": shown}


def fitting(
    line: TranscriptLine, name: str, limit: int = MAX_MESSAGE_BYTES
) -> list[TranscriptLine]:
    """The line in pieces whose frames stay under the frame limit (split between words, the
    times shared out by length)."""
    if len(encode(transcript_frame(line, name)).encode()) <= limit:
        return [line]
    words = line.text.split(" ")
    half = max(1, len(words) // 2)
    first, second = " ".join(words[:half]), " ".join(words[half:])
    if not second:  # one enormous "word": cut it by characters
        middle = len(line.text) // 2
        first, second = line.text[:middle], line.text[middle:]
    middle_time = line.start + (line.end - line.start) * (len(first) / max(1, len(line.text)))
    return [
        *fitting(line.model_copy(update={"text": first, "end": middle_time}), name, limit),
        *fitting(line.model_copy(update={"text": second, "start": middle_time}), name, limit),
    ]
