"""The local live transcriber: faster-whisper (the packaged base model, int8) streaming with
LocalAgreement-2 (functions/live/streaming), one worker thread per speaker stream.

hear() only queues the chunk and returns: the WebSocket loop never waits for a decode. A
worker decodes at most once at a time; chunks that arrived meanwhile are taken together (one
decode over all of them: on a 2-core machine decodes take longer than a chunk lasts under load,
and the buffer just grows by more than a second). The words the new audio settled go out
before the decode (SpeakerStream.settle), the ones the decode confirmed after it, as final
lines (split at sentence ends), and the unconfirmed tail as the speaker's partial.
A stream that stays silent (no chunk) for IDLE_SECONDS is finished: its tail is confirmed and
the worker ends.

What a decode costs is what the transcript lags (a word is confirmed about two decodes after
its chunk arrived), so a decode does only what the agreement needs: the language is the
interview's (`language_of`, looked up once per stream; detected only when unknown), greedy at
temperature 0 with no fallback re-decodes, and no VAD pass (the stream's energy check skips
quiet buffers). Timestamp tokens stay: without them the word alignment runs over the whole
30 s window, several times slower (measured 14.6 s against 2.6 s for an 8 s buffer).

The encoder, most of a decode (about three quarters for an 8 s buffer), runs over the buffer
and 1 s of silence instead of Whisper's 30 s window (functions/transcription/short_window:
CTranslate2 takes fewer than 3000 mel frames; transcribe() always pads to them), so a decode
costs what its buffer is long, and so does a later window of the same decode (after a segment
cut at the buffer's end: faster-whisper pads it to 30 s); new tokens are capped at
TOKENS_PER_SECOND (6) a second and 20 more (recorded answers' decodes: 10), and no run of
NO_REPEAT_NGRAM tokens may come twice in a decode (no_repeat_ngram_size): a repetition loop
("Ich habe ... Ich habe ...", at the buffer's cut end) ends in its second round instead of
running on to the cap, where it cost up to 2.1 s, 3 German decodes of 40 over 1.5 s, every
chunk behind them waiting (German's slowest now 1.2 s; a loop that varies a word, "pasar" /
"pasar." / "pasara" in Spanish, still runs to the cap, which at 6 a second is reached sooner:
that sentence's slowest word 3.8 s behind instead of 4.7 s); six tokens, not four: four garbled
"the customer support team" said twice in a buffer, six keep it. A decode whose segment looped
is decoded again with 3 s of silence after the buffer instead of 1 s (Whisper loops less so),
unless the loop came after words: they are kept. A buffer of 3 s or more Whisper called silent
(no segment), which the energy check did not, is decoded once more without the no-speech check.
The whole window is kept while the language is unknown (detection needs it), its new tokens
capped and its repeats barred as the short decodes'.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from functions.live.lines import StreamClock, Word, line, sentences, word_key
from functions.live.ports import Publish
from functions.live.signalling_rules import AUDIO_RATE, Audio, Connection
from functions.live.streaming import SpeakerStream, mulaw_to_float
from functions.live.transcript import TranscriptLine
from functions.observability import logger
from functions.transcription.short_window import (
    LOOP_COMPRESSION,
    NO_SPEECH_THRESHOLD,
    PAD_FRAMES,
    new_tokens,
    short_window_segments,
)

IDLE_SECONDS = 20.0
MAX_GAP_SECONDS = 5  # a gap in seq (lost chunks) is filled with silence, up to this many
LANGUAGE_SURE = 0.7  # a detected language this likely is kept for the rest of the stream
LANGUAGE_SECONDS = 3  # ... and whatever was detected over this much audio
LOOP_PAD_FRAMES = 300  # silence after a buffer whose decode looped (it loops less with more)
RETRY_SECONDS = 3  # a buffer this long Whisper called silent is decoded again without it
LOOP_WORDS = 3  # words said again after a loop's first round show it is a loop
NO_REPEAT_NGRAM = 6  # a decode never says the same 6 tokens twice: a loop ends at its 2nd round
# New tokens a second of buffer, and 20 more (new_tokens): the benchmark's speech needs at most
# 13 in 2 s and 43 in 8 s (German; 6.5 and 5.4 a second), which leaves 32 and 68; a loop the
# repeat bar misses stops here, not at the recorded answers' 10 a second.
TOKENS_PER_SECOND = 6


LanguageOf = Callable[[Connection], str | None]
"""The language a speaker is expected to speak (None: detect it)."""


def _unknown(_: Connection) -> str | None:
    return None


class WhisperDecoder:
    """One decode of a buffer with faster-whisper: word timestamps, the confirmed text as the
    prompt, greedy (beam 1, temperature 0 only)."""

    def __init__(self, model: Callable[[], Any], language: str | None = None) -> None:
        self._model = model
        self.language = language

    def __call__(self, audio: np.ndarray, prompt: str) -> list[Word]:
        if self.language is not None:
            segments = list(self._windowed(audio, prompt, self.language))
            heard = _words(segments)
            if not heard and _looped(segments):
                # A repetition loop from its first word (a loop after words keeps them):
                # decoded again with 3 s of silence after it, which gave the words of 5 such
                # loops of 5.
                heard = _words(self._windowed(audio, prompt, self.language, LOOP_PAD_FRAMES))
            if heard or segments or len(audio) < RETRY_SECONDS * AUDIO_RATE:
                return heard  # decoded again with the next chunk
            # Whisper called a buffer the energy check heard "no speech" and the stream will
            # soon cut it (its words would be lost): decoded again without that check. Not the
            # whole 30 s window: over 5.3 s of German that looped to 448 tokens in 7.5-9.2 s
            # and gave no word, where this took 0.66 s and gave a sentence.
            return _words(self._windowed(audio, prompt, self.language, no_speech_threshold=None))
        return self._whole_window(audio, prompt)

    def _windowed(
        self,
        audio: np.ndarray,
        prompt: str,
        language: str,
        pad: int = PAD_FRAMES,
        no_speech_threshold: float | None = NO_SPEECH_THRESHOLD,
    ) -> Iterable[Any]:
        """The buffer's segments, the encoder run over the buffer and `pad` frames of silence
        instead of Whisper's whole 30 s window (functions/transcription/short_window)."""
        return short_window_segments(
            self._model(),
            audio,
            language,
            prompt,
            pad_frames=pad,
            no_speech_threshold=no_speech_threshold,
            no_repeat_ngram_size=NO_REPEAT_NGRAM,
            tokens_per_second=TOKENS_PER_SECOND,
        )

    def _whole_window(self, audio: np.ndarray, prompt: str) -> list[Word]:
        """faster-whisper's transcribe(), padded to the 30 s window: while the language is
        unknown (its detection needs that window), until one is kept."""
        segments, info = self._model().transcribe(
            audio,
            language=self.language,
            initial_prompt=prompt or None,
            word_timestamps=True,
            beam_size=1,
            best_of=1,
            temperature=0.0,
            vad_filter=False,
            condition_on_previous_text=True,
            no_repeat_ngram_size=NO_REPEAT_NGRAM,
            max_new_tokens=new_tokens(len(audio) / AUDIO_RATE, TOKENS_PER_SECOND),
        )
        words = _words(segments)
        # Detecting the language costs a decode's time again: once 3 s of speech gave one
        # (or a likely one earlier), it is kept for the stream.
        heard = len(audio) >= LANGUAGE_SECONDS * AUDIO_RATE
        likely = info.language_probability >= LANGUAGE_SURE
        if self.language is None and words and (heard or likely):
            self.language = info.language
        return words


