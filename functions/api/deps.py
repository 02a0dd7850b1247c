"""Dependencies the routers declare: who is asking, and the repositories and ports they use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from functions import wiring
from functions.accounts.rate_limits import charge
from functions.accounts.rate_limits import headers as rate_limit_headers
from functions.accounts.use_cases import authenticate, require_role
from functions.audit import context as audit_context
from functions.candidates.ports import PageShell
from functions.candidates.use_cases import CandidateContext, open_session
from functions.domain.companies import EVERYONE, MANAGERS, Role, User
from functions.domain.errors import Unauthenticated
from functions.domain.rate_limits import Subject
from functions.integrations.api_keys import authenticate_key, require_scope
from functions.integrations.models import ApiKey, Scope
from functions.observability import tracer
from functions.privacy.ports import Archive, CandidateKeys
from functions.recordings.ports import RecordingStore
from functions.settings import Settings, get_settings

if TYPE_CHECKING:
    from functions.billing.store import BillingRepository
    from functions.integrations.store import ApiKeyRepository, CandidateRepository, JobRepository
    from functions.privacy.store import PrivacyStore
    from functions.storage.audit import AuditLog
    from functions.storage.repositories import (
        CompanyRepository,
        InterviewRepository,
        TemplateRepository,
        UserRepository,
    )
    from functions.webhooks.repository import WebhookRepository
else:
    # The repositories import PynamoDB and botocore: a cold start would pay for them before any
    # request. FastAPI reads only the Depends(...) of the aliases below, so at run time the
    # type is left open; wiring imports a repository when the first request asks for it.
    CompanyRepository = InterviewRepository = TemplateRepository = UserRepository = Any
    ApiKeyRepository = CandidateRepository = JobRepository = WebhookRepository = Any
    BillingRepository = AuditLog = PrivacyStore = Any

_bearer = HTTPBearer(auto_error=False, description="Cognito access token from login")
_candidate_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="CandidateToken",
    description="The token from the candidate's invitation link",
)


def _token(credentials: HTTPAuthorizationCredentials | None, what: str) -> str:
    if credentials is None or not credentials.credentials:
        raise Unauthenticated(f"send {what} as 'Authorization: Bearer <token>'")
    return credentials.credentials


def _access_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> str:
    return _token(credentials, "the access token from login")


def _limited(response: Response, subject: Subject, subject_id: str) -> None:
    """One request charged to the subject's bucket; its RateLimit-* fields on the answer."""
    decision = charge(wiring.rate_limits(), subject, subject_id)
    if decision is not None:
        response.headers.update(rate_limit_headers(decision))


def _signed_in(token: Annotated[str, Depends(_access_token)], response: Response) -> User:
    """Who is asking, before any role or MFA rule (their own profile and MFA set-up)."""
    user = authenticate(wiring.token_verifier(), wiring.users(), token)
    audit_context.identify(user.company_id, user.id, "user", user.role.value)
    # Annotations live on the request's own trace segment (logger keys would be process-wide).
    tracer.put_annotation("user.id", user.id)
    _limited(response, "user", user.id)
    return user


def _role(roles: frozenset[Role]):  # type: ignore[no-untyped-def]
    def check(
        user: Annotated[User, Depends(_signed_in)],
        settings: Annotated[Settings, Depends(get_settings)],
    ) -> User:
        require_role(user, roles, list(settings.mfa_required_roles or []))
        return user

    return check


def _candidate(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_candidate_bearer)],
    response: Response,
) -> CandidateContext:
    token = _token(credentials, "the token from your invitation link")
    context = open_session(wiring.interviews(), token)
    _limited(response, "candidate", context.interview.id)
    return context


_api_key_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="A company API key (ik_live_...), created by an admin with createApiKey",
)


def _api_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_api_key_bearer)],
    response: Response,
) -> ApiKey:
    key = authenticate_key(wiring.api_keys(), credentials.credentials if credentials else None)
    audit_context.identify(key.company_id, key.id, "api_key", "api_key")
    _limited(response, "api_key", key.id)
    return key


def _scoped(scope: Scope):  # type: ignore[no-untyped-def]
    def check(key: Annotated[ApiKey, Depends(_api_key)]) -> ApiKey:
        require_scope(key, scope)
        return key

    return check


AccessToken = Annotated[str, Depends(_access_token)]
SignedInUser = Annotated[User, Depends(_signed_in)]
CurrentUser = Annotated[User, Depends(_role(EVERYONE))]
Manager = Annotated[User, Depends(_role(MANAGERS))]
Admin = Annotated[User, Depends(_role(frozenset({Role.ADMIN})))]
Candidate = Annotated[CandidateContext, Depends(_candidate)]
JobsKey = Annotated[ApiKey, Depends(_scoped("jobs:write"))]
CandidatesKey = Annotated[ApiKey, Depends(_scoped("candidates:write"))]
InterviewsKey = Annotated[ApiKey, Depends(_scoped("interviews:write"))]
HooksKey = Annotated[ApiKey, Depends(_scoped("hooks:write"))]

AppSettings = Annotated[Settings, Depends(get_settings)]
Companies = Annotated[CompanyRepository, Depends(wiring.companies)]
Users = Annotated[UserRepository, Depends(wiring.users)]
Templates = Annotated[TemplateRepository, Depends(wiring.templates)]
Interviews = Annotated[InterviewRepository, Depends(wiring.interviews)]
AuditLogs = Annotated[AuditLog, Depends(wiring.audit_log)]
ApiKeys = Annotated[ApiKeyRepository, Depends(wiring.api_keys)]
Jobs = Annotated[JobRepository, Depends(wiring.jobs)]
Directory = Annotated[CandidateRepository, Depends(wiring.candidate_directory)]
Webhooks = Annotated[WebhookRepository, Depends(wiring.webhooks)]
Billing = Annotated[BillingRepository, Depends(wiring.billing)]
Recordings = Annotated[RecordingStore, Depends(wiring.recordings)]
Shell = Annotated[PageShell, Depends(wiring.page_shell)]
PersonalData = Annotated[PrivacyStore, Depends(wiring.privacy_store)]
PrivacyArchive = Annotated[Archive, Depends(wiring.privacy_archive)]
CandidateKeyring = Annotated[CandidateKeys, Depends(wiring.candidate_keys)]
