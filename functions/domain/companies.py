"""Companies (tenants) and the people who work in them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from functions.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
)
from functions.domain.text import Email, SingleLine

Language = Literal["en", "ru", "de", "es"]


class Role(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    INTERVIEWER = "interviewer"


# Who may do what. Interviewers review the candidates assigned to them and nothing else.
MANAGERS = frozenset({Role.ADMIN, Role.HR})
EVERYONE = frozenset(Role)


# Staff emails a person may turn off; everything else (security, sign-in) always goes out.
OptionalStaffEmail = Literal[
    "interview_completed", "analysis_ready", "webhook_endpoint_disabled", "mention"
]


class Branding(BaseModel):
    logo_url: str | None = Field(default=None, max_length=2048, pattern=r"^https?://")
    primary_color: str = Field(default="#3b5bdb", pattern=r"^#[0-9a-fA-F]{6}$")


# The company's privacy policy, linked from the candidate's consent: an https page.
PrivacyUrl = Annotated[str, Field(pattern=r"^https://[^\s/?#]+[^\s]*$", max_length=2048)]

# An origin a career page embeds the candidate flow from: scheme and host, no path.
EmbedOrigin = Annotated[str, Field(pattern=r"^https://[a-z0-9.-]+(:[0-9]{1,5})?$", max_length=255)]


class Company(BaseModel):
    id: str
    name: SingleLine = Field(min_length=1, max_length=200)
    branding: Branding = Field(default_factory=Branding)
    default_language: Language = "en"
    # Pages allowed to show the candidate flow in an iframe (CSP frame-ancestors).
    embed_origins: list[EmbedOrigin] = Field(default_factory=list, max_length=20)
    # Months candidates' recordings are kept after the decision (functions/domain/retention.py).
    recording_retention_months: int = Field(
        default=DEFAULT_RETENTION_MONTHS, ge=MIN_RETENTION_MONTHS, le=MAX_RETENTION_MONTHS
    )
    # Where candidates ask for help (their page's help link); else the recruiter who invited.
    support_email: Email | None = None
    # Linked from the candidate's consent to recording and AI analysis (their welcome page).
    privacy_url: PrivacyUrl | None = None
    created_at: datetime


class User(BaseModel):
    id: str
    company_id: str
    email: Email
    name: SingleLine = Field(min_length=1, max_length=200)
    role: Role
    language: Language = "en"
    mfa_enabled: bool = False
    # Emails this person chose not to receive (see OPTIONAL_STAFF_EMAILS).
    muted_notifications: list[OptionalStaffEmail] = Field(default_factory=list)
    created_at: datetime
    # A deactivated member keeps their profile (and email) but cannot sign in or use a token.
    active: bool = True
    # Access tokens issued at or before this second are refused (sign-out, deactivation, a new
    # role): Cognito's own revocation does not reach a token verified by its signature alone.
    tokens_valid_after: datetime | None = None

    def can(self, roles: frozenset[Role]) -> bool:
        return self.role in roles
