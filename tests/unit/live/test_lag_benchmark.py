"""The live transcript benchmark's word matching (benchmarks/live_transcript), without audio."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from benchmarks.live_transcript.__main__ import _matched
from functions.live.transcript import TranscriptLine

ORIGIN = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)


def _line(text: str, start: float, end: float) -> TranscriptLine:
    return TranscriptLine(
        live_id="bench", speaker="candidate", role="candidate", seq=0, text=text,
        start=ORIGIN + timedelta(seconds=start), end=ORIGIN + timedelta(seconds=end),
    )  # fmt: skip


def test_a_word_is_timed_against_the_reference_word_said_when_its_line_was() -> None:
    # The reference heard "A la más MPC" a second before the "a más" the stream confirmed
    # (which it heard as "llamar a mensual"): difflib pairs the first "a" and "más" it finds.
    reference = [("grandes", 50.84), ("a", 52.04), ("la", 52.06), ("más", 52.30),
                 ("mpc", 52.92), ("llamar", 53.60), ("mensual", 54.22)]  # fmt: skip
    published = [(55.0, _line("grandes.", 50.3, 50.9)), (57.0, _line("a más", 53.3, 53.6))]
    matched, unmatched = _matched(published, reference, ORIGIN)
    assert matched == [(55.0, 50.84)]  # not "a" and "más" as 5 s late
    assert unmatched == 2
    # Within half a second of the line's time the pair stands (the decodes' times differ).
    near = [(57.0, _line("a más", 51.6, 52.0))]
    assert _matched(near, reference, ORIGIN) == ([(57.0, 52.04), (57.0, 52.30)], 0)
