"""Signing in, knowing who is asking, companies and their team members."""

from __future__ import annotations

from datetime import datetime

from functions.domain.companies import Branding, Company, Language, Role, User
from functions.domain.errors import Forbidden, NotFound, Unauthenticated
from functions.domain.ids import new_id
from functions.identity.ports import IdentityProvider, Tokens, TokenVerifier
from functions.storage.repositories import CompanyRepository, UserRepository


def login(identity: IdentityProvider, email: str, password: str) -> Tokens:
    return identity.sign_in(email, password)


def authenticate(verifier: TokenVerifier, users: UserRepository, token: str) -> User:
    claims = verifier.verify(token)
    user = users.by_email(claims.username)
    if user is None:
        raise Unauthenticated("this account has no profile on the platform; ask your admin")
    return user


def require_role(user: User, roles: frozenset[Role]) -> None:
    if not user.can(roles):
        allowed = ", ".join(sorted(r.value for r in roles))
        raise Forbidden(f"this needs one of the roles {allowed}; you are {user.role.value}")


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
    user = User(
        id=new_id(),
        company_id=company_id,
        email=email.lower(),
        name=name,
        role=role,
        language=language,
        created_at=now,
    )
    users.add(user)
    identity.register(user.email, password, role.value)
    return user


def get_company(companies: CompanyRepository, company_id: str) -> Company:
    company = companies.get(company_id)
    if company is None:
        raise NotFound(f"company {company_id} not found")
    return company
