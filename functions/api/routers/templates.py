from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from functions.api.deps import Manager, Templates
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.routers.scorecards import Scorecards
from functions.api.schemas.templates import (
    TemplateCreate,
    TemplateList,
    TemplatePublic,
    TemplateUpdate,
)
from functions.collaboration.scorecards import attachable
from functions.domain.templates import Template, TemplateStatus
from functions.templates import use_cases

router = APIRouter(prefix="/templates", tags=["templates"])


def _public(template: Template) -> TemplatePublic:
    return TemplatePublic.model_validate(template.model_dump())


@router.post(
    "",
    operation_id="createTemplate",
    response_model=TemplatePublic,
    status_code=status.HTTP_201_CREATED,
)
def create_template(
    body: TemplateCreate,
    user: Manager,
    repo: Templates,
    scorecards: Scorecards,
    key: IdempotencyKey = None,
) -> TemplatePublic:
    def create() -> TemplatePublic:
        attachable(scorecards, user.company_id, body.scorecard_template_id)
        template = use_cases.create_template(
            repo,
            user,
            name=body.name,
            description=body.description,
            language=body.language,
            questions=body.questions,
            scorecard_template_id=body.scorecard_template_id,
        )
        return _public(template)

    return TemplatePublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="createTemplate",
            caller=user.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.get("", operation_id="listTemplates", response_model=TemplateList)
def list_templates(
    user: Manager,
    repo: Templates,
    status: TemplateStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> TemplateList:
    page = use_cases.list_templates(
        repo, user.company_id, status=status, limit=limit, cursor=cursor
    )
    return TemplateList(items=[_public(t) for t in page.items], next_cursor=page.next_cursor)


@router.get("/{template_id}", operation_id="getTemplate", response_model=TemplatePublic)
def get_template(
    template_id: ResourceId,
    user: Manager,
    repo: Templates,
    version: Annotated[int | None, Query(ge=1, description="Default: the latest")] = None,
) -> TemplatePublic:
    return _public(use_cases.get_template(repo, user.company_id, template_id, version))


@router.patch("/{template_id}", operation_id="updateTemplate", response_model=TemplatePublic)
def update_template(
    template_id: ResourceId,
    body: TemplateUpdate,
    user: Manager,
    repo: Templates,
    scorecards: Scorecards,
) -> TemplatePublic:
    """Edits a draft in place; editing a published template creates its next version as a
    draft, leaving the published one unchanged until the draft is published."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    attachable(scorecards, user.company_id, changes.get("scorecard_template_id"))
    return _public(use_cases.update_template(repo, user, template_id, changes))


@router.post(
    "/{template_id}/publish", operation_id="publishTemplate", response_model=TemplatePublic
)
def publish_template(template_id: ResourceId, user: Manager, repo: Templates) -> TemplatePublic:
    return _public(use_cases.publish_template(repo, user, template_id))


@router.post(
    "/{template_id}/archive", operation_id="archiveTemplate", response_model=TemplatePublic
)
def archive_template(template_id: ResourceId, user: Manager, repo: Templates) -> TemplatePublic:
    return _public(use_cases.archive_template(repo, user, template_id))
