"""The shared scoring rule: weighted overall and the recommendation thresholds."""

from __future__ import annotations

import pytest

from functions.analysis.errors import AnalysisFailed, ProviderThrottled
from functions.analysis.languages import normalize_language
from functions.analysis.ports import CRITERIA, Criterion, CriterionScore
from functions.analysis.scoring import (
    InvalidWeights,
    answer_overall,
    interview_overall,
    interview_verdict,
    recommendation_for,
    round_score,
)
from functions.analysis.wording import WORDING


def criteria(**scores: int) -> dict[Criterion, CriterionScore]:
    return {c: CriterionScore(score=scores.get(c, 0), reason="r", evidence=[]) for c in CRITERIA}


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, "hire"),
        (75, "hire"),
        (74, "consider"),
        (50, "consider"),
        (49, "reject"),
        (0, "reject"),
    ],
)
def test_recommendation_thresholds(score: int, expected: str) -> None:
    assert recommendation_for(score) == expected


def test_rounding_is_half_up_so_score_and_recommendation_agree() -> None:
    assert round_score(74.5) == 75
    assert round_score(49.5) == 50
    assert round_score(49.49) == 49
    # 74.5 on average → 75 → hire, the same number the reviewer sees.
    answers = [
        criteria(relevance=74, completeness=74, clarity=74, depth=74),
        criteria(relevance=75, completeness=75, clarity=75, depth=75),
    ]
    assert interview_verdict(answers, None) == (75, "hire")


def test_answer_overall_weighs_criteria_equally() -> None:
    assert answer_overall(criteria(relevance=100, completeness=50, clarity=50, depth=0)) == 50


def test_interview_overall_applies_rubric_weights() -> None:
    answer = criteria(relevance=100, completeness=0, clarity=0, depth=0)

    assert interview_overall([answer], {"relevance": 3, "depth": 1}) == 75
    assert interview_overall([answer], None) == 25


@pytest.mark.parametrize(
    "weights", [{"relevance": -1.0}, {"relevance": 0.0}, {"depth": float("nan")}]
)
def test_unusable_weights_are_refused(weights: dict[Criterion, float]) -> None:
    with pytest.raises(InvalidWeights):
        interview_overall([criteria(relevance=50)], weights)
    with pytest.raises(AnalysisFailed):
        interview_verdict([criteria(relevance=50)], weights)


def test_an_interview_without_answers_cannot_be_scored() -> None:
    with pytest.raises(AnalysisFailed, match="at least one"):
        interview_verdict([], None)


def test_throttled_carries_retry_after() -> None:
    assert ProviderThrottled("slow down", 12.5).retry_after_seconds == 12.5
    assert ProviderThrottled("slow down").retry_after_seconds is None


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("en", "en"),
        ("EN-us", "en"),
        ("english", "en"),
        ("Deutsch", "de"),
        ("es_MX", "es"),
        ("russian", "ru"),
        ("fr", "fr"),
    ],
)
def test_language_labels(label: str, code: str) -> None:
    assert normalize_language(label) == code


def test_every_language_has_every_sentence() -> None:
    keys = set(WORDING["en"])
    assert all(set(sentences) == keys for sentences in WORDING.values())
