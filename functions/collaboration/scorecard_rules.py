"""Structured scorecards beside the AI (pure: no I/O).

A company's scorecard template names 3-8 competencies, each rated 1-5 against a behavioural
anchor per level, and asks for an overall recommendation (strong no / no / yes / strong yes).
Attached to an interview template, it is what every reviewer of that template's interviews fills
in: one scorecard per reviewer and interview, editable until the interview is decided. With
`hide_others_until_submitted`, a reviewer sees the others' scorecards only after submitting their
own, so nobody anchors on a colleague's ratings.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import mean
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from functions.domain.companies import Role, User
from functions.domain.errors import InvalidInput
from functions.domain.ids import new_id
from functions.domain.interviews import Interview
from functions.domain.text import MultiLine, SingleLine

MIN_COMPETENCIES = 3
MAX_COMPETENCIES = 8
LEVELS = 5
NOTES_MAX_LENGTH = 4000

Recommendation = Literal["strong_no", "no", "yes", "strong_yes"]
RECOMMENDATIONS: tuple[Recommendation, ...] = ("strong_no", "no", "yes", "strong_yes")
AiRecommendation = Literal["hire", "consider", "reject"]
# Which human recommendations agree with each of the AI's: a "consider" is met by the two
# measured ones, never by a strong opinion either way.
AGREES_WITH: dict[str, frozenset[str]] = {
    "hire": frozenset({"yes", "strong_yes"}),
    "consider": frozenset({"no", "yes"}),
    "reject": frozenset({"no", "strong_no"}),
}

Anchor = Annotated[MultiLine, Field(min_length=1, max_length=300)]


class CompetencyDraft(BaseModel):
    """A competency as written; `id` is kept when an existing one is edited."""

    id: str | None = Field(default=None, max_length=40, pattern=r"^[a-z0-9-]+$")
    name: SingleLine = Field(min_length=1, max_length=80)
    description: MultiLine = Field(default="", max_length=500)
    anchors: list[Anchor] = Field(
        min_length=LEVELS,
        max_length=LEVELS,
        description="What ratings 1 to 5 look like (behavioural anchors), lowest first",
    )


class Competency(CompetencyDraft):
    id: str


class ScorecardTemplate(BaseModel):
    company_id: str
    id: str
    name: SingleLine = Field(min_length=1, max_length=200)
    description: MultiLine = Field(default="", max_length=2000)
    competencies: list[Competency] = Field(min_length=MIN_COMPETENCIES, max_length=MAX_COMPETENCIES)
    hide_others_until_submitted: bool = False
    version: int = Field(default=1, ge=1)
    created_by: str
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="after")
    def _unique_ids(self) -> ScorecardTemplate:
        ids = [c.id for c in self.competencies]
        if len(ids) != len(set(ids)):
            raise ValueError("competency ids must be unique within a scorecard template")
        return self


def build_competencies(drafts: list[CompetencyDraft]) -> list[Competency]:
    seen: set[str] = set()
    built = []
    for draft in drafts:
        cid = draft.id or new_id()
        if cid in seen:
            raise InvalidInput(f"competencies: id {cid!r} appears twice")
        seen.add(cid)
        built.append(Competency(**{**draft.model_dump(), "id": cid}))
    return built


class Rating(BaseModel):
    competency_id: str
    competency_name: str  # as it was named when rated
    rating: int = Field(ge=1, le=LEVELS)
    note: str = ""


class Scorecard(BaseModel):
    company_id: str
    interview_id: str
    reviewer_id: str
    reviewer_name: str
    scorecard_template_id: str
    scorecard_template_version: int
    ratings: list[Rating]
    recommendation: Recommendation
    notes: str = ""
    submitted_at: datetime  # the first submission
    updated_at: datetime


def rate(template: ScorecardTemplate, given: dict[str, tuple[int, str]]) -> list[Rating]:
    """One rating per competency of the template, in its order (422 naming what is missing or
    unknown)."""
    known = {c.id for c in template.competencies}
    unknown = sorted(set(given) - known)
    if unknown:
        raise InvalidInput(
            f"ratings: {', '.join(unknown)}: not a competency of this interview's scorecard"
        )
    missing = [c.name for c in template.competencies if c.id not in given]
    if missing:
        raise InvalidInput(f"ratings: rate every competency; missing {', '.join(missing)}")
    return [
        Rating(
            competency_id=c.id,
            competency_name=c.name,
            rating=given[c.id][0],
            note=given[c.id][1],
        )
        for c in template.competencies
    ]


def hidden_from(
    user: User, interview: Interview, template: ScorecardTemplate | None, submitted: bool
) -> bool:
    """Whether the others' scorecards are hidden from this user: the template hides them, the
    user is one of the interview's reviewers (an interviewer, or a member assigned to it) and has
    not submitted yet. Recruiters who decide without scoring see them."""
    if template is None or not template.hide_others_until_submitted or submitted:
        return False
    return user.role is Role.INTERVIEWER or user.id in interview.reviewer_ids


class CompetencySummary(BaseModel):
    competency_id: str
    name: str
    count: int = Field(description="How many reviewers rated it")
    mean: float = Field(description="Mean rating, 1-5")
    min: int
    max: int
    spread: int = Field(description="Highest minus lowest rating: how much reviewers disagree")


class ScorecardSummary(BaseModel):
    hidden: bool = Field(
        description="The others' scorecards are hidden until you submit yours; nothing below "
        "is filled in then"
    )
    submitted: int = Field(description="Scorecards submitted")
    competencies: list[CompetencySummary]
    recommendations: dict[Recommendation, int]
    human_score: int | None = Field(
        default=None,
        ge=0,
        le=100,
        description="The mean of every rating on the AI's 0-100 scale (1 -> 0, 5 -> 100)",
    )
    ai_score: int | None = Field(default=None, description="The AI analysis's overall score")
    ai_recommendation: AiRecommendation | None = None
    agreeing: int = Field(
        default=0,
        description="Reviewers whose recommendation agrees with the AI's (hire: yes or strong "
        "yes; reject: no or strong no; consider: yes or no)",
    )
    agreement: float | None = Field(
        default=None, ge=0, le=1, description="agreeing / submitted, once the AI has analyzed"
    )


def _competencies(
    scorecards: list[Scorecard], template: ScorecardTemplate | None
) -> list[CompetencySummary]:
    by_id: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for card in scorecards:
        for r in card.ratings:
            by_id.setdefault(r.competency_id, []).append(r.rating)
            names.setdefault(r.competency_id, r.competency_name)
    order = [c.id for c in template.competencies] if template else []
    if template:
        names.update({c.id: c.name for c in template.competencies})
    ids = [i for i in order if i in by_id] + sorted(set(by_id) - set(order))
    return [
        CompetencySummary(
            competency_id=i,
            name=names[i],
            count=len(by_id[i]),
            mean=round(mean(by_id[i]), 2),
            min=min(by_id[i]),
            max=max(by_id[i]),
            spread=max(by_id[i]) - min(by_id[i]),
        )
        for i in ids
    ]


def summarize(
    interview: Interview, scorecards: list[Scorecard], template: ScorecardTemplate | None
) -> ScorecardSummary:
    analysis = interview.analysis or {}
    ai_score = analysis.get("overall_score")
    ai_recommendation = analysis.get("recommendation")
    counts = Counter(c.recommendation for c in scorecards)
    ratings = [r.rating for c in scorecards for r in c.ratings]
    agreeing = (
        sum(1 for c in scorecards if c.recommendation in AGREES_WITH[ai_recommendation])
        if ai_recommendation in AGREES_WITH
        else 0
    )
    return ScorecardSummary(
        hidden=False,
        submitted=len(scorecards),
        competencies=_competencies(scorecards, template),
        recommendations={r: counts.get(r, 0) for r in RECOMMENDATIONS},
        human_score=round((mean(ratings) - 1) / (LEVELS - 1) * 100) if ratings else None,
        ai_score=int(ai_score) if ai_score is not None else None,
        ai_recommendation=ai_recommendation if ai_recommendation in AGREES_WITH else None,
        agreeing=agreeing,
        agreement=(
            round(agreeing / len(scorecards), 2)
            if scorecards and ai_recommendation in AGREES_WITH
            else None
        ),
    )


def hidden_summary(submitted: int) -> ScorecardSummary:
    """How many scorecards are in, and nothing of what they say."""
    return ScorecardSummary(
        hidden=True,
        submitted=submitted,
        competencies=[],
        recommendations={r: 0 for r in RECOMMENDATIONS},
    )
