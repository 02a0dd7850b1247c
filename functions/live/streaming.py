"""Streaming transcription of one speaker's microphone (pure: no I/O, no threads).

The LocalAgreement-2 policy of whisper_streaming (Macháček et al., ufal/whisper_streaming):
the growing audio buffer is transcribed again after each new chunk; a word is confirmed when
two consecutive hypotheses agree on it (their longest common prefix, after the confirmed
words; a word spelt two ways at the same time with the next three words agreeing counts as
agreed, in the newer spelling), or the newest and the one before the last (one odd decode
between two that agree no longer costs a decode more), and the confirmed text is the prompt
of the next decode.
The agreement has a time bound: words that have SETTLED_SECONDS of audio after them and that
two hypotheses heard (the newest and one of the two before it; the words overlap in time both
ways, spelt or split either way) are confirmed as the newer hypothesis has them, even when an
earlier disagreement still holds the prefix back (Whisper base keeps revising a word now and
then; without the bound the words after it waited up to 9 s). At a decode a word one of them
lost still stops the bound. The bound moves when audio arrives, not when a decode ends, and
then it is a deadline: the words of the last hypothesis that it passes are confirmed at once
(settle), as that hypothesis has them, before the decode of the new audio (which only added
its own time, about half a second, to their lag), whether or not the one before it heard them
the same way (waiting for two that did had German's slowest words 4.5-5 s behind: words
Whisper base heard otherwise, or split otherwise across the confirmed end, in every decode).
Once the buffer passes TRIM_SECONDS it is cut at the end of a confirmed sentence (else of the
last confirmed word), so a decode stays short (its cost follows the buffer's length). A decode
of sound that gave no words keeps the buffer (Whisper sometimes loses words in one decode that
the next one gets), cut to its last second only past TRIM_SECONDS, and is no hypothesis: the
last one stands, its words settle on their deadline. Two cheap energy checks
spare decodes and waiting: a buffer with no sound louder than SILENCE_RMS is not decoded at
all, and when the buffer ends in PAUSE_SECONDS of quiet (the speaker stopped) the open words
are confirmed at once instead of waiting for a second hypothesis that more speech would bring.
Confirmed words become transcript lines that never straddle a sentence end; the unconfirmed
rest is the speaker's partial tail.

Times here are seconds on the stream's clock (0 = the first sample of the stream). Words and
lines are in functions/live/lines.py (numpy-free: the cloud's signalling imports them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from functions.live.lines import SENTENCE_ENDS, Word, mulaw_to_pcm16, word_key
from functions.live.signalling_rules import AUDIO_RATE

TRIM_SECONDS = 5.0  # cut the buffer at a confirmed sentence end once it is longer
FORCE_SECONDS = 25.0  # nothing confirmed for this long (Whisper's window is 30 s): take it all
SLOT_CONTEXT = 3  # words agreeing after a word heard two ways let it be confirmed
SLOT_SECONDS = 0.3  # ... when its two spellings start this close
SETTLED_SECONDS = 2.5  # a word with this much audio after it: confirmed (see above)
# The confirmed text given as the next decode's prompt: its last whole words within this many
# characters. whisper_streaming's 200 made Whisper base loop in Russian: after a long prompt
# without punctuation, 4 of 5 slow decodes said the buffer's words a second time, in another
# spelling ("ежемесячные" / "ежимесячные"), which neither the repeat bar nor the loop check
# catches (decoded again: 1.4-1.7 s instead of 0.5); with the last 100 characters 3 of those 4
# did not loop.
PROMPT_CHARS = 100
SILENCE_KEPT_SECONDS = 1.0  # of a buffer that held no speech (a word may be starting)
SILENCE_RMS = 0.01  # a 50 ms frame quieter than this (about -40 dBFS) holds no speech
PAUSE_SECONDS = 0.6  # this much quiet at the end of the buffer: the speaker has stopped
FRAME = AUDIO_RATE // 20

Audio = npt.NDArray[np.float32]


# mu-law (G.711) -----------------------------------------------------------------------------


def mulaw_to_float(data: bytes) -> Audio:
    """G.711 mu-law bytes as float32 samples in [-1, 1)."""
    pcm = np.frombuffer(mulaw_to_pcm16(data), dtype="<i2")
    return (pcm / 32768.0).astype(np.float32)


def float_to_mulaw(samples: npt.NDArray[np.floating]) -> bytes:
    """float samples in [-1, 1] as G.711 mu-law (what a browser sends; benchmarks and tests)."""
    pcm = np.clip(np.asarray(samples) * 32768.0, -32635, 32635).astype(np.int32)
    sign = np.where(pcm < 0, 0x80, 0)
    magnitude = np.abs(pcm) + 0x84
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    encoded: bytes = (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()
    return encoded


def loudness(samples: Audio) -> Audio:
    """The RMS of each 50 ms frame (a last partial frame is left out)."""
    frames = samples[: len(samples) // FRAME * FRAME].reshape(-1, FRAME)
    rms: Audio = np.sqrt(np.mean(np.square(frames, dtype=np.float32), axis=1))
    return rms


def quiet(samples: Audio) -> bool:
    """No frame of the samples is loud enough to be speech."""
    return not bool(np.any(loudness(samples) >= SILENCE_RMS))


# LocalAgreement-2 ---------------------------------------------------------------------------


@dataclass
class Agreement:
    """Confirms the words the newest hypothesis agrees on with one of the two before it
    (whisper_streaming's HypothesisBuffer, which has the last one only). Hypotheses are on
    the stream clock."""

    confirmed_until: float = 0.0  # the end of the last confirmed word
    last_confirmed: list[Word] = field(default_factory=list)  # its tail (n-gram de-duplication)
    previous: list[Word] = field(default_factory=list)  # the last hypothesis' unconfirmed part
    older: list[Word] = field(default_factory=list)  # the one's before it (unconfirmed then)

    def confirm(self, hypothesis: Sequence[Word], settled_until: float = -1.0) -> list[Word]:
        """The words newly confirmed by this hypothesis; the rest waits for the next one.
        Words ending by `settled_until` need only be heard at the same time in it and in one
        of the two before it."""
        new = self._without_repeated_start(self._open(hypothesis))
        self.previous, older = self._open(self.previous), self._open(self.older)
        agreed = max(self._agreed(new, self.previous), self._agreed(new, older), key=len)
        rest, until = new[len(agreed) :], agreed[-1].end if agreed else self.confirmed_until
        settled: list[Word] = max(
            self._settled(rest, _after(self.previous, until), settled_until),
            self._settled(rest, _after(older, until), settled_until),
            key=len,
        )
        agreed += settled
        self.older, self.previous = self.previous, new[len(agreed) :]
        self._confirmed(agreed)
        return agreed

    def settle(self, settled_until: float) -> list[Word]:
        """The last hypothesis' words that end by `settled_until`, confirmed as it has them
        without a further decode (audio arrived: the bound moved on, and it is a deadline; a
        decode would only add its own time to their lag)."""
        self.previous = self._open(self.previous)
        settled = _ended(self.previous, settled_until)
        self.previous = self.previous[len(settled) :]
        self._confirmed(settled)
        self.older = self._open(self.older)
        return settled

    def _confirmed(self, words: list[Word]) -> None:
        if words:
            self.confirmed_until = words[-1].end
            self.last_confirmed = (self.last_confirmed + words)[-5:]

    def _open(self, words: Sequence[Word]) -> list[Word]:
        """The words after the confirmed ones (a word ending where they end, e.g. one Whisper
        gave no time to, is theirs: kept in the last hypothesis, the next one, which has it
        before the confirmed end, would never agree with it)."""
        return _after(words, self.confirmed_until)

    def _agreed(self, new: list[Word], other: list[Word]) -> list[Word]:
        """The leading words of `new` that `other` has too (in the newer spelling)."""
        agreed: list[Word] = []
        for at, (mine, theirs) in enumerate(zip(new, other, strict=False)):
            if not word_key(mine) or (
                word_key(mine) != word_key(theirs) and not self._same_slot(new, other, at)
            ):
                break
            agreed.append(mine)
        return agreed

    @staticmethod
    def _same_slot(new: list[Word], other: list[Word], at: int) -> bool:
        """The two hypotheses spell the word at `at` differently, but it starts at about the
        same time and the SLOT_CONTEXT words after it agree: one word Whisper keeps hearing
        two ways ("bring"/"spring") does not hold back the words after it; the newer
        spelling is taken."""
        after = slice(at + 1, at + 1 + SLOT_CONTEXT)
        mine, theirs = (
            [word_key(w) for w in new[after]],
            [word_key(w) for w in other[after]],
        )
        close = abs(new[at].start - other[at].start) <= SLOT_SECONDS
        return close and len(mine) == SLOT_CONTEXT and mine == theirs and all(mine)

    @staticmethod
    def _settled(new: list[Word], previous: list[Word], settled_until: float) -> list[Word]:
        """The longest run of leading words of `new` ending by `settled_until` that `previous`
        heard too: each of them overlaps a word of `previous` in time, and each word of
        `previous` before their end overlaps one of them (a word one hypothesis split in two
        still agrees; a word one of them lost does not)."""
        run = _ended(new, settled_until)
        while run:
            theirs = [w for w in previous if w.start < run[-1].end]
            if all(_overlaps(w, previous) for w in run) and all(_overlaps(w, run) for w in theirs):
                return run
            run.pop()
        return run

    def _without_repeated_start(self, new: list[Word]) -> list[Word]:
        """A hypothesis that starts by repeating the last confirmed words (Whisper often does,
        around the cut) loses them: the longest such n-gram, up to 5 words."""
        if not new or not self.last_confirmed or abs(new[0].start - self.confirmed_until) > 1:
            return new
        for n in range(min(len(self.last_confirmed), len(new), 5), 0, -1):
            tail = [word_key(w) for w in self.last_confirmed[-n:]]
            if [word_key(w) for w in new[:n]] == tail:
                return new[n:]
        return new

    def pending(self) -> list[Word]:
        return list(self.previous)

    def take_all(self) -> list[Word]:
        """The unconfirmed words as confirmed (the stream ended, or the buffer is too long)."""
        rest, self.previous, self.older = self.previous, [], []
        self._confirmed(rest)
        return rest


def _after(words: Sequence[Word], end: float) -> list[Word]:
    """The words after `end`: a word that starts over 0.1 s before it, or ends by it, is
    before it."""
    return [w for w in words if w.start > end - 0.1 and w.end > end]


def _ended(words: Sequence[Word], until: float) -> list[Word]:
    """The leading words (up to one without letters) that end by `until`."""
    run: list[Word] = []
    for word in words:
        if not word_key(word) or word.end > until:
            break
        run.append(word)
    return run


def _overlaps(word: Word, others: Sequence[Word]) -> bool:
    return any(min(word.end, o.end) > max(word.start, o.start) for o in others)


Decoder = Callable[[Audio, str], list[Word]]
"""Transcribes audio (16 kHz float32) with a prompt: the words, times from its start."""


@dataclass
class Step:
    confirmed: list[Word]
    tail: list[Word]


@dataclass
class SpeakerStream:
    """One speaker's stream: its audio buffer, the agreement, and the confirmed text."""

    decode: Decoder
    buffer: Audio = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    offset: float = 0.0  # the stream time of the buffer's first sample
    received: float = 0.0  # seconds of audio received (the stream time of its end)
    agreement: Agreement = field(default_factory=Agreement)
    confirmed: list[Word] = field(default_factory=list)  # the recent ones (the prompt's source)
    sentence_ends: list[float] = field(default_factory=list)  # confirmed, in the buffer

    def add(self, samples: Audio) -> None:
        self.buffer = np.concatenate([self.buffer, samples])
        self.received += len(samples) / AUDIO_RATE

    def step(self) -> Step:
        """One decode over the buffer: what it confirms, and the unconfirmed tail."""
        hypothesis: list[Word] = []
        silent = quiet(self.buffer)
        if not silent:
            heard = self.decode(self.buffer, self.prompt())
            hypothesis = [w.shifted(self.offset) for w in heard]
        if silent or hypothesis:
            confirmed = self.agreement.confirm(hypothesis, self.received - SETTLED_SECONDS)
        else:  # Whisper heard no word in sound (it ends some decodes at once, after a prompt
            # that stops mid-sentence): no hypothesis, the last one stands and its words
            # settle on their deadline (replaced by nothing, they waited for two more decodes)
            confirmed = []
        paused = quiet(self.buffer[-int(PAUSE_SECONDS * AUDIO_RATE) :])
        if paused or (not confirmed and self.received - self.offset > FORCE_SECONDS):
            confirmed += self.agreement.take_all()
        self._remember(confirmed)
        if not hypothesis:
            self._unheard(silent)
        elif paused:  # all of it confirmed: keep only the quiet end
            self._cut(max(self.offset, self.received - PAUSE_SECONDS))
        else:
            self._trim()
        return Step(confirmed, self.agreement.pending())

    def settle(self) -> Step:
        """Audio arrived: the words that are settled now, before the next decode."""
        settled = self.agreement.settle(self.received - SETTLED_SECONDS)
        self._remember(settled)
        return Step(settled, self.agreement.pending())

    def finish(self) -> list[Word]:
        """The stream ended: its unconfirmed words are as good as they will get."""
        rest = self.agreement.take_all()
        self._remember(rest)
        return rest

    def prompt(self) -> str:
        """The confirmed text before the buffer, its last whole words within PROMPT_CHARS (as
        whisper_streaming: the words still in the buffer are heard again, a prompt holding
        them makes Whisper skip them)."""
        before = "".join(w.text for w in self.confirmed if w.end <= self.offset + 0.01).strip()
        if len(before) <= PROMPT_CHARS:
            return before
        cut = before[-PROMPT_CHARS - 1 :]  # the character before: does a word start at the cut?
        return cut[cut.find(" ") + 1 :] if " " in cut else ""

    def _remember(self, words: list[Word]) -> None:
        self.confirmed = (self.confirmed + words)[-200:]
        self.sentence_ends += [w.end for w in words if w.text.strip().endswith(SENTENCE_ENDS)]

    def _unheard(self, silent: bool) -> None:
        """No words: a quiet buffer (or sound without words past TRIM_SECONDS) keeps only its
        last moment (a word may be starting). Sound whose decode gave no words is kept until
        then: Whisper sometimes loses the words in one decode that the next one gets."""
        if silent or self.received - self.offset > TRIM_SECONDS:
            self._cut(max(self.offset, self.received - SILENCE_KEPT_SECONDS))

    def _trim(self) -> None:
        if self.received - self.offset <= TRIM_SECONDS or not self.agreement.last_confirmed:
            return
        cut = self.sentence_ends[-1] if self.sentence_ends else self.agreement.confirmed_until
        self._cut(cut)

    def _cut(self, cut: float) -> None:
        """The buffer from stream time `cut` on."""
        if cut <= self.offset:
            return
        samples = int((cut - self.offset) * AUDIO_RATE)
        self.buffer = self.buffer[samples:]
        self.offset = cut
        self.sentence_ends = [t for t in self.sentence_ends if t > cut]
        # Words before the cut can no longer be heard: drop them from the open hypothesis.
        self.agreement.previous = [w for w in self.agreement.previous if w.start >= cut]
        self.agreement.older = [w for w in self.agreement.older if w.start >= cut]
