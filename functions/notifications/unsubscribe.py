"""Signed unsubscribe links: a person stops one kind of email without signing in.

The link carries who and what (company, user or interview, kind) and an HMAC over it, so it
cannot be forged or pointed at someone else; it does not expire, as mail clients keep emails.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ValidationError

from functions.domain.companies import OptionalStaffEmail, User
from functions.domain.errors import Conflict, InvalidInput, NotFound

if TYPE_CHECKING:
    from functions.storage.repositories import InterviewRepository, UserRepository


class Unsubscription(BaseModel):
    company_id: str
    kind: OptionalStaffEmail | Literal["reminder"]
    user_id: str | None = None  # staff emails
    interview_id: str | None = None  # candidate reminders


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(what: Unsubscription, key: str) -> str:
    body = _b64(what.model_dump_json(exclude_none=True).encode())
    mac = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    return f"{body}.{_b64(mac)}"


def verify(token: str, key: str) -> Unsubscription:
    body, _, mac = token.partition(".")
    expected = hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(_unb64(mac), expected)
        what = Unsubscription.model_validate(json.loads(_unb64(body))) if valid else None
    except (ValueError, ValidationError):
        what = None
    if what is None:
        raise InvalidInput("this unsubscribe link is not valid; use the link from the email")
    return what


def unsubscribe(
    what: Unsubscription, users: UserRepository, interviews: InterviewRepository
) -> None:
    """Apply an unsubscribe; doing it twice changes nothing."""
    if what.kind == "reminder" and what.interview_id:
        _mute_reminders(interviews, what.company_id, what.interview_id)
        return
    kind = what.kind
    user = users.get(what.company_id, what.user_id or "")
    if user is None or kind == "reminder":
        raise NotFound("the person this link was for no longer exists")

    def mute(user: User) -> User:
        if kind in user.muted_notifications:
            return user
        return user.model_copy(update={"muted_notifications": [*user.muted_notifications, kind]})

    users.update(user.company_id, user.id, mute)


def _mute_reminders(interviews: InterviewRepository, company_id: str, interview_id: str) -> None:
    for _ in range(3):
        found = interviews.get(company_id, interview_id)
        if found is None:
            raise NotFound("the interview this link was for no longer exists")
        interview, revision = found
        if interview.reminders_muted:
            return
        try:
            interviews.save(interview.model_copy(update={"reminders_muted": True}), revision)
            return
        except Conflict:
            continue
    raise Conflict("the interview is being changed; try the link again")
