"""Scorecard templates (admins and recruiters) and the scorecards reviewers submit.

An interview's scorecard template is the one its interview template named when the interview
was created, else the one its template names now (attached later). Whoever may open the
interview may submit theirs once it is completed, and change it until the decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from functions.collaboration import scorecard_rules as rules
from functions.collaboration.scorecard_rules import (
    CompetencyDraft,
    Recommendation,
    Scorecard,
    ScorecardSummary,
    ScorecardTemplate,
)
from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import Conflict, NotFound
from functions.domain.ids import new_id
from functions.domain.interviews import DECIDABLE_STATUSES, Interview
from functions.events import producers as events
from functions.interviews.use_cases import visible_interview
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.collaboration.store import ScorecardRepository
    from functions.storage.repositories import InterviewRepository, TemplateRepository


# Templates ------------------------------------------------------------------------------------


def create_scorecard_template(
    repo: ScorecardRepository,
    user: User,
    *,
    name: str,
    description: str,
    competencies: list[CompetencyDraft],
    hide_others_until_submitted: bool,
) -> ScorecardTemplate:
    now = utcnow()
    template = ScorecardTemplate(
        company_id=user.company_id,
        id=new_id(),
        name=name,
        description=description,
        competencies=rules.build_competencies(competencies),
        hide_others_until_submitted=hide_others_until_submitted,
        created_by=user.id,
        created_at=now,
        updated_at=now,
    )
    repo.save_template(template, None)
    return template


def scorecard_template(
    repo: ScorecardRepository, company_id: str, template_id: str
) -> tuple[ScorecardTemplate, int]:
    found = repo.template(company_id, template_id)
    if found is None:
        raise NotFound(f"scorecard template {template_id} not found")
    return found


def list_scorecard_templates(
    repo: ScorecardRepository, user: User, *, limit: int, cursor: str | None
) -> Page[ScorecardTemplate]:
    return repo.templates(user.company_id, limit=limit, cursor=cursor)


def update_scorecard_template(
    repo: ScorecardRepository, user: User, template_id: str, changes: dict[str, Any]
) -> ScorecardTemplate:
    """Only the fields sent change; the version goes up. Scorecards already submitted keep the
    competencies they were rated on; the next submission uses the new ones."""
    current, revision = scorecard_template(repo, user.company_id, template_id)
    if "competencies" in changes:
        drafts = [CompetencyDraft.model_validate(c) for c in changes["competencies"]]
        changes = {**changes, "competencies": rules.build_competencies(drafts)}
    data = current.model_dump()
    data.update(changes, version=current.version + 1, updated_at=utcnow())
    updated = ScorecardTemplate.model_validate(data)
    repo.save_template(updated, revision)
    return updated


def attachable(repo: ScorecardRepository, company_id: str, template_id: str | None) -> None:
    """An interview template may name a scorecard template of its own company (404 otherwise)."""
    if template_id:
        scorecard_template(repo, company_id, template_id)


# Scorecards -----------------------------------------------------------------------------------


def template_for(
    repo: ScorecardRepository, templates: TemplateRepository, interview: Interview
) -> ScorecardTemplate | None:
    chosen = interview.scorecard_template_id
    if chosen is None:
        head = templates.latest(interview.company_id, interview.template_id)
        chosen = head[0].scorecard_template_id if head is not None else None
    if chosen is None:
        return None
    found = repo.template(interview.company_id, chosen)
    return found[0] if found is not None else None


def submit_scorecard(
    repo: ScorecardRepository,
    interviews: InterviewRepository,
    templates: TemplateRepository,
    user: User,
    interview_id: str,
    *,
    ratings: dict[str, tuple[int, str]],
    recommendation: Recommendation,
    notes: str,
) -> Scorecard:
    """The caller's scorecard, new or changed (one per reviewer and interview)."""
    interview, _ = visible_interview(interviews, user, interview_id)
    if interview.decision is not None:
        raise Conflict("the interview is decided; scorecards can no longer change")
    if interview.status not in DECIDABLE_STATUSES:
        raise Conflict(
            f"scorecards are for finished interviews; this one is {interview.status.value}"
        )
    template = template_for(repo, templates, interview)
    if template is None:
        raise Conflict(
            "the interview's template has no scorecard template; an admin or recruiter "
            "attaches one (updateTemplate scorecard_template_id)"
        )
    existing = repo.scorecard(user.company_id, interview_id, user.id)
    now = utcnow()
    scorecard = Scorecard(
        company_id=user.company_id,
        interview_id=interview_id,
        reviewer_id=user.id,
        reviewer_name=user.name,
        scorecard_template_id=template.id,
        scorecard_template_version=template.version,
        ratings=rules.rate(template, ratings),
        recommendation=recommendation,
        notes=notes,
        submitted_at=existing[0].submitted_at if existing else now,
        updated_at=now,
    )
    submitted = events.scorecard_submitted(
        user.company_id,
        interview_id=interview_id,
        reviewer_id=user.id,
        scorecard_template_id=template.id,
        recommendation=recommendation,
        ratings={r.competency_id: r.rating for r in scorecard.ratings},
        first_submission=existing is None,
    )
    repo.save(scorecard, existing[1] if existing else None, events=[submitted])
    return scorecard


class ScorecardView(BaseModel):
    """What a member sees of an interview's scorecards."""

    template: ScorecardTemplate | None
    items: list[Scorecard]  # the caller's own only, while the others are hidden from them
    hidden: int  # how many of the others' are hidden
    summary: ScorecardSummary


def view_scorecards(
    repo: ScorecardRepository, templates: TemplateRepository, user: User, interview: Interview
) -> ScorecardView:
    """For an interview the caller may open (the caller checks): the hidden-until-submitted rule
    applied to the list and to the summary."""
    template = template_for(repo, templates, interview)
    cards = repo.for_interview(interview.company_id, interview.id)
    own = [c for c in cards if c.reviewer_id == user.id]
    if rules.hidden_from(user, interview, template, submitted=bool(own)):
        others = len(cards) - len(own)
        summary = rules.hidden_summary(len(cards))
        return ScorecardView(template=template, items=own, hidden=others, summary=summary)
    summary = rules.summarize(interview, cards, template)
    return ScorecardView(template=template, items=cards, hidden=0, summary=summary)


def list_scorecards(
    repo: ScorecardRepository,
    interviews: InterviewRepository,
    templates: TemplateRepository,
    user: User,
    interview_id: str,
) -> ScorecardView:
    interview, _ = visible_interview(interviews, user, interview_id)
    return view_scorecards(repo, templates, user, interview)
