"""Stitching chunk transcripts (functions/transcription/stitching.py): cuts at word boundaries
inside overlaps, times on the recording's clock, what is left to transcribe, and refusals."""

from __future__ import annotations

import pytest

from functions.transcription.ports import Segment, Transcript, Word
from functions.transcription.stitching import (
    PAD,
    ChunkTranscript,
    Span,
    UseWholeRecording,
    as_transcript,
    stitch,
)

Timed = tuple[float, float, str]


def heard(segments: list[list[Timed]], duration: float, language: str = "en") -> Transcript:
    """A transcript on the chunk's own clock: each inner list is a segment of timed words."""
    return Transcript(
        language=language,
        text=" ".join(w for s in segments for _, _, w in s),
        segments=[
            Segment(
                start=s[0][0],
                end=s[-1][1],
                text=" ".join(w for _, _, w in s),
                words=[Word(start=a, end=b, text=w) for a, b, w in s],
            )
            for s in segments
        ],
        duration_seconds=duration,
        provider="faster-whisper",
        model="whisper-base",
    )


def chunk(
    index: int | None, start: float, duration: float, *segments: list[Timed], language: str = "en"
) -> ChunkTranscript:
    return ChunkTranscript(
        index=index,
        start_seconds=start,
        duration_seconds=duration,
        transcript=heard(list(segments), duration, language),
    )


def pending(index: int, start: float, duration: float) -> ChunkTranscript:
    return ChunkTranscript(index=index, start_seconds=start, duration_seconds=duration)


def text(stitched: object) -> str:
    return " ".join(s.text for s in stitched.segments)  # type: ignore[attr-defined]


# Two chunks overlapping by a second: [0, 6) and [5, 11). "listened" is cut at the second
# chunk's start ("ened"), "first" is heard by both, with slightly different times.
FIRST = chunk(0, 0.0, 6.0, [(4.0, 4.3, "I"), (4.4, 5.2, "listened"), (5.6, 5.98, "first.")])
SECOND = chunk(1, 5.0, 6.0, [(0.0, 0.2, "ened"), (0.62, 1.0, "first.")],
               [(1.3, 1.6, "Then"), (1.7, 2.2, "refunded.")])  # fmt: skip


def test_overlapping_chunks_are_cut_between_words_and_keep_each_word_once() -> None:
    stitched = stitch([FIRST, SECOND], recording_seconds=11.0)

    assert stitched.complete
    assert text(stitched) == "I listened first. Then refunded."


def test_times_are_on_the_recordings_clock() -> None:
    stitched = stitch([FIRST, SECOND], recording_seconds=11.0)

    then = stitched.segments[-1]
    assert (then.start, then.end) == (6.3, 7.2)
    assert [w.start for w in then.words] == pytest.approx([6.3, 6.7])
    assert stitched.segments[0].start == 4.0


def test_the_last_chunk_not_transcribed_yet_is_all_that_is_left() -> None:
    stitched = stitch([FIRST, pending(1, 5.0, 6.0)], recording_seconds=11.0)

    assert not stitched.complete
    assert stitched.missing == [Span(5.0 - PAD, 11.0)]
    assert text(stitched) == "I listened first."


def test_a_fill_from_the_whole_audio_joins_at_a_word_boundary() -> None:
    # The span above, transcribed from the whole recording's audio: it starts at 4.5 s,
    # inside "listened", which it hears as "tened".
    fill = chunk(None, 4.5, 6.5, [(0.0, 0.7, "tened"), (1.1, 1.5, "first.")],
                 [(1.8, 2.1, "Then"), (2.2, 2.7, "refunded.")])  # fmt: skip

    stitched = stitch([FIRST, pending(1, 5.0, 6.0), fill], recording_seconds=11.0)

    assert stitched.complete
    assert text(stitched) == "I listened first. Then refunded."
    transcript = as_transcript(stitched, 11.0, "faster-whisper", "whisper-base")
    assert transcript.text == "I listened first. Then refunded."
    assert transcript.language == "en"


def test_the_end_of_the_recording_after_the_last_chunk_is_left_to_transcribe() -> None:
    stitched = stitch([FIRST, SECOND], recording_seconds=11.4)

    assert stitched.missing == [Span(11.0 - PAD, 11.4)]


