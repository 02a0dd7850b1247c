from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from functions.domain.companies import Language
from functions.domain.templates import (
    MAX_QUESTIONS,
    Question,
    QuestionDraft,
    TemplateStatus,
    ensure_questions_fit,
)
from functions.domain.text import MultiLine, SingleLine

_QUESTIONS = (
    "Together, the questions' text, ideal answers and competencies may have at most "
    "120,000 bytes of UTF-8"
)


_SCORECARD = (
    "The company scorecard template its interviews' reviewers fill in (createScorecardTemplate)"
)


class TemplateCreate(BaseModel):
    name: SingleLine = Field(min_length=1, max_length=200)
    description: MultiLine = Field(default="", max_length=4000)
    language: Language = "en"
    questions: list[QuestionDraft] = Field(
        default_factory=list, max_length=MAX_QUESTIONS, description=_QUESTIONS
    )
    scorecard_template_id: SingleLine | None = Field(
        default=None, min_length=1, max_length=64, description=_SCORECARD
    )

    _fit = field_validator("questions")(ensure_questions_fit)


class TemplateUpdate(BaseModel):
    """Only the fields sent change. `questions` replaces the whole ordered list: send questions
    in their new order to reorder them, with `id` on the ones that already exist."""

    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    description: MultiLine | None = Field(default=None, max_length=4000)
    language: Language | None = None
    questions: list[QuestionDraft] | None = Field(
        default=None, max_length=MAX_QUESTIONS, description=_QUESTIONS
    )
    scorecard_template_id: SingleLine | None = Field(
        default=None, max_length=64, description=f"{_SCORECARD}; an empty string detaches it"
    )

    @field_validator("questions")
    @classmethod
    def _fit(cls, questions: list[QuestionDraft] | None) -> list[QuestionDraft] | None:
        return None if questions is None else ensure_questions_fit(questions)


class TemplatePublic(BaseModel):
    id: str
    version: int
    name: str
    description: str
    language: Language
    status: TemplateStatus
    questions: list[Question]
    scorecard_template_id: str | None = None
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class TemplateList(BaseModel):
    items: list[TemplatePublic]
    next_cursor: str | None
