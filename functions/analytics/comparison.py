"""compareInterviews: 2-6 interviews of one template side by side (read from the interviews
and their answers: at most 12 requests), and the same content for the PDF reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from functions.collaboration.scorecard_rules import ScorecardSummary
from functions.domain.errors import InvalidInput
from functions.domain.interviews import Answer, AnswerStatus, Interview

if TYPE_CHECKING:
    from functions.domain.companies import User
    from functions.storage.repositories import InterviewRepository

CRITERIA = ("relevance", "completeness", "clarity", "depth")
EXCERPT_CHARS = 400


class CriterionResult(BaseModel):
    criterion: str
    score: int
    reason: str
    evidence: list[str]


class QuestionResult(BaseModel):
    question_id: str
    question_text: str
    overall: int | None
    language: str | None
    criteria: list[CriterionResult]
    transcript_excerpt: str | None


class InterviewResult(BaseModel):
    interview_id: str
    candidate_name: str
    candidate_language: str
    template_id: str
    template_name: str
    status: str
    overall_score: int | None
    recommendation: str | None
    summary: str | None
    decision: str | None
    decision_note: str | None
    criteria: dict[str, float] = Field(description="each criterion's mean over the answers")
    questions: list[QuestionResult]
    scorecards: ScorecardSummary | None = Field(
        default=None,
        description="The reviewers' scorecards beside the AI, when any were submitted (under "
        "the hidden-until-submitted rule, as on getInterview)",
    )


class Comparison(BaseModel):
    template_id: str
    template_name: str
    questions: list[str] = Field(description="question ids in the template's order")
    interviews: list[InterviewResult]


def _latest_scored(answers: list[Answer]) -> dict[str, Answer]:
    latest: dict[str, Answer] = {}
    for answer in answers:
        if answer.status != AnswerStatus.SCORED or answer.analysis is None:
            continue
        held = latest.get(answer.question_id)
        if held is None or answer.attempt > held.attempt:
            latest[answer.question_id] = answer
    return latest


def _question(question_id: str, text: str, answer: Answer | None) -> QuestionResult:
    analysis = (answer.analysis if answer else None) or {}
    criteria = [
        CriterionResult(
            criterion=name,
            score=int(value.get("score", 0)),
            reason=str(value.get("reason", "")),
            evidence=[str(e) for e in value.get("evidence", [])],
        )
        for name, value in (analysis.get("criteria") or {}).items()
    ]
    transcript = answer.transcript if answer else None
    return QuestionResult(
        question_id=question_id,
        question_text=text,
        overall=int(analysis["overall"]) if "overall" in analysis else None,
        language=answer.language if answer else None,
        criteria=sorted(
            criteria, key=lambda c: CRITERIA.index(c.criterion) if c.criterion in CRITERIA else 9
        ),
        transcript_excerpt=transcript[:EXCERPT_CHARS] if transcript else None,
    )


def result_of(
    interview: Interview, answers: list[Answer], reviewer_language: str
) -> InterviewResult:
    latest = _latest_scored(answers)
    questions = [_question(q.id, q.text, latest.get(q.id)) for q in interview.questions]
    means: dict[str, float] = {}
    for name in CRITERIA:
        values = [c.score for q in questions for c in q.criteria if c.criterion == name]
        if values:
            means[name] = sum(values) / len(values)
    analysis = interview.analysis or {}
    translated = (analysis.get("translations") or {}).get(reviewer_language) or {}
    decision = interview.decision
    return InterviewResult(
        interview_id=interview.id,
        candidate_name=interview.candidate.name,
        candidate_language=interview.candidate.language,
        template_id=interview.template_id,
        template_name=interview.template_name,
        status=interview.status.value,
        overall_score=analysis.get("overall_score"),
        recommendation=analysis.get("recommendation"),
        summary=translated.get("summary") or analysis.get("summary"),
        decision=decision.outcome.value if decision else None,
        decision_note=decision.note if decision else None,
        criteria=means,
        questions=questions,
    )


def compare(
    interviews: InterviewRepository,
    user: User,
    interview_ids: list[str],
    reviewer_language: str,
    human: Callable[[Interview], ScorecardSummary] | None = None,
) -> Comparison:
    """422 (InvalidInput) for a repeated id or interviews of more than one template; the
    reader's visibility rules apply to each (an interviewer compares their own)."""
    from functions.interviews.use_cases import get_interview

    if len(set(interview_ids)) != len(interview_ids):
        raise InvalidInput("interview_ids: each interview may appear once")
    loaded = [get_interview(interviews, user, i) for i in interview_ids]
    templates = {interview.template_id for interview, _, _ in loaded}
    if len(templates) != 1:
        raise InvalidInput("interview_ids: the interviews must all come from one template")
    results = [result_of(i, answers, reviewer_language) for i, _, answers in loaded]
    if human is not None:
        for result, (interview, _, _) in zip(results, loaded, strict=True):
            summary = human(interview)
            result.scorecards = summary if summary.submitted else None
    first = loaded[0][0]
    return Comparison(
        template_id=first.template_id,
        template_name=first.template_name,
        questions=[q.id for q in first.questions],
        interviews=results,
    )
