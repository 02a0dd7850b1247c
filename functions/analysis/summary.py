"""The offline interview summary: the shared scoring rule for score and recommendation, and
localized sentences for the summary, strengths and concerns in every supported language."""

from __future__ import annotations

from functions.analysis.languages import LANGUAGES, Language, supported_or_default
from functions.analysis.ports import (
    CRITERIA,
    AnswerAnalysis,
    AnswerForScoring,
    Criterion,
    InterviewAnalysis,
    InterviewSummaryText,
    Recommendation,
    Usage,
)
from functions.analysis.scoring import interview_verdict, round_score, weighted_score
from functions.analysis.wording import language_name, say

GOOD = 70
WEAK = 50

Scored = list[tuple[AnswerForScoring, AnswerAnalysis]]


def summarize_interview(
    answers: Scored,
    weights: dict[Criterion, float] | None,
    reviewer_language: str,
    *,
    provider: str,
    model: str,
    prompt_version: str,
) -> InterviewAnalysis:
    overall, recommendation = interview_verdict([a.criteria for _, a in answers], weights)
    translations = {
        language: summary_text(language, answers, weights, overall, recommendation)
        for language in LANGUAGES
    }
    reviewer = translations[supported_or_default(reviewer_language)]
    return InterviewAnalysis(
        overall_score=overall,
        recommendation=recommendation,
        summary=reviewer.summary,
        strengths=reviewer.strengths,
        concerns=reviewer.concerns,
        language=supported_or_default(reviewer_language),
        translations=translations,
        provider=provider,
        model=model,
        prompt_version=prompt_version,
        usage=Usage(),
    )


def criterion_means(answers: Scored) -> dict[Criterion, int]:
    return {
        c: round_score(sum(a.criteria[c].score for _, a in answers) / len(answers))
        for c in CRITERIA
    }


def summary_text(
    language: Language,
    answers: Scored,
    weights: dict[Criterion, float] | None,
    overall: int,
    recommendation: Recommendation,
) -> InterviewSummaryText:
    means = criterion_means(answers)
    # Ties go to the criterion listed first, so the text is stable.
    best = max(CRITERIA, key=lambda c: (means[c], -CRITERIA.index(c)))
    worst = min(CRITERIA, key=lambda c: (means[c], CRITERIA.index(c)))
    summary = say(
        language,
        "summary",
        score=overall,
        answers=len(answers),
        recommendation=say(language, f"rec_{recommendation}"),
        best=say(language, f"crit_{best}"),
        best_score=means[best],
        worst=say(language, f"crit_{worst}"),
        worst_score=means[worst],
    )
    return InterviewSummaryText(
        summary=f"{summary} {say(language, 'advice')}",
        strengths=_strengths(language, answers, weights, means),
        concerns=_concerns(language, answers, weights, means),
    )


def _answer_scores(answers: Scored, weights: dict[Criterion, float] | None) -> list[int]:
    return [round_score(weighted_score(a.criteria, weights)) for _, a in answers]


def _strengths(
    language: Language,
    answers: Scored,
    weights: dict[Criterion, float] | None,
    means: dict[Criterion, int],
) -> list[str]:
    found = [
        _sentence(
            say(
                language, "interview_strength", criterion=say(language, f"crit_{c}"), score=means[c]
            )
        )
        for c in CRITERIA
        if means[c] >= GOOD
    ]
    scores = _answer_scores(answers, weights)
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if len(answers) > 1 and scores[best] >= GOOD:
        found.append(say(language, "strength_best_answer", number=best + 1, score=scores[best]))
    return found


def _concerns(
    language: Language,
    answers: Scored,
    weights: dict[Criterion, float] | None,
    means: dict[Criterion, int],
) -> list[str]:
    found = [
        _sentence(
            say(language, "interview_concern", criterion=say(language, f"crit_{c}"), score=means[c])
        )
        for c in CRITERIA
        if means[c] < WEAK
    ]
    for number, score in enumerate(_answer_scores(answers, weights), start=1):
        if score < WEAK:
            found.append(say(language, "concern_low_answer", number=number, score=score))
    for number, (answer, analysis) in enumerate(answers, start=1):
        if analysis.language_mismatch:
            found.append(
                say(
                    language,
                    "concern_mismatch",
                    number=number,
                    answer_language=language_name(language, answer.answer_language),
                    interview_language=language_name(language, answer.interview_language),
                )
            )
    return found


def _sentence(text: str) -> str:
    """Templates may start with a criterion name; a sentence starts with a capital."""
    return text[:1].upper() + text[1:]
