"""The four criteria, computed by the offline analyzer from a Reading.

Each criterion is a weighted sum of sub-scores in 0..1 (weights below sum to 1), times 100.
The thresholds (how many figures make an answer "specific", what sentence length reads well)
are calibrated for spoken answers of one to three minutes (roughly 100-400 words).
"""

from __future__ import annotations

from collections.abc import Callable

from functions.analysis.lexicon import count_markers
from functions.analysis.ports import Criterion, CriterionScore
from functions.analysis.reading import ECHO_SIMILARITY, Reading
from functions.analysis.scoring import round_score
from functions.analysis.signals import Sentence, specificity
from functions.analysis.wording import language_name, say

EVIDENCE_PER_CRITERION = 2

_Weigher = Callable[[Sentence], int]


def _saturate(value: float, full_at: float) -> float:
    """0 at 0, 1 from `full_at` on: "enough" of a good thing counts fully, no more."""
    return max(0.0, min(1.0, value / full_at)) if full_at > 0 else 0.0


def _percent(part: int, whole: int) -> int:
    return round_score(100 * part / whole) if whole else 0


def _ramp(value: float, low: float, high: float) -> float:
    """0 up to `low`, 1 from `high` on, linear between."""
    return _saturate(value - low, high - low)


# How much nearer the answer is to the asked question than to generic interview questions
# (encoder cosines): an unrelated story or a generic answer stays within about 0.05, an answer
# about the question is 0.1-0.4 nearer. The ideal-answer hint is compared directly.
# Tuned on tests/unit/analysis/eval/tuning_set.json only.
ON_TOPIC_FROM = 0.03
ON_TOPIC_AT = 0.18
IDEAL_FROM = 0.10
IDEAL_AT = 0.30
# Restating the question: a content-word overlap with it above this share is echo, not answer.
OVERLAP_FROM = 0.35
OVERLAP_AT = 0.75
# Distinct words of its own (beyond the question's) that make an answer more than an echo.
OWN_TERMS_AT = 20


def score_criteria(reading: Reading) -> dict[Criterion, CriterionScore]:
    topical = _topical(reading)
    substance = _substance(reading)
    relevance = _relevance(reading, topical * substance)
    # Off-topic detail must not read as completeness or depth, an echo of the question has
    # neither, and an answer that never addresses the question does not make its point clear,
    # however fluent. A relevant answer with content of its own is not gated at all.
    gate = (0.1 + 0.9 * topical**2) * substance
    clarity_gate = (0.3 + 0.7 * topical) * (0.4 + 0.6 * substance)
    return {
        "relevance": relevance,
        "completeness": _completeness(reading, gate),
        "clarity": _clarity(reading, clarity_gate),
        "depth": _depth(reading, gate),
    }


def _topical(r: Reading) -> float:
    """0..1: how far the answer's meaning is about the question (or the ideal-answer hint), in
    whatever language each is written."""
    m = r.meaning
    margin = m.question_similarity - m.baseline_similarity
    closeness = _ramp(margin, ON_TOPIC_FROM, ON_TOPIC_AT)
    if m.ideal_similarity is not None:
        closeness = max(closeness, _ramp(m.ideal_similarity, IDEAL_FROM, IDEAL_AT))
    return closeness


def _echo(r: Reading) -> float:
    """0..1: how much of the answer only restates the question: sentences that say what the
    question says, or the question's own words beyond what an answer naturally reuses."""
    m = r.meaning
    return max(m.echo_share, _ramp(m.question_overlap, OVERLAP_FROM, OVERLAP_AT))


def _substance(r: Reading) -> float:
    """0..1: the answer says something beyond the question."""
    own = 0.25 + 0.75 * _saturate(r.meaning.own_terms, OWN_TERMS_AT)
    return own * (1 - 0.85 * _echo(r))


def _relevance(r: Reading, value: float) -> CriterionScore:
    m = r.meaning
    values = {
        "similarity": _percent(round(m.question_similarity * 1000), 1000),
        "echo": _percent(round(_echo(r) * 1000), 1000),
        "own": m.own_terms,
    }
    if r.cross_language:
        # Meaning compares across languages, so the answer is scored on its merits; the
        # mismatch itself is flagged (language_mismatch) for a person to look at.
        reason = say(
            r.language,
            "reason_relevance_cross",
            answer_language=language_name(r.language, r.language),
            interview_language=language_name(r.language, r.interview_language),
            **values,
        )
    else:
        reason = say(r.language, "reason_relevance", **values)
    evidence = _best(r.sentences, _on_question(r))
    return CriterionScore(score=round_score(100 * value), reason=reason, evidence=evidence)


def _on_question(r: Reading) -> _Weigher:
    """Sentences ranked by closeness to the question, restatements of it left out."""
    closeness = dict(zip(r.sentences, r.meaning.sentence_similarity, strict=False))

    def weigh(sentence: Sentence) -> int:
        value = closeness.get(sentence, 0.0)
        # Cosines lie in -1..1: every sentence that does not restate the question weighs > 0.
        return 0 if value >= ECHO_SIMILARITY else round(1000 * (1 + value)) + 1

    return weigh


