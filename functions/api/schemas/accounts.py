from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, EmailStr, Field

from functions.domain.companies import Branding, Language, Role


class LoginRequest(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int
    id_token: str | None = None
    refresh_token: str | None = None


class CompanyPublic(BaseModel):
    id: str
    name: str
    branding: Branding
    default_language: Language


class MePublic(BaseModel):
    id: str
    email: EmailStr
    name: str
    role: Role
    language: Language
    created_at: datetime
    company: CompanyPublic
