"""Signing in (with TOTP where the role requires it), knowing who is asking, companies and
their team members."""

from __future__ import annotations

import secrets
import string
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from functions.audit import context as audit_context
from functions.audit.log import entry_for
from functions.billing.domain import BillingAccount
from functions.billing.plans import PlanName
from functions.domain.companies import Branding, Company, Language, Role, User
from functions.domain.errors import Conflict, Forbidden, NotFound, Unauthenticated
from functions.domain.ids import new_id
from functions.events import producers
from functions.identity.ports import (
    ChallengeName,
    IdentityProvider,
    SignInResult,
    Tokens,
    TokenVerifier,
    TotpSetup,
)

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository
    from functions.storage.audit import AuditLog
    from functions.storage.repositories import CompanyRepository, UserRepository

Sleep = Callable[[float], None]


def login(
    identity: IdentityProvider,
    users: UserRepository,
    email: str,
    password: str,
    sleep: Sleep = time.sleep,
) -> SignInResult:
    return _usable(identity, users, email, identity.sign_in(email, password), sleep)


def answer_login_challenge(
    identity: IdentityProvider,
    users: UserRepository,
    email: str,
    challenge: ChallengeName,
    session: str,
    *,
    code: str | None,
    new_password: str | None,
    sleep: Sleep = time.sleep,
) -> SignInResult:
    result = identity.answer_challenge(
        email, challenge, session, code=code, new_password=new_password
    )
    return _usable(identity, users, email, result, sleep)


def _revoked_through(user: User) -> int | None:
    """The last second whose tokens are refused (token times are whole seconds)."""
    return int(user.tokens_valid_after.timestamp()) if user.tokens_valid_after else None


def _usable(
    identity: IdentityProvider,
    users: UserRepository,
    email: str,
    result: SignInResult,
    sleep: Sleep,
) -> SignInResult:
    """Tokens issued in the very second of a sign-out would be refused with the old ones;
    wait for the next second and refresh them (only right after a sign-out or role change)."""
    if not isinstance(result, Tokens) or result.issued_at is None or not result.refresh_token:
        return result
    user = users.by_email(email)
    revoked = _revoked_through(user) if user else None
    if revoked is None or result.issued_at > revoked:
        return result
    sleep(max(0.0, revoked + 1 - time.time()) + 0.05)
    return identity.refresh(email, result.refresh_token)


def record_sign_in(log: AuditLog, users: UserRepository, email: str) -> None:
    """A successful sign-in goes into the company's audit log (who, from where, when)."""
    user = users.by_email(email)
    if user is None:
        return
    audit_context.identify(user.company_id, user.id, "user", user.role.value)
    actor = audit_context.current_actor()
    if actor is not None:
        log.add(user.company_id, entry_for(actor, "sign_in", f"USER#{user.id}"))


def authenticate(verifier: TokenVerifier, users: UserRepository, token: str) -> User:
    claims = verifier.verify(token)
    user = users.by_email(claims.username)
    if user is None:
        raise Unauthenticated("this account has no profile on the platform; ask your admin")
    if not user.active:
        raise Unauthenticated("this account is deactivated; ask your admin")
    revoked = _revoked_through(user)
    if revoked is not None and claims.issued_at <= revoked:
        raise Unauthenticated("this session has ended (signed out or changed); sign in again")
    return user


def logout(users: UserRepository, identity: IdentityProvider, user: User, now: datetime) -> None:
    """Every session of the user ends: their refresh tokens in Cognito, their access tokens here."""
    users.update(
        user.company_id, user.id, lambda u: u.model_copy(update={"tokens_valid_after": now})
    )
    identity.sign_out_everywhere(user.email)


def change_password(
    identity: IdentityProvider,
    users: UserRepository,
    user: User,
    access_token: str,
    current_password: str,
    new_password: str,
    now: datetime,
) -> None:
    """A new password signs the user out everywhere, this session included."""
    identity.change_password(access_token, current_password, new_password)
    logout(users, identity, user, now)