def test_clocks_that_disagree_keep_a_word_once() -> None:
    # The second chunk hears "fast" 0.4 s later than the first: both keep it at the cut.
    first = chunk(0, 0.0, 6.0, [(4.6, 5.0, "fixed"), (5.2, 5.6, "fast"), (5.8, 6.0, "and")])
    second = chunk(1, 5.0, 6.0, [(0.6, 1.0, "fast"), (1.2, 1.5, "and"), (1.6, 2.0, "renewed")])

    assert text(stitch([first, second], 11.0)) == "fixed fast and renewed"


def test_segments_without_word_times_are_cut_by_estimated_word_times() -> None:
    first = ChunkTranscript(
        index=0,
        start_seconds=0.0,
        duration_seconds=6.0,
        transcript=Transcript(
            language="de",
            text="wir waren schnell",
            segments=[Segment(start=4.0, end=5.9, text="wir waren schnell")],
            duration_seconds=6.0,
            provider="groq",
            model="whisper-large-v3-turbo",
        ),
    )
    second = ChunkTranscript(
        index=1,
        start_seconds=5.0,
        duration_seconds=6.0,
        transcript=Transcript(
            language="de",
            text="schnell und gut",
            segments=[
                Segment(start=0.3, end=0.9, text="schnell"),
                Segment(start=1.5, end=2.5, text="und gut"),
            ],
            duration_seconds=6.0,
            provider="groq",
            model="whisper-large-v3-turbo",
        ),
    )

    stitched = stitch([first, second], 11.0)

    assert text(stitched) == "wir waren schnell und gut"
    assert stitched.segments[-1].words == []  # none were given: none are made up


def test_touching_chunks_leave_a_word_at_the_edge_to_transcribe_again() -> None:
    first = chunk(0, 0.0, 5.0, [(3.9, 4.4, "the"), (4.5, 5.0, "cust")])
    second = chunk(1, 5.0, 5.0, [(0.0, 0.4, "omer"), (0.8, 1.3, "called.")])

    stitched = stitch([first, second], 10.0)

    assert text(stitched) == "the called."
    [left] = stitched.missing  # "cust" and "omer", widened into their neighbours
    assert (left.start, left.end) == pytest.approx((4.5 - PAD, 5.4 + PAD))
    fill = chunk(None, 4.0, 1.9, [(0.45, 1.35, "customer")])
    assert text(stitch([first, second, fill], 10.0)) == "the customer called."


def test_the_language_is_the_one_spoken_longest() -> None:
    first = chunk(0, 0.0, 6.0, [(0.5, 5.5, "Ich habe zugehört")], language="de")
    second = chunk(1, 5.0, 6.0, [(1.0, 1.5, "okay")], language="en")

    transcript = as_transcript(stitch([first, second], 11.0), 11.0, "faster-whisper", "base")

    assert transcript.language == "de"


@pytest.mark.parametrize(
    ("chunks", "reason"),
    [
        ([FIRST, chunk(2, 10.0, 1.0, [(0.1, 0.5, "x")])], "chunk numbers"),
        ([FIRST, chunk(0, 5.0, 6.0, [(0.1, 0.5, "x")])], "chunk numbers"),
        ([FIRST, chunk(1, 7.0, 4.0, [(0.1, 0.5, "x")])], "gap"),
        ([FIRST, chunk(1, 0.0, 11.0, [(0.1, 0.5, "x")])], "starts before"),
        ([FIRST, chunk(1, 2.0, 9.0, [(0.1, 0.5, "x")])], "mostly inside"),
        ([FIRST, chunk(1, 5.0, 7.0, [(0.1, 0.5, "x")])], "ends after the recording"),
        ([FIRST, SECOND.model_copy(update={"duration_seconds": 4.0})], "not the"),
        ([chunk(0, 0.0, 3.0, [(0.1, 0.5, "x")]), pending(1, 2.5, 6.0), pending(2, 8.0, 3.0)],
         "less than half"),
    ],
)  # fmt: skip
def test_chunks_that_cannot_be_trusted_mean_the_whole_recording(
    chunks: list[ChunkTranscript], reason: str
) -> None:
    with pytest.raises(UseWholeRecording, match=reason):
        stitch(chunks, 11.0)


def test_an_incomplete_stitch_is_not_a_transcript() -> None:
    with pytest.raises(ValueError, match="misses"):
        as_transcript(stitch([FIRST, pending(1, 5.0, 6.0)], 11.0), 11.0, "p", "m")
