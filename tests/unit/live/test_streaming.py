"""LocalAgreement-2 and the transcript lines (functions/live/streaming), without a model."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from functions.live.lines import StreamClock, Word, fitting, line, sentences, transcript_frame
from functions.live.signalling_rules import (
    MAX_MESSAGE_BYTES,
    Audio,
    Connection,
    ProtocolError,
    encode,
    parse,
)
from functions.live.streaming import (
    PROMPT_CHARS,
    SETTLED_SECONDS,
    Agreement,
    SpeakerStream,
    float_to_mulaw,
    mulaw_to_float,
)

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
QUIET = np.zeros(16000, dtype=np.float32)


def words(*spec: tuple[str, float]) -> list[Word]:
    """Words of 0.4 s starting at the given times."""
    return [Word(start, start + 0.4, f" {text}") for text, start in spec]


class Respelling:
    """A decoder of `said` that spells every word its own way in each decode (no two
    hypotheses agree on a word: only the bound confirms); the decodes numbered in `lost`
    (from 1) hear nothing. `stream` is its speaker's stream."""

    def __init__(self, said: list[Word], lost: set[int] | None = None) -> None:
        self.said, self.lost = said, lost or set()
        self.decodes: list[float] = []  # the seconds of audio each decode was given
        self.stream = SpeakerStream(self)

    def __call__(self, audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        self.decodes.append(len(audio) / 16000)
        if len(self.decodes) in self.lost:
            return []
        offset = self.stream.offset
        end = offset + len(audio) / 16000
        return [
            Word(w.start - offset, w.end - offset, f"{w.text}-{len(self.decodes)}")
            for w in self.said
            if offset <= w.start and w.end <= end
        ]


def test_a_word_is_confirmed_only_when_two_consecutive_hypotheses_agree_on_it() -> None:
    agreement = Agreement()
    assert agreement.confirm(words(("I", 0.0), ("calmed", 0.5))) == []
    second = agreement.confirm(words(("I", 0.0), ("calm", 0.5), ("the", 1.0)))
    assert [w.text for w in second] == [" I"]  # "calmed" / "calm" disagree: it waits
    third = agreement.confirm(words(("I", 0.0), ("calm", 0.5), ("the", 1.0), ("angry", 1.5)))
    assert [w.text for w in third] == [" calm", " the"]
    assert agreement.pending() == words(("angry", 1.5))


def test_a_word_heard_two_ways_does_not_hold_back_the_agreed_words_after_it() -> None:
    agreement = Agreement()
    assert agreement.confirm(words(("Last", 0.0), ("bring", 0.5), ("a", 1.0), ("large", 1.5),
                                   ("retail", 2.0))) == []  # fmt: skip
    second = words(("Last", 0.0), ("spring", 0.6), ("a", 1.0), ("large", 1.5), ("retail", 2.0),
                   ("customer", 2.5))  # fmt: skip
    confirmed = agreement.confirm(second)
    assert [w.text for w in confirmed] == [" Last", " spring", " a", " large", " retail"]
    assert agreement.pending() == words(("customer", 2.5))
    # Not when fewer than three words after it agree, nor when the two start apart.
    for shift, last in ((0.0, "customer"), (0.6, "client")):
        agreement = Agreement()
        agreement.confirm(words(("I", 0.0), ("calmed", 0.5), ("the", 1.0), ("angry", 1.5),
                                ("client", 2.0)))  # fmt: skip
        again = words(("I", 0.0), ("calm", 0.5 + shift), ("the", 1.0), ("angry", 1.5),
                      (last, 2.0))  # fmt: skip
        assert [w.text for w in agreement.confirm(again)] == [" I"]


def test_confirmed_words_heard_again_in_the_buffer_are_not_confirmed_twice() -> None:
    agreement = Agreement()
    agreement.confirm(words(("Then", 0.0), ("I", 0.5)))
    assert [w.text for w in agreement.confirm(words(("Then", 0.0), ("I", 0.5)))] == [" Then", " I"]
    # The buffer still holds their audio: the next hypotheses repeat them, slightly shifted.
    again = words(("Then", 0.02), ("I", 0.52), ("offered", 1.0))
    assert agreement.confirm(again) == []
    assert [w.text for w in agreement.confirm(again)] == [" offered"]


def test_a_repeated_start_after_the_confirmed_words_is_dropped() -> None:
    agreement = Agreement()
    agreement.confirm(words(("a", 0.0), ("refund.", 0.5)))
    agreement.confirm(words(("a", 0.0), ("refund.", 0.5)))
    # Whisper repeats "refund." with a time after the confirmed end: not confirmed again.
    hypothesis = words(("refund.", 1.0), ("Next", 1.5), ("day", 2.0))
    agreement.confirm(hypothesis)
    assert [w.text for w in agreement.confirm(hypothesis)] == [" Next", " day"]


def test_the_stream_confirms_prompts_with_confirmed_text_and_trims_at_a_sentence_end() -> None:
    spoken = words(*((f"w{i}." if i % 5 == 4 else f"w{i}", i * 0.5) for i in range(40)))
    prompts: list[str] = []
    offsets: list[float] = []

    def decode(audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        prompts.append(prompt)
        offsets.append(stream.offset)
        heard = len(audio) / 16000
        return [w.shifted(-stream.offset) for w in spoken if stream.offset <= w.start and
                w.end <= stream.offset + heard]  # fmt: skip

    stream = SpeakerStream(decode)
    confirmed: list[Word] = []
    cuts: list[float] = []
    for _ in range(20):
        stream.add(SPEECH)
        confirmed += stream.step().confirmed
        cuts += [stream.offset] if stream.offset not in [0.0, *cuts] else []
    assert [w.text for w in confirmed] == [w.text for w in spoken[: len(confirmed)]]
    assert len(confirmed) >= 30  # each word confirmed one step after it was first heard
    assert stream.offset > 0 and stream.received - stream.offset <= 6
    # Cut once past 5 s, at the end of the last confirmed sentence.
    first_cut = next(w for w in spoken if w.end == cuts[0])
    assert first_cut.text.endswith(".") and 2 < cuts[0] <= 5 and len(cuts) >= 2
    # The prompt is the confirmed text before the buffer, never the words still in it: its
    # last whole words within PROMPT_CHARS characters.
    before = [w.text for w in spoken if w.end <= offsets[-1]]
    assert offsets[-1] > 0 and len("".join(before).strip()) > PROMPT_CHARS
    kept = next(
        "".join(before[n:]).strip()
        for n in range(len(before))
        if len("".join(before[n:]).strip()) <= PROMPT_CHARS
    )
    assert prompts[-1] == kept and len(kept) > PROMPT_CHARS - 10
    assert prompts[0] == ""
    tail = [w.text for w in stream.agreement.pending()]
    assert [w.text for w in stream.finish()] == tail and tail


def test_a_silent_speaker_does_not_grow_the_buffer() -> None:
    heard: list[float] = []

    def decode(audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        heard.append(len(audio) / 16000)
        return []  # a hum, not words

    stream = SpeakerStream(decode)
    for _ in range(60):
        stream.add(QUIET)
        assert stream.step().confirmed == []
        assert len(stream.buffer) <= 16000
    assert heard == [] and stream.received == 60.0  # too quiet to be worth a decode
    for _ in range(20):
        stream.add(SPEECH)
        stream.step()
    assert heard and max(heard) <= 7.0  # sound without words is cut once past 5 s


def test_speech_a_decode_heard_no_words_in_stays_in_the_buffer_for_the_next_decode() -> None:
    said = words(*((f"w{i}", 0.1 + i * 0.5) for i in range(12)))
    lost = {2}  # the second decode (over 2 s of speech) gives nothing: a loop Whisper dropped

    def decode(audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        decodes.append(len(audio) / 16000)
        if len(decodes) in lost:
            return []
        end = stream.offset + len(audio) / 16000
        return [
            w.shifted(-stream.offset) for w in said if stream.offset <= w.start and w.end <= end
        ]

    decodes: list[float] = []
    stream = SpeakerStream(decode)
    confirmed: list[Word] = []
    for _ in range(6):
        stream.add(SPEECH)
        confirmed += stream.step().confirmed
    stream.add(QUIET)  # the speaker stops: the open words are confirmed
    confirmed += stream.step().confirmed
    assert [w.text for w in confirmed] == [w.text for w in said]
    assert decodes[2] == 3.0  # the audio the empty decode was given was decoded again


def test_a_decode_that_heard_no_word_in_speech_leaves_the_last_hypothesis_to_settle() -> None:
    # the third decode heard nothing: Whisper stopped at once (after a prompt ending
    # mid-sentence)
    decoder = Respelling(words(*((f"w{i}", 0.1 + i * 0.5) for i in range(8))), lost={3})
    stream = decoder.stream
    settled: list[list[str]] = []
    for _ in range(4):
        stream.add(SPEECH)
        settled.append([w.text for w in stream.settle().confirmed])
        stream.step()
    # The empty third decode is no hypothesis: when the fourth second arrives, the second
    # decode's words that end 2.5 s before it are confirmed on their deadline, as it spelt them
    assert settled == [[], [], [" w0-2"], [" w1-2", " w2-2"]]
    assert len(decoder.decodes) == 4


def test_a_pause_confirms_the_open_words_at_once() -> None:
    said = words(("Thank", 0.1), ("you.", 0.5))
    decodes: list[float] = []

    def decode(audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        decodes.append(len(audio) / 16000)
        return [w.shifted(-stream.offset) for w in said if w.start >= stream.offset]

    stream = SpeakerStream(decode)
    stream.add(SPEECH)
    step = stream.step()  # still speaking: one hypothesis is not enough
    assert step.confirmed == [] and [w.text for w in step.tail] == [" Thank", " you."]
    stream.add(np.concatenate([SPEECH[:3200], QUIET[:12800]]))  # 0.2 s more, then quiet
    step = stream.step()
    assert [w.text for w in step.confirmed] == [" Thank", " you."] and step.tail == []
    # Everything before the quiet end is confirmed: it is not kept, nor decoded again.
    assert stream.offset == pytest.approx(1.4) and len(decodes) == 2
    stream.add(QUIET)
    assert stream.step().confirmed == [] and len(decodes) == 2


def test_words_are_confirmed_only_by_two_hypotheses_while_the_speaker_goes_on() -> None:
    said = words(("Thank", 0.1), ("you", 0.5))

    def decode(audio: np.ndarray, prompt: str) -> list[Word]:  # type: ignore[type-arg]
        return list(said)

    stream = SpeakerStream(decode)
    stream.add(np.concatenate([QUIET[:8000], SPEECH[:8000]]))  # a quiet start is no pause
    assert stream.step().confirmed == []
    stream.add(SPEECH)
    assert [w.text for w in stream.step().confirmed] == [" Thank", " you"]


def test_finishing_confirms_the_open_tail() -> None:
    agreement = Agreement()
    agreement.confirm(words(("so", 0.0), ("long", 0.5)))
    assert [w.text for w in agreement.take_all()] == [" so", " long"]
    assert agreement.pending() == []


def test_lines_never_run_past_a_sentence_end_and_sit_on_the_server_clock() -> None:
    groups = sentences(words(("Yes.", 0.0), ("I", 1.0), ("did", 1.5), ("it!", 2.0), ("And", 3.0)))
    assert [" ".join(w.text.strip() for w in g) for g in groups] == ["Yes.", "I did it!", "And"]
    clock = StreamClock.from_chunk(T0, seq=0, seconds=1.0)  # chunk 0 ended when it arrived
    made = line(SPEAKER, groups[1], clock, final=True, language="en")
    assert made.text == "I did it!" and made.start == T0 - timedelta(seconds=1) + timedelta(
        seconds=1.0
    )
    assert made.end == T0 + timedelta(seconds=1.4)
    later = StreamClock.from_chunk(T0 + timedelta(seconds=7), seq=6, seconds=1.0)
    assert later.origin == T0  # a stream first heard at seq 6 began 6 s before that chunk


def test_a_long_line_is_split_into_frames_under_the_limit() -> None:
    clock = StreamClock(T0)
    long = line(SPEAKER, words(*((f"word{i}", i * 0.1) for i in range(9000))), clock,
                final=True, language="en")  # fmt: skip
    pieces = fitting(long, "Ada")
    assert len(pieces) > 1
    assert all(
        len(encode(transcript_frame(p, "Ada")).encode()) <= MAX_MESSAGE_BYTES for p in pieces
    )
    assert " ".join(p.text for p in pieces) == long.text
    assert pieces[0].start == long.start and pieces[-1].end == long.end


def test_mulaw_round_trips_within_its_quantisation() -> None:
    samples = np.sin(np.linspace(0, 200, 16000)).astype(np.float32) * 0.5
    back = mulaw_to_float(float_to_mulaw(samples))
    assert np.max(np.abs(back - samples)) < 0.02
    assert mulaw_to_float(bytes([0xFF, 0x7F])).tolist() == [0.0, 0.0]


def _audio(**change: object) -> str:
    frame = {"type": "audio", "stream": "mic-1", "seq": 0, "encoding": "mulaw", "rate": 16000,
             "data": base64.b64encode(bytes(16000)).decode()} | change  # fmt: skip
    return encode(frame)


def test_an_audio_frame_of_a_second_is_accepted() -> None:
    message = parse(_audio())
    assert isinstance(message, Audio) and message.seconds == 1.0 and len(message.data) == 16000


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"seq": -1}, "seq"),
        ({"encoding": "opus"}, "encoding"),
        ({"rate": 48000}, "rate"),
        ({"stream": ""}, "stream"),
        ({"stream": "x" * 65}, "stream"),
        ({"data": "not base64!"}, "data"),
        ({"data": base64.b64encode(bytes(24001)).decode()}, "data"),
        ({"data": ""}, "data"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_audio_frame_is_refused_naming_the_field(
    change: dict[str, object], named: str
) -> None:
    with pytest.raises(ProtocolError) as refused:
        parse(_audio(**change))
    assert refused.value.code in {"invalid_message", "message_too_large"}
    if refused.value.code == "invalid_message":
        assert named in refused.value.detail


def test_a_word_revised_again_and_again_holds_back_only_the_last_seconds() -> None:
    agreement = Agreement()
    first = words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("in", 1.5), ("March", 2.0),
                  ("after", 2.5), ("all", 3.0))  # fmt: skip
    assert agreement.confirm(first, settled_until=1.5) == []
    # "shipped" and "in" are heard as "shift" and "on" now: the prefix stops at "We" (and the
    # words after "shift" disagree too); the words ending 2 s before the audio's end that sit
    # at the same time in both hypotheses are confirmed as the newer one has them.
    second = words(("We", 0.0), ("shift", 0.5), ("it", 1.0), ("on", 1.5), ("March", 2.0),
                   ("after", 2.5), ("all", 3.0), ("the", 3.5))  # fmt: skip
    confirmed = agreement.confirm(second, settled_until=2.5)
    assert [w.text for w in confirmed] == [" We", " shift", " it", " on", " March"]
    assert agreement.pending() == words(("after", 2.5), ("all", 3.0), ("the", 3.5))


def test_a_word_one_hypothesis_lost_is_not_settled_over() -> None:
    agreement = Agreement()
    agreement.confirm(words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("in", 1.5)))
    # The second decode lost "shipped": the positions no longer line up, nothing is settled
    # past the agreed "We" however old the words are.
    second = words(("We", 0.0), ("it", 1.0), ("in", 1.5), ("March", 2.0))
    assert [w.text for w in agreement.confirm(second, settled_until=10.0)] == [" We"]


def test_a_word_one_hypothesis_split_in_two_is_settled_as_the_newer_has_it() -> None:
    agreement = Agreement()
    agreement.confirm([Word(0.0, 0.4, " Die"), Word(0.5, 1.4, " Kundenzufriedenheit"),
                       Word(1.5, 1.9, " stieg")])  # fmt: skip
    second = [Word(0.0, 0.4, " Die"), Word(0.5, 0.9, " Kunden"), Word(0.9, 1.4, " zufriedenheit"),
              Word(1.5, 1.9, " stieg"), Word(2.0, 2.4, " stark")]  # fmt: skip
    confirmed = agreement.confirm(second, settled_until=2.0)
    assert [w.text for w in confirmed] == [" Die", " Kunden", " zufriedenheit", " stieg"]


def test_a_word_without_time_at_the_confirmed_end_does_not_hold_back_the_words_after_it() -> None:
    agreement = Agreement()
    agreement.confirm(words(("auf", 0.0), ("der", 0.3), ("Zeit", 0.6), ("hatte.", 0.8),
                            ("Im", 1.5), ("Gespräch", 1.9)))  # fmt: skip
    # The bound confirms "aufgezeichnet"; Whisper gave the "hat." after it no time, at its end.
    second = [Word(0.0, 1.0, " aufgezeichnet"), Word(1.0, 1.0, " hat."), *words(("Im", 1.5),
              ("Gespräch", 1.9), ("habe", 2.3))]  # fmt: skip
    assert [w.text for w in agreement.confirm(second, settled_until=1.2)] == [" aufgezeichnet"]
    # The next decode hears "hatten." before that end: the words after it agree.
    third = [Word(0.0, 0.8, " aufgeteilt"), Word(0.8, 0.98, " hatten."), *words(("Im", 1.5),
             ("Gespräch", 1.9), ("habe", 2.3), ("ich", 2.7))]  # fmt: skip
    confirmed = agreement.confirm(third, settled_until=1.2)
    assert [w.text for w in confirmed] == [" Im", " Gespräch", " habe"]


def test_words_two_hypotheses_agree_on_are_confirmed_past_an_odd_one_between_them() -> None:
    agreement = Agreement()
    assert agreement.confirm(words(("their", 0.0), ("shipment", 0.3), ("into", 0.7))) == []
    # The next decode hears something else there: nothing agrees.
    odd = words(("-nation", 0.0), ("and", 0.3), ("single", 0.7), ("parcels.", 1.1))
    assert agreement.confirm(odd) == []
    # The one after agrees with the one before the odd one: those words are confirmed.
    third = words(("their", 0.0), ("shipment", 0.3), ("into", 0.7), ("separate", 1.1),
                  ("parcels.", 1.5))  # fmt: skip
    assert [w.text for w in agreement.confirm(third)] == [" their", " shipment", " into"]
    assert [w.text for w in agreement.pending()] == [" separate", " parcels."]


def test_words_a_lost_decode_missed_are_settled_by_the_two_around_it() -> None:
    agreement = Agreement()
    first = words(("We", 0.0), ("shift", 0.5), ("it", 1.0), ("in", 1.5), ("March", 2.0))
    assert agreement.confirm(first) == []
    assert agreement.confirm([], settled_until=1.0) == []  # a decode that gave nothing
    # The third hears the words at the same times, spelt otherwise: they agree with the
    # first in time, and the old ones are settled as the newest has them.
    third = words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("on", 1.5), ("March", 2.0))
    confirmed = agreement.confirm(third, settled_until=2.0)
    assert [w.text for w in confirmed] == [" We", " shipped", " it", " on"]


def test_arriving_audio_settles_the_words_the_last_two_hypotheses_heard_without_a_decode() -> None:
    agreement = Agreement()
    agreement.confirm(words(("We", 0.0), ("shift", 0.5), ("it", 1.0), ("on", 1.5)))
    second = words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("in", 1.5), ("March", 2.0))
    assert [w.text for w in agreement.confirm(second, settled_until=0.5)] == [" We"]
    # More audio arrived: the bound moved; the words both heard that end by it are
    # confirmed as the newer one has them, the rest stay open for the next decode.
    assert [w.text for w in agreement.settle(1.5)] == [" shipped", " it"]
    assert agreement.pending() == words(("in", 1.5), ("March", 2.0))
    assert agreement.settle(1.5) == []  # nothing twice
    third = words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("in", 1.5), ("March", 2.0))
    assert [w.text for w in agreement.confirm(third)] == [" in", " March"]


