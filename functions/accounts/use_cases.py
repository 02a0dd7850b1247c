"""Signing in (with TOTP where the role requires it), knowing who is asking, companies and
their team members."""

from __future__ import annotations

import secrets
import string
from datetime import datetime

from pydantic import BaseModel

from functions.domain.companies import Branding, Company, Language, Role, User
from functions.domain.errors import Forbidden, NotFound, Unauthenticated
from functions.domain.ids import new_id
from functions.events import producers
from functions.identity.ports import (
    ChallengeName,
    IdentityProvider,
    SignInResult,
    TokenVerifier,
    TotpSetup,
)
from functions.storage.repositories import CompanyRepository, UserRepository


def login(identity: IdentityProvider, email: str, password: str) -> SignInResult:
    return identity.sign_in(email, password)


def answer_login_challenge(
    identity: IdentityProvider,
    email: str,
    challenge: ChallengeName,
    session: str,
    *,
    code: str | None,
    new_password: str | None,
) -> SignInResult:
    return identity.answer_challenge(
        email, challenge, session, code=code, new_password=new_password
    )


def authenticate(verifier: TokenVerifier, users: UserRepository, token: str) -> User:
    claims = verifier.verify(token)
    user = users.by_email(claims.username)
    if user is None:
        raise Unauthenticated("this account has no profile on the platform; ask your admin")
    return user


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
    enabled = user.model_copy(update={"mfa_enabled": True})
    users.save(enabled)
    return enabled


def register_company(
    companies: CompanyRepository,
    users: UserRepository,
    identity: IdentityProvider,
    *,
    company_name: str,
    admin_email: str,
    admin_name: str,
    admin_password: str,
    now: datetime,
    branding: Branding | None = None,
) -> tuple[Company, User]:
    company = Company(
        id=new_id(), name=company_name, branding=branding or Branding(), created_at=now
    )
    companies.add(company)
    admin = add_user(
        users,
        identity,
        company_id=company.id,
        email=admin_email,
        name=admin_name,
        role=Role.ADMIN,
        password=admin_password,
        now=now,
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
) -> User:
    """A user with a known, permanent password (seed data and tests)."""
    user = _new_user(company_id, email, name, role, language, now)
    users.add(user)
    identity.register(user.email, password, role.value)
    return user


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
    # The welcome email carries no password: the admin hands the temporary one over (shown once).
    users.add(user, events=[producers.team_member_added(user, admin.id)])
    temporary = temporary_password()
    identity.invite(user.email, temporary, role.value)
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


def update_member(
    users: UserRepository,
    identity: IdentityProvider,
    admin: User,
    user_id: str,
    changes: dict[str, object],
) -> User:
    member = users.get(admin.company_id, user_id)
    if member is None:
        raise NotFound(f"user {user_id} not found")
    updated = member.model_validate({**member.model_dump(), **changes})
    if updated.role is not member.role:
        _ensure_an_admin_remains(users, admin.company_id, member, updated)
        identity.change_group(member.email, member.role.value, updated.role.value)
    users.save(updated)
    return updated


def _ensure_an_admin_remains(
    users: UserRepository, company_id: str, member: User, updated: User
) -> None:
    if member.role is Role.ADMIN and updated.role is not Role.ADMIN:
        admins = [u for u in users.members(company_id) if u.role is Role.ADMIN]
        if len(admins) <= 1:
            raise Forbidden("a company needs at least one admin; promote someone else first")


def update_profile(users: UserRepository, user: User, changes: dict[str, object]) -> User:
    updated = user.model_validate({**user.model_dump(), **changes})
    users.save(updated)
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
