"""What integrations store: API keys, imported jobs and candidates (people)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from functions.domain.companies import Language
from functions.domain.text import Email
from functions.events.catalog import ExternalIds

Scope = Literal["jobs:write", "candidates:write", "interviews:write", "hooks:write"]
ALL_SCOPES: tuple[Scope, ...] = (
    "jobs:write",
    "candidates:write",
    "interviews:write",
    "hooks:write",
)
Source = Literal["api", "greenhouse", "lever"]


def derived_id(company_id: str, key: str) -> str:
    """A stable id for an imported record: the same external id always maps to it."""
    return "x" + hashlib.sha256(f"{company_id}:{key}".encode()).hexdigest()[:25]


class ApiKey(BaseModel):
    """A company's key for the inbound API. The secret is shown once; only its hash is kept."""

    company_id: str
    id: str
    name: str = Field(min_length=1, max_length=100)
    prefix: str  # the visible start of the key, to tell keys apart in lists
    key_hash: str  # SHA-256 of the whole key
    scopes: list[Scope]
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Job(BaseModel):
    company_id: str
    id: str
    title: str = Field(min_length=1, max_length=300)
    location: str | None = None
    external: ExternalIds
    created_at: datetime
    updated_at: datetime


class CandidateProfile(BaseModel):
    """A person in the company's candidate directory (interviews refer to them by id)."""

    company_id: str
    id: str
    name: str = Field(min_length=1, max_length=200)
    email: Email
    language: Language = "en"
    phone: str | None = None
    tags: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    external: ExternalIds | None = None
    created_at: datetime
    updated_at: datetime
