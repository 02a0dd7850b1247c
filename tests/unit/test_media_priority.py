"""The video branch's FFmpeg runs yield the CPU to the answer's critical path where they share
a machine (the local platform): they run at `media_background_nice` with
`media_background_threads` threads, the speech audio does not.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from functions.media.ffmpeg import Ffmpeg
from functions.settings import Settings

# Stands in for FFmpeg: writes its own niceness and its arguments into the output file (the
# last argument).
FAKE_FFMPEG = f"""#!{sys.executable}
import json, os, sys, time
time.sleep(0.2)  # the runner sets the niceness just after starting it
open(sys.argv[-1], "w").write(json.dumps([os.nice(0), sys.argv[1:]]))
"""


@pytest.fixture
def ffmpeg(tmp_path: Path) -> Ffmpeg:
    fake = tmp_path / "ffmpeg"
    fake.write_text(FAKE_FFMPEG)
    fake.chmod(0o755)
    return Ffmpeg(str(fake), background_nice=7, background_threads=1)


def niceness(path: Path) -> int:
    return int(json.loads(path.read_text())[0]) - os.nice(0)  # relative to this process's own


def threads(path: Path) -> list[str]:
    """The -threads values before the input (decoding) and before the output (encoding)."""
    args: list[str] = json.loads(path.read_text())[1]
    return [args[n + 1] for n, arg in enumerate(args) if arg == "-threads"]


def test_video_and_images_run_at_the_background_niceness(ffmpeg: Ffmpeg, tmp_path: Path) -> None:
    ffmpeg.to_mp4("in.webm", tmp_path / "video.mp4", remux=False, has_video=True)
    ffmpeg.poster("in.webm", tmp_path / "poster.jpg", 1.0)
    ffmpeg.thumbnail_strip("in.webm", tmp_path / "strip.jpg", 60.0, 10)

    assert niceness(tmp_path / "video.mp4") == 7
    assert niceness(tmp_path / "poster.jpg") == 7
    assert niceness(tmp_path / "strip.jpg") == 7
    assert all(
        threads(tmp_path / made) == ["1", "1"] for made in ("video.mp4", "poster.jpg", "strip.jpg")
    )


def test_the_speech_audio_runs_at_normal_priority(ffmpeg: Ffmpeg, tmp_path: Path) -> None:
    ffmpeg.to_speech_audio("in.webm", tmp_path / "audio.flac")

    assert niceness(tmp_path / "audio.flac") == 0
    assert threads(tmp_path / "audio.flac") == []


def test_the_background_is_only_held_back_on_the_local_stage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("APP_MEDIA_BACKGROUND_NICE", raising=False)
    monkeypatch.delenv("APP_MEDIA_BACKGROUND_THREADS", raising=False)
    cloud = Settings(
        stage="prod",
        public_base_url="https://app.example.com",
        user_pool_id="eu-west-1_abc",
        user_pool_client_id="client",
    )

    local = Settings(stage="local")
    assert (local.media_background_nice, local.media_background_threads) == (19, 1)
    assert (cloud.media_background_nice, cloud.media_background_threads) == (0, 0)
    assert Settings(stage="local", media_background_nice=0).media_background_nice == 0
    assert Settings(stage="local", media_background_threads=0).media_background_threads == 0


def test_ffmpeg_decides_the_threads_unless_told(tmp_path: Path) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text(FAKE_FFMPEG)
    fake.chmod(0o755)
    Ffmpeg(str(fake)).to_mp4("in.webm", tmp_path / "video.mp4", remux=False, has_video=True)

    assert threads(tmp_path / "video.mp4") == []
