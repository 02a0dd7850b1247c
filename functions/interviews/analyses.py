"""An interview's analysis versions, from the recruiter's side: re-score with a changed rubric,
and read every version.

A re-score never changes the interview's own rubric copy: the template version an interview was
created from is immutable. The recruiter picks a published version of the same template (by
default its newest), whose ideal-answer hints and competencies replace the interview's for the
questions they share (by question id), and may give criteria weights for the overall score. The
analysis runs as the next version (execution <interview id>-v<version>, the analyze-interview
state machine with `rescore`), so the earlier versions stay readable beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.analysis.executions import start_interview_analysis
from functions.domain.analyses import (
    AnalysisVersion,
    QuestionHints,
    Rubric,
    Weights,
    ensure_rescorable,
)
from functions.domain.companies import User
from functions.domain.errors import Conflict, HumanReviewOnly, InvalidInput, NotFound
from functions.domain.interviews import (
    Answer,
    AnswerStatus,
    Interview,
    all_answers_scored,
    latest_attempts,
)
from functions.domain.templates import Template
from functions.interviews.use_cases import visible_interview

if TYPE_CHECKING:
    from mypy_boto3_stepfunctions import SFNClient

    from functions.storage.repositories import InterviewRepository, TemplateRepository


class RescoreStarted(BaseModel):
    interview_id: str
    analysis_version: int
    rubric: Rubric


def rubric_template(
    templates: TemplateRepository, interview: Interview, template_version: int | None
) -> Template:
    """The published template version to score with: the one asked for, or the newest."""
    published = [
        v
        for v in templates.versions(interview.company_id, interview.template_id)
        if v.published_at is not None
    ]
    if template_version is None:
        newest = max(published, key=lambda v: v.version, default=None)
        if newest is None:
            raise Conflict(f"template {interview.template_id} has no published version")
        return newest
    chosen = next((v for v in published if v.version == template_version), None)
    if chosen is None or template_version < interview.template_version:
        raise InvalidInput(
            f"template_version {template_version} is not a published version of template "
            f"{interview.template_id} at or after the interview's version "
            f"{interview.template_version}",
            field="template_version",
        )
    return chosen


def build_rubric(
    interview: Interview, template: Template, weights: Weights | None, user: User
) -> Rubric:
    hints = {}
    for question in interview.questions:
        source = template.question(question.id) or question  # a removed question keeps its own
        hints[question.id] = QuestionHints(
            ideal_answer=source.ideal_answer, competencies=source.competencies
        )
    return Rubric(
        template_id=template.id,
        template_version=template.version,
        weights=weights,
        hints=hints,
        requested_by=user.id,
    )


def scored_answers(answers: list[Answer]) -> list[Answer]:
    latest = latest_attempts([a for a in answers if a.status is not AnswerStatus.FAILED])
    return [a for a in latest.values() if a.status is AnswerStatus.SCORED and a.analysis]


def current_version(interview: Interview, answers: list[Answer]) -> AnalysisVersion | None:
    """The interview's latest analysis as a version (for one recorded before versions were
    kept as items): its answers' scores as they stand now."""
    if interview.analysis is None:
        return None
    return AnalysisVersion(
        company_id=interview.company_id,
        interview_id=interview.id,
        version=int(interview.analysis.get("version", interview.analysis_version) or 1),
        analysis=interview.analysis,
        answers={a.id: a.analysis or {} for a in scored_answers(answers)},
        rubric=None,
        created_at=interview.analysis.get("created_at") or interview.created_at,
    )


