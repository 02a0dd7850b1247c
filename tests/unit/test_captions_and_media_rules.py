from __future__ import annotations

from functions.domain.interviews import AnswerStatus
from functions.media.ports import MediaInfo
from functions.media.use_cases import RECORDING_ERRORS, execution_name, failure_reason
from functions.transcription.captions import merge, timestamp, webvtt
from functions.transcription.ports import Segment, Transcript


def _part(language: str, segments: list[tuple[float, float, str]], duration: float) -> Transcript:
    return Transcript(
        language=language,
        text=" ".join(t for _, _, t in segments),
        segments=[Segment(start=a, end=b, text=t) for a, b, t in segments],
        duration_seconds=duration,
        provider="p",
        model="m",
    )


def test_webvtt_cues_have_hours_minutes_seconds_and_millis() -> None:
    assert timestamp(3725.5) == "01:02:05.500"
    vtt = webvtt(
        [Segment(start=0, end=1.25, text=" Hello --> there "), Segment(start=2, end=2, text="")]
    )
    assert vtt.splitlines()[:4] == ["WEBVTT", "", "1", "00:00:00.000 --> 00:00:01.250"]
    assert "Hello -> there" in vtt and vtt.count("-->") == 1  # empty cues are dropped


def test_long_cues_wrap_to_two_lines() -> None:
    text = "word " * 15
    lines = webvtt([Segment(start=0, end=5, text=text)]).splitlines()
    assert len(lines[3:5]) == 2 and all(len(line) <= 42 for line in lines[3:5])


def test_parts_merge_on_the_whole_recordings_clock_and_the_longest_language_wins() -> None:
    merged = merge(
        [
            (600.0, _part("de", [(0.0, 2.0, "kurz")], 10)),
            (0.0, _part("en", [(0.0, 300.0, "long"), (300.0, 590.0, "answer")], 600)),
        ]
    )
    assert merged.language == "en" and merged.text == "long answer kurz"
    assert merged.segments[-1].start == 600.0 and merged.duration_seconds == 610


def test_remux_only_for_h264_with_aac() -> None:
    def info(video: str | None, audio: str) -> MediaInfo:
        return MediaInfo(format_name="x", duration_seconds=1, video_codec=video, audio_codec=audio)

    assert info("h264", "aac").remuxable and not info("vp8", "opus").remuxable
    assert not info("h264", "opus").remuxable and info(None, "aac").remuxable


def test_failure_reasons_and_kinds() -> None:
    cause = '{"errorType": "NotMedia", "errorMessage": "not a recording", "stackTrace": []}'
    assert failure_reason("NotMedia", cause) == "NotMedia: not a recording"
    assert "NoSpeech" in RECORDING_ERRORS and "ProviderUnavailable" not in RECORDING_ERRORS
    assert execution_name("a1", 1) == "a1" and execution_name("a1", 3) == "a1-3"
    assert AnswerStatus.SCORED.value == "scored"
