from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from functions.api.schemas.interviews import InterviewPublic
from functions.domain.interviews import Deadline
from functions.domain.text import SingleLine
from functions.events.catalog import ExternalIds
from functions.integrations.hooks import SAMPLE_DATA
from functions.integrations.models import ALL_SCOPES, CandidateProfile, Job, Scope, Source


class ApiKeyCreate(BaseModel):
    name: SingleLine = Field(min_length=1, max_length=100, description="What the key is for")
    scopes: list[Scope] = Field(
        default_factory=lambda: list(ALL_SCOPES), min_length=1, max_length=len(ALL_SCOPES)
    )


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    prefix: str = Field(description="The visible start of the key")
    scopes: list[Scope]
    created_by: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="Shown once: only its SHA-256 hash is stored")


class ApiKeyList(BaseModel):
    items: list[ApiKeyPublic]


class JobImportRequest(BaseModel):
    source: Source = Field(default="api", description="Payload shape: api, greenhouse or lever")
    job: dict[str, Any] = Field(
        description="api: {external_id, title, location}; greenhouse: a job {id, name, offices}; "
        "lever: a posting {id, text, categories}"
    )


class JobImportResult(BaseModel):
    outcome: Literal["created", "updated", "unchanged"]
    job: Job


class CandidatesImportRequest(BaseModel):
    source: Source = Field(default="api", description="Payload shape: api, greenhouse or lever")
    candidates: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=100,
        description="api: {external_id, name, email, language, phone, tags, skills, "
        "job_external_id}; greenhouse: candidates or applications (or webhook bodies); "
        "lever: opportunities",
    )


class CandidateImportResult(BaseModel):
    outcome: Literal["created", "updated", "unchanged"]
    candidate: CandidateProfile


class CandidatesImportResult(BaseModel):
    created: int
    updated: int
    unchanged: int
    items: list[CandidateImportResult]


class BulkInviteRequest(BaseModel):
    template_id: SingleLine = Field(min_length=1, max_length=64)
    candidate_ids: list[Annotated[SingleLine, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=100
    )
    deadline: Deadline | None = None


class BulkInvitationPublic(InterviewPublic):
    candidate_url: str
    candidate_id: str | None
    external: ExternalIds | None


class BulkInviteResult(BaseModel):
    items: list[BulkInvitationPublic]


class HookSubscribe(BaseModel):
    target_url: SingleLine = Field(
        min_length=8, max_length=2048, description="https, a public address"
    )
    event_types: list[Annotated[SingleLine, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=20
    )


class HookPublic(BaseModel):
    id: str
    target_url: str
    event_types: list[str]
    created_at: datetime
    secret: str = Field(
        description="Standard Webhooks secret (whsec_...) that signs this hook's deliveries; "
        "returned only by subscribeHook"
    )


SampleEventType = Literal[tuple(sorted(SAMPLE_DATA))]  # type: ignore[valid-type]


class HookSamples(BaseModel):
    items: list[dict[str, Any]] = Field(description="One sample envelope per event type")


class HookSummary(BaseModel):
    """A REST hook as the company's admins see it: never its secret."""

    id: str
    target_url: str
    event_types: list[str]
    api_key_id: str = Field(description="The API key that subscribed it (revoking it removes it)")
    api_key_name: str | None = Field(description="That key's name; null if it is gone")
    enabled: bool
    disabled_reason: str | None
    created_at: datetime


class HookList(BaseModel):
    items: list[HookSummary]
    samples: list[dict[str, Any]] = Field(
        description="One sample envelope per event type: what a subscription receives"
    )


class CandidateList(BaseModel):
    items: list[CandidateProfile]


class CandidateDetail(BaseModel):
    candidate: CandidateProfile
    interviews: list[InterviewPublic]
