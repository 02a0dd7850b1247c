"""Versions of an interview's analysis, and the rubric each was scored with.

Every analysis the pipeline or a re-score records is kept as its own version beside the
interview (the interview itself carries only the latest). A re-score scores the stored
transcripts again with a rubric: the ideal-answer hints and competencies of a published version
of the interview's template (matched by question id) and optional criteria weights.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, model_validator

from functions.analysis.ports import Criterion
from functions.domain.errors import Conflict


class QuestionHints(BaseModel):
    ideal_answer: str | None = None
    competencies: list[str] = Field(default_factory=list)


class Weights(BaseModel):
    """Criteria weights for the interview's overall score (relative; at least one above 0)."""

    relevance: float = Field(default=1, ge=0, le=100)
    completeness: float = Field(default=1, ge=0, le=100)
    clarity: float = Field(default=1, ge=0, le=100)
    depth: float = Field(default=1, ge=0, le=100)

    @model_validator(mode="after")
    def _some_weight(self) -> Weights:
        if not any(self.as_map().values()):
            raise ValueError("at least one criterion needs a weight above 0")
        return self

    def as_map(self) -> dict[Criterion, float]:
        return {
            "relevance": self.relevance,
            "completeness": self.completeness,
            "clarity": self.clarity,
            "depth": self.depth,
        }


class Rubric(BaseModel):
    template_id: str
    template_version: int
    weights: Weights | None = None  # None: every criterion counts the same
    hints: dict[str, QuestionHints]  # question id -> what a good answer covers
    requested_by: str  # the recruiter who asked for the re-score


class AnalysisVersion(BaseModel):
    company_id: str
    interview_id: str
    version: int = Field(ge=1)
    analysis: dict[str, Any]  # functions/analysis InterviewAnalysis, as stored on the interview
    answers: dict[str, dict[str, Any]]  # answer id -> AnswerAnalysis, as stored on the answer
    # None: the rubric the interview was created with (its template version, equal weights).
    rubric: Rubric | None = None
    created_at: datetime


def analysis_running(analysis: dict[str, Any] | None, version: int, error: str | None) -> bool:
    """A version was claimed (pipeline or re-score) and has neither been recorded nor failed."""
    recorded = int((analysis or {}).get("version", 0))
    return version > recorded and error is None


def ensure_rescorable(analysis: dict[str, Any] | None, version: int, error: str | None) -> None:
    if analysis is None:
        raise Conflict("the interview has not been analyzed yet; re-score it once it has")
    if analysis_running(analysis, version, error):
        raise Conflict(
            f"analysis version {version} is still running; re-score when it has finished"
        )


class InterviewRef(BaseModel):
    """The analyze-interview execution input."""

    company_id: str
    interview_id: str
    version: int
    correlation_id: str
    # When the analysis was requested (every answer scored): AnalysisDurationMs starts here.
    requested_at: datetime | None = None
    # A recruiter's re-score (rescoreInterview): score every answer again with the interview's
    # rescore_rubric before the analysis (functions/analysis/rescoring.py).
    rescore: bool = False


def analysis_execution_name(interview_id: str, version: int) -> str:
    """analyze-interview's execution (and the analysis id) for one version: named, so a second
    request for the same version cannot start a second run."""
    return f"{interview_id}-v{version}"
