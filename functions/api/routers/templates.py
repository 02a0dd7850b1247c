from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from functions.api.deps import Manager, Recordings, Templates
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.routers.scorecards import Scorecards
from functions.api.schemas.templates import (
    IntroUploadCreate,
    IntroUploadPublic,
    IntroVideoAttach,
    IntroVideoPublic,
    TemplateCreate,
    TemplateDuplicate,
    TemplateList,
    TemplatePublic,
    TemplateUpdate,
)
from functions.collaboration.scorecards import attachable
from functions.domain.templates import Template, TemplateStatus
from functions.recordings.ports import RecordingStore
from functions.templates import intro, use_cases

router = APIRouter(prefix="/templates", tags=["templates"])


def _public(template: Template, store: RecordingStore) -> TemplatePublic:
    video = template.intro_video
    return TemplatePublic.model_validate(
        {
            **template.model_dump(exclude={"intro_video"}),
            "intro_video": None
            if video is None
            else IntroVideoPublic(
                content_type=video.content_type,
                size_bytes=video.size_bytes,
                url=intro.intro_video_url(store, template) or "",
            ),
        }
    )


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
    store: Recordings,
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
            intro_text=body.intro_text,
        )
        return _public(template, store)

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
    store: Recordings,
    status: TemplateStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    q: Annotated[
        str | None,
        Query(min_length=2, max_length=100, description="Part of the name or of a question's text"),
    ] = None,
) -> TemplateList:
    page = use_cases.list_templates(
        repo, user.company_id, status=status, limit=limit, cursor=cursor, search=q
    )
    items = [_public(t, store) for t in page.items]
    return TemplateList(items=items, next_cursor=page.next_cursor)


@router.get("/{template_id}", operation_id="getTemplate", response_model=TemplatePublic)
def get_template(
    template_id: ResourceId,
    user: Manager,
    repo: Templates,
    store: Recordings,
    version: Annotated[int | None, Query(ge=1, description="Default: the latest")] = None,
) -> TemplatePublic:
    return _public(use_cases.get_template(repo, user.company_id, template_id, version), store)


@router.patch("/{template_id}", operation_id="updateTemplate", response_model=TemplatePublic)
def update_template(
    template_id: ResourceId,
    body: TemplateUpdate,
    user: Manager,
    repo: Templates,
    scorecards: Scorecards,
    store: Recordings,
) -> TemplatePublic:
    """Edits a draft in place; editing a published template creates its next version as a
    draft, leaving the published one unchanged until the draft is published."""
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    attachable(scorecards, user.company_id, changes.get("scorecard_template_id"))
    return _public(use_cases.update_template(repo, user, template_id, changes), store)


@router.post(
    "/{template_id}/publish", operation_id="publishTemplate", response_model=TemplatePublic
)
def publish_template(
    template_id: ResourceId, user: Manager, repo: Templates, store: Recordings
) -> TemplatePublic:
    return _public(use_cases.publish_template(repo, user, template_id), store)


@router.post(
    "/{template_id}/archive", operation_id="archiveTemplate", response_model=TemplatePublic
)
def archive_template(
    template_id: ResourceId, user: Manager, repo: Templates, store: Recordings
) -> TemplatePublic:
    return _public(use_cases.archive_template(repo, user, template_id), store)


@router.post(
    "/{template_id}/duplicate",
    operation_id="duplicateTemplate",
    response_model=TemplatePublic,
    status_code=status.HTTP_201_CREATED,
)
def duplicate_template(
    template_id: ResourceId,
    user: Manager,
    repo: Templates,
    store: Recordings,
    body: TemplateDuplicate | None = None,
    key: IdempotencyKey = None,
) -> TemplatePublic:
    """A new draft with the latest version's questions, scorecard and intro. Send an
    Idempotency-Key so that a retried request makes one copy."""
    name = body.name if body else None

    def copy() -> TemplatePublic:
        return _public(use_cases.duplicate_template(repo, user, template_id, name=name), store)

    return TemplatePublic.model_validate(
        run_once(
            key,
            tenant=user.company_id,
            operation="duplicateTemplate",
            caller=user.id,
            payload={"template_id": template_id, "name": name},
            action=copy,
        )
    )


@router.post(
    "/{template_id}/intro-video/upload",
    operation_id="createTemplateIntroUpload",
    response_model=IntroUploadPublic,
    status_code=status.HTTP_201_CREATED,
)
def create_template_intro_upload(
    template_id: ResourceId,
    body: IntroUploadCreate,
    user: Manager,
    repo: Templates,
    store: Recordings,
) -> IntroUploadPublic:
    """A presigned POST for the intro video, straight to storage (at most 100 MiB; MP4, WebM
    or QuickTime; the policy binds the declared size and type)."""
    grant = intro.grant_intro_upload(
        repo, store, user, template_id, content_type=body.content_type, size_bytes=body.size_bytes
    )
    return IntroUploadPublic(
        key=grant.key,
        url=grant.url,
        fields=grant.fields,
        max_bytes=grant.max_bytes,
        expires_at=grant.expires_at,
    )


@router.put(
    "/{template_id}/intro-video",
    operation_id="attachTemplateIntroVideo",
    response_model=TemplatePublic,
)
def attach_template_intro_video(
    template_id: ResourceId,
    body: IntroVideoAttach,
    user: Manager,
    repo: Templates,
    store: Recordings,
) -> TemplatePublic:
    """Shows the uploaded video on the welcome page once storage holds it with an allowed type
    and size (checked on the stored object; otherwise a 422 naming `key`). Like any edit, on a
    published template this makes the next draft version."""
    return _public(intro.attach_intro_video(repo, store, user, template_id, body.key), store)


@router.delete(
    "/{template_id}/intro-video",
    operation_id="removeTemplateIntroVideo",
    response_model=TemplatePublic,
)
def remove_template_intro_video(
    template_id: ResourceId, user: Manager, repo: Templates, store: Recordings
) -> TemplatePublic:
    return _public(intro.remove_intro_video(repo, user, template_id), store)
