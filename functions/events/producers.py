"""The events each state change produces, built from the domain objects they describe.

Use cases pass these to the repositories (`repo.save(obj, revision, events=[...])`), which write
them to the outbox in the same transaction as the change. The correlation id is the one of the
request or pipeline run that caused the change (Powertools' logger carries it), so one id runs
from the API call through the bus to a webhook delivery.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.interviews import Answer, Interview
from functions.domain.templates import Template
from functions.events import catalog as c
from functions.live.domain import LiveInterview
from functions.observability import logger
from functions.settings import get_settings


def emit(data: c.EventData, company_id: str) -> c.Event:
    correlation = logger.get_correlation_id()
    return c.new_event(data, company_id=company_id, correlation_id=correlation or None)


def candidate_url(token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/i/{token}"


def _candidate(interview: Interview) -> c.CandidateRef:
    return c.CandidateRef.model_validate(interview.candidate.model_dump(mode="json"))


def interview_created(interview: Interview) -> c.Event:
    data = c.InterviewCreated(
        interview_id=interview.id,
        template_id=interview.template_id,
        template_version=interview.template_version,
        candidate=_candidate(interview),
        deadline=interview.deadline,
        created_by=interview.created_by,
    )
    return emit(data, interview.company_id)


def interview_invited(interview: Interview, token: str) -> c.Event:
    data = c.InterviewInvited(
        interview_id=interview.id,
        candidate=_candidate(interview),
        candidate_url=candidate_url(token),
        deadline=interview.deadline,
        invitations_sent=interview.invitations_sent,
    )
    return emit(data, interview.company_id)


def interview_started(interview: Interview) -> c.Event:
    started = interview.started_at or utcnow()
    return emit(
        c.InterviewStarted(interview_id=interview.id, started_at=started), interview.company_id
    )


def interview_completed(interview: Interview) -> c.Event:
    completed = interview.completed_at or utcnow()
    data = c.InterviewCompleted(
        interview_id=interview.id,
        completed_at=completed,
        human_review_only=interview.human_review_only,
    )
    return emit(data, interview.company_id)


def interview_decided(interview: Interview) -> c.Event:
    decision = interview.decision
    if decision is None:
        raise ValueError(f"interview {interview.id} has no decision")
    data = c.InterviewDecided(
        interview_id=interview.id,
        outcome=decision.outcome.value,
        note=decision.note,
        decided_by=decision.decided_by,
    )
    return emit(data, interview.company_id)


def interview_deadline_extended(
    interview: Interview, previous_deadline: datetime, extended_by: str, reopened: bool
) -> c.Event:
    data = c.InterviewDeadlineExtended(
        interview_id=interview.id,
        candidate=_candidate(interview),
        previous_deadline=previous_deadline,
        deadline=interview.deadline,
        extended_by=extended_by,
        reopened=reopened,
        external=interview.external,
    )
    return emit(data, interview.company_id)


def interview_expired(interview: Interview) -> c.Event:
    data = c.InterviewExpired(interview_id=interview.id, deadline=interview.deadline)
    return emit(data, interview.company_id)


def interview_analyzed(interview: Interview) -> c.Event:
    analysis = interview.analysis or {}
    data = c.InterviewAnalyzed(
        interview_id=interview.id,
        overall_score=int(analysis.get("overall_score", 0)),
        recommendation=analysis.get("recommendation", "consider"),
        analysis_version=int(analysis.get("version", interview.analysis_version)),
    )
    return emit(data, interview.company_id)


def answer_uploaded(answer: Answer) -> c.Event:
    data = c.AnswerUploaded(
        interview_id=answer.interview_id,
        answer_id=answer.id,
        question_id=answer.question_id,
        attempt=answer.attempt,
        size_bytes=answer.size_bytes,
    )
    return emit(data, answer.company_id)


def answer_scored(answer: Answer) -> c.Event:
    analysis = answer.analysis or {}
    data = c.AnswerScored(
        interview_id=answer.interview_id,
        answer_id=answer.id,
        question_id=answer.question_id,
        overall=int(analysis.get("overall", 0)),
        language=answer.language,
    )
    return emit(data, answer.company_id)


def answer_failed(answer: Answer) -> c.Event:
    data = c.AnswerFailed(
        interview_id=answer.interview_id,
        answer_id=answer.id,
        question_id=answer.question_id,
        reason=answer.failure_reason or "the answer could not be processed",
        failure_kind=answer.failure_kind,
    )
    return emit(data, answer.company_id)


def template_published(template: Template) -> c.Event:
    data = c.TemplatePublished(
        template_id=template.id, version=template.version, name=template.name
    )
    return emit(data, template.company_id)


def candidate_imported(
    company_id: str, candidate_id: str, name: str, email: str, external: c.ExternalIds
) -> c.Event:
    """For the ATS import (part B): write it with the imported candidate's record."""
    data = c.CandidateImported(candidate_id=candidate_id, name=name, email=email, external=external)
    return emit(data, company_id)


def candidate_erased(
    company_id: str,
    erasure_id: str,
    *,
    candidate_ids: list[str],
    interview_ids: list[str],
    external: list[c.ExternalIds],
    erased_at: datetime,
) -> c.Event:
    """Written with the erasure's tombstone: ids only, never a name or an email."""
    data = c.CandidateErased(
        erasure_id=erasure_id,
        candidate_ids=candidate_ids,
        interview_ids=interview_ids,
        external=external,
        erased_at=erased_at,
    )
    return emit(data, company_id)


