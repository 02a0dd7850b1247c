"""The answer pipeline's analysis steps: score one answer, start the interview's analysis
exactly once when every answer is scored, and run that analysis.

The analyzer is the port of functions/analysis (Groq LLM or the offline analyzer). Its
ProviderThrottled is re-raised as the pipeline's own, whose message carries Retry-After as JSON
for the state machine's Wait state; the other analysis errors keep their names for ASL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

from functions.analysis import errors as analysis_errors
from functions.analysis import rescoring
from functions.analysis.executions import start_interview_analysis
from functions.analysis.ports import Analyzer, AnswerAnalysis, AnswerForScoring
from functions.domain.analyses import AnalysisVersion, InterviewRef
from functions.domain.clock import utcnow
from functions.domain.errors import Conflict, HumanReviewOnly, NotFound
from functions.domain.interviews import (
    Answer,
    AnswerStatus,
    Interview,
    InterviewStatus,
    all_answers_scored,
)
from functions.events import producers as events
from functions.media.use_cases import AnswerRef, change_answer
from functions.metrics_catalog import ANALYSIS_DURATION, ANALYSIS_SCORE, ANSWER_SCORE
from functions.observability import elapsed_ms, metrics
from functions.storage.repositories import CompanyRepository, InterviewRepository
from functions.transcription.errors import ProviderThrottled

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient


class ScoreResult(BaseModel):
    overall: int | None  # None: not scored (a human-only review)
    language: str
    language_mismatch: bool
    skipped: bool = False


def _interview(
    interviews: InterviewRepository, company_id: str, interview_id: str
) -> tuple[Interview, int]:
    found = interviews.get(company_id, interview_id)
    if found is None:
        raise NotFound(f"interview {interview_id} not found")
    return found


def for_scoring(interview: Interview, answer: Answer) -> AnswerForScoring:
    question = interview.questions[answer.question_index]
    return AnswerForScoring(
        question=question.text,
        ideal_answer=question.ideal_answer,
        competencies=question.competencies,
        transcript=answer.transcript or "",
        answer_language=answer.language or interview.candidate.language,
        interview_language=interview.candidate.language,
    )


def _throttle_aware(call: Any) -> Any:
    try:
        return call()
    except analysis_errors.ProviderThrottled as error:
        raise ProviderThrottled(str(error), error.retry_after_seconds) from error


def score_answer(
    interviews: InterviewRepository, analyzer: Analyzer, ref: AnswerRef
) -> ScoreResult:
    interview, _ = _interview(interviews, ref.company_id, ref.interview_id)
    found = interviews.answer(ref.company_id, ref.interview_id, ref.answer_id)
    if found is None:
        raise NotFound(f"answer {ref.answer_id} not found")
    answer = found[0]
    if interview.human_review_only:  # the state machine skips this step; never score one
        return ScoreResult(
            overall=None,
            language=answer.language or interview.candidate.language,
            language_mismatch=False,
            skipped=True,
        )
    retried = answer.status is AnswerStatus.SCORED and bool(answer.analysis)
    if retried:
        stored = AnswerAnalysis.model_validate(answer.analysis)  # a retried step: no second call
    else:
        stored = _throttle_aware(lambda: analyzer.score_answer(for_scoring(interview, answer)))
    analysis = stored.model_dump(mode="json")

    def scored(current: Answer) -> Answer | None:
        if current.status is AnswerStatus.SCORED:
            return None
        return current.model_copy(update={"status": AnswerStatus.SCORED, "analysis": analysis})

    change_answer(interviews, ref, scored, produce=lambda a: [events.answer_scored(a)])
    if not retried:
        metrics.add_metric(name=ANSWER_SCORE, unit=MetricUnit.NoUnit, value=stored.overall)
    return ScoreResult(
        overall=stored.overall, language=stored.language, language_mismatch=stored.language_mismatch
    )


# ---------------------------------------------------------------------------------------------
# analyze-interview, started exactly once
# ---------------------------------------------------------------------------------------------


class AnalysisRequest(BaseModel):
    started: bool
    execution_name: str | None = None
    reason: str


def request_interview_analysis(
    interviews: InterviewRepository, sfn: SFNClient, state_machine_arn: str, ref: AnswerRef
) -> AnalysisRequest:
    """Each answer's last step. Every answer writes "scored" before it reads the others with a
    consistent read, so of two answers finishing together at least one sees both scored; the
    claim on the interview is a conditional write, so at most one of them wins it; the execution
    is named after the interview and the claim's version, so even a retried step starts one run.
    """
    for _ in range(5):
        interview, revision = _interview(interviews, ref.company_id, ref.interview_id)
        if interview.human_review_only:
            return AnalysisRequest(started=False, reason="the candidate asked for a human review")
        answers = [
            a for a, _ in interviews.answers(ref.company_id, ref.interview_id, consistent=True)
        ]
        scored = all_answers_scored(interview, answers)
        if scored is None:
            return AnalysisRequest(started=False, reason="other answers are not scored yet")
        claim = sorted(a.processing_key for a in scored)
        version = interview.analysis_version
        if interview.analysis_requested_for != claim:
            version += 1
            claimed = interview.model_copy(
                update={"analysis_requested_for": claim, "analysis_version": version}
            )
            try:
                interviews.save(claimed, revision)
            except Conflict:
                continue  # another answer claimed (or something else changed): look again
        return _start_analysis(sfn, state_machine_arn, interview, version, ref.correlation_id)
    raise Conflict(f"interview {ref.interview_id} is being changed concurrently")


def _start_analysis(
    sfn: SFNClient, arn: str, interview: Interview, version: int, correlation_id: str
) -> AnalysisRequest:
    started, name = start_interview_analysis(sfn, arn, interview, version, correlation_id)
    if not started:
        return AnalysisRequest(started=False, execution_name=name, reason="already started")
    return AnalysisRequest(started=True, execution_name=name, reason="every answer is scored")


class InterviewAnalysisResult(BaseModel):
    overall_score: int
    recommendation: str
    status: InterviewStatus


def analyze_interview(
    interviews: InterviewRepository,
    companies: CompanyRepository,
    analyzer: Analyzer,
    ref: InterviewRef,
) -> InterviewAnalysisResult:
    interview, _ = _interview(interviews, ref.company_id, ref.interview_id)
    if interview.human_review_only:  # never requested for one; refused if it were
        raise HumanReviewOnly(interview.id)
    answers = [a for a, _ in interviews.answers(ref.company_id, ref.interview_id, consistent=True)]
    scored = _scored(interviews, analyzer, interview, ref, all_answers_scored(interview, answers))
    rubric = interview.rescore_rubric if ref.rescore else None
    weights = rubric.weights.as_map() if rubric and rubric.weights else None
    company = companies.get(ref.company_id)
    reviewer_language = company.default_language if company else "en"
    pairs = [(question, analysis) for _, question, analysis in scored]
    result = _throttle_aware(lambda: analyzer.analyze_interview(pairs, weights, reviewer_language))
    stored: dict[str, Any] = {
        **result.model_dump(mode="json"),
        "version": ref.version,
        "created_at": utcnow().isoformat(),
        "rubric": rubric.model_dump(mode="json") if rubric else None,
    }
    version = AnalysisVersion(
        company_id=ref.company_id,
        interview_id=ref.interview_id,
        version=ref.version,
        analysis=stored,
        answers={a.id: analysis.model_dump(mode="json") for a, _, analysis in scored},
        rubric=rubric,
        created_at=utcnow(),
    )
    saved = _save_interview(
        interviews,
        ref,
        lambda i: _with_analysis(i, stored),
        produce=lambda i: [events.interview_analyzed(i)],
        versions=[version],
    )
    _count_analysis(ref, result.overall_score)
    return InterviewAnalysisResult(
        overall_score=result.overall_score,
        recommendation=result.recommendation,
        status=saved.status,
    )


def _scored(
    interviews: InterviewRepository,
    analyzer: Analyzer,
    interview: Interview,
    ref: InterviewRef,
    answers: list[Answer] | None,
) -> list[tuple[Answer, AnswerForScoring, AnswerAnalysis]]:
    """The answers with their scores: as the pipeline stored them, or (a re-score) scored
    again with the interview's re-score rubric."""
    if ref.rescore:
        chosen = answers or []
        rescored: list[tuple[Answer, AnswerForScoring, AnswerAnalysis]] = _throttle_aware(
            lambda: rescoring.rescore_answers(interviews, analyzer, interview, chosen, ref.version)
        )
        return rescored
    return [
        (a, for_scoring(interview, a), AnswerAnalysis.model_validate(a.analysis))
        for a in answers or []
        if a.analysis
    ]


