"""Whisper over a short buffer without the 30 s window's cost (faster-whisper, local).

faster-whisper's transcribe() always pads the audio to Whisper's 30 s window (3000 mel frames)
before the encoder, the larger part of a decode's cost; CTranslate2 accepts fewer frames. Here
the encoder runs over the buffer and `pad_frames` of silence (without them Whisper loops or
stops early), and the decoder (with word timestamps) over that encoding; a later window of the
same decode is encoded short too (ShortWindows). A 4.5 s chunk costs about a fifth of the
padded decode. Used where the language is known or detected first (detecting it needs the
whole window): the live transcript's decodes (functions/live/adapters/whisper_stream.py) and
short recordings, the answer's audio chunks and fills (functions/transcription/local.py).

New tokens are capped at TOKENS_PER_SECOND a second of audio (twice what speech needs), so a
repetition loop stops there rather than at Whisper's 448 tokens; a caller may cap them lower
(the live decoder, whose every decode delays the transcript).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

SAMPLE_RATE = 16_000
WINDOW_FRAMES = 3000  # Whisper's 30 s window in mel frames (10 ms each)
PAD_FRAMES = 100  # silence after the buffer for the encoder: without it Whisper loops or stops
TOKENS_PER_SECOND = 10  # twice what speech needs: a repetition loop stops there, not at 448
MAX_NEW_TOKENS = 200  # Whisper's 448 tokens less the longest prompt (223 and the task's)
LOOP_COMPRESSION = 2.4  # a segment's text compressing better than this repeats itself (Whisper's)
# Whisper's own fallback: a loop (or a decode too unlikely) is decoded again, hotter.
FALLBACK_TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
NO_SPEECH_THRESHOLD = 0.6  # Whisper's: a window this likely silent (and unlikely text) is none
# The encoding stops being much cheaper than the whole window past this.
SHORT_SECONDS = 15.0


def new_tokens(seconds: float, per_second: float = TOKENS_PER_SECOND) -> int:
    """The new tokens a decode of `seconds` of audio may make (a loop stops there), at
    `per_second` a second and 20 more (a short buffer's timestamps and punctuation)."""
    return min(MAX_NEW_TOKENS, int(per_second * seconds) + 20)


def short_window_segments(
    model: Any,
    audio: np.ndarray,
    language: str,
    prompt: str = "",
    temperatures: Sequence[float] = (0.0,),
    pad_frames: int = PAD_FRAMES,
    no_speech_threshold: float | None = NO_SPEECH_THRESHOLD,
    no_repeat_ngram_size: int = 0,
    tokens_per_second: float = TOKENS_PER_SECOND,
) -> Iterable[Any]:
    """faster-whisper's segments (with words) of 16 kHz float32 `audio` in `language`, the
    encoder run over the audio and `pad_frames` of silence only; greedy (beam 1); `temperatures`
    as transcribe()'s (one: no fallback re-decodes); `no_repeat_ngram_size` as transcribe()'s
    (0: none); new tokens capped at `tokens_per_second` (new_tokens). Lazy, like
    transcribe()'s."""
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import TranscriptionOptions, get_suppressed_tokens

    seconds = len(audio) / SAMPLE_RATE
    features = model.feature_extractor(audio)
    frames = min(WINDOW_FRAMES, features.shape[-1] + pad_frames)
    encoded = model.encode(pad_or_trim(features, frames))
    tokenizer = Tokenizer(
        model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
    )
    defaults = inspect.signature(model.transcribe).parameters
    options = TranscriptionOptions(  # transcribe()'s defaults but for the settings above
        beam_size=1, best_of=1, patience=1, length_penalty=1, repetition_penalty=1,
        no_repeat_ngram_size=no_repeat_ngram_size, log_prob_threshold=-1.0,
        no_speech_threshold=no_speech_threshold,
        compression_ratio_threshold=LOOP_COMPRESSION, condition_on_previous_text=True,
        prompt_reset_on_temperature=0.5, temperatures=list(temperatures),
        initial_prompt=prompt or None, prefix=None, suppress_blank=True,
        suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
        without_timestamps=False, max_initial_timestamp=1.0, word_timestamps=True,
        prepend_punctuations=defaults["prepend_punctuations"].default,
        append_punctuations=defaults["append_punctuations"].default,
        multilingual=False, clip_timestamps="0",
        max_new_tokens=new_tokens(seconds, tokens_per_second),
        hallucination_silence_threshold=None, hotwords=None,
    )  # fmt: skip
    # generate_segments() as the model's, but a later window is encoded short too
    segments: Iterable[Any] = type(model).generate_segments(
        ShortWindows(model, pad_frames), features, tokenizer, options, False, encoded
    )
    return segments


class ShortWindows:
    """The faster-whisper model, but a window generate_segments() encodes (a later one: the
    first is given encoded) loses the padding past its audio's `pad` frames. A later window is
    decoded when the first ended inside a segment (its last timestamp before the buffer's
    end, e.g. a word cut by the chunk's end): generate_segments() goes on from there, padded
    to 30 s, which cost more than the short decode itself (0.8 s an encode against 0.06 s; 14
    of 36 decodes of a German live run had one)."""

    def __init__(self, model: Any, pad: int = PAD_FRAMES) -> None:
        self._model = model
        self._pad = pad

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def encode(self, features: np.ndarray) -> Any:
        # pad_or_trim() pads with 0.0; no frame of audio is 0.0 in every mel band (silence is
        # the floor: -1.5 after Whisper's normalisation)
        sound = np.flatnonzero(np.any(features != 0, axis=0))
        frames = min(WINDOW_FRAMES, (int(sound[-1]) + 1 if len(sound) else 0) + self._pad)
        return self._model.encode(features[..., :frames])
