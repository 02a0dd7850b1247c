"""Offline transcription with faster-whisper (CTranslate2, int8 on CPU) and the packaged
multilingual Whisper base model. Detects the language itself unless it is given."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from functions.transcription.errors import TranscriptionFailed
from functions.transcription.ports import AudioInput, Segment, Transcript, Word
from functions.transcription.whisper_model import ensure_model

MODEL_NAME = "whisper-base"


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
        segments, info = self._loaded().transcribe(
            str(audio.path),
            language=audio.language,
            beam_size=1,
            vad_filter=True,
            condition_on_previous_text=False,
            word_timestamps=audio.word_timings,
        )
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
            language=info.language,
            language_probability=round(info.language_probability, 3),
            text=" ".join(s.text for s in found if s.text),
            segments=found,
            duration_seconds=round(info.duration, 3),
            provider=self.name,
            model=MODEL_NAME,
        )
