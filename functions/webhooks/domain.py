"""Outbound webhooks: endpoints a company registers, and the deliveries of events to them."""

from __future__ import annotations

import base64
import random
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

MAX_LOGGED_ATTEMPTS = 10


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 24 random bytes, base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


class WebhookEndpoint(BaseModel):
    company_id: str
    id: str
    url: str
    description: str = ""
    event_types: list[str] = Field(default_factory=list)  # empty: every event type
    enabled: bool = True
    secret: str
    # After a rotation the old secret still signs for a day, so receivers can switch over.
    previous_secret: str | None = None
    previous_secret_expires_at: datetime | None = None
    created_by: str
    created_at: datetime
    failing_since: datetime | None = None  # first failed attempt since the last success
    disabled_reason: str | None = None
    # Set for a Zapier/Make REST hook (subscribeHook, with this API key): unsubscribeHook
    # removes it, and a 410 Gone from its target unsubscribes it instead of disabling it.
    hook_api_key_id: str | None = None

    @property
    def rest_hook(self) -> bool:
        return self.hook_api_key_id is not None

    def subscribes(self, event_type: str) -> bool:
        return self.enabled and (not self.event_types or event_type in self.event_types)

    def signing_secrets(self, now: datetime) -> list[str]:
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires and now < expires:
            return [self.secret, self.previous_secret]
        return [self.secret]


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # queued, or waiting for its next attempt
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # every attempt failed, the endpoint answered 410 or was disabled


class Attempt(BaseModel):
    number: int
    at: datetime
    status_code: int | None = None
    error: str | None = None
    duration_ms: int


class Delivery(BaseModel):
    """One event to one endpoint. Its id is the event id: the receiver's `webhook-id`."""

    company_id: str
    endpoint_id: str
    event_id: str
    event_type: str
    event: dict[str, Any]  # the envelope, the request body
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: list[Attempt] = Field(default_factory=list)  # the latest MAX_LOGGED_ATTEMPTS
    attempt_count: int = 0
    next_attempt_at: datetime | None = None
    created_at: datetime
    finished_at: datetime | None = None
    replays: int = 0  # manual and dead-letter replays

    def with_attempt(self, attempt: Attempt) -> Delivery:
        attempts = [*self.attempts, attempt][-MAX_LOGGED_ATTEMPTS:]
        return self.model_copy(update={"attempts": attempts, "attempt_count": attempt.number})


class DeliveryMessage(BaseModel):
    """What the deliveries queue carries: which delivery, which attempt, not before when."""

    company_id: str
    endpoint_id: str
    event_id: str
    attempt: int = 1
    due_at: datetime
    dead_letter_replays: int = 0


def retry_delay(
    failed_attempts: int,
    delays: list[float],
    retry_after: float | None,
    rng: random.Random | None = None,
) -> float | None:
    """Seconds before the next attempt, or None when the schedule is used up.

    delays[n] is the wait before attempt n+1 (delays[0] is the first, ~immediate one), with
    +-10 % jitter so endpoints that failed together do not retry together; a 429's
    Retry-After is honoured when longer.
    """
    if failed_attempts >= len(delays):
        return None
    base = delays[failed_attempts]
    jittered = base * (0.9 + 0.2 * (rng or random).random())  # jitter, not security
    return max(jittered, retry_after or 0.0)