def _structure(r: Reading) -> float:
    """0..1: situation, action, result: the answer says when/where, what the speaker did and
    what came of it."""
    s = r.signals
    situation = count_markers(" ".join(x.text for x in r.sentences), r.lexicon.situations) > 0
    parts = (situation or s.named_terms > 0, s.first_person >= 2, s.outcomes > 0 or s.numbers > 0)
    return sum(parts) / len(parts)


def _completeness(r: Reading, gate: float) -> CriterionScore:
    ideal = r.meaning.ideal_similarity
    has_ideal = ideal is not None
    coverage = _topical(r) if ideal is None else _ramp(ideal, IDEAL_FROM, IDEAL_AT)
    on_topic_sentences = sum(
        1 for v in r.meaning.sentence_similarity if ON_TOPIC_FROM <= v < ECHO_SIMILARITY
    )
    value = (
        0.3 * coverage
        + 0.3 * _structure(r)
        + 0.2 * _saturate(r.word_count, 120)
        + 0.2 * _saturate(on_topic_sentences, 4)
    )
    reason = say(
        r.language,
        "reason_completeness_ideal" if has_ideal else "reason_completeness",
        coverage=_percent(round(coverage * 1000), 1000),
        competencies=r.competencies_hit,
        competencies_total=r.competencies_total,
        words=r.word_count,
        sentences=len(r.sentences),
    )
    evidence = _span(r.sentences, r)
    return CriterionScore(score=round_score(100 * value * gate), reason=reason, evidence=evidence)


def _sentence_length_fit(average: float) -> float:
    """Spoken answers read best at 8-24 words a sentence; very short or run-on ones less so."""
    if 8 <= average <= 24:
        return 1.0
    if average < 8:
        return _saturate(average, 8)
    return max(0.2, 1 - (average - 24) / 30)


def _clarity(r: Reading, gate: float) -> CriterionScore:
    signals = r.signals
    average = r.word_count / len(r.sentences) if r.sentences else 0.0
    variety = len(set(r.stems)) / len(r.stems) if r.stems else 0.0
    noise = signals.fillers + signals.hedges
    noise_rate = noise / r.word_count if r.word_count else 1.0
    value = (
        0.35 * _sentence_length_fit(average)
        + 0.25 * _saturate(signals.connectives, 3)
        + 0.2 * _saturate(variety, 0.7)
        + 0.2 * (1 - _saturate(noise_rate, 0.06))
    )
    # A few words cannot be clear or unclear: very short answers score low.
    value *= _saturate(r.word_count, 40) ** 0.5
    reason = say(
        r.language,
        "reason_clarity",
        sentence_length=round(average),
        connectives=signals.connectives,
        noise=noise,
    )
    evidence = _best(r.sentences, lambda s: _connective_count(s, r))
    return CriterionScore(score=round_score(100 * value * gate), reason=reason, evidence=evidence)


def _depth(r: Reading, gate: float) -> CriterionScore:
    s = r.signals
    hedges_per_100_words = 100 * s.hedges / r.word_count if r.word_count else 0.0
    value = (
        0.35 * _saturate(s.numbers + s.named_terms, 6)
        + 0.1 * _saturate(s.first_person, 5)
        + 0.2 * _saturate(s.reasoning, 2)
        + 0.2 * _saturate(s.outcomes, 2)
        + 0.15 * _saturate(r.word_count, 150)
        - 0.2 * _saturate(hedges_per_100_words, 5)
    )
    reason = say(
        r.language,
        "reason_depth",
        numbers=s.numbers,
        terms=s.named_terms,
        actions=s.first_person,
        reasoning=s.reasoning,
        outcomes=s.outcomes,
    )
    evidence = _best(r.sentences, lambda sentence: _specific_count(sentence, r))
    return CriterionScore(
        score=round_score(100 * max(0.0, value) * gate), reason=reason, evidence=evidence
    )


def _connective_count(sentence: Sentence, r: Reading) -> int:
    return count_markers(sentence.text, r.lexicon.connectives)


def _specific_count(sentence: Sentence, r: Reading) -> int:
    s = specificity(sentence.text, r.lexicon, capitalized_nouns=r.compounding)
    return s.numbers + s.named_terms + s.reasoning + s.outcomes


def _best(found: list[Sentence], weight: _Weigher) -> list[str]:
    """The sentences that weigh most (earliest first among equals), as evidence. When nothing
    weighs anything, the opening sentence shows what the answer was about instead."""
    weighed = [(weight(s), i, s) for i, s in enumerate(found)]
    chosen = [s for w, _, s in sorted(weighed, key=lambda t: (-t[0], t[1])) if w > 0]
    return [s.text for s in (chosen or found[:1])[:EVIDENCE_PER_CRITERION]]


def _span(found: list[Sentence], r: Reading) -> list[str]:
    """The first and the last on-topic sentence: how far the answer carries the topic."""
    on_topic = [s for s in found if r.topic_hits(s) > 0] or found[:1]
    ends = [on_topic[0], on_topic[-1]] if len(on_topic) > 1 else on_topic
    return [s.text for s in ends]
