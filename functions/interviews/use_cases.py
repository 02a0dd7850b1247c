"""Inviting candidates and managing their interviews, from the recruiter's side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

from functions.billing.plans import UsageExhausted
from functions.billing.quotas import interview_claim, quota_exceeded, warn_of_usage
from functions.domain import interviews as rules
from functions.domain.clock import utcnow
from functions.domain.companies import Role, User
from functions.domain.errors import Conflict, NotFound, StaleRevision
from functions.domain.ids import new_id
from functions.domain.interviews import (
    Answer,
    Candidate,
    DecisionEntry,
    Interview,
    InterviewStatus,
    Outcome,
    Progress,
)
from functions.domain.retention import DEFAULT_RETENTION_MONTHS, recordings_due
from functions.domain.templates import Template, TemplateStatus
from functions.events import producers as events
from functions.metrics_catalog import INTERVIEWS_CREATED
from functions.observability import metrics
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository
    from functions.storage.repositories import (
        CompanyRepository,
        InterviewRepository,
        TemplateRepository,
        UserRepository,
    )


class Invitation(BaseModel):
    """An interview together with its link; the token exists only in this response."""

    interview: Interview
    token: str


def create_interview(
    interviews: InterviewRepository,
    templates: TemplateRepository,
    users: UserRepository,
    billing: BillingRepository,
    user: User,
    *,
    template_id: str,
    candidate: Candidate,
    deadline: datetime | None,
    reviewer_ids: list[str],
    default_days: int,
    upgrade_url: str,
) -> Invitation:
    """Counted against the company's monthly quota in the same write: QuotaExceeded (402)
    when the plan's interviews for this month are used up."""
    now = utcnow()
    deadline = deadline or now + timedelta(days=default_days)
    rules.ensure_deadline_in_future(deadline, now)
    template = publishable_version(templates, user.company_id, template_id)
    _ensure_reviewers(users, user.company_id, reviewer_ids)
    interview, token = _new_interview(user, template, candidate, deadline, reviewer_ids, now)
    claim, plan = interview_claim(billing, user.company_id, now)
    try:
        interviews.add(
            interview,
            events=[
                events.interview_created(interview),
                events.interview_invited(interview, token),
                *[events.reviewer_assigned(interview, r, user.id) for r in interview.reviewer_ids],
            ],
            usage=claim,
        )
    except UsageExhausted as refused:
        raise quota_exceeded(plan, refused.used, 1, now, upgrade_url) from None
    warn_of_usage(billing, claim, plan)
    metrics.add_metric(name=INTERVIEWS_CREATED, unit=MetricUnit.Count, value=1)
    return Invitation(interview=interview, token=token)


def _new_interview(
    user: User,
    template: Template,
    candidate: Candidate,
    deadline: datetime,
    reviewer_ids: list[str],
    now: datetime,
) -> tuple[Interview, str]:
    token = rules.new_invitation_token()
    interview = Interview(
        company_id=user.company_id,
        id=new_id(),
        template_id=template.id,
        template_version=template.version,
        template_name=template.name,
        questions=template.questions,
        candidate=candidate,
        deadline=deadline,
        token_hash=rules.hash_token(token),
        reviewer_ids=sorted(set(reviewer_ids)),
        scorecard_template_id=template.scorecard_template_id,
        created_by=user.id,
        created_at=now,
        invited_at=now,
    )
    return interview, token


def create_interviews(
    interviews: InterviewRepository,
    templates: TemplateRepository,
    users: UserRepository,
    billing: BillingRepository,
    user: User,
    *,
    template_id: str,
    candidates: list[Candidate],
    deadline: datetime | None,
    reviewer_ids: list[str],
    default_days: int,
    upgrade_url: str,
) -> list[Invitation]:
    """One interview per candidate, all or nothing against the plan's interviews this month:
    the whole batch is claimed in one conditional update before any interview is written (a
    batch of 100 is more than one transaction holds), so a batch the plan cannot take creates
    none (402 naming how many were asked); a write that fails midway gives back what it did
    not create."""
    now = utcnow()
    deadline = deadline or now + timedelta(days=default_days)
    rules.ensure_deadline_in_future(deadline, now)
    template = publishable_version(templates, user.company_id, template_id)
    _ensure_reviewers(users, user.company_id, reviewer_ids)
    batch = [_new_interview(user, template, c, deadline, reviewer_ids, now) for c in candidates]
    # The storage's counter (PynamoDB): imported for this call, not for the API's cold start.
    from functions.storage.repositories import claim_usage, release_usage

    claim, plan = interview_claim(billing, user.company_id, now, count=len(batch))
    try:
        claim_usage(claim)
    except UsageExhausted as refused:
        raise quota_exceeded(plan, refused.used, len(batch), now, upgrade_url) from None
    written = 0
    try:
        for interview, token in batch:
            interviews.add(
                interview,
                events=[
                    events.interview_created(interview),
                    events.interview_invited(interview, token),
                    *[
                        events.reviewer_assigned(interview, r, user.id)
                        for r in interview.reviewer_ids
                    ],
                ],
            )
            written += 1
    finally:
        release_usage(claim, len(batch) - written)
    warn_of_usage(billing, claim, plan)
    metrics.add_metric(name=INTERVIEWS_CREATED, unit=MetricUnit.Count, value=written)
    return [Invitation(interview=interview, token=token) for interview, token in batch]


