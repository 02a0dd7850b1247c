"""Scorecards: company templates (admins and recruiters) and each reviewer's scorecard of an
interview (functions/collaboration/scorecards.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, status

from functions import wiring
from functions.api.deps import CurrentUser, Interviews, Manager, Templates
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.schemas.collaboration import (
    ScorecardList,
    ScorecardPublic,
    ScorecardSubmit,
    ScorecardTemplateCreate,
    ScorecardTemplateList,
    ScorecardTemplatePublic,
    ScorecardTemplateUpdate,
)
from functions.collaboration import scorecards
from functions.collaboration.scorecard_rules import Scorecard, ScorecardTemplate

if TYPE_CHECKING:
    from functions.collaboration.store import ScorecardRepository
else:
    ScorecardRepository = Any  # PynamoDB loads with the first request (functions/api/deps.py)

Scorecards = Annotated[ScorecardRepository, Depends(wiring.scorecards)]

router = APIRouter(tags=["scorecards"])


def template_public(template: ScorecardTemplate) -> ScorecardTemplatePublic:
    return ScorecardTemplatePublic(**template.model_dump(exclude={"company_id"}))


def scorecard_public(scorecard: Scorecard) -> ScorecardPublic:
    return ScorecardPublic(**scorecard.model_dump(exclude={"company_id"}))


@router.post(
    "/company/scorecard-templates",
    operation_id="createScorecardTemplate",
    response_model=ScorecardTemplatePublic,
    status_code=status.HTTP_201_CREATED,
)
def create_scorecard_template(
    body: ScorecardTemplateCreate, user: Manager, repo: Scorecards, key: IdempotencyKey = None
) -> ScorecardTemplatePublic:
    """Attach it to interview templates with `scorecard_template_id` (createTemplate,
    updateTemplate)."""

    def create() -> ScorecardTemplatePublic:
        template = scorecards.create_scorecard_template(
            repo,
            user,
            name=body.name,
            description=body.description,
            competencies=body.competencies,
            hide_others_until_submitted=body.hide_others_until_submitted,
        )
        return template_public(template)

    return ScorecardTemplatePublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="createScorecardTemplate",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.get(
    "/company/scorecard-templates",
    operation_id="listScorecardTemplates",
    response_model=ScorecardTemplateList,
)
def list_scorecard_templates(
    user: Manager,
    repo: Scorecards,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> ScorecardTemplateList:
    page = scorecards.list_scorecard_templates(repo, user, limit=limit, cursor=cursor)
    return ScorecardTemplateList(
        items=[template_public(t) for t in page.items], next_cursor=page.next_cursor
    )


@router.patch(
    "/company/scorecard-templates/{scorecard_template_id}",
    operation_id="updateScorecardTemplate",
    response_model=ScorecardTemplatePublic,
)
def update_scorecard_template(
    scorecard_template_id: ResourceId,
    body: ScorecardTemplateUpdate,
    user: Manager,
    repo: Scorecards,
) -> ScorecardTemplatePublic:
    """Scorecards already submitted keep what they were rated on; the next submission of
    each reviewer uses the new version."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return template_public(
        scorecards.update_scorecard_template(repo, user, scorecard_template_id, changes)
    )


@router.put(
    "/interviews/{interview_id}/scorecard",
    operation_id="submitScorecard",
    response_model=ScorecardPublic,
)
def submit_scorecard(
    interview_id: ResourceId,
    body: ScorecardSubmit,
    user: CurrentUser,
    repo: Scorecards,
    interviews: Interviews,
    templates: Templates,
) -> ScorecardPublic:
    """Your scorecard of a finished interview, new or changed until the interview is decided
    (409 then): a rating 1-5 for every competency and an overall recommendation."""
    scorecard = scorecards.submit_scorecard(
        repo,
        interviews,
        templates,
        user,
        interview_id,
        ratings={r.competency_id: (r.rating, r.note) for r in body.ratings},
        recommendation=body.recommendation,
        notes=body.notes,
    )
    return scorecard_public(scorecard)


@router.get(
    "/interviews/{interview_id}/scorecards",
    operation_id="listScorecards",
    response_model=ScorecardList,
)
def list_scorecards(
    interview_id: ResourceId,
    user: CurrentUser,
    repo: Scorecards,
    interviews: Interviews,
    templates: Templates,
) -> ScorecardList:
    """Every reviewer's scorecard with the summary (ratings per competency, their spread,
    agreement with the AI) and the scorecard template; while its `hide_others_until_submitted`
    hides the others from a reviewer who has not submitted, only their own."""
    view = scorecards.list_scorecards(repo, interviews, templates, user, interview_id)
    return ScorecardList(
        items=[scorecard_public(c) for c in view.items],
        hidden_count=view.hidden,
        scorecard_template=template_public(view.template) if view.template else None,
        summary=view.summary,
    )
