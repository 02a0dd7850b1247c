"""Interview templates: ordered questions, versioned.

Lifecycle draft -> active -> archived. A published (active) version never changes: editing it
creates the next version as a draft, and publishing that draft archives the version it replaces.
Interviews copy the questions of the version they were created from, so a later edit never
changes what a candidate was asked.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from functions.domain.companies import Language
from functions.domain.errors import Conflict, InvalidInput
from functions.domain.ids import new_id
from functions.domain.text import MultiLine, SingleLine, utf8_size

MAX_QUESTIONS = 50
MAX_COMPETENCIES = 10
# The questions' own text (text, ideal answer, competencies) in UTF-8 bytes, all together. A
# template is one DynamoDB item (400 KB at most) and every interview copies its questions next to
# the candidate, the AI analysis and the preparation tips; this budget keeps the largest valid
# template under ~150 KB and leaves the interview more than half of its item
# (tests/integration/api/test_input_limits.py stores the largest of each).
MAX_QUESTIONS_TEXT_BYTES = 120_000
# What a template may show the candidate before the first question (functions/templates/intro.py).
MAX_INTRO_TEXT = 4000
INTRO_VIDEO_TYPES = ("video/mp4", "video/webm", "video/quicktime")
INTRO_VIDEO_MAX_BYTES = 100 * 1024 * 1024
COPY_SUFFIX = " (copy)"


class TemplateStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class QuestionFields(BaseModel):
    """What a question says and allows, wherever it is kept (a template, the question bank)."""

    text: MultiLine = Field(min_length=3, max_length=2000)
    time_limit_seconds: int = Field(default=120, ge=15, le=900)
    think_time_seconds: int = Field(default=30, ge=0, le=300)
    retakes: int = Field(default=1, ge=0, le=5)
    competencies: list[Annotated[SingleLine, Field(min_length=1, max_length=60)]] = Field(
        default_factory=list, max_length=MAX_COMPETENCIES
    )
    ideal_answer: MultiLine | None = Field(default=None, max_length=4000)

    @property
    def text_bytes(self) -> int:
        return (
            utf8_size(self.text)
            + utf8_size(self.ideal_answer or "")
            + sum(utf8_size(c) for c in self.competencies)
        )


class QuestionDraft(QuestionFields):
    """A question as a recruiter writes it; `id` is kept when an existing question is edited."""

    id: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9-]+$")


def ensure_questions_fit(questions: list[QuestionDraft]) -> list[QuestionDraft]:
    """The budget above, as a validator of a `questions` field (a 422 that names it)."""
    size = sum(q.text_bytes for q in questions)
    if size > MAX_QUESTIONS_TEXT_BYTES:
        raise ValueError(
            f"the questions' text, ideal answers and competencies come to {size} bytes (UTF-8); "
            f"together they may have at most {MAX_QUESTIONS_TEXT_BYTES}"
        )
    return questions


class Question(QuestionDraft):
    id: str

    @property
    def attempts_allowed(self) -> int:
        return 1 + self.retakes


class IntroVideo(BaseModel):
    """The recruiter's intro video in the uploads bucket (`intros/<company>/<template>/<id>`),
    checked when it was attached: its stored size and type, not what the browser declared."""

    key: str
    content_type: str
    size_bytes: int = Field(ge=1, le=INTRO_VIDEO_MAX_BYTES)


class Template(BaseModel):
    company_id: str
    id: str
    version: int = Field(ge=1)
    name: SingleLine = Field(min_length=1, max_length=200)
    description: MultiLine = Field(default="", max_length=4000)
    language: Language = "en"
    questions: list[Question] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    # The company scorecard template reviewers fill in (functions/collaboration), if any.
    scorecard_template_id: str | None = None
    # Shown on the candidate's welcome page before the first question.
    intro_text: MultiLine = Field(default="", max_length=MAX_INTRO_TEXT)
    intro_video: IntroVideo | None = None
    status: TemplateStatus = TemplateStatus.DRAFT
    created_by: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None

    @model_validator(mode="after")
    def _unique_question_ids(self) -> Template:
        ids = [q.id for q in self.questions]
        if len(ids) != len(set(ids)):
            raise ValueError("question ids must be unique within a template")
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def build_questions(drafts: list[QuestionDraft]) -> list[Question]:
    """Give new questions ids; keep the ids of edited ones so answers stay attached."""
    seen: set[str] = set()
    questions = []
    for draft in drafts:
        qid = draft.id or new_id()
        if qid in seen:
            raise InvalidInput(f"question id {qid!r} appears twice; each question needs its own id")
        seen.add(qid)
        questions.append(Question(**{**draft.model_dump(), "id": qid}))
    return questions


def new_template(
    *,
    company_id: str,
    name: str,
    description: str,
    language: Language,
    questions: list[QuestionDraft],
    created_by: str,
    now: datetime,
    scorecard_template_id: str | None = None,
    intro_text: str = "",
) -> Template:
    return Template(
        company_id=company_id,
        id=new_id(),
        version=1,
        name=name,
        description=description,
        language=language,
        questions=build_questions(questions),
        scorecard_template_id=scorecard_template_id,
        intro_text=intro_text,
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )


def copy_name(name: str) -> str:
    """The default name of a duplicate: "<name> (copy)", within the 200 characters a name has."""
    return name[: 200 - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def duplicate(source: Template, *, name: str, user_id: str, now: datetime) -> Template:
    """A new draft (version 1) with the source's questions (new ids: a question belongs to one
    template), scorecard, language, description and intro; the source is left as it is."""
    drafts = [QuestionDraft(**q.model_dump(exclude={"id"})) for q in source.questions]
    return source.model_copy(
        update={
            "id": new_id(),
            "version": 1,
            "name": name,
            "questions": build_questions(drafts),
            "status": TemplateStatus.DRAFT,
            "created_by": user_id,
            "created_at": now,
            "updated_at": now,
            "published_at": None,
        }
    )


def searchable(template: Template) -> str:
    """What listTemplates' q finds: the name and the questions' text, lower-cased. At most the
    questions' budget (120,000 bytes) beside the template in its head item, which stays under
    ~300 KB of DynamoDB's 400 KB."""
    return " ".join([template.name, *(q.text for q in template.questions)]).lower()


