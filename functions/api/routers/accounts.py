from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from functions import wiring
from functions.accounts import use_cases, verification
from functions.accounts.sign_in import SignInLimits, limited
from functions.accounts.sign_up import SignUpLimits, count_attempt, sign_up
from functions.api.client import client_address
from functions.api.deps import (
    AccessToken,
    Admin,
    AppSettings,
    Companies,
    CurrentUser,
    Manager,
    SignedInUser,
    Users,
)
from functions.api.idempotency import IdempotencyKey, run_once
from functions.api.params import ResourceId
from functions.api.problems import Problem
from functions.api.schemas.accounts import (
    ChallengeAnswer,
    CompanyPublic,
    CompanyUpdate,
    LoginPublic,
    LoginRequest,
    MePublic,
    MeUpdate,
    MfaSetupPublic,
    MfaVerify,
    PasswordChange,
    RegistrationCodeRequest,
    RegistrationConfirmation,
    RegistrationPublic,
    RegistrationRequest,
    UserCreate,
    UserCreated,
    UserList,
    UserPublic,
    UserUpdate,
)
from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.identity.ports import Challenge, SignInResult

router = APIRouter(tags=["accounts"])
_REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem},
    403: {"model": Problem},
    422: {"model": Problem},
}
_SIGN_IN_REFUSALS: dict[int | str, dict[str, Any]] = {
    **_REFUSALS,
    429: {"model": Problem, "description": "Too many failed sign-ins; see Retry-After"},
}


def _login(result: SignInResult, email: str) -> LoginPublic:
    if isinstance(result, Challenge):
        return LoginPublic(challenge=result.name, session=result.session)
    use_cases.record_sign_in(wiring.audit_log(), wiring.users(), email)
    return LoginPublic.model_validate(result.model_dump())


def _limits(request: Request) -> SignInLimits:
    def tell_owner(email: str) -> None:
        # Imported here: the notifier is for this rare email, not every sign-in.
        from functions.notifications.handlers import notifier
        from functions.notifications.use_cases import sign_in_locked

        sign_in_locked(notifier(), email)

    return SignInLimits(wiring.sign_in_attempts(), client_address(request), tell_owner)


def _send_code(email: str) -> verification.SendCode:
    def send(code: str) -> None:
        # Imported here: the notifier is for this rare email, not every request.
        from functions.notifications.handlers import notifier
        from functions.notifications.use_cases import registration_code

        registration_code(notifier(), email, code)

    return send


@router.post(
    "/auth/register",
    operation_id="registerCompany",
    status_code=status.HTTP_201_CREATED,
    response_model=RegistrationPublic,
    responses={
        409: {"model": Problem, "description": "The email cannot be used (names no company)"},
        422: {"model": Problem},
        429: {"model": Problem, "description": "Too many sign-ups from this address"},
    },
)
def register_company(body: RegistrationRequest, request: Request) -> RegistrationPublic:
    """Sign up: a new company on the Free plan with you as its first admin. We email you a
    6-digit code: confirm with it (confirmRegistration), then sign in (login) with the email
    and password; until then login answers 403 `email_not_confirmed`. An email that already
    belongs to anyone is refused with 409 without saying whose. At most 10 attempts an hour
    from one network address (429 with Retry-After past that)."""
    count_attempt(SignUpLimits(wiring.sign_up_attempts(), client_address(request)))
    company, admin = sign_up(
        wiring.companies(),
        wiring.users(),
        wiring.identity(),
        wiring.billing(),
        wiring.registration_codes(),
        _send_code(body.email),
        company_name=body.company_name,
        admin_name=body.admin_name,
        email=body.email,
        password=body.password,
        language=body.language,
        now=utcnow(),
    )
    return RegistrationPublic(
        company=CompanyPublic.model_validate(company.model_dump()),
        admin=UserPublic.model_validate(admin.model_dump()),
    )