def require_role(user: User, roles: frozenset[Role], mfa_required_roles: list[str]) -> None:
    if not user.can(roles):
        allowed = ", ".join(sorted(r.value for r in roles))
        raise Forbidden(f"this needs one of the roles {allowed}; you are {user.role.value}")
    if user.role.value in mfa_required_roles and not user.mfa_enabled:
        raise Forbidden(
            f"the {user.role.value} role must sign in with an authenticator app: set it up with "
            "setupMfa and verifyMfa, then sign in again"
        )


def start_mfa_setup(identity: IdentityProvider, user: User, access_token: str) -> TotpSetup:
    return identity.start_totp_setup(access_token, label=user.email)


def verify_mfa(
    identity: IdentityProvider, users: UserRepository, user: User, access_token: str, code: str
) -> User:
    identity.confirm_totp(access_token, code)
    _, enabled = users.update(
        user.company_id, user.id, lambda u: u.model_copy(update={"mfa_enabled": True})
    )
    return enabled


def register_company(
    companies: CompanyRepository,
    users: UserRepository,
    identity: IdentityProvider,
    billing: BillingRepository,
    *,
    company_name: str,
    admin_email: str,
    admin_name: str,
    admin_password: str,
    now: datetime,
    plan: PlanName,
    branding: Branding | None = None,
    language: Language = "en",
    admin_confirmed: bool = True,
) -> tuple[Company, User]:
    """A company on `plan` (its plan without a subscription: Free for a sign-up; seeds and
    test tenants choose) with its first admin; `language` is the admin's and the company's
    default. An admin not `admin_confirmed` signs in only after confirming their email."""
    company = Company(
        id=new_id(),
        name=company_name,
        branding=branding or Branding(),
        default_language=language,
        created_at=now,
    )
    companies.add(company)
    billing.open(BillingAccount(company_id=company.id, plan=plan))
    admin = add_user(
        users,
        identity,
        company_id=company.id,
        email=admin_email,
        name=admin_name,
        role=Role.ADMIN,
        password=admin_password,
        now=now,
        language=language,
        confirmed=admin_confirmed,
    )
    return company, admin


def add_user(
    users: UserRepository,
    identity: IdentityProvider,
    *,
    company_id: str,
    email: str,
    name: str,
    role: Role,
    password: str,
    now: datetime,
    language: Language = "en",
    confirmed: bool = True,
) -> User:
    """A user with a known, permanent password (seed data and tests; a sign-up's admin, who
    is not `confirmed` until they enter the code emailed to them)."""
    user = _new_user(company_id, email, name, role, language, now)
    create = identity.register if confirmed else identity.register_unconfirmed
    _claimed(users, identity, user, lambda: create(user.email, password, role.value))
    return user


def _claimed(
    users: UserRepository,
    identity: IdentityProvider,
    user: User,
    create_identity: Callable[[], None],
) -> None:
    """The profile and its email claim first (one transaction: one winner per address), then
    the Cognito user; when that fails the profile and the claim are taken back. A loser never
    reaches Cognito, and a Cognito user is only ever found through the claim's company."""
    users.add(user)
    try:
        try:
            create_identity()
        except Conflict:
            # We hold the claim and no older profile has the address (users.add checked), so a
            # Cognito user of it belongs to no one: left by a crash, or made by a retried call
            # whose first answer was lost. Replace it.
            identity.delete(user.email)
            create_identity()
    except BaseException:
        users.remove(user)
        raise


class Invitation(BaseModel):
    user: User
    temporary_password: str


def invite_member(
    users: UserRepository,
    identity: IdentityProvider,
    admin: User,
    *,
    email: str,
    name: str,
    role: Role,
    language: Language,
    now: datetime,
) -> Invitation:
    """A new team member signs in once with a temporary password and must choose their own."""
    user = _new_user(admin.company_id, email, name, role, language, now)
    temporary = temporary_password()
    _claimed(users, identity, user, lambda: identity.invite(user.email, temporary, role.value))
    from functions.storage.repositories import write_events  # PynamoDB: at use, not at import

    # The welcome email carries no password: the admin hands the temporary one over (shown once).
    write_events([producers.team_member_added(user, admin.id)])
    return Invitation(user=user, temporary_password=temporary)


