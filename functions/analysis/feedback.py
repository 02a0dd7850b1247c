"""Strengths and improvements for one answer, from the offline analyzer's reading: each is a
localized sentence chosen by a signal the reviewer can check in the transcript."""

from __future__ import annotations

from functions.analysis.ports import Criterion, CriterionScore
from functions.analysis.reading import Reading
from functions.analysis.wording import say

GOOD = 70
WEAK = 50
MAX_ITEMS = 4


def strengths(r: Reading, criteria: dict[Criterion, CriterionScore]) -> list[str]:
    s = r.signals
    keys = [
        ("strength_on_topic", criteria["relevance"].score >= GOOD),
        ("strength_figures", s.numbers + s.named_terms >= 3),
        ("strength_actions", s.first_person >= 3),
        ("strength_reasoning", s.reasoning >= 2),
        ("strength_outcome", s.outcomes >= 1),
        ("strength_structure", criteria["clarity"].score >= GOOD),
    ]
    # Strengths only count in an answer to this question.
    if criteria["relevance"].score < WEAK:
        return []
    return [say(r.language, key) for key, holds in keys if holds][:MAX_ITEMS]


def improvements(r: Reading, criteria: dict[Criterion, CriterionScore]) -> list[str]:
    s = r.signals
    found = [_on_topic_advice(r)] if criteria["relevance"].score < WEAK else []
    keys = [
        ("improve_longer", r.word_count < 60),
        ("improve_figures", s.numbers + s.named_terms < 2),
        ("improve_actions", s.first_person < 2),
        ("improve_reasoning", s.reasoning == 0),
        ("improve_outcome", s.outcomes == 0),
        ("improve_vague", s.hedges >= 2),
        ("improve_fillers", s.fillers >= 3),
    ]
    found += [say(r.language, key) for key, holds in keys if holds]
    return found[:MAX_ITEMS]


def _on_topic_advice(r: Reading) -> str:
    if r.missed_terms and not r.cross_language:
        return say(r.language, "improve_on_topic", terms=", ".join(r.missed_terms))
    return say(r.language, "improve_on_topic_generic")
