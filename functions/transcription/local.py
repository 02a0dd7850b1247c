"""Offline transcription with faster-whisper (CTranslate2, int8 on CPU) and the packaged
multilingual Whisper base model. Detects the language itself unless it is given.

Audio of at most SHORT_SECONDS (the answer's audio chunks, the stretch StitchChunks fills, a
short answer) is decoded over a short encoder window (functions/transcription/short_window),
several times cheaper than the 30 s window transcribe() pads everything to; its language is
detected first when not given. The VAD pass stays (no speech: no words, no hallucination),
and so does Whisper's temperature fallback. Measured over 60 s of varied speech cut into the
recorder's chunks, per chunk, in en / de / es / ru: 0.42 / 0.64 / 0.39 / 0.26 s on average
against 2.2 / 3.8 / 4.9 / 1.2 s through transcribe() (its fallback re-decodes the whole
window; one es chunk took 25 s), with as many words right or more (156 / 98 / 91 / 82 against
150 / 97 / 70 / 76)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from functions.transcription.errors import TranscriptionFailed
from functions.transcription.ports import AudioInput, Segment, Transcript, Word
from functions.transcription.short_window import (
    FALLBACK_TEMPERATURES,
    NO_SPEECH_THRESHOLD,
    SAMPLE_RATE,
    SHORT_SECONDS,
    short_window_segments,
)
from functions.transcription.whisper_model import ensure_model

MODEL_NAME = "whisper-base"
# Silence after a short recording for the encoder: with less, Whisper takes more of a chunk's
# speech for none (measured over 60 s chunked in en, de, es, ru: 5 s heard as many words as the
# whole window, at a quarter of its time).
SHORT_PAD_FRAMES = 500


class LocalWhisperTranscriber:
    name = "faster-whisper"

    def __init__(self, model_dir: Path, cpu_threads: int = 0) -> None:
        self._model_dir = model_dir
        self._cpu_threads = cpu_threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def wants_url(self) -> bool:
        return False

    def _loaded(self) -> Any:
        with self._lock:  # parallel parts in one process share one model
            if self._model is None:
                from faster_whisper import WhisperModel

                self._model = WhisperModel(
                    str(ensure_model(self._model_dir)),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self._cpu_threads,
                )
            return self._model

    def model(self) -> Any:
        """The loaded faster-whisper model (the live transcriber decodes with it directly)."""
        return self._loaded()

    def transcribe(self, audio: AudioInput) -> Transcript:
        if audio.path is None:
            raise TranscriptionFailed("the offline transcriber needs the audio as a local file")
        from faster_whisper.audio import decode_audio

        samples = decode_audio(str(audio.path), sampling_rate=SAMPLE_RATE)
        if len(samples) <= SHORT_SECONDS * SAMPLE_RATE:
            return self._short(samples, audio.language)
        segments, info = self._loaded().transcribe(
            samples,
            language=audio.language,
            beam_size=1,
            vad_filter=True,
            condition_on_previous_text=False,
            word_timestamps=audio.word_timings,
        )
        return self._transcript(segments, info.language, info.language_probability, info.duration)

    def _short(self, samples: Any, language: str | None) -> Transcript:
        """A short recording over the short encoder window, its language detected first when
        not given (one pass over the 30 s window, without the decode). The VAD pass decides
        whether it holds speech: none, no words (and no hallucination); some, and a decode
        that took it all for silence (Whisper's no-speech check, less sure of itself over a
        short window) is done again without that check."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        model, seconds, probability = self._loaded(), len(samples) / SAMPLE_RATE, 1.0
        if language is None:
            language, probability, _ = model.detect_language(samples)
        heard = self._transcript([], language, probability, seconds)
        if not get_speech_timestamps(samples, VadOptions()):
            return heard
        for no_speech in (NO_SPEECH_THRESHOLD, None):
            segments = short_window_segments(
                model,
                samples,
                language,
                temperatures=FALLBACK_TEMPERATURES,
                pad_frames=SHORT_PAD_FRAMES,
                no_speech_threshold=no_speech,
            )
            heard = self._transcript(segments, language, probability, seconds)
            if heard.text:
                break
        return heard

    def _transcript(
        self, segments: Iterable[Any], language: str, probability: float, seconds: float
    ) -> Transcript:
        found = [
            Segment(
                start=round(s.start, 3),
                end=round(s.end, 3),
                text=s.text.strip(),
                words=[
                    Word(start=round(w.start, 3), end=round(w.end, 3), text=w.word.strip())
                    for w in s.words or []
                ],
            )
            for s in segments
        ]
        return Transcript(
            language=language,
            language_probability=round(probability, 3),
            text=" ".join(s.text for s in found if s.text),
            segments=found,
            duration_seconds=round(seconds, 3),
            provider=self.name,
            model=MODEL_NAME,
        )
