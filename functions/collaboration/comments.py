"""Threaded comments on an interview and its answers, with @mentions that notify.

Whoever may open the interview may comment on it (an interviewer only on the interviews assigned
to them). Mentions are member ids sent beside the text (the text keeps the name as typed). A
mentioned member is told once per comment, in the app and by email: at creation, or at the
first edit that mentions them. An interviewer who is not assigned to the interview cannot be
mentioned: the comment is refused (422) naming them and asking to assign them first, so a
mention never shows anyone an interview they may not open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.collaboration.domain import Comment, Mention, excerpt, newly_notified
from functions.domain.clock import utcnow
from functions.domain.companies import Role, User
from functions.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from functions.domain.ids import new_id
from functions.domain.interviews import Interview
from functions.events import producers as events
from functions.events.catalog import Event
from functions.interviews.use_cases import visible_interview
from functions.notifications.inbox import Notification
from functions.storage.pages import Page

if TYPE_CHECKING:
    from functions.collaboration.store import CommentRepository
    from functions.notifications.inbox_store import NotificationRepository
    from functions.storage.repositories import InterviewRepository, UserRepository


def _comment(
    comments: CommentRepository, user: User, interview_id: str, comment_id: str
) -> tuple[Comment, int]:
    found = comments.get(user.company_id, interview_id, comment_id)
    if found is None:
        raise NotFound(f"comment {comment_id} not found on interview {interview_id}")
    return found


def resolve_mentions(
    users: UserRepository, interview: Interview, mentioned_ids: list[str]
) -> list[Mention]:
    """The mentioned members, each an active member of the company who can open the interview."""
    mentions: list[Mention] = []
    unassigned: list[Mention] = []
    for user_id in dict.fromkeys(mentioned_ids):
        member = users.get(interview.company_id, user_id)
        if member is None or not member.active:
            raise NotFound(f"mentioned_user_ids: {user_id} is not an active member of this company")
        mention = Mention(user_id=member.id, name=member.name)
        if member.role is Role.INTERVIEWER and member.id not in interview.reviewer_ids:
            unassigned.append(mention)
        mentions.append(mention)
    if unassigned:
        names = ", ".join(m.name for m in unassigned)
        raise InvalidInput(
            f"mentioned_user_ids: {names} cannot open this interview; assign them as reviewers "
            "first (an admin or recruiter can), then mention them",
            unassigned_user_ids=[m.user_id for m in unassigned],
        )
    return mentions


def _thread_start(
    comments: CommentRepository,
    user: User,
    interview_id: str,
    parent_id: str,
    answer_id: str | None,
) -> Comment:
    parent, _ = _comment(comments, user, interview_id, parent_id)
    if parent.parent_id is not None:
        raise InvalidInput(
            f"parent_id: replies are one level deep; reply to the thread's first comment "
            f"{parent.parent_id}"
        )
    if parent.deleted:
        raise Conflict(f"comment {parent_id} was deleted; start a new thread instead")
    if answer_id is not None and answer_id != parent.answer_id:
        raise InvalidInput("answer_id: a reply belongs to its thread's answer; leave it out")
    return parent


def _check_moment(
    interviews: InterviewRepository,
    interview: Interview,
    answer_id: str | None,
    at_seconds: float | None,
) -> None:
    """The answer belongs to the interview, and the time lies within its video when known."""
    if answer_id is None:
        if at_seconds is not None:
            raise InvalidInput("at_seconds: a time in the video needs the answer (answer_id)")
        return
    found = interviews.answer(interview.company_id, interview.id, answer_id)
    if found is None:
        raise NotFound(f"answer {answer_id} is not part of interview {interview.id}")
    duration = found[0].duration_seconds
    if at_seconds is not None and duration is not None and at_seconds > duration:
        raise InvalidInput(
            f"at_seconds: {at_seconds:g} is past the end of the answer's video ({duration:g} s)"
        )


def _told(
    comment: Comment, interview: Interview, recipients: list[str]
) -> tuple[list[Event], list[Notification]]:
    """The `comment.mentioned` events and in-app notifications of the people newly told."""
    mentioned = [
        events.comment_mentioned(
            comment.company_id,
            comment_id=comment.id,
            interview_id=comment.interview_id,
            answer_id=comment.answer_id,
            author_id=comment.author_id,
            mentioned_user_id=user_id,
        )
        for user_id in recipients
    ]
    notifications = [
        Notification(
            company_id=comment.company_id,
            user_id=user_id,
            id=comment.id,
            interview_id=comment.interview_id,
            comment_id=comment.id,
            answer_id=comment.answer_id,
            actor_id=comment.author_id,
            actor_name=comment.author_name,
            candidate_name=interview.candidate.name,
            excerpt=excerpt(comment.text or ""),
            created_at=utcnow(),
        )
        for user_id in recipients
    ]
    return mentioned, notifications


def create_comment(
    comments: CommentRepository,
    interviews: InterviewRepository,
    users: UserRepository,
    user: User,
    interview_id: str,
    *,
    text: str,
    parent_id: str | None,
    answer_id: str | None,
    at_seconds: float | None,
    mentioned_user_ids: list[str],
) -> Comment:
    interview, _ = visible_interview(interviews, user, interview_id)
    if parent_id is not None:
        answer_id = _thread_start(comments, user, interview_id, parent_id, answer_id).answer_id
    _check_moment(interviews, interview, answer_id, at_seconds)
    mentions = resolve_mentions(users, interview, mentioned_user_ids)
    draft = Comment(
        company_id=user.company_id,
        interview_id=interview.id,
        id=new_id(),
        author_id=user.id,
        author_name=user.name,
        parent_id=parent_id,
        answer_id=answer_id,
        at_seconds=at_seconds,
        text=text,
        mentions=mentions,
        created_at=utcnow(),
    )
    recipients = newly_notified(draft, mentions, user.id)
    comment = draft.model_copy(update={"notified_ids": recipients})
    mentioned, notifications = _told(comment, interview, recipients)
    created = events.comment_created(
        comment.company_id,
        comment_id=comment.id,
        interview_id=comment.interview_id,
        answer_id=comment.answer_id,
        parent_id=comment.parent_id,
        at_seconds=comment.at_seconds,
        author_id=comment.author_id,
        mentioned_user_ids=recipients,
    )
    comments.save(comment, None, events=[created, *mentioned], notifications=notifications)
    return comment


def list_comments(
    comments: CommentRepository,
    interviews: InterviewRepository,
    user: User,
    interview_id: str,
    *,
    answer_id: str | None,
    limit: int,
    cursor: str | None,
) -> Page[Comment]:
    visible_interview(interviews, user, interview_id)
    return comments.page(
        user.company_id, interview_id, answer_id=answer_id, limit=limit, cursor=cursor
    )


def _own(comment: Comment, user: User) -> None:
    if comment.author_id != user.id:
        raise Forbidden("only its author can change or delete a comment")


def update_comment(
    comments: CommentRepository,
    interviews: InterviewRepository,
    users: UserRepository,
    user: User,
    interview_id: str,
    comment_id: str,
    *,
    text: str | None,
    mentioned_user_ids: list[str] | None,
) -> Comment:
    """The author's edit: only the fields sent change; people mentioned for the first time on
    this comment are told, nobody twice."""
    interview, _ = visible_interview(interviews, user, interview_id)
    comment, revision = _comment(comments, user, interview_id, comment_id)
    _own(comment, user)
    if comment.deleted:
        raise Conflict(f"comment {comment_id} was deleted and cannot be edited")
    mentions = (
        comment.mentions
        if mentioned_user_ids is None
        else resolve_mentions(users, interview, mentioned_user_ids)
    )
    recipients = newly_notified(comment, mentions, user.id)
    edited = comment.model_copy(
        update={
            "text": comment.text if text is None else text,
            "mentions": mentions,
            "notified_ids": [*comment.notified_ids, *recipients],
            "edited_at": utcnow(),
        }
    )
    mentioned, notifications = _told(edited, interview, recipients)
    comments.save(edited, revision, events=mentioned, notifications=notifications)
    return edited


def delete_comment(
    comments: CommentRepository,
    interviews: InterviewRepository,
    inbox: NotificationRepository,
    user: User,
    interview_id: str,
    comment_id: str,
) -> Comment:
    """Soft: the comment keeps its place in the thread (its replies stay) without its text or
    mentions, and the notifications it caused lose their excerpt in the same write. Deleting it
    again changes nothing."""
    visible_interview(interviews, user, interview_id)
    comment, revision = _comment(comments, user, interview_id, comment_id)
    _own(comment, user)
    if comment.deleted:
        return comment
    deleted = comment.model_copy(update={"text": None, "mentions": [], "deleted_at": utcnow()})
    told = [inbox.get(user.company_id, person, comment.id) for person in comment.notified_ids]
    scrubbed = [
        n.model_copy(update={"excerpt": "", "comment_deleted": True}) for n in told if n is not None
    ]
    comments.save(deleted, revision, notifications=scrubbed)
    return deleted


def mentionable_members(
    interviews: InterviewRepository, users: UserRepository, user: User, interview_id: str
) -> list[User]:
    """Who can be mentioned on this interview: active admins and recruiters, and the assigned
    reviewers (interviewers see only these names, never the whole team)."""
    interview, _ = visible_interview(interviews, user, interview_id)
    return [
        m
        for m in users.members(user.company_id)
        if m.active and (m.role is not Role.INTERVIEWER or m.id in interview.reviewer_ids)
    ]
