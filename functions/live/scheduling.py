"""Scheduling live interviews (admins and recruiters) and reading them (interviewers: their own).

A scheduled interview's `live_interview.scheduled` event is written with it (outbox); the
notifier emails the candidate and each interviewer an invitation with a calendar entry. The
notification schedule reminds them once, `reminder_hours_before` the start.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.clock import utcnow
from functions.domain.companies import Role, User
from functions.domain.errors import Conflict, InvalidInput, NotFound
from functions.domain.ids import new_id
from functions.domain.interviews import Candidate, hash_token
from functions.domain.templates import Question, QuestionDraft, build_questions
from functions.events import producers as events
from functions.interviews.use_cases import publishable_version
from functions.live import domain as rules
from functions.live.domain import LiveInterview, LiveStatus
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.live.store import LiveInterviewRepository
    from functions.storage.repositories import TemplateRepository, UserRepository


class LiveInvitation(BaseModel):
    """A live interview with the candidate's link token (shown once, like createInterview's)."""

    live: LiveInterview
    token: str


def schedule_live_interview(
    lives: LiveInterviewRepository,
    templates: TemplateRepository,
    users: UserRepository,
    user: User,
    *,
    link_key: str,
    candidate: Candidate,
    template_id: str | None,
    questions: list[QuestionDraft] | None,
    starts_at: datetime,
    duration_minutes: int,
    interviewer_ids: list[str],
    title: str | None = None,
) -> LiveInvitation:
    """Questions from a published template or written here (not both); every interviewer an
    active member of the company."""
    if template_id is not None and questions:
        raise InvalidInput("give template_id or questions, not both")
    panel = sorted(set(interviewer_ids))
    for member_id in panel:
        member = users.get(user.company_id, member_id)
        if member is None or not member.active:
            raise NotFound(f"interviewer {member_id} is not an active member of this company")
    template = publishable_version(templates, user.company_id, template_id) if template_id else None
    chosen: list[Question] = template.questions if template else build_questions(questions or [])
    live_id = new_id()
    token = rules.join_token(link_key, user.company_id, live_id, 1)
    live = LiveInterview(
        company_id=user.company_id,
        id=live_id,
        candidate=candidate,
        title=title or (template.name if template else "Live interview"),
        template_id=template.id if template else None,
        template_version=template.version if template else None,
        questions=chosen,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        interviewer_ids=panel,
        token_hash=hash_token(token),
        created_by=user.id,
        created_at=utcnow(),
    )
    lives.save(live, None, events=[events.live_interview_scheduled(live, token)])
    return LiveInvitation(live=live, token=token)


def visible_live_interview(
    lives: LiveInterviewRepository, user: User, live_id: str
) -> tuple[LiveInterview, int]:
    """The live interview if this user may see it (an interviewer: only those they sit on);
    otherwise the same 404 as a missing one."""
    found = lives.get(user.company_id, live_id)
    if found is None or (user.role is Role.INTERVIEWER and user.id not in found[0].interviewer_ids):
        raise NotFound(f"live interview {live_id} not found")
    return found


def list_live_interviews(
    lives: LiveInterviewRepository,
    user: User,
    *,
    status: LiveStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[LiveInterview]:
    mine = user.id if user.role is Role.INTERVIEWER else None
    return lives.page(
        user.company_id, status=status, interviewer_id=mine, limit=limit, cursor=cursor
    )


def cancel_live_interview(
    lives: LiveInterviewRepository, user: User, live_id: str
) -> LiveInterview:
    """Cancelling a cancelled interview changes nothing (and tells nobody again); an ended one
    is a 409. Everyone invited is emailed (`live_interview.cancelled`)."""
    live, revision = visible_live_interview(lives, user, live_id)
    cancelled = rules.cancel(live, user.id, utcnow())
    if cancelled is not live:
        lives.save(cancelled, revision, events=[events.live_interview_cancelled(cancelled)])
    return cancelled


def remind_live_interviews(
    lives: LiveInterviewRepository,
    company_ids: list[str],
    *,
    now: datetime,
    remind_before: timedelta,
) -> list[LiveInterview]:
    """Mark each scheduled interview whose reminder is due as reminded (once: written before
    the email goes out) and return them for the caller to email."""
    due: list[LiveInterview] = []
    for company_id in company_ids:
        for live, revision in lives.scheduled(company_id):
            if not rules.due_for_reminder(live, now, remind_before):
                continue
            reminded = live.model_copy(update={"reminded_at": now})
            try:
                lives.save(reminded, revision)
            except Conflict:
                continue
            due.append(reminded)
    return due