def publishable_version(repo: TemplateRepository, company_id: str, template_id: str) -> Template:
    head = repo.latest(company_id, template_id)
    if head is None:
        raise NotFound(f"template {template_id} not found")
    if head[0].status is TemplateStatus.ACTIVE:
        return head[0]
    active = [
        v for v in repo.versions(company_id, template_id) if v.status is TemplateStatus.ACTIVE
    ]
    if not active:
        raise Conflict(
            f"template {template_id} has no published version; publish it before inviting"
        )
    return max(active, key=lambda v: v.version)


def _ensure_reviewers(users: UserRepository, company_id: str, reviewer_ids: list[str]) -> None:
    for reviewer_id in reviewer_ids:
        reviewer = users.get(company_id, reviewer_id)
        if reviewer is None:
            raise NotFound(f"reviewer {reviewer_id} is not a member of this company")


def get_interview(
    interviews: InterviewRepository, user: User, interview_id: str
) -> tuple[Interview, int, list[Answer]]:
    interview, revision = _visible(interviews, user, interview_id)
    answers = [a for a, _ in interviews.answers(user.company_id, interview_id)]
    return interview, revision, answers


def recordings_delete_on(companies: CompanyRepository, interview: Interview) -> datetime:
    """When the retention purge will delete this interview's recordings (as of now)."""
    company = companies.get(interview.company_id)
    months = company.recording_retention_months if company else DEFAULT_RETENTION_MONTHS
    return recordings_due(interview, months)


def list_interviews(
    interviews: InterviewRepository,
    user: User,
    *,
    status: InterviewStatus | None,
    template_id: str | None,
    limit: int,
    cursor: str | None,
    search: str | None = None,
) -> Page[tuple[Interview, Progress]]:
    """A page of interviews, each with its progress for the list."""
    page = interviews.page(
        user.company_id,
        status=status,
        template_id=template_id,
        reviewer_id=_own_only(user),
        limit=limit,
        cursor=cursor,
        search=search,
    )
    items = [(i, listed_progress(interviews, i)) for i, _ in page.items]
    return Page(items=items, next_cursor=page.next_cursor)


def listed_progress(interviews: InterviewRepository, interview: Interview) -> Progress:
    """A finished interview answered every question and an unstarted one none, so neither reads
    anything; the others read their answers (one query in the tenant's partition each)."""
    total = len(interview.questions)
    if interview.status in (InterviewStatus.COMPLETED, InterviewStatus.ANALYZED):
        return Progress(
            answered=total, total=total, current_question_index=None, remaining_seconds_estimate=0
        )
    if interview.status is InterviewStatus.PENDING:
        return rules.progress(interview, [])
    answers = [a for a, _ in interviews.answers(interview.company_id, interview.id)]
    return rules.progress(interview, answers)


def count_interviews(interviews: InterviewRepository, user: User) -> dict[str, int]:
    return interviews.count_by_status(user.company_id, _own_only(user))


def _own_only(user: User) -> str | None:
    """Interviewers see the interviews they are assigned to; others see the company's."""
    return user.id if user.role is Role.INTERVIEWER else None


T = TypeVar("T")
COMMAND_ATTEMPTS = 3  # reads of an interview a recruiter's command makes when others write it


def _on_current(
    interviews: InterviewRepository,
    user: User,
    interview_id: str,
    command: Callable[[Interview, int], T],
) -> T:
    """A recruiter's command applied to the interview as it is. Other writers save the item
    between its read and its write (the candidate's welcome page storing its tips, a reminder,
    the pipeline): the command is then applied again to a fresh, consistent read, its checks
    run again on what it finds, and the other write is kept. (Not for a decision: a decision
    raced by another member's is a conflict for a person to see.)"""
    for attempt in range(1, COMMAND_ATTEMPTS):
        try:
            return command(
                *visible_interview(interviews, user, interview_id, consistent=attempt > 1)
            )
        except StaleRevision:
            continue
    return command(*visible_interview(interviews, user, interview_id, consistent=True))


