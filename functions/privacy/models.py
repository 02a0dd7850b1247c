"""What the privacy use cases keep: export jobs, erasure tombstones, candidates' requests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from functions.events.catalog import ExternalIds

EXPORT_LINK_SECONDS = 15 * 60  # a staff member's presigned download link
CANDIDATE_LINK_DAYS = 7  # the emailed download link (re-signed for a few minutes at each click)


def normalise_email(email: str) -> str:
    """One person within a company: the address, trimmed and in lower case."""
    return email.strip().lower()


class CandidateExport(BaseModel):
    """One zip of everything held about a candidate (exports/<company>/candidates/<id>.zip).
    It names the candidate, so erasing them deletes it and its zip."""

    company_id: str
    id: str
    email: str  # normalised
    key: str
    size_bytes: int
    files: int
    interviews: int
    live_interviews: int = 0
    media_objects: int
    created_at: datetime
    created_by: str | None  # the member, or None for a candidate's approved request
    request_id: str | None = None


class Erasure(BaseModel):
    """The anonymous tombstone an erasure leaves: ids and counts, never a name or an email.
    The interviews' analytics facts (STATS#IV#<id>, anonymous too) stay, so counts stay right."""

    company_id: str
    id: str
    erased_at: datetime
    erased_by: str | None
    interview_ids: list[str]
    live_interview_ids: list[str] = Field(default_factory=list)
    candidate_ids: list[str]
    external: list[ExternalIds] = Field(default_factory=list)
    objects_deleted: int
    items_deleted: int


class ErasureReport(BaseModel):
    erasure: Erasure | None  # None: nothing named this candidate (already erased, or unknown)
    interviews_erased: int
    live_interviews_erased: int = 0
    objects_deleted: int
    items_deleted: int


class RequestKind(StrEnum):
    EXPORT = "export"
    ERASURE = "erasure"


class RequestStatus(StrEnum):
    PENDING = "pending"
    DENIED = "denied"
    COMPLETED = "completed"


class DataRequest(BaseModel):
    """A candidate asked, from a link in one of their emails, for their data or its erasure;
    the company's admins approve or deny it."""

    company_id: str
    id: str
    kind: RequestKind
    status: RequestStatus = RequestStatus.PENDING
    email: str  # normalised
    name: str
    language: Literal["en", "ru", "de", "es"] = "en"
    interview_id: str | None = None  # the interview whose email carried the link, or
    live_interview_id: str | None = None  # the live interview's
    created_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None  # a denial's, shown to admins
    export_id: str | None = None
