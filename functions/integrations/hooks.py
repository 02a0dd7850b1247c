"""Zapier / Make REST hooks: subscribe a target URL to event types, unsubscribe, sample payloads.

Part A's deliverer calls `subscriptions_for(company_id, event_type)` and delivers the event's
envelope to each subscription's target_url (signed like every outbound webhook).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.errors import InvalidInput, NotFound
from functions.domain.ids import new_id
from functions.events.catalog import EVENT_TYPES, Event, EventData
from functions.integrations.models import ApiKey, HookSubscription
from functions.integrations.store import HookRepository

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def validate_target_url(url: str, *, allow_loopback: bool) -> str:
    """https only; plain http to this machine only when APP_WEBHOOKS_ALLOW_LOOPBACK=true."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise InvalidInput("target_url must be an absolute URL with a host")
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and allow_loopback and host in LOOPBACK_HOSTS:
        return url
    raise InvalidInput("target_url must use https")


def validate_event_types(event_types: list[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown or not event_types:
        known = ", ".join(sorted(EVENT_TYPES))
        raise InvalidInput(f"unknown event types {unknown or '(none given)'}; known: {known}")
    return sorted(set(event_types))


def subscribe(
    hooks: HookRepository,
    key: ApiKey,
    *,
    target_url: str,
    event_types: list[str],
    allow_loopback: bool,
) -> HookSubscription:
    hook = HookSubscription(
        company_id=key.company_id,
        id=new_id(),
        target_url=validate_target_url(target_url, allow_loopback=allow_loopback),
        event_types=validate_event_types(event_types),
        created_at=utcnow(),
        api_key_id=key.id,
    )
    hooks.add(hook)
    return hook


def unsubscribe(hooks: HookRepository, key: ApiKey, hook_id: str) -> None:
    if not hooks.remove(key.company_id, hook_id):
        raise NotFound(f"hook {hook_id} not found")


def subscriptions_for(company_id: str, event_type: str) -> list[HookSubscription]:
    """The company's subscriptions that want this event type (for part A's deliverer)."""
    hooks: HookRepository = wiring.hook_subscriptions()
    return [h for h in hooks.list(company_id) if event_type in h.event_types]


# Samples: what a subscriber receives, one per event type, so Zapier/Make can map fields. ------

_WHEN = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
_CANDIDATE = {"name": "Ana García", "email": "ana@example.com", "language": "es"}
_EXTERNAL = {"source": "greenhouse", "job_id": "4012", "candidate_id": "98765"}
_IDS = {
    "interview_id": "0190f3a1b2c3d4e5f6a7b8c9d0",
    "answer_id": "0190f3a1b2c3d4e5f6a7b8c9d1",
    "question_id": "0190f3a1b2c3d4e5f6a7b8c9d2",
}
SAMPLE_DATA: dict[str, dict[str, Any]] = {
    "interview.created": {
        "interview_id": _IDS["interview_id"],
        "template_id": "0190f3a1b2c3d4e5f6a7b8c9d3",
        "template_version": 2,
        "candidate": _CANDIDATE,
        "deadline": _WHEN,
        "created_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
        "external": _EXTERNAL,
    },
    "interview.invited": {
        "interview_id": _IDS["interview_id"],
        "candidate": _CANDIDATE,
        "candidate_url": "https://app.example.com/i/sample-token",
        "deadline": _WHEN,
        "invitations_sent": 1,
        "external": _EXTERNAL,
    },
    "interview.started": {"interview_id": _IDS["interview_id"], "started_at": _WHEN},
    "answer.uploaded": {**_IDS, "attempt": 1, "size_bytes": 7340032},
    "answer.scored": {**_IDS, "overall": 82, "language": "es"},
    "answer.failed": {
        **_IDS,
        "reason": "the recording has no audio track",
        "failure_kind": "recording",
    },
    "interview.completed": {
        "interview_id": _IDS["interview_id"],
        "completed_at": _WHEN,
        "external": _EXTERNAL,
    },
    "interview.analyzed": {
        "interview_id": _IDS["interview_id"],
        "overall_score": 78,
        "recommendation": "hire",
        "analysis_version": 1,
        "external": _EXTERNAL,
    },
    "interview.decided": {
        "interview_id": _IDS["interview_id"],
        "outcome": "advance",
        "note": "Strong system design answers",
        "decided_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
        "external": _EXTERNAL,
    },
    "interview.expired": {
        "interview_id": _IDS["interview_id"],
        "deadline": _WHEN,
        "external": _EXTERNAL,
    },
    "template.published": {
        "template_id": "0190f3a1b2c3d4e5f6a7b8c9d3",
        "version": 2,
        "name": "Backend engineer",
    },
    "candidate.imported": {
        "candidate_id": "x3f1c0ffee0123456789abcdef",
        "name": _CANDIDATE["name"],
        "email": _CANDIDATE["email"],
        "external": _EXTERNAL,
    },
    "webhook.endpoint_disabled": {
        "endpoint_id": "0190f3a1b2c3d4e5f6a7b8c9d5",
        "url": "https://hooks.example.com/interviews",
        "reason": "every delivery failed for 3 days",
    },
    "team.member_added": {
        "user_id": "0190f3a1b2c3d4e5f6a7b8c9d6",
        "name": "Grace Hopper",
        "role": "hr",
        "added_by": "0190f3a1b2c3d4e5f6a7b8c9d7",
    },
}


def sample(event_type: str) -> dict[str, Any]:
    """A valid envelope of this type (its data checked against the catalog model)."""
    if event_type not in EVENT_TYPES:
        raise NotFound(f"there is no event type {event_type}")
    version, model = EVENT_TYPES[event_type]
    data: EventData = model.model_validate(SAMPLE_DATA[event_type])
    return Event(
        id="0190f3a1b2c3d4e5f6a7b8c9ff",
        type=event_type,
        version=version,
        time=_WHEN,
        company_id="0190f3a1b2c3d4e5f6a7b8c900",
        correlation_id="0190f3a1b2c3d4e5f6a7b8c9ff",
        data=data.model_dump(mode="json"),
    ).model_dump(mode="json")
