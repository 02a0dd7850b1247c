"""Candidates' data-protection rights: exports, erasures and the requests candidates make."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from functions.domain.text import Email, MultiLine
from functions.privacy.models import RequestKind, RequestStatus


class CandidateIdentity(BaseModel):
    """A candidate within the company: their directory entries and every interview sent to this
    address (compared in lower case). In the body, not the path, so it stays out of logs."""

    email: Email


class CandidateExportPublic(BaseModel):
    id: str
    download_url: str = Field(description="Presigned link to the zip (short-lived)")
    expires_in_seconds: int
    size_bytes: int
    files: int = Field(description="Files in the zip: JSON documents and media objects")
    interviews: int
    live_interviews: int
    media_objects: int
    created_at: datetime


class ErasurePublic(BaseModel):
    erasure_id: str | None = Field(
        description="The anonymous tombstone left; null when nothing named the candidate any "
        "more (already erased, or never known): erasing again is harmless"
    )
    erased_at: datetime | None
    interviews_erased: int
    live_interviews_erased: int
    objects_deleted: int = Field(description="S3 objects, versions and delete markers")
    items_deleted: int = Field(description="Table items")


class DataRequestPublic(BaseModel):
    id: str
    kind: RequestKind
    status: RequestStatus
    name: str
    email: str
    interview_id: str | None = Field(description="The interview whose email carried the link")
    live_interview_id: str | None = Field(
        description="Or the live interview's, when the link came in a live interview's email"
    )
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    export_id: str | None


class DataRequestList(BaseModel):
    items: list[DataRequestPublic]


class DataRequestDenial(BaseModel):
    reason: MultiLine = Field(min_length=1, max_length=1000, description="Shown to admins")


class DataRequestApproval(BaseModel):
    request: DataRequestPublic | None = Field(
        description="The completed request; null after an erasure, which removes it too"
    )
    export: CandidateExportPublic | None = None
    erasure: ErasurePublic | None = None


class DataRequestCreate(BaseModel):
    token: str = Field(
        min_length=10, max_length=2048, pattern=r"^[A-Za-z0-9_.-]+$",
        description="The signed token of the link in the candidate's email",
    )  # fmt: skip
    kind: RequestKind


class DataRequestReceipt(BaseModel):
    """What the candidate sees: the request is waiting for the company's admins."""

    id: str
    kind: RequestKind
    status: RequestStatus
    created_at: datetime
