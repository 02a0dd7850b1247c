"""The benchmark's answers: a minute of 1280x720 VP8 video (encoded once) with varied,
non-repeating speech (tests/fixtures/media.long_speech_wav) in Opus, in WebM as a browser's
MediaRecorder makes it. Only the audio is encoded per answer; the video stream is copied."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import media

# What each answer answers: the question the scorer reads, in the answer's language.
QUESTIONS = {
    "en": "Tell us about a time you handled a difficult customer.",
    "de": "Erzählen Sie von einer Situation mit einem schwierigen Kunden.",
    "es": "Cuéntenos una situación con un cliente difícil.",
    "ru": "Расскажите о ситуации с трудным клиентом.",  # noqa: RUF001
}


def video_track(folder: Path, seconds: int) -> Path:
    target = folder / f"video-720p-{seconds}.webm"
    if not target.exists():
        media.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", str(seconds),
                     "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1500k",
                     "-an", str(target))  # fmt: skip
    return target


def make_answer(folder: Path, language: str, seconds: int, first: int = 0) -> Path:
    """A `seconds` answer in `language` whose speech starts at the `first`-th sentence."""
    speech = media.long_speech_wav(language, folder, seconds, first=first)
    target = folder / f"answer-{language}-{first}-{seconds}.webm"
    media.ffmpeg("-i", str(video_track(folder, seconds)), "-i", str(speech), "-map", "0:v",
                 "-map", "1:a", "-c:v", "copy", "-c:a", "libopus", "-t", str(seconds),
                 str(target))  # fmt: skip
    return target