def _looped(segments: Iterable[Any]) -> bool:
    return any(s.compression_ratio > LOOP_COMPRESSION for s in segments)


def _words(segments: Iterable[Any]) -> list[Word]:
    """The segments' words; of a repetition loop (a segment whose text compresses too well),
    the words before the loop began. Without the temperature fallback a loop is not decoded
    again: the next decode, over more audio, usually gets its words right."""
    words: list[Word] = []
    for segment in segments:
        heard = [Word(w.start, w.end, w.word) for w in segment.words or []]
        if segment.compression_ratio > LOOP_COMPRESSION:
            heard = heard[: before_loop([word_key(w) for w in heard])]
        words += heard
    return words


def before_loop(keys: Sequence[str]) -> int:
    """Where a repetition loop starts in these words: the first word from which on the words
    repeat the ones just before it (at least LOOP_WORDS of them, or a whole period of a
    shorter loop) to the end. A looping decoder said the words before it once, to the end of
    the audio, then went on saying them again, crammed into its last moment ("Ich habe noch
    einen Kammel. Ich habe noch einen Kammel. Ich habe ..." over 1.6 s). 0 when no word
    from which on they repeat to the end is found (a loop that varies: none is kept)."""
    for at in range(1, len(keys)):
        tail = len(keys) - at
        for period in range(1, at + 1):
            if tail >= min(period, LOOP_WORDS) and all(
                keys[at + n] == keys[at - period + n % period] for n in range(tail)
            ):
                return at
    return 0


@dataclass
class _Pending:
    chunks: list[tuple[Audio, datetime]] = field(default_factory=list)


