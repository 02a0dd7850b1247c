"""Public self-serve sign-up: a company on the Free plan and its first admin, under a limit
per client address. The admin signs in once they confirm their email with the code sent to
it (functions/accounts/verification.py).

Every attempt from an address counts, whatever its outcome (a refused email or a bad password
count too, so the endpoint cannot be used to probe many addresses): at most `LIMIT` within a
fixed window of `WINDOW` from the first; past it, 429 with Retry-After until the window ends.
Without a known address (none behind CloudFront's header) no limit applies.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from functions.accounts.use_cases import register_company
from functions.accounts.verification import CODE_LIFETIME, SendCode, send_first_code
from functions.billing.plans import PlanName
from functions.domain.clock import utcnow
from functions.domain.companies import Company, Language, User
from functions.domain.errors import Conflict, EmailUnavailable, TooManyRequests

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository
    from functions.identity.ports import IdentityProvider
    from functions.storage.registration_codes import RegistrationCodesRepository
    from functions.storage.repositories import CompanyRepository, UserRepository
    from functions.storage.sign_up_attempts import SignUpAttemptsRepository, SignUpWindow

LIMIT = 10
WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class SignUpLimits:
    attempts: SignUpAttemptsRepository
    address: str | None  # the client's network address, when known
    now: Callable[[], datetime] = utcnow


def count_attempt(limits: SignUpLimits) -> None:
    """Count one attempt from the address, or TooManyRequests when its window is full."""
    if not limits.address:
        return
    now = limits.now()
    for _ in range(5):  # parallel attempts: each counts once
        window, revision = limits.attempts.get(limits.address)
        window = _current(window, now)
        if window.attempts >= LIMIT:
            assert window.started_at is not None  # a full window has started
            wait = max(1, math.ceil((window.started_at + WINDOW - now).total_seconds()))
            raise TooManyRequests(
                f"too many sign-ups from your network address; try again in {wait} seconds",
                retry_after_seconds=wait,
            )
        counted = window.model_copy(update={"attempts": window.attempts + 1})
        try:
            limits.attempts.save(limits.address, counted, revision, WINDOW)
        except Conflict:
            continue
        return
    raise TooManyRequests("too many sign-ups at once; try again shortly", retry_after_seconds=1)


def _current(window: SignUpWindow, now: datetime) -> SignUpWindow:
    if window.started_at is None or now - window.started_at >= WINDOW:
        return window.model_copy(update={"attempts": 0, "started_at": now})
    return window


class SignUpEmailUnavailable(EmailUnavailable):
    """The address belongs to someone already. Names no company, and is the same whether the
    address is an admin's, a member's or a deactivated one's."""

    def __init__(self) -> None:
        Conflict.__init__(
            self,
            "this email cannot be used to sign up; if you already have an account, sign in "
            "(or reset your password), otherwise use another address",
            code="email_unavailable",
        )


def sign_up(
    companies: CompanyRepository,
    users: UserRepository,
    identity: IdentityProvider,
    billing: BillingRepository,
    codes: RegistrationCodesRepository,
    send_code: SendCode,
    *,
    company_name: str,
    admin_name: str,
    email: str,
    password: str,
    language: Language,
    now: datetime,
) -> tuple[Company, User]:
    """A company on the Free plan with its first admin, who signs in with `password` once
    they confirm their email with the code `send_code` emails them."""
    holder = users.by_email(email)
    if holder is not None:  # before a company is made for nothing
        if not _abandoned(holder, identity, codes, now):
            raise SignUpEmailUnavailable
        # A sign-up nobody confirmed while its last code lived: it holds the address no longer
        # (its empty company stays behind, unreachable, as a lost race's does).
        users.remove(holder)
        identity.delete(holder.email)
    try:
        company, admin = register_company(
            companies,
            users,
            identity,
            billing,
            company_name=company_name,
            admin_email=email,
            admin_name=admin_name,
            admin_password=password,
            now=now,
            plan=PlanName.FREE,
            language=language,
            admin_confirmed=False,
        )
    except EmailUnavailable:  # a parallel sign-up won the address
        raise SignUpEmailUnavailable from None
    send_first_code(codes, admin.email, now, send_code)
    return company, admin


def _abandoned(
    holder: User, identity: IdentityProvider, codes: RegistrationCodesRepository, now: datetime
) -> bool:
    """An unconfirmed sign-up whose last code expired: someone who typed an address that is not
    theirs cannot keep its owner from signing up for longer than a code lives (and cannot take
    over a sign-up still waiting for its code, which could hand them the owner's account)."""
    if not identity.awaiting_confirmation(holder.email):
        return False
    pending, _ = codes.get(holder.email)
    last_sent = pending.issued_at if pending is not None else holder.created_at
    return now - last_sent >= CODE_LIFETIME
