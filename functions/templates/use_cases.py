"""Building, publishing and archiving interview templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from functions.domain import templates as rules
from functions.domain.clock import utcnow
from functions.domain.companies import Language, User
from functions.domain.errors import NotFound
from functions.domain.templates import QuestionDraft, Template, TemplateStatus
from functions.events import producers as events
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.storage.repositories import TemplateRepository


def create_template(
    repo: TemplateRepository,
    user: User,
    *,
    name: str,
    description: str,
    language: Language,
    questions: list[QuestionDraft],
    scorecard_template_id: str | None = None,
    intro_text: str = "",
) -> Template:
    template = rules.new_template(
        company_id=user.company_id,
        name=name,
        description=description,
        language=language,
        questions=questions,
        created_by=user.id,
        now=utcnow(),
        scorecard_template_id=scorecard_template_id,
        intro_text=intro_text,
    )
    repo.add(template)
    return template


def duplicate_template(
    repo: TemplateRepository, user: User, template_id: str, *, name: str | None = None
) -> Template:
    """A new draft from the latest version of any template (an archived one too: duplicating
    is how a retired template comes back), named "<name> (copy)" unless a name is given."""
    source, _ = _latest(repo, user.company_id, template_id)
    copy = rules.duplicate(
        source, name=name or rules.copy_name(source.name), user_id=user.id, now=utcnow()
    )
    repo.add(copy)
    return copy


def get_template(
    repo: TemplateRepository, company_id: str, template_id: str, version: int | None = None
) -> Template:
    if version is not None:
        found = repo.version(company_id, template_id, version)
        if found is None:
            raise NotFound(f"template {template_id} has no version {version}")
        return found
    return _latest(repo, company_id, template_id)[0]


def list_templates(
    repo: TemplateRepository,
    company_id: str,
    *,
    status: TemplateStatus | None,
    limit: int,
    cursor: str | None,
    search: str | None = None,
) -> Page[Template]:
    page = repo.page(company_id, status=status, limit=limit, cursor=cursor, search=search)
    return Page(items=[t for t, _ in page.items], next_cursor=page.next_cursor)


def update_template(
    repo: TemplateRepository, user: User, template_id: str, changes: dict[str, Any]
) -> Template:
    latest, revision = _latest(repo, user.company_id, template_id)
    if changes.get("scorecard_template_id") == "":  # detach the scorecard
        changes = {**changes, "scorecard_template_id": None}
    if "questions" in changes:
        drafts = [QuestionDraft.model_validate(q) for q in changes["questions"]]
        changes = {**changes, "questions": rules.build_questions(drafts)}
    revised = rules.revise(latest, changes, user_id=user.id, now=utcnow())
    repo.write(head=revised, head_revision=revision, versions=[revised])
    return revised


def publish_template(repo: TemplateRepository, user: User, template_id: str) -> Template:
    latest, revision = _latest(repo, user.company_id, template_id)
    now = utcnow()
    published = rules.publish(latest, now=now)
    # The version this one replaces stops taking new interviews; existing ones keep their copy.
    replaced = [
        rules.archive(v, now=now)
        for v in repo.versions(user.company_id, template_id)
        if v.status is TemplateStatus.ACTIVE and v.version != published.version
    ]
    repo.write(
        head=published,
        head_revision=revision,
        versions=[published, *replaced],
        events=[events.template_published(published)],
    )
    return published


def archive_template(repo: TemplateRepository, user: User, template_id: str) -> Template:
    latest, revision = _latest(repo, user.company_id, template_id)
    now = utcnow()
    archived = rules.archive(latest, now=now)
    others = [
        rules.archive(v, now=now)
        for v in repo.versions(user.company_id, template_id)
        if v.status is not TemplateStatus.ARCHIVED and v.version != archived.version
    ]
    repo.write(head=archived, head_revision=revision, versions=[archived, *others])
    return archived


def _latest(repo: TemplateRepository, company_id: str, template_id: str) -> tuple[Template, int]:
    found = repo.latest(company_id, template_id)
    if found is None:
        raise NotFound(f"template {template_id} not found")
    return found
