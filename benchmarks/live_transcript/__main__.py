"""The live transcript's lag: how far confirmed text runs behind speech (issue 13, item 5).

    python -m benchmarks.live_transcript [--seconds 40] [--languages en,de]

Varied espeak-ng speech (tests/fixtures/answer_sentences: different sentences one after another)
is cut into 1 s G.711 mu-law chunks, as a browser sends them, and fed at real-time pace (one a
second, then a few seconds of silence) into the local live transcriber, the adapter the local
WebSocket endpoint calls (faster-whisper base int8, LocalAgreement-2, one worker per stream).
Each confirmed line's words are matched, in order, against a reference alignment of the same
audio (faster-whisper with word timestamps over the whole file); a word's lag is the time its
line was published minus the time its audio ended (the stream's start + the word's end in the
reference). Prints the median, p90 and max lag per language; target: at most 4 s (the
issue's "confirmed text at most 4 s behind speech").
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import wave
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from functions.live.adapters.whisper_stream import LocalStreamingTranscriber
from functions.live.signalling_rules import AUDIO_RATE, Audio, Connection
from functions.live.streaming import float_to_mulaw
from functions.live.transcript import TranscriptLine
from functions.settings import get_settings
from functions.transcription.local import LocalWhisperTranscriber
from tests.fixtures.media import long_speech_wav

TARGET_SECONDS = 4.0
TRAILING_SILENCE = 4
IDLE_SECONDS = 3.0


class TimedModel:
    """The model, each decode timed (the machine's speed explains the lag)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.seconds: list[float] = []

    def transcribe(self, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
        began = time.monotonic()
        segments, info = self.model.transcribe(*args, **kwargs)
        done = list(segments)
        self.seconds.append(time.monotonic() - began)
        return iter(done), info


def _samples(path: Path) -> np.ndarray:  # type: ignore[type-arg]
    """The WAV as 16 kHz mono float32 (espeak-ng speaks at 22.05 kHz: resampled linearly)."""
    with wave.open(str(path)) as said:
        rate, raw = said.getframerate(), said.readframes(said.getnframes())
    pcm = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if rate == AUDIO_RATE:
        return pcm
    times = np.arange(0, len(pcm) / rate, 1 / AUDIO_RATE)
    return np.interp(times, np.arange(len(pcm)) / rate, pcm).astype(np.float32)


def _key(text: str) -> str:
    return text.strip().lower().strip(".,?!;:…\"'")


def _reference(model: object, samples: np.ndarray) -> list[tuple[str, float]]:  # type: ignore[type-arg]
    segments, _ = model.transcribe(samples, word_timestamps=True, beam_size=1)  # type: ignore[attr-defined]
    return [(_key(w.word), w.end) for s in segments for w in s.words or []]


def _lags(
    published: Sequence[tuple[float, TranscriptLine]],
    reference: list[tuple[str, float]],
    started: float,
) -> tuple[list[float], int]:
    """Each confirmed word matched to the next reference word with its text (looking up to 6
    words ahead); unmatched words are counted, not timed."""
    lags, unmatched, at = [], 0, 0
    for when, line in published:
        for word in line.text.split():
            key = _key(word)
            found = next(
                (i for i in range(at, min(at + 6, len(reference))) if reference[i][0] == key), None
            )
            if found is None:
                unmatched += 1
                continue
            lags.append(when - (started + reference[found][1]))
            at = found + 1
    return lags, unmatched


def run(language: str, seconds: float, folder: Path, model: Any) -> None:
    samples = _samples(long_speech_wav(language, folder, seconds))
    reference = _reference(model, samples)
    timed = TimedModel(model)
    transcriber = LocalStreamingTranscriber(lambda: timed, idle_seconds=IDLE_SECONDS)
    published: list[tuple[float, TranscriptLine]] = []

    def publish(lines: Sequence[TranscriptLine]) -> None:
        now = time.monotonic()
        published.extend((now, line) for line in lines if line.final)

    speaker = Connection(
        connection_id="bench", company_id="bench", live_id=f"bench-{language}",
        participant_id="candidate", role="candidate", name="Bench", connected_at=datetime.now(UTC),
    )  # fmt: skip
    padded = np.concatenate([samples, np.zeros(TRAILING_SILENCE * AUDIO_RATE, dtype=np.float32)])
    started = time.monotonic()
    for seq in range(int(np.ceil(len(padded) / AUDIO_RATE))):
        chunk = padded[seq * AUDIO_RATE : (seq + 1) * AUDIO_RATE]
        time.sleep(max(0.0, started + seq + len(chunk) / AUDIO_RATE - time.monotonic()))
        data = float_to_mulaw(chunk)
        message = Audio(type="audio", stream=language, seq=seq, encoding="mulaw", rate=16000,
                        data=__import__("base64").b64encode(data).decode())  # fmt: skip
        transcriber.hear(speaker, message, datetime.now(UTC), publish)
    while transcriber.busy():  # the worker finishes IDLE seconds after the last chunk
        time.sleep(0.2)
    lags, unmatched = _lags(published, reference, started)
    words = sum(len(line.text.split()) for _, line in published)
    if not lags:
        print(f"{language}: no confirmed word matched the reference ({words} confirmed)")
        return
    ordered = sorted(lags)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    verdict = "ok" if p90 <= TARGET_SECONDS else "OVER TARGET"
    print(
        f"{language}: {seconds:g} s of speech, {len(reference)} reference words, {words} "
        f"confirmed ({unmatched} unmatched); lag median {statistics.median(lags):.2f} s, "
        f"p90 {p90:.2f} s, max {max(lags):.2f} s (target <= {TARGET_SECONDS:g} s: {verdict}); "
        f"{len(timed.seconds)} decodes, median {statistics.median(timed.seconds):.2f} s each"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--languages", default="en,de")
    args = parser.parse_args()
    s = get_settings()
    whisper = LocalWhisperTranscriber(s.whisper_model_dir, s.whisper_cpu_threads)
    model = whisper.model()
    with tempfile.TemporaryDirectory(prefix="live-bench-") as folder:
        for language in args.languages.split(","):
            run(language, args.seconds, Path(folder), model)


if __name__ == "__main__":
    main()
