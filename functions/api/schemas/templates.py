from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator

from functions.domain.companies import Language
from functions.domain.templates import (
    INTRO_VIDEO_MAX_BYTES,
    MAX_COMPETENCIES,
    MAX_INTRO_TEXT,
    MAX_QUESTIONS,
    Question,
    QuestionDraft,
    QuestionFields,
    TemplateStatus,
    ensure_questions_fit,
)
from functions.domain.text import MultiLine, SingleLine

_QUESTIONS = (
    "Together, the questions' text, ideal answers and competencies may have at most "
    "120,000 bytes of UTF-8"
)


_INTRO_TEXT = "Shown on the candidate's welcome page before the first question"

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
    intro_text: MultiLine = Field(default="", max_length=MAX_INTRO_TEXT, description=_INTRO_TEXT)

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
    intro_text: MultiLine | None = Field(
        default=None, max_length=MAX_INTRO_TEXT, description=f"{_INTRO_TEXT}; empty for none"
    )

    @field_validator("questions")
    @classmethod
    def _fit(cls, questions: list[QuestionDraft] | None) -> list[QuestionDraft] | None:
        return None if questions is None else ensure_questions_fit(questions)


class IntroVideoPublic(BaseModel):
    content_type: str
    size_bytes: int
    url: str = Field(description="A short-lived (15 minutes) link to play it")


class TemplatePublic(BaseModel):
    id: str
    version: int
    name: str
    description: str
    language: Language
    status: TemplateStatus
    questions: list[Question]
    scorecard_template_id: str | None = None
    intro_text: str = ""
    intro_video: IntroVideoPublic | None = None
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class TemplateList(BaseModel):
    items: list[TemplatePublic]
    next_cursor: str | None


class TemplateDuplicate(BaseModel):
    name: SingleLine | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description='The copy\'s name; default "<name> (copy)" (send a localized one)',
    )


IntroVideoType = Literal["video/mp4", "video/webm", "video/quicktime"]


class IntroUploadCreate(BaseModel):
    content_type: IntroVideoType
    size_bytes: int = Field(ge=1, le=INTRO_VIDEO_MAX_BYTES, description="The file's exact size")


class IntroUploadPublic(BaseModel):
    """POST the file to `url` as multipart/form-data with `fields` (then the file as `file`),
    then attach `key` with attachTemplateIntroVideo."""

    key: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


class IntroVideoAttach(BaseModel):
    key: SingleLine = Field(min_length=1, max_length=300)


class BankQuestionCreate(QuestionFields):
    """A question saved to the company's question bank."""


class BankQuestionUpdate(BaseModel):
    """Only the fields sent change."""

    text: MultiLine | None = Field(default=None, min_length=3, max_length=2000)
    time_limit_seconds: int | None = Field(default=None, ge=15, le=900)
    think_time_seconds: int | None = Field(default=None, ge=0, le=300)
    retakes: int | None = Field(default=None, ge=0, le=5)
    competencies: list[Annotated[SingleLine, Field(min_length=1, max_length=60)]] | None = Field(
        default=None, max_length=MAX_COMPETENCIES
    )
    ideal_answer: MultiLine | None = Field(default=None, max_length=4000)


class BankQuestionPublic(QuestionFields):
    id: str
    created_by: str
    created_at: datetime
    updated_at: datetime


class BankQuestionList(BaseModel):
    items: list[BankQuestionPublic]
    next_cursor: str | None
