"""Loading the scorer's labelled answer sets and measuring a scorer against them.

evaluation_set.json is for measuring only (never for tuning); tuning_set.json extends
ranking_answers.json with echo answers and is what weights and thresholds were chosen on.
Used by tests/unit/analysis/test_scorer_evaluation.py and `python -m benchmarks.scorer`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from functions.analysis.ports import AnswerForScoring

HERE = Path(__file__).parent
EVALUATION_SET = HERE / "evaluation_set.json"
TUNING_SET = HERE / "tuning_set.json"
RANKING_ANSWERS = HERE.parent / "ranking_answers.json"
CATEGORIES = ("echo", "off_topic", "vague", "specific", "strong")
ON_TOPIC_SPECIFIC = ("specific", "strong")


@dataclass(frozen=True)
class LabelledAnswer:
    question_id: str
    category: str
    label: int  # the expert score given when the answer was written
    answer: AnswerForScoring


def evaluation_answers() -> list[LabelledAnswer]:
    data = json.loads(EVALUATION_SET.read_text(encoding="utf-8"))
    return [
        LabelledAnswer(
            question_id=question["id"],
            category=item["category"],
            label=item["label"],
            answer=AnswerForScoring(
                question=question["question"],
                ideal_answer=question["ideal_answer"],
                competencies=question["competencies"],
                transcript=item["transcript"],
                answer_language=item["language"],
                interview_language=question["language"],
            ),
        )
        for question in data["questions"]
        for item in question["answers"]
    ]


# Ordinal labels for the tuning set (it has categories, not expert scores).
_TUNING_LABELS = {"echo": 12, "off_topic": 5, "vague": 30, "specific": 75}


def _extra_tuning_answers(questions: list[dict[str, Any]]) -> list[LabelledAnswer]:
    return [
        LabelledAnswer(
            question_id=f"extra-{number}",
            category=item["category"],
            label=_TUNING_LABELS[item["category"]],
            answer=AnswerForScoring(
                question=question["question"],
                ideal_answer=question["ideal_answer"],
                competencies=question["competencies"],
                transcript=item["transcript"],
                answer_language=item["language"],
                interview_language=question["language"],
            ),
        )
        for number, question in enumerate(questions, start=1)
        for item in question["answers"]
    ]


def tuning_answers() -> list[LabelledAnswer]:
    """ranking_answers.json's specific/vague/off-topic answers to each question in its own
    language and in the three others (the questions are the same three in every language), plus
    tuning_set.json's echo answers and extra questions."""
    ranking = json.loads(RANKING_ANSWERS.read_text(encoding="utf-8"))
    tuning = json.loads(TUNING_SET.read_text(encoding="utf-8"))
    echoes = tuning["echo"]
    found = []
    for language, questions in ranking.items():
        for index, question in enumerate(questions):

            def labelled(category: str, transcript: str, answer_language: str) -> LabelledAnswer:
                return LabelledAnswer(
                    question_id=f"{language}-q{index + 1}",  # noqa: B023 - used at once
                    category=category,
                    label=_TUNING_LABELS[category],
                    answer=AnswerForScoring(
                        question=question["question"],  # noqa: B023
                        ideal_answer=question["ideal_answer"],  # noqa: B023
                        competencies=question["competencies"],  # noqa: B023
                        transcript=transcript,
                        answer_language=answer_language,
                        interview_language=language,  # noqa: B023
                    ),
                )

            found.append(labelled("echo", echoes[language][index], language))
            for other in ranking:
                for category in ("specific", "vague", "off_topic"):
                    found.append(labelled(category, ranking[other][index][category], other))
    return found + _extra_tuning_answers(tuning["extra_questions"])


def _ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson's on the ranks, so ties are handled)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("two sequences of the same length (at least 2) are needed")
    rx, ry = _ranks(xs), _ranks(ys)
    mean_x, mean_y = sum(rx) / len(rx), sum(ry) / len(ry)
    covariance = sum((a - mean_x) * (b - mean_y) for a, b in zip(rx, ry, strict=True))
    spread_x = sum((a - mean_x) ** 2 for a in rx) ** 0.5
    spread_y = sum((b - mean_y) ** 2 for b in ry) ** 0.5
    return covariance / (spread_x * spread_y) if spread_x and spread_y else 0.0


@dataclass(frozen=True)
class Scored:
    item: LabelledAnswer
    score: int


@dataclass(frozen=True)
class Report:
    scored: list[Scored]

    @property
    def correlation(self) -> float:
        return spearman([s.item.label for s in self.scored], [s.score for s in self.scored])

    def scores(self, *categories: str) -> list[int]:
        return [s.score for s in self.scored if s.item.category in categories]

    @property
    def echo_margin(self) -> int:
        """Lowest specific-or-strong score minus the highest echo score (> 0: all separated)."""
        return min(self.scores(*ON_TOPIC_SPECIFIC)) - max(self.scores("echo"))

    def mean_by(self, key: Callable[[Scored], str]) -> dict[str, float]:
        groups: dict[str, list[int]] = {}
        for s in self.scored:
            groups.setdefault(key(s), []).append(s.score)
        return {k: sum(v) / len(v) for k, v in sorted(groups.items())}


def evaluate(score: Callable[[AnswerForScoring], int], answers: list[LabelledAnswer]) -> Report:
    return Report([Scored(item, score(item.answer)) for item in answers])