def temporary_password(length: int = 16) -> str:
    """Random, and meeting every class of a strong pool policy (upper, lower, digit, symbol)."""
    alphabet = string.ascii_letters + string.digits
    body = [secrets.choice(alphabet) for _ in range(length - 4)]
    body += [
        secrets.choice(string.ascii_uppercase),
        secrets.choice(string.ascii_lowercase),
        secrets.choice(string.digits),
        secrets.choice("!@#%^*-_=+"),
    ]
    secrets.SystemRandom().shuffle(body)
    return "".join(body)


def _new_user(
    company_id: str, email: str, name: str, role: Role, language: Language, now: datetime
) -> User:
    return User(
        id=new_id(),
        company_id=company_id,
        email=email.lower(),
        name=name,
        role=role,
        language=language,
        created_at=now,
    )


def list_members(users: UserRepository, company_id: str) -> list[User]:
    return sorted(users.members(company_id), key=lambda u: u.created_at)


def _member(users: UserRepository, admin: User, user_id: str) -> User:
    member = users.get(admin.company_id, user_id)
    if member is None:
        raise NotFound(f"user {user_id} not found")
    return member


def update_member(
    users: UserRepository,
    identity: IdentityProvider,
    admin: User,
    user_id: str,
    changes: dict[str, object],
    now: datetime,
) -> User:

    def change(member: User) -> User:
        updated = member.model_validate({**member.model_dump(), **changes})
        if updated.role is member.role:
            return updated
        _ensure_an_admin_remains(users, admin.company_id, member, updated)
        # Tokens name the old group: the member signs in again and gets the new one.
        return updated.model_copy(update={"tokens_valid_after": now})

    before, after = users.update(admin.company_id, user_id, change)
    if after.role is not before.role:
        identity.change_group(before.email, before.role.value, after.role.value)
        identity.sign_out_everywhere(before.email)
    return after


def deactivate_member(
    users: UserRepository, identity: IdentityProvider, admin: User, user_id: str, now: datetime
) -> User:
    """The member keeps their profile, history and email, and loses access at once: the
    profile refuses their tokens from this request on, Cognito refuses new sign-ins."""
    if user_id == admin.id:
        raise Forbidden("you cannot deactivate yourself; ask another admin")

    def change(member: User) -> User:
        if not member.active:
            return member
        updated = member.model_copy(update={"active": False, "tokens_valid_after": now})
        _ensure_an_admin_remains(users, admin.company_id, member, updated)
        return updated

    _, after = users.update(admin.company_id, user_id, change)
    identity.disable(after.email)  # again on a repeat: a crash before it is healed by a retry
    return after


def reactivate_member(
    users: UserRepository, identity: IdentityProvider, admin: User, user_id: str
) -> User:
    """They sign in again with their password; tokens from before stay refused."""
    member = _member(users, admin, user_id)
    identity.enable(member.email)
    _, after = users.update(
        admin.company_id, user_id, lambda u: u.model_copy(update={"active": True})
    )
    return after


def _is_active_admin(user: User) -> bool:
    return user.role is Role.ADMIN and user.active


def _ensure_an_admin_remains(
    users: UserRepository, company_id: str, member: User, updated: User
) -> None:
    if _is_active_admin(member) and not _is_active_admin(updated):
        admins = [u for u in users.members(company_id) if _is_active_admin(u)]
        if len(admins) <= 1:
            raise Forbidden(
                "a company needs at least one admin who is active; promote someone else first"
            )


def update_profile(users: UserRepository, user: User, changes: dict[str, object]) -> User:
    _, updated = users.update(
        user.company_id, user.id, lambda u: u.model_validate({**u.model_dump(), **changes})
    )
    return updated


def get_company(companies: CompanyRepository, company_id: str) -> Company:
    company = companies.get(company_id)
    if company is None:
        raise NotFound(f"company {company_id} not found")
    return company


def update_company(
    companies: CompanyRepository, admin: User, changes: dict[str, object]
) -> Company:
    company = get_company(companies, admin.company_id)
    updated = company.model_validate({**company.model_dump(), **changes})
    companies.update(updated)
    return updated
