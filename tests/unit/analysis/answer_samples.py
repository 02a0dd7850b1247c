"""Realistic answers for the offline analyzer: per language, questions each answered three ways
(specific and on topic, vague, off topic), written as candidates speak. The answers themselves
are data, in ranking_answers.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from functions.analysis.ports import AnswerForScoring

SAMPLES = Path(__file__).with_name("ranking_answers.json")
KINDS = ("specific", "vague", "off_topic")


def load_samples() -> dict[str, list[dict[str, Any]]]:
    samples: dict[str, list[dict[str, Any]]] = json.loads(SAMPLES.read_text(encoding="utf-8"))
    return samples


def as_answer(
    sample: dict[str, Any], kind: str, language: str, interview_language: str | None = None
) -> AnswerForScoring:
    return AnswerForScoring(
        question=sample["question"],
        ideal_answer=sample["ideal_answer"],
        competencies=sample["competencies"],
        transcript=sample[kind],
        answer_language=language,
        interview_language=interview_language or language,
    )