def _count_analysis(ref: InterviewRef, overall_score: int) -> None:
    """AnalysisScore, and AnalysisDurationMs: from the request (the last answer scored) to the
    analysis recorded, so it includes the state machine's retries and Retry-After waits: how
    long a recruiter waits for the summary once every answer is scored."""
    metrics.add_metric(name=ANALYSIS_SCORE, unit=MetricUnit.NoUnit, value=overall_score)
    if ref.requested_at is not None:  # an execution started before requests carried the time
        duration = elapsed_ms(ref.requested_at)
        metrics.add_metric(name=ANALYSIS_DURATION, unit=MetricUnit.Milliseconds, value=duration)


def _with_analysis(interview: Interview, stored: dict[str, Any]) -> Interview:
    # Completed becomes analyzed; an interview the candidate has not finished keeps its status.
    status = (
        InterviewStatus.ANALYZED
        if interview.status is InterviewStatus.COMPLETED
        else interview.status
    )
    return interview.model_copy(
        update={"analysis": stored, "status": status, "analysis_error": None}
    )


def record_interview_analysis_failure(
    interviews: InterviewRepository, ref: InterviewRef, error: str, cause: str
) -> Interview:
    from functions.media.use_cases import failure_reason

    reason = failure_reason(error, cause)
    return _save_interview(
        interviews, ref, lambda i: i.model_copy(update={"analysis_error": reason})
    )


def _save_interview(
    interviews: InterviewRepository,
    ref: InterviewRef,
    change: Any,
    produce: Any = None,
    versions: list[AnalysisVersion] | None = None,
) -> Interview:
    for _ in range(5):
        interview, revision = _interview(interviews, ref.company_id, ref.interview_id)
        updated: Interview = change(interview)
        try:
            interviews.save(
                updated,
                revision,
                events=produce(updated) if produce else (),
                versions=versions or (),
            )
        except Conflict:
            continue
        return updated
    raise Conflict(f"interview {ref.interview_id} is being changed concurrently")