def ensure_editable(latest: Template) -> None:
    if latest.status is TemplateStatus.ARCHIVED:
        raise Conflict(
            f"template {latest.id} is archived and cannot be edited; create a new template instead"
        )


def revise(
    latest: Template, changes: dict[str, object], *, user_id: str, now: datetime
) -> Template:
    """Apply an edit to the latest version: in place for a draft, as a new draft version for a
    published one. Archived templates are read-only."""
    ensure_editable(latest)
    data = latest.model_dump()
    data.update(changes)
    if latest.status is TemplateStatus.ACTIVE:
        data.update(
            version=latest.version + 1,
            status=TemplateStatus.DRAFT,
            created_by=user_id,
            created_at=now,
            published_at=None,
        )
    data["updated_at"] = now
    return Template.model_validate(data)


def publish(latest: Template, *, now: datetime) -> Template:
    if latest.status is not TemplateStatus.DRAFT:
        raise Conflict(
            f"only a draft can be published; version {latest.version} is {latest.status.value}"
        )
    if not latest.questions:
        raise Conflict("a template needs at least one question before it can be published")
    return latest.model_copy(
        update={"status": TemplateStatus.ACTIVE, "published_at": now, "updated_at": now}
    )


def archive(latest: Template, *, now: datetime) -> Template:
    if latest.status is TemplateStatus.ARCHIVED:
        raise Conflict(f"template {latest.id} is already archived")
    return latest.model_copy(update={"status": TemplateStatus.ARCHIVED, "updated_at": now})
