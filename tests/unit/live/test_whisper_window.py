"""The local live decoder's short encoder windows (functions/live/adapters/whisper_stream),
without a model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from faster_whisper.audio import pad_or_trim

from functions.live.adapters.whisper_stream import LOOP_PAD_FRAMES, WhisperDecoder
from functions.live.signalling_rules import AUDIO_RATE
from functions.transcription.short_window import PAD_FRAMES, WINDOW_FRAMES, ShortWindows


class Model:
    frames_per_second = 100

    def __init__(self) -> None:
        self.encoded: list[int] = []

    def encode(self, features: np.ndarray[Any, Any]) -> str:
        self.encoded.append(features.shape[-1])
        return "encoded"


def test_a_later_window_is_encoded_with_its_audio_and_the_short_padding_not_30_s() -> None:
    model = Model()
    window = ShortWindows(model)
    audio = np.full((80, 120), -0.6, dtype=np.float32)
    audio[:, 60] = -1.5  # a quiet frame inside is audio
    # generate_segments() pads a later window (1.2 s of audio after the first's last segment)
    # to Whisper's 30 s with 0.0
    assert window.encode(pad_or_trim(audio)) == "encoded"
    assert model.encoded == [120 + PAD_FRAMES]
    window.encode(pad_or_trim(np.full((80, 2950), -0.6, dtype=np.float32)))
    assert model.encoded[-1] == WINDOW_FRAMES  # never longer than Whisper's window
    assert window.frames_per_second == 100  # the rest is the model's


@dataclass
class Heard:  # faster-whisper's Word
    start: float
    end: float
    word: str


@dataclass
class Segment:
    text: str
    compression_ratio: float
    words: list[Heard] = field(default_factory=list)


class Decoder(WhisperDecoder):
    """The adapter's decoder over canned segments: a loop with the short padding, the words
    with the longer one."""

    def __init__(self) -> None:
        super().__init__(lambda: None, "de")
        self.pads: list[int] = []

    def _windowed(
        self, audio: np.ndarray[Any, Any], prompt: str, language: str, pad: int = PAD_FRAMES
    ) -> Any:
        self.pads.append(pad)
        if pad == PAD_FRAMES:
            return iter([Segment(" Mit Smain mit Smain mit Smain mit Smain", 3.1)])
        return iter(
            [Segment(" Mit meinen", 1.2, [Heard(0.0, 0.3, " Mit"), Heard(0.3, 0.7, " meinen")])]
        )


def test_a_decode_that_looped_is_decoded_again_with_more_silence_after_the_buffer() -> None:
    decoder = Decoder()
    heard = decoder(np.zeros(2 * AUDIO_RATE, dtype=np.float32), "")
    assert [w.text for w in heard] == [" Mit", " meinen"]
    assert decoder.pads == [PAD_FRAMES, LOOP_PAD_FRAMES]
