"""The scoring rule, in one place for every analyzer: criteria → weighted score → recommendation.

Pure domain code (no I/O). Scores are integers 0-100; rounding is half-up so a displayed 74.5
never reads as 74 on one screen and 75 on another, and the recommendation is taken from the
rounded score the reviewer sees, so score and recommendation always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from functions.analysis.errors import AnalysisFailed
from functions.analysis.ports import CRITERIA, Criterion, CriterionScore, Recommendation

HIRE_AT = 75
CONSIDER_AT = 50

EQUAL_WEIGHTS: dict[Criterion, float] = dict.fromkeys(CRITERIA, 1.0)


class InvalidWeights(ValueError):
    """Rubric weights that cannot weigh anything (negative, or all zero)."""


def round_score(value: float) -> int:
    """Half-up rounding, clamped to 0-100."""
    return max(0, min(100, math.floor(value + 0.5)))


def normalized_weights(weights: Mapping[Criterion, float] | None) -> dict[Criterion, float]:
    """Weights summing to 1 over the four criteria. None means equal weights; a criterion the
    rubric leaves out weighs nothing."""
    raw = EQUAL_WEIGHTS if weights is None else {c: float(weights.get(c, 0.0)) for c in CRITERIA}
    if any(w < 0 or not math.isfinite(w) for w in raw.values()):
        raise InvalidWeights(f"criteria weights must be finite and not negative: {raw}")
    total = sum(raw.values())
    if total == 0:
        raise InvalidWeights("at least one criterion must have a weight above zero")
    return {c: raw[c] / total for c in CRITERIA}


def weighted_score(
    criteria: Mapping[Criterion, CriterionScore], weights: Mapping[Criterion, float] | None = None
) -> float:
    """One answer's score under the rubric's weights (unrounded, for averaging)."""
    missing = [c for c in CRITERIA if c not in criteria]
    if missing:
        raise ValueError(f"criteria missing from the analysis: {missing}")
    normalized = normalized_weights(weights)
    return sum(criteria[c].score * normalized[c] for c in CRITERIA)


def answer_overall(criteria: Mapping[Criterion, CriterionScore]) -> int:
    """An answer's own overall: the four criteria weigh the same (the rubric's weights apply
    when the interview is scored, so a re-score with new weights needs no LLM call)."""
    return round_score(weighted_score(criteria))


def interview_overall(
    answers: Iterable[Mapping[Criterion, CriterionScore]],
    weights: Mapping[Criterion, float] | None = None,
) -> int:
    """The interview's overall score: the mean of every answer's weighted score."""
    scores = [weighted_score(criteria, weights) for criteria in answers]
    if not scores:
        raise ValueError("an interview needs at least one scored answer")
    return round_score(sum(scores) / len(scores))


def recommendation_for(overall_score: int) -> Recommendation:
    """hire ≥ 75, consider 50-74, reject < 50. Advice for people, never a decision."""
    if overall_score >= HIRE_AT:
        return "hire"
    if overall_score >= CONSIDER_AT:
        return "consider"
    return "reject"


def interview_verdict(
    answers: Iterable[Mapping[Criterion, CriterionScore]],
    weights: Mapping[Criterion, float] | None,
) -> tuple[int, Recommendation]:
    """Overall score and recommendation, or AnalysisFailed when the input cannot be scored
    (no answers, unusable weights): retrying the same input would not help."""
    try:
        overall = interview_overall(answers, weights)
    except ValueError as error:
        raise AnalysisFailed(f"cannot score the interview: {error}") from error
    return overall, recommendation_for(overall)
