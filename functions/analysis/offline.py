"""The offline analyzer: deterministic, no network, the default when no provider key is set.

It reads the transcript (see reading.py) and scores each criterion from what it finds:
- relevance: how many of the question's key terms the answer addresses, and how much of the
  answer's content is on the topic (question, ideal-answer hint, competencies);
- completeness: coverage of the ideal-answer hint (or the question), competencies, length and
  the number of on-topic sentences;
- clarity: sentence length, linking phrases, lexical variety, filler and hedging;
- depth: figures, named tools, first-person actions, reasons and results.
Completeness and depth are gated by relevance: a detailed story about something else is not a
complete or deep answer to this question. Evidence is whole sentences of the transcript.
"""

from __future__ import annotations

from functions.analysis import tips
from functions.analysis.criteria import score_criteria
from functions.analysis.feedback import improvements, strengths
from functions.analysis.ports import (
    AnswerAnalysis,
    AnswerForScoring,
    Criterion,
    InterviewAnalysis,
    Usage,
)
from functions.analysis.reading import read_answer
from functions.analysis.scoring import answer_overall
from functions.analysis.summary import summarize_interview

PROVIDER = "offline"
MODEL = "lexical-rules"
# Bump when a rule, weight or sentence changes, so results stay comparable within one version.
RULES_VERSION = "offline-1"


class OfflineAnalyzer:
    def score_answer(self, answer: AnswerForScoring) -> AnswerAnalysis:
        reading = read_answer(answer)
        criteria = score_criteria(reading)
        return AnswerAnalysis(
            criteria=criteria,
            overall=answer_overall(criteria),
            strengths=strengths(reading, criteria),
            improvements=improvements(reading, criteria),
            language=reading.language,
            language_mismatch=reading.cross_language,
            provider=PROVIDER,
            model=MODEL,
            prompt_version=RULES_VERSION,
            usage=Usage(),
        )

    def analyze_interview(
        self,
        answers: list[tuple[AnswerForScoring, AnswerAnalysis]],
        weights: dict[Criterion, float] | None,
        reviewer_language: str,
    ) -> InterviewAnalysis:
        return summarize_interview(
            answers,
            weights,
            reviewer_language,
            provider=PROVIDER,
            model=MODEL,
            prompt_version=RULES_VERSION,
        )

    def preparation_tips(self, questions: list[str], language: str) -> list[str]:
        return tips.offline_tips(questions, language)
