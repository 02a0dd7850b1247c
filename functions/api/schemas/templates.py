from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from functions.domain.companies import Language
from functions.domain.templates import MAX_QUESTIONS, Question, QuestionDraft, TemplateStatus


class TemplateCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    language: Language = "en"
    questions: list[QuestionDraft] = Field(default_factory=list, max_length=MAX_QUESTIONS)


class TemplateUpdate(BaseModel):
    """Only the fields sent change. `questions` replaces the whole ordered list: send questions
    in their new order to reorder them, with `id` on the ones that already exist."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    language: Language | None = None
    questions: list[QuestionDraft] | None = Field(default=None, max_length=MAX_QUESTIONS)


class TemplatePublic(BaseModel):
    id: str
    version: int
    name: str
    description: str
    language: Language
    status: TemplateStatus
    questions: list[Question]
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class TemplateList(BaseModel):
    items: list[TemplatePublic]
    next_cursor: str | None
