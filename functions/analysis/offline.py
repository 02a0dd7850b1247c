"""The offline analyzer: deterministic, no network, the default when no provider key is set.

It reads the transcript (see reading.py) with a multilingual sentence encoder (semantics.py,
Google's USE multilingual v3, shipped in its wheel) and the per-language lexicon:
- relevance: how much nearer in meaning the answer is to the question (or to the ideal-answer
  hint) than to generic interview questions, in any of the four languages, discounted for
  echoing the question (sentences that restate it, its own words beyond what an answer reuses,
  few terms of its own);
- completeness: closeness to the ideal-answer hint (or the question), structure (situation,
  action, result), length and the number of on-topic sentences;
- clarity: sentence length, linking phrases, lexical variety, filler and hedging;
- depth: figures, named tools, first-person actions, reasons and results.
Completeness, clarity and depth are gated by relevance and by substance: a detailed story about
something else, or an echo of the question, is not a complete or deep answer to it. An answer in
another language than the question is scored on its meaning; `language_mismatch` flags it for a
person. Evidence is whole sentences of the transcript. The evaluation set and its benchmark:
tests/unit/analysis/eval/, `python -m benchmarks.scorer`.
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
MODEL = "use-multilingual-v3+rules"
# Bump when a rule, weight or sentence changes, so results stay comparable within one version.
RULES_VERSION = "offline-2"


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
