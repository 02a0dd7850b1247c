"""The benchmark's call: a 10-minute candidate recording (640x360 VP8 + Opus WebM, as a
browser's MediaRecorder makes it) with varied espeak-ng speech, the questions' timeline and the
confirmed lines the live transcriber would have stored (from the spoken text and its times)."""

from __future__ import annotations

import random
import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

from benchmarks.pipeline.answers import QUESTIONS
from tests.fixtures import media
from tests.fixtures.answer_sentences import SENTENCES

SIZE = "640x360"
# Questions (template, then follow-ups) and the seconds into the call each is asked.
TIMELINE = (
    ("template", QUESTIONS["en"], 2.0),
    ("template", "Walk us through a system you designed.", 80.0),
    ("followup", "Why did you choose that design?", 170.0),
    ("template", "How do you handle a deadline you cannot meet?", 245.0),
    ("followup", "What would you do differently next time?", 330.0),
    ("template", "Tell us about a conflict in your team.", 410.0),
    ("template", "Where do you want to grow in the next two years?", 500.0),
)
ASK_SECONDS = 4.0  # the interviewer speaks: the candidate's microphone is quiet
_WHO = ("I", "Our team", "My manager and I", "The two of us", "We", "Together with support, I")
_DID = (
    "rewrote the release process",
    "moved the billing service to a queue",
    "measured every slow request",
    "met the customer every week",
    "split the project into small steps",
    "wrote down what we agreed",
    "asked the users what they needed",
    "reviewed the incident report",
    "tested the new checkout on real phones",
    "planned the migration over two months",
)
_SO = (
    "so the errors dropped by half",
    "and the customer renewed the contract",
    "which saved us three days a month",
    "so nobody worked at the weekend",
    "and the next launch went smoothly",
    "so the team trusted the numbers",
    "and we shipped a week early",
    "which made the support queue shorter",
)


@dataclass(frozen=True)
class Said:
    text: str
    start: float  # seconds into the recording
    end: float


def sentences(seed: int = 13) -> list[str]:
    """The benchmark pipeline's English sentences, then generated ones, none said twice."""
    made = [f"{w} {d} {s}." for w in _WHO for d in _DID for s in _SO]
    random.Random(seed).shuffle(made)  # noqa: S311 - a fixed order, not a secret
    return [*SENTENCES["en"], *made]


def _espeak(text: str, target: Path) -> tuple[bytes, int]:
    espeak = shutil.which("espeak-ng") or "espeak-ng"
    subprocess.run([espeak, "-v", "en", "-w", str(target), text], check=True)  # noqa: S603
    with wave.open(str(target)) as said:
        return said.readframes(said.getnframes()), said.getframerate()


def speech(folder: Path, seconds: float) -> tuple[Path, list[Said]]:
    """`seconds` of the candidate's microphone: silence while each question is asked, then
    sentences until the next question; a 16-bit mono WAV and what was said when."""
    pool = iter(sentences())
    frames = bytearray()
    said: list[Said] = []
    rate = _espeak("Ready.", folder / "rate.wav")[1]
    asked = [at for _, _, at in TIMELINE] + [seconds]
    for n, at in enumerate(asked[:-1]):
        frames += bytes(max(0, 2 * int(rate * (at + ASK_SECONDS)) - len(frames)))
        while True:
            text = next(pool)
            pcm, _ = _espeak(text, folder / f"said-{len(said)}.wav")
            start = len(frames) / 2 / rate
            end = start + len(pcm) / 2 / rate
            if end + 0.5 > asked[n + 1]:
                break
            frames += pcm + bytes(2 * int(rate * 0.6))
            said.append(Said(text, start, end))
    frames += bytes(max(0, 2 * int(rate * seconds) - len(frames)))
    target = folder / "candidate-speech.wav"
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames[: 2 * int(rate * seconds)]))
    return target, said


def recording(folder: Path, audio: Path, seconds: float) -> Path:
    """The candidate's browser recording: VP8 at 15 fps (few key frames) and Opus."""
    target = folder / f"candidate-{seconds:g}.webm"
    if target.exists():
        return target
    media.ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={SIZE}:rate=15", "-i", str(audio),
                 "-t", f"{seconds:g}", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used",
                 "8", "-b:v", "400k", "-c:a", "libopus", "-b:a", "32k", str(target))  # fmt: skip
    return target