@router.post(
    "/auth/register/confirm",
    operation_id="confirmRegistration",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={
        400: {"model": Problem, "description": "Wrong code (field `code`, `attempts_left`)"},
        410: {"model": Problem, "description": "No usable code: expired, voided or none sent"},
        422: {"model": Problem},
        429: {"model": Problem},
    },
)
def confirm_registration(body: RegistrationConfirmation) -> Response:
    """Confirms a sign-up's email with the code we sent to it; then sign in (login). A code
    lives 24 hours and 5 wrong tries void it (410: ask for a new one). The same right code
    again is accepted (nothing more happens)."""
    verification.confirm(
        wiring.registration_codes(), wiring.identity(), body.email, body.code, utcnow()
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/auth/register/resend",
    operation_id="resendRegistrationCode",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    responses={
        422: {"model": Problem},
        429: {"model": Problem, "description": "Too soon after the last code; see Retry-After"},
    },
)
def resend_registration_code(body: RegistrationCodeRequest) -> Response:
    """Emails a new code (the old one stops working) when this email has a sign-up waiting
    for confirmation; the same 202 for any other address, so it names no one. At most one
    code a minute and five an hour per address (429 with Retry-After)."""
    verification.resend_code(
        wiring.registration_codes(),
        wiring.users(),
        wiring.identity(),
        body.email,
        utcnow(),
        _send_code(body.email),
    )
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/auth/login",
    operation_id="login",
    response_model=LoginPublic,
    responses={
        **_SIGN_IN_REFUSALS,
        403: {"model": Problem, "description": "`email_not_confirmed`: confirmRegistration first"},
    },
)
def login(body: LoginRequest, request: Request) -> LoginPublic:
    """Email and password. Returns tokens, or a challenge when the account uses TOTP
    (SOFTWARE_TOKEN_MFA) or must choose a password (NEW_PASSWORD_REQUIRED).

    After 5 failed sign-ins to an account, or 20 from one address, within 15 minutes, attempts
    are refused with 429 and Retry-After (30 s, doubling with each further failure, at most
    15 minutes) and the account's owner is emailed."""
    result = limited(
        _limits(request),
        body.email,
        lambda: use_cases.login(wiring.identity(), wiring.users(), body.email, body.password),
    )
    return _login(result, body.email)


@router.post(
    "/auth/logout",
    operation_id="logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={401: {"model": Problem}},
)
def logout(user: SignedInUser, users: Users) -> Response:
    """Ends every session of the caller, on every device: their access tokens are refused from
    now on and their refresh tokens revoked. Sign in again to continue."""
    use_cases.logout(users, wiring.identity(), user, utcnow())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/auth/challenge",
    operation_id="respondToLoginChallenge",
    response_model=LoginPublic,
    responses=_SIGN_IN_REFUSALS,
)
def respond_to_login_challenge(body: ChallengeAnswer, request: Request) -> LoginPublic:
    """A wrong authenticator code counts as a failed sign-in (the limits of `login`)."""
    result = limited(
        _limits(request),
        body.email,
        lambda: use_cases.answer_login_challenge(
            wiring.identity(),
            wiring.users(),
            body.email,
            body.challenge,
            body.session,
            code=body.code,
            new_password=body.new_password,
        ),
    )
    return _login(result, body.email)


def _me(user: User, companies: Companies, required: list[str]) -> MePublic:
    company = use_cases.get_company(companies, user.company_id)
    return MePublic(
        **user.model_dump(exclude={"company_id"}),
        company=CompanyPublic.model_validate(company.model_dump()),
        mfa_required=user.role.value in required,
    )


@router.get("/me", operation_id="getMe", response_model=MePublic)
def get_me(user: SignedInUser, companies: Companies, settings: AppSettings) -> MePublic:
    return _me(user, companies, list(settings.mfa_required_roles or []))


@router.patch("/me", operation_id="updateMe", response_model=MePublic)
def update_me(
    body: MeUpdate, user: SignedInUser, users: Users, companies: Companies, settings: AppSettings
) -> MePublic:
    updated = use_cases.update_profile(users, user, body.model_dump(exclude_none=True))
    return _me(updated, companies, list(settings.mfa_required_roles or []))


@router.post(
    "/me/password",
    operation_id="changePassword",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=_SIGN_IN_REFUSALS,
)
def change_password(
    body: PasswordChange, user: SignedInUser, token: AccessToken, users: Users, request: Request
) -> Response:
    """Sets a new password and ends every session of the user, this one included, on every
    device: sign in again with the new password. A wrong current password is a 422 and counts
    as a failed sign-in (the limits of `login`)."""

    def change() -> None:
        use_cases.change_password(
            wiring.identity(),
            users,
            user,
            token,
            body.current_password,
            body.new_password,
            utcnow(),
        )

    limited(_limits(request), user.email, change)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/mfa/setup", operation_id="setupMfa", response_model=MfaSetupPublic)
