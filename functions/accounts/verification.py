"""Email verification of a self-serve sign-up's first admin.

moto's Cognito confirms any code and hands none to us (confirm_sign_up ignores the code;
sign_up returns no code), so the platform makes the code itself, locally and in the cloud
alike: six random digits, sent by our notifier in the admin's language (the local outbox on
`make dev`, SES in the cloud), kept only as a salted PBKDF2 hash with a 24-hour life; a right
code (compared in constant time) confirms the Cognito user with AdminConfirmSignUp. Five wrong
guesses void a code; a new one is sent at most once a minute and five times an hour.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.domain.errors import Conflict, Gone, TooManyRequests, WrongCode

if TYPE_CHECKING:
    from functions.identity.ports import IdentityProvider
    from functions.storage.registration_codes import RegistrationCodesRepository
    from functions.storage.repositories import UserRepository

CODE_LIFETIME = timedelta(hours=24)
MAX_WRONG_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(seconds=60)
SENDS_PER_HOUR = 5
_HOUR = timedelta(hours=1)
_ITERATIONS = 100_000

SendCode = Callable[[str], None]  # emails the code to the address's owner


class PendingCode(BaseModel):
    """The code last sent to an address, how often it was guessed wrong, and how many codes
    were sent in the current hour (`sends` since `window_started_at`)."""

    code_hash: str
    salt: str
    issued_at: datetime
    expires_at: datetime
    wrong_attempts: int = 0
    sends: int = 1
    window_started_at: datetime
    confirmed: bool = False


def _hash(code: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", code.encode(), bytes.fromhex(salt), _ITERATIONS).hex()


def _new_code(now: datetime, previous: PendingCode | None) -> tuple[str, PendingCode]:
    code = f"{secrets.randbelow(1_000_000):06d}"
    salt = secrets.token_hex(16)
    window = previous.window_started_at if previous else now
    sends = previous.sends + 1 if previous else 1
    if now - window >= _HOUR:
        window, sends = now, 1
    pending = PendingCode(
        code_hash=_hash(code, salt),
        salt=salt,
        issued_at=now,
        expires_at=now + CODE_LIFETIME,
        sends=sends,
        window_started_at=window,
    )
    return code, pending


def send_first_code(
    codes: RegistrationCodesRepository, email: str, now: datetime, send: SendCode
) -> None:
    """The code of a sign-up just made (replacing any code of an earlier attempt)."""
    _, revision = codes.get(email)
    code, pending = _new_code(now, None)
    codes.save(email, pending, revision)
    send(code)


def resend_code(
    codes: RegistrationCodesRepository,
    users: UserRepository,
    identity: IdentityProvider,
    email: str,
    now: datetime,
    send: SendCode,
) -> None:
    """A new code for a sign-up still waiting for its confirmation; for any other address
    nothing is sent, and the answer is the same (it names no one)."""
    if users.by_email(email) is None or not identity.awaiting_confirmation(email):
        return
    previous, revision = codes.get(email)
    if previous is not None:
        _refuse_too_soon(previous, now)
    code, pending = _new_code(now, previous)
    try:
        codes.save(email, pending, revision)
    except Conflict:  # a parallel request sent one just now
        raise TooManyRequests(
            "a new code was sent just now; wait a minute before asking again",
            retry_after_seconds=int(RESEND_INTERVAL.total_seconds()),
        ) from None
    send(code)


def _refuse_too_soon(previous: PendingCode, now: datetime) -> None:
    wait = previous.issued_at + RESEND_INTERVAL - now
    if now - previous.window_started_at < _HOUR and previous.sends >= SENDS_PER_HOUR:
        wait = max(wait, previous.window_started_at + _HOUR - now)
    if wait > timedelta(0):
        seconds = max(1, math.ceil(wait.total_seconds()))
        raise TooManyRequests(
            f"a code was sent recently; you can ask for a new one in {seconds} seconds",
            retry_after_seconds=seconds,
        )


def confirm(
    codes: RegistrationCodesRepository,
    identity: IdentityProvider,
    email: str,
    code: str,
    now: datetime,
) -> None:
    """The admin may sign in from now on. The same right code again: nothing more to do."""
    for _ in range(5):  # parallel guesses: each counts once
        pending, revision = codes.get(email)
        _check_usable(pending, now)
        assert pending is not None
        if hmac.compare_digest(_hash(code, pending.salt), pending.code_hash):
            if not pending.confirmed:
                identity.confirm_registration(email)
                confirmed = pending.model_copy(update={"confirmed": True})
                _save_quietly(codes, email, confirmed, revision)
            return
        if pending.confirmed:
            raise WrongCode("this code is not the one we emailed you", field="code")
        counted = pending.model_copy(update={"wrong_attempts": pending.wrong_attempts + 1})
        try:
            codes.save(email, counted, revision)
        except Conflict:
            continue
        left = MAX_WRONG_ATTEMPTS - counted.wrong_attempts
        if left <= 0:
            _void()
        raise WrongCode(
            f"this code is not the one we emailed you; {left} more tries for this code",
            field="code",
            attempts_left=left,
        )
    raise TooManyRequests("too many tries at once; try again shortly", retry_after_seconds=1)


def _check_usable(pending: PendingCode | None, now: datetime) -> None:
    if pending is None:
        raise Gone(
            "no code is waiting for this email (it expired or was never sent); ask for a new "
            "one (resendRegistrationCode)",
            field="code",
        )
    if pending.confirmed:
        return
    if now >= pending.expires_at:
        raise Gone(
            "this code has expired; ask for a new one (resendRegistrationCode)", field="code"
        )
    if pending.wrong_attempts >= MAX_WRONG_ATTEMPTS:
        _void()


def _void() -> None:
    raise Gone(
        f"this code was entered wrong {MAX_WRONG_ATTEMPTS} times and no longer works; ask for a "
        "new one (resendRegistrationCode)",
        field="code",
    )


def _save_quietly(
    codes: RegistrationCodesRepository, email: str, pending: PendingCode, revision: int | None
) -> None:
    """Marking it confirmed only makes a repeat cheaper; a parallel write may win."""
    with contextlib.suppress(Conflict):
        codes.save(email, pending, revision)
