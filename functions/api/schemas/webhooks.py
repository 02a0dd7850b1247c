from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from functions.domain.text import SingleLine
from functions.events.catalog import EVENT_TYPES
from functions.webhooks.domain import Attempt, DeliveryStatus

EventType = Literal[tuple(sorted(EVENT_TYPES))]  # type: ignore[valid-type]


class WebhookCreate(BaseModel):
    url: SingleLine = Field(min_length=8, max_length=2000, description="https, a public address")
    description: SingleLine = Field(default="", max_length=500)
    event_types: list[EventType] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=len(EVENT_TYPES), description="Empty: every event type"
    )


class WebhookUpdate(BaseModel):
    """Only the fields sent change; `enabled: true` re-enables a disabled endpoint."""

    url: SingleLine | None = Field(default=None, min_length=8, max_length=2000)
    description: SingleLine | None = Field(default=None, max_length=500)
    event_types: list[EventType] | None = Field(  # type: ignore[valid-type]
        default=None, max_length=len(EVENT_TYPES)
    )
    enabled: bool | None = None


class WebhookPublic(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    failing_since: datetime | None
    created_at: datetime


class WebhookWithSecret(WebhookPublic):
    """Returned on creation and rotation only: verify deliveries with this secret."""

    secret: str


class WebhookList(BaseModel):
    items: list[WebhookPublic]


class DeliveryPublic(BaseModel):
    event_id: str = Field(description="Also the webhook-id header the receiver saw")
    endpoint_id: str
    event_type: str
    status: DeliveryStatus
    attempt_count: int
    attempts: list[Attempt]
    next_attempt_at: datetime | None
    created_at: datetime
    finished_at: datetime | None
    replays: int
    event: dict[str, Any]


class DeliveryList(BaseModel):
    items: list[DeliveryPublic]
    next_cursor: str | None