class _Worker:
    def __init__(
        self,
        speaker: Connection,
        decoder: WhisperDecoder,
        publish: Publish,
        idle_seconds: float,
        language_of: LanguageOf = _unknown,
    ) -> None:
        self.speaker = speaker
        self._decoder = decoder
        self._language_of = language_of
        self._publish = publish
        self.on_exit: Callable[[], None] = lambda: None
        self._idle = idle_seconds
        self._stream = SpeakerStream(decoder)
        self._clock: StreamClock | None = None
        self._next_seq = 0
        self._pending = _Pending()
        self._wake = threading.Condition()
        self._tail = ""
        self._closed = False
        self.thread = threading.Thread(target=self._run, name="live-transcriber", daemon=True)

    def put(self, chunk: Audio, arrived: datetime, publish: Publish) -> bool:
        """False when the worker has finished (the caller starts a new one)."""
        with self._wake:
            if self._closed:
                return False
            self._publish = publish  # the latest connection of this speaker
            self._pending.chunks.append((chunk, arrived))
            self._wake.notify()
            return True

    def _run(self) -> None:
        try:  # here, not in hear(): the WebSocket loop never waits for the lookup
            self._decoder.language = self._language_of(self.speaker)
        except Exception:  # detected instead
            logger.exception("live language unknown", extra={"live": self.speaker.live_id})
        while True:
            with self._wake:
                if not self._pending.chunks:
                    self._wake.wait(self._idle)
                taken, self._pending.chunks = self._pending.chunks, []
                self._closed = not taken
            if not taken:
                self._finish()
                return
            try:
                self._decode(taken)
            except Exception:  # a failed decode loses nothing: the audio stays in the buffer
                logger.exception("live transcription failed", extra={"live": self.speaker.live_id})

    def _finish(self) -> None:
        try:
            self._emit(self._stream.finish(), [])
        except Exception:
            logger.exception("live transcription failed", extra={"live": self.speaker.live_id})
        self.on_exit()

    def _decode(self, taken: list[tuple[Audio, datetime]]) -> None:
        for chunk, arrived in taken:
            self._add(chunk, arrived)
        settled = self._stream.settle()
        if settled.confirmed:
            self._emit(settled.confirmed, settled.tail)
        step = self._stream.step()
        self._emit(step.confirmed, step.tail)

    def _add(self, chunk: Audio, arrived: datetime) -> None:
        if chunk.seq < self._next_seq:
            return  # a repeat
        samples = mulaw_to_float(chunk.data)
        if self._clock is None:
            self._clock = StreamClock.from_chunk(arrived, chunk.seq, chunk.seconds)
            self._stream.received = self._stream.offset = float(chunk.seq)
        missing = min(chunk.seq - self._next_seq, MAX_GAP_SECONDS) if self._next_seq else 0
        if missing > 0:
            self._stream.add(np.zeros(missing * AUDIO_RATE, dtype=np.float32))
        self._stream.add(samples)
        self._next_seq = chunk.seq + 1

    def _emit(self, confirmed: list[Word], tail: list[Word]) -> None:
        if self._clock is None:
            return
        language = self._decoder.language
        lines: list[TranscriptLine] = [
            line(self.speaker, group, self._clock, final=True, language=language)
            for group in sentences(confirmed)
        ]
        text = "".join(w.text for w in tail).strip()
        if tail and text != self._tail:
            lines.append(line(self.speaker, tail, self._clock, final=False, language=language))
        self._tail = text
        if lines:
            self._publish(lines)


class LocalStreamingTranscriber:
    """A worker per (live interview, speaker, stream), made on its first chunk."""

    def __init__(
        self,
        model: Callable[[], Any],
        idle_seconds: float = IDLE_SECONDS,
        language_of: LanguageOf = _unknown,
    ) -> None:
        self._model = model
        self._idle = idle_seconds
        self._language_of = language_of
        self._workers: dict[tuple[str, str, str], _Worker] = {}
        self._lock = threading.Lock()

    def hear(self, speaker: Connection, chunk: Audio, arrived: datetime, publish: Publish) -> None:
        key = (speaker.live_id, speaker.participant_id, chunk.stream)
        with self._lock:
            worker = self._workers.get(key)
            if worker is not None and worker.put(chunk, arrived, publish):
                return
            decoder = WhisperDecoder(self._model)
            worker = _Worker(speaker, decoder, publish, self._idle, self._language_of)
            worker.on_exit = lambda: self._forget(key, worker)
            self._workers[key] = worker
            worker.put(chunk, arrived, publish)
            worker.thread.start()

    def _forget(self, key: tuple[str, str, str], worker: _Worker) -> None:
        with self._lock:
            if self._workers.get(key) is worker:
                del self._workers[key]

    def busy(self) -> int:
        """How many streams are being transcribed (tests and the benchmark wait on it)."""
        with self._lock:
            return len(self._workers)
