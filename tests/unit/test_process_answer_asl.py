"""process-answer.asl.json's error routing: only the audio path can tell the candidate to
record again; the video and images branches report what they could not make."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from functions.media.errors import MediaNotMade
from functions.media.ffmpeg import Ffmpeg
from functions.media.use_cases import RECORDING_ERRORS

ASL = Path(__file__).parents[2] / "statemachines" / "process-answer.asl.json"


def _machine() -> dict[str, Any]:
    return json.loads(ASL.read_text())


def _branches() -> dict[str, dict[str, Any]]:
    return {b["StartAt"]: b for b in _machine()["States"]["MakeMedia"]["Branches"]}


@pytest.mark.parametrize(
    ("task", "reported"), [("Transcode", "VideoNotMade"), ("MakeImages", "ImagesNotMade")]
)
def test_the_video_and_images_branches_catch_everything_and_end_with_the_issue(
    task: str, reported: str
) -> None:
    branch = _branches()[task]
    state = branch["States"][task]
    assert state["Catch"] == [
        {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": reported}
    ]
    assert any(MediaNotMade.__name__ in r["ErrorEquals"] for r in state["Retry"])
    missing = branch["States"][reported]
    assert missing["Type"] == "Pass" and missing.get("End") is True
    assert missing["Parameters"] == {"issue.$": "$.error"}
    assert all(s["Type"] != "Fail" for s in branch["States"].values())


def test_the_audio_branch_still_fails_the_answer_on_a_recording_error() -> None:
    audio = _branches()["ExtractAudio"]["States"]["ExtractAudio"]
    assert "Catch" not in audio  # the Parallel's Catch routes it (RecordFailure)
    catches = _machine()["States"]["MakeMedia"]["Catch"]
    assert set(catches[0]["ErrorEquals"]) == RECORDING_ERRORS
    assert catches[0]["Next"] == "RecordFailure"


def test_media_not_made_is_not_a_recording_error() -> None:
    assert MediaNotMade.__name__ not in RECORDING_ERRORS


def test_an_ffmpeg_failure_raises_the_error_it_is_told_to(tmp_path: Path) -> None:
    # Its warning once logged `args`, a LogRecord attribute: every failure became a KeyError.
    with pytest.raises(RuntimeError, match="FFmpeg failed"):
        Ffmpeg().to_speech_audio(str(tmp_path / "missing.webm"), tmp_path / "out.flac")
