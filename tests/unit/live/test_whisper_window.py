"""The local live decoder's short encoder windows (functions/live/adapters/whisper_stream),
without a model."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from faster_whisper.audio import pad_or_trim

from functions.live.adapters import whisper_stream
from functions.live.adapters.whisper_stream import (
    LOOP_PAD_FRAMES,
    NO_REPEAT_NGRAM,
    RETRY_SECONDS,
    TOKENS_PER_SECOND,
    WhisperDecoder,
    before_loop,
)
from functions.live.signalling_rules import AUDIO_RATE
from functions.transcription import short_window
from functions.transcription.short_window import (
    PAD_FRAMES,
    WINDOW_FRAMES,
    ShortWindows,
    new_tokens,
)


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


def _heard(text: str, step: float = 0.3) -> list[Heard]:
    return [Heard(i * step, (i + 1) * step, f" {w}") for i, w in enumerate(text.split())]


class Canned(WhisperDecoder):
    """The adapter's decoder over canned segments, one list per _windowed() call."""

    def __init__(self, *answers: list[Segment]) -> None:
        super().__init__(lambda: None, "de")
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def _windowed(
        self, audio: np.ndarray[Any, Any], prompt: str, language: str, pad: int = PAD_FRAMES,
        **options: Any,
    ) -> Any:  # fmt: skip
        self.calls.append({"pad": pad, **options})
        return iter(self.answers.pop(0))


def test_the_words_before_a_loop_are_kept_without_decoding_again() -> None:
    looped = "Ich habe noch einen Kammel. Ich habe noch einen Kammel. Ich habe"
    decoder = Canned([Segment(looped, 3.8, _heard(looped))])
    heard = decoder(np.zeros(2 * AUDIO_RATE, dtype=np.float32), "")
    assert "".join(w.text for w in heard) == " Ich habe noch einen Kammel."
    assert decoder.calls == [{"pad": PAD_FRAMES}]


def test_a_loop_is_where_the_words_start_repeating_to_the_end() -> None:
    assert before_loop(["a", "b", "c", "a", "b", "c", "a", "b"]) == 3
    assert before_loop(["so", "we", "we", "we", "we"]) == 2  # a one-word loop
    assert before_loop(["x", "said", "it", "said", "it", "said"]) == 3
    # A long sentence said again only in part (the token cap stopped it): 3 words suffice
    assert before_loop(["i", "asked", "the", "manager", "today", "i", "asked", "the"]) == 5
    assert before_loop(["i", "asked", "the", "manager", "today", "i", "asked"]) == 0
    assert before_loop(["a", "b", "c", "d"]) == 0  # no repetition: the loop is not found
    assert before_loop([]) == 0


def test_a_buffer_whisper_called_silent_is_decoded_again_without_that_check() -> None:
    words = Segment(" Es zeigt sich", 1.0, _heard("Es zeigt sich"))
    decoder = Canned([], [words])
    heard = decoder(np.zeros(RETRY_SECONDS * AUDIO_RATE, dtype=np.float32), "")
    assert [w.text for w in heard] == [" Es", " zeigt", " sich"]
    assert decoder.calls == [{"pad": PAD_FRAMES}, {"pad": PAD_FRAMES, "no_speech_threshold": None}]
    # A shorter buffer waits for the next chunk (the stream keeps it)
    short = Canned([])
    assert short(np.zeros(AUDIO_RATE, dtype=np.float32), "") == []
    assert len(short.calls) == 1


def test_no_decode_says_the_same_run_of_tokens_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    # A repetition loop ends in its second round, not at the token cap (every chunk behind
    # the decode waited for it): the option reaches the short decodes, the retries too.
    options: list[dict[str, Any]] = []

    def segments(*_: Any, **given: Any) -> Any:
        options.append(given)
        return iter([])

    monkeypatch.setattr(whisper_stream, "short_window_segments", segments)
    decoder = WhisperDecoder(lambda: None, "de")
    assert decoder(np.zeros(RETRY_SECONDS * AUDIO_RATE, dtype=np.float32), "") == []
    assert len(options) == 2  # the decode, and its retry without the no-speech check
    assert all(o["no_repeat_ngram_size"] == NO_REPEAT_NGRAM for o in options)
    # A loop the bar misses (it varies a word) stops at the live cap, below the recorded
    # answers' (its decode delays every word behind it)
    assert TOKENS_PER_SECOND < short_window.TOKENS_PER_SECOND
    assert all(o["tokens_per_second"] == TOKENS_PER_SECOND for o in options)


def test_the_whole_window_decode_caps_tokens_and_bars_repeats_as_the_short_ones() -> None:
    given: dict[str, Any] = {}

    class Whole:
        def transcribe(self, audio: Any, **options: Any) -> Any:
            given.update(options)
            return iter([]), SimpleNamespace(language="de", language_probability=0.9)

    decoder = WhisperDecoder(Whole, None)  # language unknown: the whole 30 s window
    assert decoder(np.zeros(4 * AUDIO_RATE, dtype=np.float32), "") == []
    assert given["no_repeat_ngram_size"] == NO_REPEAT_NGRAM
    assert given["max_new_tokens"] == new_tokens(4, TOKENS_PER_SECOND) < new_tokens(4)