def request_rescore(
    interviews: InterviewRepository,
    templates: TemplateRepository,
    sfn: SFNClient,
    state_machine_arn: str,
    user: User,
    interview_id: str,
    *,
    template_version: int | None,
    weights: Weights | None,
    correlation_id: str,
) -> RescoreStarted:
    """Claim the next analysis version for a re-score and start its run."""
    for _ in range(5):
        interview, revision = visible_interview(interviews, user, interview_id)
        if interview.human_review_only:
            raise HumanReviewOnly(interview_id)
        ensure_rescorable(interview.analysis, interview.analysis_version, interview.analysis_error)
        _ensure_all_scored(interviews, interview)
        template = rubric_template(templates, interview, template_version)
        rubric = build_rubric(interview, template, weights, user)
        version = interview.analysis_version + 1
        claimed = interview.model_copy(
            update={"analysis_version": version, "rescore_rubric": rubric, "analysis_error": None}
        )
        try:
            interviews.save(claimed, revision, versions=_unkept(interviews, interview))
        except Conflict:
            continue
        try:
            _start(sfn, state_machine_arn, claimed, version, correlation_id)
        except Exception:
            _unclaim(interviews, claimed)
            raise
        return RescoreStarted(interview_id=interview_id, analysis_version=version, rubric=rubric)
    raise Conflict(f"interview {interview_id} is being changed concurrently")


def _ensure_all_scored(interviews: InterviewRepository, interview: Interview) -> None:
    answers = [a for a, _ in interviews.answers(interview.company_id, interview.id)]
    if all_answers_scored(interview, answers) is None:
        raise Conflict(
            "an answer of this interview is being processed again; re-score once it is scored"
        )


def _unkept(interviews: InterviewRepository, interview: Interview) -> list[AnalysisVersion]:
    """The current analysis, when it predates version items, so the re-score cannot lose it."""
    answers = [a for a, _ in interviews.answers(interview.company_id, interview.id)]
    current = current_version(interview, answers)
    if current is None or interviews.analysis_version(
        interview.company_id, interview.id, current.version
    ):
        return []
    return [current]


def _unclaim(interviews: InterviewRepository, claimed: Interview) -> None:
    """The run could not start: record why, so the interview does not read as running and the
    recruiter can re-score again."""
    reason = "the re-score could not be started; try again"
    for _ in range(5):
        found = interviews.get(claimed.company_id, claimed.id)
        if found is None or found[0].analysis_version != claimed.analysis_version:
            return
        try:
            interviews.save(found[0].model_copy(update={"analysis_error": reason}), found[1])
        except Conflict:
            continue
        return


def _start(
    sfn: SFNClient, arn: str, interview: Interview, version: int, correlation_id: str
) -> None:
    start_interview_analysis(sfn, arn, interview, version, correlation_id, rescore=True)


def list_analyses_of(
    interviews: InterviewRepository, user: User, interview_id: str
) -> tuple[list[AnalysisVersion], bool]:
    """Every recorded version, newest first, and whether the candidate asked for a human-only
    review (then there are none: nothing is scored)."""
    interview, _ = visible_interview(interviews, user, interview_id)
    kept = interviews.analysis_versions(user.company_id, interview_id)
    answers = [a for a, _ in interviews.answers(user.company_id, interview_id)]
    current = current_version(interview, answers)
    if current is not None and all(v.version != current.version for v in kept):
        kept = [current, *kept]
    return sorted(kept, key=lambda v: v.version, reverse=True), interview.human_review_only


def list_analyses(
    interviews: InterviewRepository, user: User, interview_id: str
) -> list[AnalysisVersion]:
    """Every recorded version, newest first."""
    return list_analyses_of(interviews, user, interview_id)[0]


def get_analysis(
    interviews: InterviewRepository, user: User, interview_id: str, version: int
) -> AnalysisVersion:
    versions, human_review_only = list_analyses_of(interviews, user, interview_id)
    found = next((v for v in versions if v.version == version), None)
    if found is None and human_review_only:
        raise NotFound(
            f"interview {interview_id} has no AI analysis: the candidate asked for a "
            "human-only review",
            code="human_review_only",
        )
    if found is None:
        raise NotFound(f"analysis version {version} of interview {interview_id} not found")
    return found
