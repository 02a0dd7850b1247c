"""The local transcriber's worker (functions/live/adapters/whisper_stream): chunks are taken in
and settle words while a decode runs, without a model."""

from __future__ import annotations

import base64
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np

from functions.live.adapters.whisper_stream import WhisperDecoder, _Worker
from functions.live.lines import Word
from functions.live.signalling_rules import Audio, Connection, parse
from functions.live.streaming import float_to_mulaw
from functions.live.transcript import TranscriptLine

T0 = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
SPEAKER = Connection(
    connection_id="c1",
    company_id="co",
    live_id="live1",
    participant_id="candidate",
    role="candidate",
    name="Ada",
    connected_at=T0,
)
SPEECH = (0.2 * np.sin(np.arange(16000) * 0.3)).astype(np.float32)  # a loud second
# Words of 0.4 s every half second: w_i from 0.1 + 0.5 i
SAID = [Word(0.1 + i * 0.5, 0.5 + i * 0.5, f" w{i}") for i in range(12)]
WAIT = 10.0  # seconds, for the worker thread (it answers in milliseconds)


def _chunk(seq: int) -> Audio:
    data = base64.b64encode(float_to_mulaw(SPEECH)).decode()
    message = parse(
        f'{{"type":"audio","stream":"mic-1","seq":{seq},"encoding":"mulaw","rate":16000,'
        f'"data":"{data}"}}'
    )
    assert isinstance(message, Audio)
    return message


class Spelling(WhisperDecoder):
    """Hears the words said within the buffer, each decode spelling them its own way (no two
    hypotheses agree on a word: only the settled bound confirms). The decode numbered
    `held` waits until released."""

    def __init__(self, held: int) -> None:
        super().__init__(lambda: None, "en")
        self.decodes: list[float] = []  # the seconds of audio each decode heard
        self.held, self.started, self.release = held, threading.Event(), threading.Event()

    def __call__(self, audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        self.decodes.append(len(audio) / 16000)
        number = len(self.decodes)
        if number == self.held:
            self.started.set()
            assert self.release.wait(WAIT)
        end = len(audio) / 16000  # the buffer starts at 0 (until the last decode here)
        return [Word(w.start, w.end, f"{w.text}-{number}") for w in SAID if w.end <= end]


class Room:
    """The lines the worker published, waited on."""

    def __init__(self) -> None:
        self.lines: list[TranscriptLine] = []
        self._changed = threading.Condition()

    def publish(self, lines: Sequence[TranscriptLine]) -> None:
        with self._changed:
            self.lines.extend(lines)
            self._changed.notify_all()

    def finals(self) -> list[str]:
        return [line.text for line in self.lines if line.final]

    def wait_for_tail_of(self, decode: int) -> None:
        """Until the tail a decode left is published (the decode's words are applied)."""
        with self._changed:
            assert self._changed.wait_for(
                lambda: any(not x.final and x.text.endswith(f"-{decode}") for x in self.lines),
                WAIT,
            )

    def wait_for_finals(self, count: int) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: len(self.finals()) >= count, WAIT)


def test_a_chunk_arriving_during_a_decode_settles_words_at_once() -> None:
    decoder, room = Spelling(held=5), Room()
    worker = _Worker(SPEAKER, decoder, room.publish, idle_seconds=WAIT)
    worker.thread.start()
    for seq in range(5):  # one decode a chunk, the 5th held
        assert worker.put(_chunk(seq), T0 + timedelta(seconds=seq + 1), room.publish)
        if seq < 4:
            room.wait_for_tail_of(seq + 1)
    assert decoder.started.wait(WAIT)
    # As in tests/unit/live/test_streaming: the 4th second settled w0, w1 (as the 3rd decode
    # spelt them), the 5th w2, w3 (as the 4th did), before the held decode.
    assert room.finals() == ["w0-3 w1-3", "w2-4 w3-4"]
    # The 6th second arrives while the 5th decode runs: w4, w5 (ending by 3 s) are settled
    # and published now, not after the decode.
    assert worker.put(_chunk(5), T0 + timedelta(seconds=6), room.publish)
    room.wait_for_finals(3)
    assert room.finals()[2:] == ["w4-4 w5-4"]
    assert decoder.decodes == [1, 2, 3, 4, 5]  # the 6th second is not decoded yet
    decoder.release.set()
    room.wait_for_tail_of(6)  # the held decode, then one over the 6th second too: over the
    # buffer the held one's words cut (6 s received, past TRIM_SECONDS) at the settled 3 s
    assert decoder.decodes == [1, 2, 3, 4, 5, 3]
