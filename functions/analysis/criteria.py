"""The four criteria, computed by the offline analyzer from a Reading.

Each criterion is a weighted sum of sub-scores in 0..1 (weights below sum to 1), times 100.
The thresholds (how many figures make an answer "specific", what sentence length reads well)
are calibrated for spoken answers of one to three minutes (roughly 100-400 words).
"""

from __future__ import annotations

from collections.abc import Callable

from functions.analysis.lexicon import count_markers
from functions.analysis.ports import Criterion, CriterionScore
from functions.analysis.reading import Reading
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


def score_criteria(reading: Reading) -> dict[Criterion, CriterionScore]:
    relevance = _relevance(reading)
    # Off-topic detail must not read as completeness or depth, and an answer that never
    # addresses the question does not make its point clear, however fluent. A relevant answer
    # is not gated at all.
    gate = 0.1 + 0.9 * _saturate(relevance.score, 60)
    clarity_gate = 0.5 + 0.5 * _saturate(relevance.score, 50)
    return {
        "relevance": relevance,
        "completeness": _completeness(reading, gate),
        "clarity": _clarity(reading, clarity_gate),
        "depth": _depth(reading, gate),
    }


def _relevance(r: Reading) -> CriterionScore:
    # The question's own words, the hint's and competencies' words, and how much of the answer
    # stays on them: an answer can be on topic without repeating the question.
    value = (
        0.4 * _saturate(r.question_coverage, 0.5)
        + 0.4 * _saturate(r.hint_coverage, 0.4)
        + 0.2 * _saturate(r.on_topic, 0.15)
    )
    if r.cross_language:
        # Names and numbers alone cannot prove relevance: never more than "consider", and the
        # reason says a person must judge.
        value = min(value, 0.6)
        reason = say(
            r.language,
            "reason_relevance_cross",
            answer_language=language_name(r.language, r.language),
            interview_language=language_name(r.language, r.interview_language),
            hits=len(r.question_hits),
            total=len(r.question_topic),
        )
    else:
        reason = say(
            r.language,
            "reason_relevance",
            hits=len(r.question_hits),
            total=len(r.question_topic),
            hint=_percent(round(r.hint_coverage * 1000), 1000),
            share=_percent(round(r.on_topic * 1000), 1000),
        )
    evidence = _best(r.sentences, r.topic_hits)
    return CriterionScore(score=round_score(100 * value), reason=reason, evidence=evidence)


def _completeness(r: Reading, gate: float) -> CriterionScore:
    has_ideal = bool(r.ideal_topic)
    covered, total = (
        (len(r.ideal_hits), len(r.ideal_topic))
        if has_ideal
        else (len(r.question_hits), len(r.question_topic))
    )
    coverage = covered / total if total else 0.0
    competencies = r.competencies_hit / r.competencies_total if r.competencies_total else coverage
    on_topic_sentences = sum(1 for s in r.sentences if r.topic_hits(s) > 0)
    value = (
        0.4 * _saturate(coverage, 0.4)
        + 0.2 * competencies
        + 0.2 * _saturate(r.word_count, 150)
        + 0.2 * _saturate(on_topic_sentences, 5)
    )
    reason = say(
        r.language,
        "reason_completeness_ideal" if has_ideal else "reason_completeness",
        coverage=_percent(covered, total),
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