def cancel_interview(interviews: InterviewRepository, user: User, interview_id: str) -> Interview:
    def cancel(interview: Interview, revision: int) -> Interview:
        now = utcnow()
        rules.ensure_cancellable(interview, now)
        cancelled = interview.model_copy(
            update={"status": InterviewStatus.CANCELLED, "cancelled_at": now}
        )
        interviews.save(cancelled, revision)
        return cancelled

    return _on_current(interviews, user, interview_id, cancel)


def resend_invitation(
    interviews: InterviewRepository, user: User, interview_id: str, deadline: datetime | None
) -> Invitation:
    """A new link replaces the old one (only a hash is stored, so the old link cannot be
    re-sent); the old link stops working at once. A new deadline may extend the interview."""

    def resend(interview: Interview, revision: int) -> Invitation:
        now = utcnow()
        rules.ensure_resendable(interview, deadline, now)
        token = rules.new_invitation_token()
        resent = interview.model_copy(
            update={
                "token_hash": rules.hash_token(token),
                "deadline": deadline or interview.deadline,
                "invited_at": now,
                "invitations_sent": interview.invitations_sent + 1,
            }
        )
        interviews.save(resent, revision, events=[events.interview_invited(resent, token)])
        return Invitation(interview=resent, token=token)

    return _on_current(interviews, user, interview_id, resend)


def extend_deadline(
    interviews: InterviewRepository, user: User, interview_id: str, deadline: datetime
) -> Interview:
    """Moves an unfinished, uncancelled interview's deadline later; an expired link works
    again (same link: the candidate keeps the one they were sent). The candidate is emailed
    the new deadline (interview.deadline_extended, through the outbox) and reminded again
    before it."""

    def extend(interview: Interview, revision: int) -> Interview:
        now = utcnow()
        rules.ensure_extendable(interview, deadline, now)
        reopened = interview.effective_status(now) is InterviewStatus.EXPIRED
        extended = interview.model_copy(
            update={
                "deadline": deadline,
                "status": rules.reopened_status(interview),
                "reminded_at": None,
            }
        )
        event = events.interview_deadline_extended(extended, interview.deadline, user.id, reopened)
        interviews.save(extended, revision, events=[event])
        return extended

    return _on_current(interviews, user, interview_id, extend)


def decide_interview(
    interviews: InterviewRepository, user: User, interview_id: str, outcome: Outcome, note: str
) -> Interview:
    """Every decision is kept as its own entry of the interview's history (in the same
    transaction); the interview carries the latest. A decision from before the history
    existed becomes its first entry when the next one is made."""
    interview, revision = _visible(interviews, user, interview_id)
    rules.ensure_decidable(interview)
    entry = DecisionEntry(
        id=new_id(), outcome=outcome, note=note, decided_by=user.id, decided_at=utcnow()
    )
    earlier = []
    if interview.decision is not None and not interviews.decisions(user.company_id, interview.id):
        earlier = [rules.legacy_entry(interview.decision)]
    decision = rules.Decision(**entry.model_dump(exclude={"id"}))
    decided = interview.model_copy(update={"decision": decision})
    interviews.save(
        decided, revision, events=[events.interview_decided(decided)], decisions=[*earlier, entry]
    )
    return decided


def decision_history(
    interviews: InterviewRepository, user: User, interview: Interview
) -> list[DecisionEntry]:
    """The interview's decisions, newest first."""
    return rules.decision_history(interview, interviews.decisions(user.company_id, interview.id))


def expire_interview(
    interviews: InterviewRepository,
    interview: Interview,
    revision: int,
    now: datetime | None = None,
) -> bool:
    """Write down that an open interview's deadline passed, with its interview.expired event.

    For the expiry job and for a candidate opening an overdue link; False when it was not open
    or someone else changed it first (then that writer decides).
    """
    if interview.status not in rules.OPEN_STATUSES or interview.deadline > (now or utcnow()):
        return False
    expired = interview.model_copy(update={"status": InterviewStatus.EXPIRED})
    try:
        interviews.save(expired, revision, events=[events.interview_expired(expired)])
    except Conflict:
        return False
    return True


def visible_interview(
    interviews: InterviewRepository, user: User, interview_id: str, *, consistent: bool = False
) -> tuple[Interview, int]:
    """The interview if this user may see it; otherwise the same 404 as a missing one."""
    found = interviews.get(user.company_id, interview_id, consistent=consistent)
    if found is None or (user.role is Role.INTERVIEWER and user.id not in found[0].reviewer_ids):
        raise NotFound(f"interview {interview_id} not found")
    return found


_visible = visible_interview
