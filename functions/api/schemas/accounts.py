from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from functions.domain.companies import (
    Branding,
    EmbedOrigin,
    Language,
    OptionalStaffEmail,
    PrivacyUrl,
    Role,
)
from functions.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
)
from functions.domain.text import Email, SingleLine
from functions.identity.ports import ChallengeName


class LoginRequest(BaseModel):
    email: Email
    password: str = Field(min_length=1, max_length=256)


class RegistrationRequest(BaseModel):
    """A new company on the Free plan and its first admin (you)."""

    company_name: SingleLine = Field(min_length=1, max_length=200)
    admin_name: SingleLine = Field(min_length=1, max_length=200)
    email: Email
    password: str = Field(
        min_length=12,
        max_length=256,
        description="At least 12 characters with an upper- and a lower-case letter, a digit "
        "and a symbol",
    )
    language: Language = Field(description="Yours, and the company's default")

    @field_validator("password")
    @classmethod
    def _strong(cls, value: str) -> str:
        classes = (str.isupper, str.islower, str.isdigit, lambda c: not c.isalnum())
        if not all(any(test(c) for c in value) for test in classes):
            raise ValueError("needs an upper- and a lower-case letter, a digit and a symbol")
        return value


class LoginPublic(BaseModel):
    """Either tokens, or the next sign-in step (`challenge` + `session`): answer it with
    respondToLoginChallenge."""

    access_token: str | None = None
    token_type: str | None = None
    expires_in: int | None = None
    id_token: str | None = None
    refresh_token: str | None = None
    challenge: ChallengeName | None = None
    session: str | None = None


class ChallengeAnswer(BaseModel):
    email: Email
    challenge: ChallengeName
    session: SingleLine = Field(min_length=20, max_length=2048, description="From login")
    code: str | None = Field(default=None, pattern=r"^\d{6}$", description="SOFTWARE_TOKEN_MFA")
    new_password: str | None = Field(
        default=None, min_length=12, max_length=256, description="NEW_PASSWORD_REQUIRED"
    )


class CompanyPublic(BaseModel):
    id: str
    name: str
    branding: Branding
    default_language: Language
    embed_origins: list[str]
    recording_retention_months: int = Field(
        description="Months candidates' recordings are kept after the decision"
    )
    support_email: str | None = Field(
        default=None, description="Where candidates ask for help (their page's help link)"
    )
    privacy_url: str | None = Field(
        default=None, description="The privacy policy candidates see beside their consent"
    )


class CompanyUpdate(BaseModel):
    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    branding: Branding | None = None
    default_language: Language | None = None
    embed_origins: list[EmbedOrigin] | None = Field(
        default=None,
        max_length=20,
        description="https origins (no path) whose pages may embed the candidate flow",
    )
    recording_retention_months: int | None = Field(
        default=None,
        ge=MIN_RETENTION_MONTHS,
        le=MAX_RETENTION_MONTHS,
        description="Months candidates' recordings (and the media made from them) are kept "
        "after the decision, or after the cancellation or deadline of an interview nobody "
        f"decided; {MIN_RETENTION_MONTHS}-{MAX_RETENTION_MONTHS}, "
        f"{DEFAULT_RETENTION_MONTHS} by default. A shorter period applies to existing "
        "recordings at the next daily purge.",
    )
    support_email: Email | Literal[""] | None = Field(
        default=None,
        description="Where candidates ask for help; without it, the recruiter who invited them. "
        "null or an empty string clears it (an absent field leaves it as it is).",
    )
    privacy_url: PrivacyUrl | None = Field(
        default=None,
        description="https link to the company's privacy policy, shown to candidates beside "
        "their consent to recording and AI analysis",
    )

    def changes(self) -> dict[str, object]:
        """The fields to change: those sent with a value, and a support_email sent empty or
        null, which clears it."""
        changes = self.model_dump(exclude_none=True)
        if "support_email" in self.model_fields_set and not self.support_email:
            changes["support_email"] = None
        return changes


class UserPublic(BaseModel):
    id: str
    email: Email
    name: str
    role: Role
    language: Language
    mfa_enabled: bool
    muted_notifications: list[OptionalStaffEmail] = Field(default_factory=list)
    created_at: datetime
    active: bool = Field(default=True, description="False once an admin deactivated them")


class MePublic(UserPublic):
    company: CompanyPublic
    mfa_required: bool = Field(description="This role must use an authenticator app")


class MeUpdate(BaseModel):
    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    language: Language | None = None
    muted_notifications: list[OptionalStaffEmail] | None = Field(
        default=None, max_length=10, description="Emails you do not want; [] turns them all back on"
    )


class UserCreate(BaseModel):
    email: Email
    name: SingleLine = Field(min_length=1, max_length=200)
    role: Role
    language: Language = "en"


class UserCreated(UserPublic):
    temporary_password: str = Field(
        description="Shown once: the first sign-in with it asks for a new password"
    )


class UserUpdate(BaseModel):
    name: SingleLine | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    language: Language | None = None


class UserList(BaseModel):
    items: list[UserPublic]


class MfaSetupPublic(BaseModel):
    secret: str = Field(description="Base32 secret for the authenticator app")
    otpauth_uri: str = Field(description="Show as a QR code")


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(
        min_length=1,
        max_length=256,
        description="At least 8 characters with upper and lower case letters, a digit and a "
        "symbol (the user pool's policy; a weaker one is a 422)",
    )


class MfaVerify(BaseModel):
    code: str = Field(pattern=r"^\d{6}$")


class RegistrationPublic(BaseModel):
    """Confirm your email with the code we sent to it (confirmRegistration), then sign in with
    the email and password you chose (login)."""

    company: CompanyPublic
    admin: UserPublic
    confirmation_required: bool = Field(
        default=True, description="Always true: sign-in waits for confirmRegistration"
    )


class RegistrationConfirmation(BaseModel):
    email: Email
    code: str = Field(pattern=r"^\d{6}$", description="The 6 digits emailed at sign-up")


class RegistrationCodeRequest(BaseModel):
    email: Email
