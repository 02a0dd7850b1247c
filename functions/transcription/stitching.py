"""Stitching the transcripts of an answer's audio chunks into one transcript on the
recording's clock (issue 18: transcribe while the candidate records).

The recorder's chunks are small recordings of a few seconds, numbered from 0, each starting
a little before the previous one stops: a word cut at one chunk's edge is whole in the other.
Between two chunks the cut is the longest pause between words inside their overlap (a word
boundary, as the earlier chunk heard it); each chunk gives the words whose middle falls in its
own stretch, with their times moved by the chunk's start. Where the chunks only touch, words
at the touching edges may be cut in two: that moment is left to transcribe again.

`stitch` says what is still to transcribe from the whole recording's audio (`Stitched.missing`:
a chunk that arrived but is not transcribed yet, normally the last; the end of the recording
after the last chunk; a doubtful edge), each widened by `PAD` seconds into its neighbours so
its words are whole; their transcripts come back as fills (`ChunkTranscript` with no index)
and a second `stitch` joins them at word boundaries the same way. It refuses
(`UseWholeRecording`) when chunks contradict each other or the recording (a chunk number
missing, two with one number, out of order, a gap between them, one longer than it says or
past the recording's end, one mostly inside another) or when the chunks cover less than half
of it: the whole recording is transcribed then, as without chunks.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from pydantic import BaseModel, Field

from functions.transcription.ports import Segment, Transcript, Word

EDGE = 0.15  # seconds at a chunk's edge where a word may be cut
PAD = 0.5  # seconds a span to transcribe again reaches into its neighbours
TOLERANCE = 0.5  # seconds of disagreement between a chunk, its transcript and the recording


class UseWholeRecording(Exception):
    """The chunks cannot be trusted: transcribe the whole recording instead."""


class ChunkTranscript(BaseModel):
    index: int | None = Field(default=None, ge=0)  # the recorder's number; None: a fill
    start_seconds: float = Field(ge=0)  # on the recording's clock
    duration_seconds: float = Field(gt=0)
    transcript: Transcript | None = None  # None: arrived, not transcribed (yet)

    @property
    def end_seconds(self) -> float:
        return self.start_seconds + self.duration_seconds


@dataclass(frozen=True)
class Span:
    start: float
    end: float


@dataclass(frozen=True)
class Stitched:
    segments: list[Segment]  # on the recording's clock
    missing: list[Span]  # to transcribe from the whole recording's audio, then stitch again
    spoken: dict[str, float]  # seconds of speech heard per language

    @property
    def complete(self) -> bool:
        return not self.missing


def stitch(chunks: list[ChunkTranscript], recording_seconds: float) -> Stitched:
    """The chunks' transcripts as one; raises UseWholeRecording (see the module's note)."""
    _check(chunks, recording_seconds)
    ordered = sorted(chunks, key=lambda c: (c.start_seconds, c.index is None))
    heard = [c for c in ordered if c.transcript is not None]
    fills = [Span(c.start_seconds, c.end_seconds) for c in heard if c.index is None]
    missing = [Span(c.start_seconds, c.end_seconds) for c in ordered if c.transcript is None]
    end = max((c.end_seconds for c in ordered), default=0.0)
    if end < recording_seconds - EDGE:
        missing.append(Span(end, recording_seconds))
    bounds, doubtful = _stretches(heard)
    groups: list[list[Segment]] = []
    spoken: dict[str, float] = {}
    for chunk, (low, high) in zip(heard, bounds, strict=True):
        assert chunk.transcript is not None
        kept = _kept(chunk, low, high, doubtful)
        groups.append(kept)
        language = chunk.transcript.language
        spoken[language] = spoken.get(language, 0.0) + sum(s.end - s.start for s in kept)
    missing = [m for m in [*missing, *doubtful] if not _filled(m, fills)]
    return Stitched(
        segments=_joined(groups),
        missing=_padded(missing, recording_seconds),
        spoken=spoken,
    )


def _filled(span: Span, fills: list[Span]) -> bool:
    return any(f.start <= span.start + EDGE and f.end >= span.end - EDGE for f in fills)


def as_transcript(
    stitched: Stitched, recording_seconds: float, provider: str, model: str
) -> Transcript:
    """A complete stitch as the answer's transcript (the language spoken longest)."""
    if not stitched.complete:
        raise ValueError("the stitch still misses parts of the recording")
    language = max(stitched.spoken, key=lambda name: stitched.spoken[name], default="")
    return Transcript(
        language=language,
        text=" ".join(s.text for s in stitched.segments if s.text),
        segments=stitched.segments,
        duration_seconds=recording_seconds,
        provider=provider,
        model=model,
    )


# -- checks -------------------------------------------------------------------------------------


def _check(chunks: list[ChunkTranscript], recording_seconds: float) -> None:
    recorded = sorted((c for c in chunks if c.index is not None), key=lambda c: c.index or 0)
    numbers = [c.index for c in recorded]
    if numbers != list(range(len(numbers))):
        raise UseWholeRecording(f"chunk numbers {numbers} are not 0..{len(numbers) - 1}")
    for chunk in chunks:
        _check_chunk(chunk, recording_seconds)
    for earlier, later in itertools.pairwise(recorded):
        if later.start_seconds <= earlier.start_seconds:
            raise UseWholeRecording(f"chunk {later.index} starts before chunk {earlier.index}")
        if later.start_seconds > earlier.end_seconds + TOLERANCE:
            raise UseWholeRecording(f"a gap before chunk {later.index}")
        shorter = min(earlier.duration_seconds, later.duration_seconds)
        if earlier.end_seconds - later.start_seconds > shorter / 2:
            raise UseWholeRecording(f"chunk {later.index} is mostly inside chunk {earlier.index}")
    covered = sum(c.duration_seconds for c in recorded if c.transcript is not None)
    if covered < recording_seconds / 2:
        raise UseWholeRecording("the chunks' transcripts cover less than half the recording")