def test_arriving_audio_settles_the_last_hypothesis_words_the_one_before_lost() -> None:
    agreement = Agreement()
    agreement.confirm(words(("We", 0.0), ("shipped", 0.5), ("it", 1.0), ("in", 1.5)))
    # The second decode lost "shipped": at the decode the positions no longer line up and
    # nothing past the agreed "We" is settled ...
    second = words(("We", 0.0), ("it", 1.0), ("in", 1.5), ("March", 2.0))
    assert [w.text for w in agreement.confirm(second, settled_until=1.5)] == [" We"]
    # ... but once audio moved the bound past them, the bound is a deadline: the words the
    # last hypothesis has there are confirmed as it has them, without waiting for another.
    assert [w.text for w in agreement.settle(1.9)] == [" it", " in"]
    assert agreement.pending() == words(("March", 2.0))


def test_the_stream_settles_on_arriving_audio_before_its_next_decode() -> None:
    decoder = Respelling(words(*((f"w{i}", 0.1 + i * 0.5) for i in range(8))))
    stream, decodes = decoder.stream, decoder.decodes
    confirmed: list[Word] = []
    for _ in range(4):
        stream.add(SPEECH)
        confirmed += stream.settle().confirmed + stream.step().confirmed
    # Only the bound confirms: the words ending 2.5 s before the audio's end, each as the
    # decode before the second that passed it spelt them (w0 at 3 s, w1 and w2 at 4 s)
    assert SETTLED_SECONDS == 2.5
    assert [w.text for w in confirmed] == [" w0-2", " w1-3", " w2-3"]
    stream.add(SPEECH)
    settled = stream.settle()  # 5 s received: the words ending by 2.5 s are settled now
    assert len(decodes) == 4  # without a decode, as the newest hypothesis spelt them
    assert [w.text for w in settled.confirmed] == [" w3-4", " w4-4"]
    assert [w.text for w in settled.tail] == [" w5-4", " w6-4", " w7-4"]