def setup_mfa(user: SignedInUser, token: AccessToken) -> MfaSetupPublic:
    """Starts TOTP enrolment: add the secret to an authenticator app, then verifyMfa."""
    setup = use_cases.start_mfa_setup(wiring.identity(), user, token)
    return MfaSetupPublic.model_validate(setup.model_dump())


@router.post(
    "/me/mfa/verify", operation_id="verifyMfa", response_model=MePublic, responses=_REFUSALS
)
def verify_mfa(
    body: MfaVerify,
    user: SignedInUser,
    token: AccessToken,
    users: Users,
    companies: Companies,
    settings: AppSettings,
) -> MePublic:
    """Confirms enrolment with a current code; from the next sign-in on, a code is asked."""
    enabled = use_cases.verify_mfa(wiring.identity(), users, user, token, body.code)
    return _me(enabled, companies, list(settings.mfa_required_roles or []))


@router.get("/company", operation_id="getCompany", response_model=CompanyPublic)
def get_company(user: CurrentUser, companies: Companies) -> CompanyPublic:
    company = use_cases.get_company(companies, user.company_id)
    return CompanyPublic.model_validate(company.model_dump())


@router.patch("/company", operation_id="updateCompany", response_model=CompanyPublic)
def update_company(body: CompanyUpdate, admin: Admin, companies: Companies) -> CompanyPublic:
    """Name, default language and the branding (logo, colour) candidates see; the privacy
    link and retention period their consent page shows; where they ask for help."""
    company = use_cases.update_company(companies, admin, body.changes())
    return CompanyPublic.model_validate(company.model_dump())


@router.get("/users", operation_id="listUsers", response_model=UserList)
def list_users(user: Manager, users: Users) -> UserList:
    members = use_cases.list_members(users, user.company_id)
    return UserList(items=[UserPublic.model_validate(m.model_dump()) for m in members])


@router.post(
    "/users",
    operation_id="createUser",
    response_model=UserCreated,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {
            "model": Problem,
            "description": "The email belongs to someone already "
            "(in this company or another: the same answer either way)",
        }
    },
)
def create_user(
    body: UserCreate, admin: Admin, users: Users, key: IdempotencyKey = None
) -> UserCreated:
    """Adds a team member with a role; they sign in first with the temporary password."""

    def create() -> UserCreated:
        invitation = use_cases.invite_member(
            users,
            wiring.identity(),
            admin,
            email=body.email,
            name=body.name,
            role=body.role,
            language=body.language,
            now=utcnow(),
        )
        return UserCreated(
            **invitation.user.model_dump(), temporary_password=invitation.temporary_password
        )

    return UserCreated.model_validate(
        run_once(
            key,
            tenant=admin.company_id,
            operation="createUser",
            caller=admin.id,
            payload=body.model_dump(mode="json"),
            action=create,
        )
    )


@router.patch(
    "/users/{user_id}", operation_id="updateUser", response_model=UserPublic, responses=_REFUSALS
)
def update_user(user_id: ResourceId, body: UserUpdate, admin: Admin, users: Users) -> UserPublic:
    """A new role applies at once: the member's sessions end and they sign in again."""
    changes = body.model_dump(exclude_none=True)
    updated = use_cases.update_member(users, wiring.identity(), admin, user_id, changes, utcnow())
    return UserPublic.model_validate(updated.model_dump())


@router.post(
    "/users/{user_id}/deactivate",
    operation_id="deactivateUser",
    response_model=UserPublic,
    responses={**_REFUSALS, 404: {"model": Problem}},
)
def deactivate_user(user_id: ResourceId, admin: Admin, users: Users) -> UserPublic:
    """The member can no longer sign in, and tokens they hold are refused at once. Their
    profile, history and email stay. Not yourself, and not the company's last active admin."""
    updated = use_cases.deactivate_member(users, wiring.identity(), admin, user_id, utcnow())
    return UserPublic.model_validate(updated.model_dump())


@router.post(
    "/users/{user_id}/reactivate",
    operation_id="reactivateUser",
    response_model=UserPublic,
    responses={**_REFUSALS, 404: {"model": Problem}},
)
def reactivate_user(user_id: ResourceId, admin: Admin, users: Users) -> UserPublic:
    """The member signs in again with their password."""
    updated = use_cases.reactivate_member(users, wiring.identity(), admin, user_id)
    return UserPublic.model_validate(updated.model_dump())