def _check_chunk(chunk: ChunkTranscript, recording_seconds: float) -> None:
    if chunk.end_seconds > recording_seconds + TOLERANCE:
        raise UseWholeRecording(f"chunk {chunk.index} ends after the recording")
    heard = chunk.transcript
    if heard is not None and abs(heard.duration_seconds - chunk.duration_seconds) > TOLERANCE:
        raise UseWholeRecording(
            f"chunk {chunk.index} lasts {heard.duration_seconds:.2f} s, not the "
            f"{chunk.duration_seconds:.2f} s it says"
        )


# -- cutting ------------------------------------------------------------------------------------


def _words(segment: Segment) -> list[Word]:
    """The segment's words with their times: the provider's, or (when it gave none) spread
    over the segment by length."""
    if segment.words:
        return list(segment.words)
    texts = segment.text.split()
    total = sum(len(t) for t in texts) or 1
    span, at, out = segment.end - segment.start, segment.start, []
    for text in texts:
        length = span * len(text) / total
        out.append(Word(start=at, end=at + length, text=text))
        at += length
    return out


def _chunk_words(chunk: ChunkTranscript) -> list[Word]:
    assert chunk.transcript is not None
    return [w for s in chunk.transcript.shifted(chunk.start_seconds) for w in _words(s)]


def _stretches(heard: list[ChunkTranscript]) -> tuple[list[tuple[float, float]], list[Span]]:
    """Each chunk's own stretch of the recording, and the touching edges to do again."""
    cuts: list[float] = []
    doubtful: list[Span] = []
    for earlier, later in itertools.pairwise(heard):
        usable = Span(later.start_seconds + EDGE, earlier.end_seconds - EDGE)
        if usable.end > usable.start:
            cuts.append(_word_boundary([_chunk_words(earlier), _chunk_words(later)], usable))
            continue
        cut = min(later.start_seconds, earlier.end_seconds)
        cuts.append(cut)
        edge = _cut_at_edge(earlier, later, cut)
        if edge is not None:
            doubtful.append(edge)
    lows = [float("-inf"), *cuts]
    highs = [*cuts, float("inf")]
    return list(zip(lows, highs, strict=True)), doubtful


def _word_boundary(heard: list[list[Word]], usable: Span) -> float:
    """The middle of the longest pause between two words (as either chunk heard them) within
    `usable`; its middle when the words run through it."""
    best, longest = (usable.start + usable.end) / 2, 0.0
    for words in heard:
        for word, following in itertools.pairwise(words):
            start, end = max(word.end, usable.start), min(following.start, usable.end)
            if end - start > longest:
                best, longest = (start + end) / 2, end - start
    return best


def _cut_at_edge(earlier: ChunkTranscript, later: ChunkTranscript, cut: float) -> Span | None:
    """Touching chunks: the words running to the earlier one's end or from the later one's
    start, which may be one word cut in two; None when both edges are quiet."""
    before, after = _chunk_words(earlier), _chunk_words(later)
    cut_before = bool(before) and before[-1].end >= earlier.end_seconds - EDGE
    cut_after = bool(after) and after[0].start <= later.start_seconds + EDGE
    if not (cut_before or cut_after):
        return None
    return Span(
        before[-1].start if cut_before else cut - EDGE,
        after[0].end if cut_after else cut + EDGE,
    )


def _kept(chunk: ChunkTranscript, low: float, high: float, doubtful: list[Span]) -> list[Segment]:
    """The chunk's segments cut to the words whose middle is in [low, high), outside the
    doubtful edges, on the recording's clock."""
    assert chunk.transcript is not None
    out = []
    for segment in chunk.transcript.shifted(chunk.start_seconds):
        words = [w for w in _words(segment) if _inside((w.start + w.end) / 2, low, high, doubtful)]
        if words:
            out.append(
                Segment(
                    start=round(max(0.0, words[0].start), 3),
                    end=round(words[-1].end, 3),
                    text=" ".join(w.text.strip() for w in words),
                    words=words if segment.words else [],
                )
            )
    return out


def _inside(at: float, low: float, high: float, doubtful: list[Span]) -> bool:
    return low <= at < high and not any(d.start <= at < d.end for d in doubtful)


def _joined(groups: list[list[Segment]]) -> list[Segment]:
    """The chunks' segments in order. Where both chunks kept the word at their cut (their
    clocks disagree a little), the later copy goes."""
    out: list[Segment] = []
    for group in groups:
        if out and group and _same_word_at_join(out[-1], group[0]):
            first = group[0]
            rest = first.text.split(None, 1)[1:]
            words = first.words[1:]
            start = words[0].start if words else first.start
            trimmed = first.model_copy(
                update={"text": rest[0] if rest else "", "words": words, "start": start}
            )
            group = ([trimmed] if trimmed.text else []) + group[1:]
        out += group
    return out


def _same_word_at_join(before: Segment, after: Segment) -> bool:
    last, first = before.text.split()[-1:], after.text.split()[:1]
    if not last or not first:
        return False
    same = _plain(last[0]) == _plain(first[0])
    return same and after.start - before.end < EDGE


def _plain(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _padded(spans: list[Span], recording_seconds: float) -> list[Span]:
    """Widened by PAD into their neighbours, within the recording, overlapping ones joined."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        wide = Span(max(0.0, span.start - PAD), min(recording_seconds, span.end + PAD))
        if out and wide.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, wide.end))
        else:
            out.append(wide)
    return out
