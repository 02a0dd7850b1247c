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
    """ProcessAnswer's branches (audio, video) and MakeVideo's (Transcode, MakeImages)."""
    outer = {b["StartAt"]: b for b in _machine()["States"]["ProcessAnswer"]["Branches"]}
    inner = outer["MakeVideo"]["States"]["MakeVideo"]["Branches"]
    return outer | {b["StartAt"]: b for b in inner}


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
    audio = _branches()["StitchChunks"]["States"]["ExtractAudio"]
    assert "Catch" not in audio  # the Parallel's Catch routes it (RecordFailure)
    catches = _machine()["States"]["ProcessAnswer"]["Catch"]
    assert set(catches[0]["ErrorEquals"]) == RECORDING_ERRORS
    assert catches[0]["Next"] == "RecordFailure"


def _path(branch: dict[str, Any]) -> list[str]:
    """The states a run takes by default (a Choice's Default)."""
    names, name = [], branch["StartAt"]
    while name:
        names.append(name)
        state = branch["States"][name]
        name = state.get("Next", state.get("Default"))
    return names


def test_scoring_waits_only_for_the_audio_and_the_video_branch_cannot_fail_the_answer() -> None:
    # The critical path is audio → transcript → score → analysis request; the video branch
    # runs beside it, and everything in it ends in a state of its own (never a Fail).
    branches = _machine()["States"]["ProcessAnswer"]["Branches"]
    assert [_path(b) for b in branches] == [
        ["StitchChunks", "ChunksStitched", "ExtractAudio", "TranscribeParts", "SaveTranscript",
         "HumanReviewOnly", "PrepareScoring", "ScoreAnswer", "RequestInterviewAnalysis"],
        ["MakeVideo", "RecordMedia"],
    ]  # fmt: skip
    video = branches[1]["States"]
    assert all(s["Type"] != "Fail" for s in video.values())
    assert video["MakeVideo"]["Catch"][0]["ErrorEquals"] == ["States.ALL"]
    assert video["RecordMedia"]["Catch"][0]["ErrorEquals"] == ["States.ALL"]


def test_a_failed_analysis_request_ends_the_audio_branch_without_stopping_the_video() -> None:
    audio = _machine()["States"]["ProcessAnswer"]["Branches"][0]["States"]
    assert audio["RequestInterviewAnalysis"]["Catch"][0]["Next"] == "RecordAnalysisRequestFailure"
    assert audio["RecordAnalysisRequestFailure"]["Next"] == "AnalysisRequestFailed"
    assert audio["AnalysisRequestFailed"]["Result"] == {"requested": False}
    choice = _machine()["States"]["AnalysisRequested"]["Choices"][-1]
    assert choice["Variable"] == "$.processed.audio.interview_analysis.requested"
    assert choice["Next"] == "AnalysisNotRequested"


def test_a_human_only_review_skips_the_score_and_the_interview_analysis() -> None:
    # Transcripts are still made (the reviewers read them); nothing AI-scored is.
    audio = _machine()["States"]["ProcessAnswer"]["Branches"][0]["States"]
    assert audio["SaveTranscript"]["Next"] == "HumanReviewOnly"
    assert "human_review_only.$" in audio["SaveTranscript"]["ResultSelector"]
    skip = audio["HumanReviewOnly"]["Choices"]
    assert skip == [
        {"Variable": "$.transcript.human_review_only", "BooleanEquals": True,
         "Next": "ScoringSkipped"}
    ]  # fmt: skip
    assert audio["HumanReviewOnly"]["Default"] == "PrepareScoring"
    assert audio["ScoringSkipped"]["Type"] == "Pass" and audio["ScoringSkipped"]["End"] is True
    # After the Parallel, no interview analysis is expected of it (checked before `requested`,
    # which the skipped branch never sets).
    first = _machine()["States"]["AnalysisRequested"]["Choices"][0]
    assert first["Variable"] == "$.processed.audio.transcript.human_review_only"
    assert first["BooleanEquals"] is True and first["Next"] == "AnswerProcessed"


def test_media_not_made_is_not_a_recording_error() -> None:
    assert MediaNotMade.__name__ not in RECORDING_ERRORS


def test_an_ffmpeg_failure_raises_the_error_it_is_told_to(tmp_path: Path) -> None:
    # Its warning once logged `args`, a LogRecord attribute: every failure became a KeyError.
    with pytest.raises(RuntimeError, match="FFmpeg failed"):
        Ffmpeg().to_speech_audio(str(tmp_path / "missing.webm"), tmp_path / "out.flac")
