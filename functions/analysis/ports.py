"""What the pipeline needs from an analyzer, and the results it stores.

Both adapters (offline and Groq) return exactly these models, so a stored result reads the same
whichever produced it; `provider`, `model`, `prompt_version` and `usage` say which one did.
"""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

Criterion = Literal["relevance", "completeness", "clarity", "depth"]
CRITERIA: tuple[Criterion, ...] = ("relevance", "completeness", "clarity", "depth")

Recommendation = Literal["hire", "consider", "reject"]


class AnswerForScoring(BaseModel):
    question: str
    ideal_answer: str | None = None
    competencies: list[str] = Field(default_factory=list)
    transcript: str
    # ISO 639-1 codes ("en", "ru", "de", "es"); see languages.normalize_language for the names
    # a transcriber may report instead.
    answer_language: str
    interview_language: str


class CriterionScore(BaseModel):
    score: int = Field(ge=0, le=100)
    reason: str
    evidence: list[str] = Field(default_factory=list)  # verbatim quotes from the transcript


class Usage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
        )


class AnswerAnalysis(BaseModel):
    criteria: dict[Criterion, CriterionScore]
    overall: int = Field(ge=0, le=100)
    strengths: list[str]
    improvements: list[str]
    language: str  # the language the answer was scored in (its own, never the interview's)
    language_mismatch: bool  # the answer is not in the interview's language: a person should look
    provider: str
    model: str
    prompt_version: str
    usage: Usage = Field(default_factory=Usage)


class InterviewSummaryText(BaseModel):
    summary: str
    strengths: list[str]
    concerns: list[str]


class InterviewAnalysis(BaseModel):
    overall_score: int = Field(ge=0, le=100)
    recommendation: Recommendation
    summary: str
    strengths: list[str]
    concerns: list[str]
    language: str  # the reviewer's language: summary, strengths and concerns are written in it
    translations: dict[str, InterviewSummaryText]  # en, ru, de, es
    provider: str
    model: str
    prompt_version: str
    usage: Usage = Field(default_factory=Usage)


class Analyzer(Protocol):
    def score_answer(self, answer: AnswerForScoring) -> AnswerAnalysis: ...

    def analyze_interview(
        self,
        answers: list[tuple[AnswerForScoring, AnswerAnalysis]],
        weights: dict[Criterion, float] | None,
        reviewer_language: str,
    ) -> InterviewAnalysis: ...

    def preparation_tips(self, questions: list[str], language: str) -> list[str]: ...
