"""A template's intro video: the recruiter uploads it straight to S3, the API checks the stored
object before the template points at it, and the candidate's welcome page plays it.

    intros/<company>/<template>/<id>   (the API's put grant, cdk/access.py INTROS)

The presigned POST binds the key, the type and the exact declared size; moto does not check POST
policies, so `attach_intro_video` checks the stored object itself (HEAD: type and size) and
refuses anything else. Published versions keep pointing at their video, so a removed or replaced
video's object stays (it is the recruiter's content, not a candidate's recording).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from functions.domain import templates as rules
from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import InvalidInput, NotFound
from functions.domain.ids import new_id
from functions.domain.interviews import Interview
from functions.domain.templates import (
    INTRO_VIDEO_MAX_BYTES,
    INTRO_VIDEO_TYPES,
    IntroVideo,
    Template,
)

if TYPE_CHECKING:
    from functions.recordings.ports import RecordingStore
    from functions.storage.repositories import TemplateRepository

UPLOAD_EXPIRES_SECONDS = 3600
PLAY_EXPIRES_SECONDS = 900  # a short-lived GET: the welcome page asks again on each visit


@dataclass(frozen=True)
class IntroUploadGrant:
    key: str
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


@dataclass(frozen=True)
class CandidateIntro:
    text: str
    video_url: str | None
    video_content_type: str | None


def intro_prefix(company_id: str, template_id: str) -> str:
    return f"intros/{company_id}/{template_id}/"


def _field_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(
        f"{field}: {message}",
        errors=[{"field": field, "message": message, "type": "value_error"}],
    )


def grant_intro_upload(
    repo: TemplateRepository,
    store: RecordingStore,
    user: User,
    template_id: str,
    *,
    content_type: str,
    size_bytes: int,
) -> IntroUploadGrant:
    """A presigned POST for one intro video of an editable template (the request's model has
    already bounded the type and size; the stored object is checked again on attach)."""
    latest = _editable(repo, user.company_id, template_id)
    key = f"{intro_prefix(user.company_id, latest.id)}{new_id()}"
    post = store.presigned_post(
        key, content_type, (size_bytes, size_bytes), expires_in=UPLOAD_EXPIRES_SECONDS
    )
    return IntroUploadGrant(
        key=key,
        url=post.url,
        fields=post.fields,
        max_bytes=INTRO_VIDEO_MAX_BYTES,
        expires_at=utcnow() + timedelta(seconds=UPLOAD_EXPIRES_SECONDS),
    )


def attach_intro_video(
    repo: TemplateRepository, store: RecordingStore, user: User, template_id: str, key: str
) -> Template:
    """Point the template at an uploaded video once S3 holds it with an allowed type and size
    (a published template gets its next draft version, as any edit does)."""
    latest, revision = _latest(repo, user.company_id, template_id)
    if not key.startswith(intro_prefix(user.company_id, template_id)):
        raise _field_error(
            "key", "not an intro upload of this template (createTemplateIntroUpload)"
        )
    stored = store.head(key)
    if stored is None:
        raise _field_error("key", "nothing was uploaded under this key; upload the video first")
    content_type = stored.content_type.split(";")[0].strip().lower()
    if content_type not in INTRO_VIDEO_TYPES:
        raise _field_error(
            "key", f"the stored video is {content_type}; use one of {', '.join(INTRO_VIDEO_TYPES)}"
        )
    if not 1 <= stored.size_bytes <= INTRO_VIDEO_MAX_BYTES:
        raise _field_error(
            "key",
            f"the stored video has {stored.size_bytes} bytes; "
            f"at most {INTRO_VIDEO_MAX_BYTES} are allowed",
        )
    video = IntroVideo(key=key, content_type=content_type, size_bytes=stored.size_bytes)
    return _revise(repo, user, latest, revision, video)


def remove_intro_video(repo: TemplateRepository, user: User, template_id: str) -> Template:
    latest, revision = _latest(repo, user.company_id, template_id)
    return _revise(repo, user, latest, revision, None)


def _revise(
    repo: TemplateRepository,
    user: User,
    latest: Template,
    revision: int,
    video: IntroVideo | None,
) -> Template:
    revised = rules.revise(latest, {"intro_video": video}, user_id=user.id, now=utcnow())
    repo.write(head=revised, head_revision=revision, versions=[revised])
    return revised


def intro_video_url(store: RecordingStore, template: Template) -> str | None:
    if template.intro_video is None:
        return None
    return store.presigned_get(template.intro_video.key, expires_in=PLAY_EXPIRES_SECONDS)


def candidate_intro(
    repo: TemplateRepository, store: RecordingStore, interview: Interview
) -> CandidateIntro | None:
    """The intro of the template version the interview was created from (published versions
    never change, so this is what the recruiter published when inviting)."""
    version = repo.version(interview.company_id, interview.template_id, interview.template_version)
    if version is None or (not version.intro_text and version.intro_video is None):
        return None
    return CandidateIntro(
        text=version.intro_text,
        video_url=intro_video_url(store, version),
        video_content_type=version.intro_video.content_type if version.intro_video else None,
    )


def _editable(repo: TemplateRepository, company_id: str, template_id: str) -> Template:
    latest, _ = _latest(repo, company_id, template_id)
    rules.ensure_editable(latest)  # archived: the same 409 as an edit
    return latest


def _latest(repo: TemplateRepository, company_id: str, template_id: str) -> tuple[Template, int]:
    found = repo.latest(company_id, template_id)
    if found is None:
        raise NotFound(f"template {template_id} not found")
    return found
