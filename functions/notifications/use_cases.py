"""What the platform emails, and to whom, for each bus event; and the scheduled job that sends
deadline reminders and expires overdue interviews."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from functions.collaboration.domain import excerpt
from functions.domain.companies import Company, Role, User
from functions.domain.errors import Conflict
from functions.domain.interviews import OPEN_STATUSES, Interview
from functions.events.catalog import (
    CommentMentioned,
    Event,
    EventData,
    InterviewAnalyzed,
    InterviewCompleted,
    InterviewDeadlineExtended,
    InterviewDecided,
    InterviewInvited,
    LiveInterviewCancelled,
    LiveInterviewScheduled,
    PaymentFailed,
    PaymentSucceeded,
    QuotaWarning,
    ReviewerAssigned,
    TeamMemberAdded,
    WebhookEndpointDisabled,
    parse_data,
)
from functions.interviews.use_cases import expire_interview
from functions.live import calendar
from functions.live.domain import LiveInterview, LiveStatus
from functions.notifications.ports import Attachment, Mailer, OutgoingEmail, SentEmail
from functions.notifications.rendering import render
from functions.notifications.unsubscribe import Unsubscription, sign
from functions.observability import logger
from functions.privacy.links import download_url, request_url
from functions.privacy.models import CANDIDATE_LINK_DAYS, DataRequest
from functions.storage.repositories import CompanyRepository, InterviewRepository, UserRepository

if TYPE_CHECKING:
    from functions.collaboration.store import CommentRepository
    from functions.live.store import LiveInterviewRepository


@dataclass(frozen=True)
class Notifier:
    mailer: Mailer
    companies: CompanyRepository
    users: UserRepository
    interviews: InterviewRepository
    sender: str
    base_url: str  # the web app: links in emails point into it
    unsubscribe_key: str = ""  # signs unsubscribe links
    comments: CommentRepository | None = None  # mention emails quote the comment
    lives: LiveInterviewRepository | None = None  # live interview invitations and reminders


@dataclass(frozen=True)
class _Recipient:
    email: str
    name: str
    language: Any  # Language
    user_id: str | None = None
    muted: tuple[str, ...] = ()


def format_deadline(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _send(
    n: Notifier,
    company: Company,
    to: _Recipient,
    kind: str,
    context: dict[str, Any],
    event_id: str | None,
    unsubscribe: Unsubscription | None = None,
    about_interview: str | None = None,
    attachments: Sequence[Attachment] = (),
    about_live: str | None = None,
) -> SentEmail:
    """`about_interview` (or `about_live`, a live interview's id): a candidate's email, which
    carries the link to ask the company for their data or its erasure (functions/privacy)."""
    values = {"recipient_name": to.name, "company_name": company.name, **context}
    link = None
    if unsubscribe is not None:
        token = sign(unsubscribe, n.unsubscribe_key)
        link = f"{n.base_url.rstrip('/')}/notifications/unsubscribe?token={token}"
    privacy = None
    if about_interview is not None or about_live is not None:
        privacy = request_url(
            n.base_url, company.id, about_interview, n.unsubscribe_key,
            live_interview_id=about_live,
        )  # fmt: skip
    email = render(kind, to.language, values, unsubscribe_url=link, privacy_url=privacy)
    return n.mailer.send(
        OutgoingEmail(
            to=to.email,
            sender=n.sender,
            subject=email.subject,
            text=email.text,
            html=email.html,
            kind=kind,
            language=to.language,
            company_id=company.id,
            event_id=event_id,
            attachments=list(attachments),
        )
    )


def _company(n: Notifier, company_id: str) -> Company:
    company = n.companies.get(company_id)
    if company is None:
        raise LookupError(f"company {company_id} not found")
    return company


def _interview(n: Notifier, company_id: str, interview_id: str) -> Interview:
    found = n.interviews.get(company_id, interview_id)
    if found is None:
        raise LookupError(f"interview {interview_id} not found")
    return found[0]


def _person(user: User) -> _Recipient:
    return _Recipient(
        user.email, user.name, user.language, user.id, tuple(user.muted_notifications)
    )


def _to_staff(
    n: Notifier,
    company: Company,
    people: list[_Recipient],
    kind: str,
    context: dict[str, Any],
    event_id: str,
) -> list[SentEmail]:
    """Each person who has not turned this kind of email off, with a link to turn it off."""
    return [
        _send(
            n,
            company,
            person,
            kind,
            context,
            event_id,
            Unsubscription(company_id=company.id, kind=kind, user_id=person.user_id),
        )
        for person in people
        if kind not in person.muted
    ]


def _recruiters(n: Notifier, interview: Interview) -> list[_Recipient]:
    """Who invited the candidate; the company's admins when an API key did or the inviter was
    deactivated (a deactivated member gets no more mail about the company's candidates)."""
    creator = n.users.get(interview.company_id, interview.created_by)
    if creator is not None and creator.active:
        return [_person(creator)]
    return _active_admins(n, interview.company_id)


def _active_admins(n: Notifier, company_id: str) -> list[_Recipient]:
    return [_person(u) for u in n.users.members(company_id) if u.role is Role.ADMIN and u.active]


def _candidate(interview: Interview) -> _Recipient:
    c = interview.candidate
    return _Recipient(str(c.email), c.name, c.language)


def _results_url(n: Notifier, interview_id: str) -> str:
    return f"{n.base_url.rstrip('/')}/app/interviews/{interview_id}"


def _invited(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    assert isinstance(data, InterviewInvited)
    company = _company(n, event.company_id)
    interview = _interview(n, event.company_id, data.interview_id)
    to = _Recipient(str(data.candidate.email), data.candidate.name, data.candidate.language)
    context = {
        "template_name": interview.template_name,
        "deadline": format_deadline(data.deadline),
        "candidate_url": data.candidate_url,
    }
    return [_send(n, company, to, "invitation", context, event.id, None, interview.id)]


def _to_recruiters(
    n: Notifier, event: Event, interview_id: str, kind: str, extra: dict[str, Any]
) -> list[SentEmail]:
    company = _company(n, event.company_id)
    interview = _interview(n, event.company_id, interview_id)
    context = {
        "candidate_name": interview.candidate.name,
        "template_name": interview.template_name,
        "results_url": _results_url(n, interview.id),
        **extra,
    }
    return _to_staff(n, company, _recruiters(n, interview), kind, context, event.id)


def _completed(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    assert isinstance(data, InterviewCompleted)
    return _to_recruiters(n, event, data.interview_id, "interview_completed", {})


def _analyzed(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    assert isinstance(data, InterviewAnalyzed)
    extra = {"overall_score": data.overall_score, "recommendation": data.recommendation}
    return _to_recruiters(n, event, data.interview_id, "analysis_ready", extra)


DECISION_KINDS = {
    "advance": "decision_advanced",
    "hire": "decision_hired",
    "reject": "decision_rejected",
}


def _decided(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    assert isinstance(data, InterviewDecided)
    company = _company(n, event.company_id)
    interview = _interview(n, event.company_id, data.interview_id)
    context = {"template_name": interview.template_name}
    kind = DECISION_KINDS[data.outcome]
    return [_send(n, company, _candidate(interview), kind, context, event.id, None, interview.id)]


def _deadline_extended(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The candidate, in their language: the new deadline (their link is the one they have);
    nobody when the interview was cancelled or finished before the email went out."""
    assert isinstance(data, InterviewDeadlineExtended)
    company = _company(n, event.company_id)
    interview = _interview(n, event.company_id, data.interview_id)
    if interview.status not in OPEN_STATUSES:
        return []
    context = {"template_name": interview.template_name, "deadline": format_deadline(data.deadline)}
    candidate = _candidate(interview)
    sent = _send(n, company, candidate, "deadline_extended", context, event.id, None, interview.id)
    return [sent]


def _endpoint_disabled(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    assert isinstance(data, WebhookEndpointDisabled)
    company = _company(n, event.company_id)
    admins = _active_admins(n, company.id)
    context = {
        "endpoint_url": data.url,
        "reason": data.reason,
        "settings_url": f"{n.base_url.rstrip('/')}/app/settings",
    }
    return _to_staff(n, company, admins, "webhook_endpoint_disabled", context, event.id)


def _member_added(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The welcome email, in the new member's language. It carries no password."""
    assert isinstance(data, TeamMemberAdded)
    company = _company(n, event.company_id)
    member = n.users.get(company.id, data.user_id)
    if member is None:  # removed before the email went out: nobody to welcome
        return []
    inviter = n.users.get(company.id, data.added_by)
    context = {
        "inviter_name": inviter.name if inviter is not None else company.name,
        "role": member.role.value,
        "sign_in_url": f"{n.base_url.rstrip('/')}/app",
    }
    return [_send(n, company, _person(member), "welcome", context, event.id)]


def _reviewer_assigned(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The assigned reviewer, in their language; nobody when they assigned themselves, left
    the team or were unassigned before the email went out."""
    assert isinstance(data, ReviewerAssigned)
    company = _company(n, event.company_id)
    interview = _interview(n, company.id, data.interview_id)
    reviewer = n.users.get(company.id, data.user_id)
    if (
        reviewer is None
        or not reviewer.active
        or data.user_id == data.assigned_by
        or data.user_id not in interview.reviewer_ids
    ):
        return []
    assigner = n.users.get(company.id, data.assigned_by)
    context = {
        "assigner_name": assigner.name if assigner is not None else company.name,
        "candidate_name": interview.candidate.name,
        "template_name": interview.template_name,
        "results_url": _results_url(n, interview.id),
    }
    return [_send(n, company, _person(reviewer), "reviewer_assigned", context, event.id)]


def _mentioned(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The mentioned member, in their language, unless they turned mention emails off, left
    the team, can no longer open the interview, or the comment was deleted meanwhile."""
    assert isinstance(data, CommentMentioned)
    assert n.comments is not None, "the notifier needs the comments to quote"
    company = _company(n, event.company_id)
    interview = _interview(n, company.id, data.interview_id)
    member = n.users.get(company.id, data.mentioned_user_id)
    found = n.comments.get(company.id, data.interview_id, data.comment_id)
    if member is None or not member.active or found is None or found[0].text is None:
        return []
    if member.role is Role.INTERVIEWER and member.id not in interview.reviewer_ids:
        return []
    comment = found[0]
    context = {
        "author_name": comment.author_name,
        "candidate_name": interview.candidate.name,
        "excerpt": excerpt(comment.text or ""),
        "comment_url": f"{_results_url(n, interview.id)}#comment-{comment.id}",
    }
    return _to_staff(n, company, [_person(member)], "mention", context, event.id)


def sign_in_locked(n: Notifier, email: str) -> list[SentEmail]:
    """Tell an account's owner, in their language, that failed sign-ins paused its sign-in
    (nobody to tell for an address without an account)."""
    user = n.users.by_email(email)
    if user is None:
        return []
    company = _company(n, user.company_id)
    context = {"sign_in_url": f"{n.base_url.rstrip('/')}/app"}
    return [_send(n, company, _person(user), "sign_in_locked", context, None)]


def link_requested(n: Notifier, interview: Interview) -> list[SentEmail]:
    """The candidate of an expired link asks for a new one: the recruiter who invited them (or
    the admins), each in their language; not an email one can turn off."""
    company = _company(n, interview.company_id)
    context = {
        "candidate_name": interview.candidate.name,
        "template_name": interview.template_name,
        "deadline": format_deadline(interview.deadline),
        "results_url": _results_url(n, interview.id),
    }
    return [
        _send(n, company, person, "link_requested", context, None)
        for person in _recruiters(n, interview)
    ]


def data_export_ready(
    n: Notifier, request: DataRequest, export_id: str, now: datetime
) -> SentEmail:
    """An admin approved the candidate's request for their data: the download link (signed,
    valid for a week; each click gets a fresh short-lived link to the zip), in their language."""
    company = _company(n, request.company_id)
    url = download_url(n.base_url, company.id, export_id, n.unsubscribe_key, now)
    expires = format_deadline(now + timedelta(days=CANDIDATE_LINK_DAYS))
    to = _Recipient(request.email, request.name, request.language)
    context = {"download_url": url, "expires_on": expires}
    return _send(
        n, company, to, "data_export_ready", context, None, None, request.interview_id,
        about_live=request.live_interview_id,
    )  # fmt: skip


def registration_code(n: Notifier, email: str, code: str) -> list[SentEmail]:
    """The code that confirms a sign-up's email address, to its admin in their language."""
    user = n.users.by_email(email)
    if user is None:
        return []
    company = _company(n, user.company_id)
    context = {"code": code, "confirm_url": f"{n.base_url.rstrip('/')}/app/signup"}
    return [_send(n, company, _person(user), "registration_code", context, None)]


def _payment(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """A receipt or a failed payment, to the company's admins in their languages (always:
    not an email one can turn off)."""
    assert isinstance(data, PaymentSucceeded | PaymentFailed)
    company = _company(n, event.company_id)
    kind = "payment_succeeded" if isinstance(data, PaymentSucceeded) else "payment_failed"
    context = {
        "amount": data.amount,
        "plan": data.plan,
        "billing_url": f"{n.base_url.rstrip('/')}/app/billing",
    }
    admins = _active_admins(n, company.id)
    return [_send(n, company, admin, kind, context, event.id) for admin in admins]


def _quota_warning(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """80 % or 100 % of the month's interviews used: the admins, in their languages."""
    assert isinstance(data, QuotaWarning)
    company = _company(n, event.company_id)
    context = {
        "used": data.used,
        "limit": data.limit,
        "plan": data.plan,
        "billing_url": f"{n.base_url.rstrip('/')}/app/billing",
    }
    admins = _active_admins(n, company.id)
    return [_send(n, company, admin, "quota_warning", context, event.id) for admin in admins]


# Live interviews -------------------------------------------------------------------------------


def _live(n: Notifier, company_id: str, live_id: str) -> LiveInterview:
    assert n.lives is not None, "the notifier needs the live interviews"
    found = n.lives.get(company_id, live_id)
    if found is None:
        raise LookupError(f"live interview {live_id} not found")
    return found[0]


def _panel(n: Notifier, live: LiveInterview) -> list[_Recipient]:
    members = (n.users.get(live.company_id, i) for i in live.interviewer_ids)
    return [_person(m) for m in members if m is not None and m.active]


def _room_url(n: Notifier, live: LiveInterview) -> str:
    return f"{n.base_url.rstrip('/')}/app/live/{live.id}"


def _calendar(
    n: Notifier,
    company: Company,
    live: LiveInterview,
    url: str,
    panel: list[_Recipient],
    method: str = "REQUEST",
) -> Attachment:
    """The same entry (UID) for everyone, with their own link in it; a cancellation withdraws
    it (METHOD:CANCEL, a higher SEQUENCE)."""
    _, sender = parseaddr(n.sender)
    text = calendar.invitation(
        uid=f"live-{live.id}@interviews",
        method=method,
        sequence=1 if method == "CANCEL" else 0,
        stamp=live.created_at,
        starts_at=live.starts_at,
        ends_at=live.ends_at,
        summary=f"{live.title} ({company.name})",
        description=f"{live.title}\n{url}",
        url=url,
        organizer=(company.name, sender),
        attendees=[
            (live.candidate.name, str(live.candidate.email)),
            *((p.name, p.email) for p in panel),
        ],
    )
    return Attachment(
        filename="invite.ics",
        content_type=f"text/calendar; method={method}; charset=UTF-8",
        content=text,
    )


def _live_context(live: LiveInterview, url: str) -> dict[str, Any]:
    return {
        "title": live.title,
        "starts_at": format_deadline(live.starts_at),
        "duration_minutes": live.duration_minutes,
        "join_url": url,
    }


def _live_scheduled(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The candidate (their link) and each active interviewer (the room in the app), each in
    their language, each with the calendar entry; nobody once it was cancelled."""
    assert isinstance(data, LiveInterviewScheduled)
    company = _company(n, event.company_id)
    live = _live(n, company.id, data.live_interview_id)
    if live.status is not LiveStatus.SCHEDULED:
        return []
    panel = _panel(n, live)
    join = data.candidate_url
    sent = [
        _send(
            n, company, _live_candidate(live), "live_invitation", _live_context(live, join),
            event.id, attachments=[_calendar(n, company, live, join, panel)], about_live=live.id,
        )
    ]  # fmt: skip
    room = _room_url(n, live)
    context = {**_live_context(live, room), "candidate_name": live.candidate.name}
    ics = _calendar(n, company, live, room, panel)
    for person in panel:
        sent.append(
            _send(n, company, person, "live_invitation_interviewer", context, event.id,
                  attachments=[ics])
        )  # fmt: skip
    return sent


def _live_cancelled(n: Notifier, event: Event, data: EventData) -> list[SentEmail]:
    """The candidate and the active interviewers, each in their language, with the entry
    withdrawn from their calendars."""
    assert isinstance(data, LiveInterviewCancelled)
    company = _company(n, event.company_id)
    live = _live(n, company.id, data.live_interview_id)
    panel = _panel(n, live)
    context = {"title": live.title, "starts_at": format_deadline(live.starts_at)}
    ics = _calendar(n, company, live, _room_url(n, live), panel, method="CANCEL")
    to_candidate = _send(
        n, company, _live_candidate(live), "live_cancelled", context, event.id,
        attachments=[ics], about_live=live.id,
    )  # fmt: skip
    return [
        to_candidate,
        *(
            _send(n, company, p, "live_cancelled", context, event.id, attachments=[ics])
            for p in panel
        ),
    ]


def _live_candidate(live: LiveInterview) -> _Recipient:
    c = live.candidate
    return _Recipient(str(c.email), c.name, c.language)


def remind_live(n: Notifier, live: LiveInterview, join_url: str) -> list[SentEmail]:
    """The reminder, before the start: the candidate (their link again) and the panel."""
    company = _company(n, live.company_id)
    panel = _panel(n, live)
    sent = [
        _send(
            n, company, _live_candidate(live), "live_reminder", _live_context(live, join_url),
            None, attachments=[_calendar(n, company, live, join_url, panel)], about_live=live.id,
        )
    ]  # fmt: skip
    room = _room_url(n, live)
    ics = _calendar(n, company, live, room, panel)
    for person in panel:
        context = _live_context(live, room)
        sent.append(_send(n, company, person, "live_reminder", context, None, attachments=[ics]))
    return sent


HANDLERS: dict[str, Callable[[Notifier, Event, EventData], list[SentEmail]]] = {
    "interview.invited": _invited,
    "interview.completed": _completed,
    "interview.analyzed": _analyzed,
    "interview.decided": _decided,
    "interview.deadline_extended": _deadline_extended,
    "webhook.endpoint_disabled": _endpoint_disabled,
    "team.member_added": _member_added,
    "reviewer.assigned": _reviewer_assigned,
    "comment.mentioned": _mentioned,
    "billing.payment_succeeded": _payment,
    "billing.payment_failed": _payment,
    "billing.quota_warning": _quota_warning,
    "live_interview.scheduled": _live_scheduled,
    "live_interview.cancelled": _live_cancelled,
}
NOTIFIED_EVENT_TYPES = tuple(HANDLERS)


def notify(n: Notifier, event: Event) -> list[SentEmail]:
    """The emails one bus event causes (none for types nobody is emailed about)."""
    handler = HANDLERS.get(event.type)
    if handler is None:
        return []
    sent = handler(n, event, parse_data(event))
    logger.info(
        "notified", extra={"event_id": event.id, "event_type": event.type, "emails": len(sent)}
    )
    return sent


# The schedule -------------------------------------------------------------------------------


class ScheduleReport(BaseModel):
    reminded: list[str]
    expired: list[str]


def run_schedule(
    n: Notifier,
    company_ids: Iterator[str],
    *,
    now: datetime,
    remind_before: timedelta,
) -> ScheduleReport:
    """Expire every overdue open interview (its interview.expired event written with it, through
    the outbox); remind candidates whose deadline is within `remind_before`, once each."""
    report = ScheduleReport(reminded=[], expired=[])
    for company_id in company_ids:
        for interview, revision in _open_interviews(n.interviews, company_id):
            if now >= interview.deadline:
                if expire_interview(n.interviews, interview, revision, now):
                    report.expired.append(interview.id)
            elif _due_for_reminder(interview, now, remind_before) and _mark_reminded(
                n, interview, revision, now
            ):
                _remind(n, interview)
                report.reminded.append(interview.id)
    return report


def _open_interviews(
    interviews: InterviewRepository, company_id: str
) -> Iterator[tuple[Interview, int]]:
    for status in OPEN_STATUSES:
        cursor = None
        while True:
            page = interviews.page(
                company_id,
                status=status,
                template_id=None,
                reviewer_id=None,
                limit=100,
                cursor=cursor,
            )
            yield from page.items
            if page.next_cursor is None:
                break
            cursor = page.next_cursor


def _due_for_reminder(interview: Interview, now: datetime, before: timedelta) -> bool:
    window_opens = interview.deadline - before
    if interview.reminders_muted:
        return False
    # Not for an invitation sent inside the window: it has just told the deadline.
    return (
        interview.reminded_at is None
        and window_opens <= now
        and interview.invited_at < window_opens
    )


def _mark_reminded(n: Notifier, interview: Interview, revision: int, now: datetime) -> bool:
    """Written before the email goes out: a reminder is sent at most once."""
    try:
        n.interviews.save(interview.model_copy(update={"reminded_at": now}), revision)
    except Conflict:
        return False
    return True


def _remind(n: Notifier, interview: Interview) -> None:
    company = _company(n, interview.company_id)
    context = {
        "template_name": interview.template_name,
        "deadline": format_deadline(interview.deadline),
    }
    unsubscribe = Unsubscription(
        company_id=interview.company_id, kind="reminder", interview_id=interview.id
    )
    _send(n, company, _candidate(interview), "reminder", context, None, unsubscribe, interview.id)