def webhook_endpoint_disabled(company_id: str, endpoint_id: str, url: str, reason: str) -> c.Event:
    data = c.WebhookEndpointDisabled(endpoint_id=endpoint_id, url=url, reason=reason)
    return emit(data, company_id)


def team_member_added(user: User, added_by: str) -> c.Event:
    data = c.TeamMemberAdded(
        user_id=user.id, name=user.name, role=user.role.value, added_by=added_by
    )
    return emit(data, user.company_id)


def payment_succeeded(company_id: str, plan: str, amount: str) -> c.Event:
    return emit(c.PaymentSucceeded(plan=plan, amount=amount), company_id)


def payment_failed(
    company_id: str, plan: str, amount: str, grace_until: datetime | None
) -> c.Event:
    return emit(c.PaymentFailed(plan=plan, amount=amount, grace_until=grace_until), company_id)


def quota_warning(
    company_id: str, plan: str, used: int, limit: int, percent: Literal[80, 100], month: str
) -> c.Event:
    data = c.QuotaWarning(plan=plan, used=used, limit=limit, percent=percent, month=month)
    return emit(data, company_id)


def reviewer_assigned(interview: Interview, user_id: str, assigned_by: str) -> c.Event:
    data = c.ReviewerAssigned(interview_id=interview.id, user_id=user_id, assigned_by=assigned_by)
    return emit(data, interview.company_id)


def comment_created(
    company_id: str,
    *,
    comment_id: str,
    interview_id: str,
    answer_id: str | None,
    parent_id: str | None,
    at_seconds: float | None,
    author_id: str,
    mentioned_user_ids: list[str],
) -> c.Event:
    data = c.CommentCreated(
        comment_id=comment_id,
        interview_id=interview_id,
        answer_id=answer_id,
        parent_id=parent_id,
        at_seconds=at_seconds,
        author_id=author_id,
        mentioned_user_ids=mentioned_user_ids,
    )
    return emit(data, company_id)


def comment_mentioned(
    company_id: str,
    *,
    comment_id: str,
    interview_id: str,
    answer_id: str | None,
    author_id: str,
    mentioned_user_id: str,
) -> c.Event:
    data = c.CommentMentioned(
        comment_id=comment_id,
        interview_id=interview_id,
        answer_id=answer_id,
        author_id=author_id,
        mentioned_user_id=mentioned_user_id,
    )
    return emit(data, company_id)


def scorecard_submitted(
    company_id: str,
    *,
    interview_id: str,
    reviewer_id: str,
    scorecard_template_id: str,
    recommendation: Literal["strong_no", "no", "yes", "strong_yes"],
    ratings: dict[str, int],
    first_submission: bool,
) -> c.Event:
    data = c.ScorecardSubmitted(
        interview_id=interview_id,
        reviewer_id=reviewer_id,
        scorecard_template_id=scorecard_template_id,
        recommendation=recommendation,
        ratings=ratings,
        first_submission=first_submission,
    )
    return emit(data, company_id)


def live_join_url(token: str) -> str:
    """The candidate's link into a live interview's room (under /i/, as recorded interviews)."""
    return f"{get_settings().public_base_url.rstrip('/')}/i/live/{token}"


def live_interview_scheduled(live: LiveInterview, token: str) -> c.Event:
    data = c.LiveInterviewScheduled(
        live_interview_id=live.id,
        candidate=c.CandidateRef.model_validate(live.candidate.model_dump(mode="json")),
        candidate_url=live_join_url(token),
        starts_at=live.starts_at,
        duration_minutes=live.duration_minutes,
        interviewer_ids=live.interviewer_ids,
        template_id=live.template_id,
        scheduled_by=live.created_by,
    )
    return emit(data, live.company_id)


def live_interview_cancelled(live: LiveInterview) -> c.Event:
    data = c.LiveInterviewCancelled(
        live_interview_id=live.id,
        cancelled_at=live.cancelled_at or utcnow(),
        cancelled_by=live.cancelled_by or "",
    )
    return emit(data, live.company_id)


def live_interview_started(live: LiveInterview) -> c.Event:
    started = live.started_at or utcnow()
    data = c.LiveInterviewStarted(live_interview_id=live.id, started_at=started)
    return emit(data, live.company_id)


def live_interview_ended(live: LiveInterview) -> c.Event:
    ended = live.ended_at or utcnow()
    started = live.started_at or ended
    data = c.LiveInterviewEnded(
        live_interview_id=live.id,
        ended_at=ended,
        ended_by=live.ended_by or "",
        duration_seconds=max(0, int((ended - started).total_seconds())),
    )
    return emit(data, live.company_id)


def live_interview_analyzed(
    live: LiveInterview,
    overall_score: int,
    recommendation: Literal["hire", "consider", "reject"],
    analysis_version: int,
) -> c.Event:
    data = c.LiveInterviewAnalyzed(
        live_interview_id=live.id,
        overall_score=overall_score,
        recommendation=recommendation,
        analysis_version=analysis_version,
    )
    return emit(data, live.company_id)
