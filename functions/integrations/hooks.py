"""Zapier / Make REST hooks: subscribe a target URL to event types, unsubscribe, sample payloads.

A subscription is a webhook endpoint (functions/webhooks) marked with the API key that made it,
so its events go the one way every webhook goes: fanned out, signed (Standard Webhooks),
retried with backoff, the target checked against SSRF when subscribing and again, with a fresh
DNS answer, at every delivery. Each subscription gets its own signing secret, returned once by
subscribeHook (Zapier keeps it in the subscribe data); a recruiter sees the subscription among
the company's webhooks and may rotate it there. A 410 Gone from the target unsubscribes it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from functions.domain.clock import utcnow
from functions.domain.errors import InvalidInput, NotFound
from functions.domain.ids import new_id
from functions.events.catalog import EVENT_TYPES, Event, EventData
from functions.integrations.models import ApiKey
from functions.webhooks import ssrf
from functions.webhooks.domain import WebhookEndpoint, new_secret

if TYPE_CHECKING:
    from functions.webhooks.repository import WebhookRepository


def validate_target_url(url: str, *, allow_loopback: bool) -> str:
    """The webhook rule: https to public addresses only (loopback when the local platform
    allows it), the host resolved now and checked again at every delivery."""
    try:
        ssrf.check_url(url, allow_loopback=allow_loopback)
    except ssrf.UnsafeUrl as refusal:
        raise InvalidInput(f"target_url: {refusal}") from None
    return url


def validate_event_types(event_types: list[str]) -> list[str]:
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown or not event_types:
        known = ", ".join(sorted(EVENT_TYPES))
        raise InvalidInput(f"unknown event types {unknown or '(none given)'}; known: {known}")
    return sorted(set(event_types))


def subscribe(
    hooks: WebhookRepository,
    key: ApiKey,
    *,
    target_url: str,
    event_types: list[str],
    allow_loopback: bool,
) -> WebhookEndpoint:
    """A new subscription; its secret is in the result and never shown again."""
    types = validate_event_types(event_types)
    hook = WebhookEndpoint(
        company_id=key.company_id,
        id=new_id(),
        url=validate_target_url(target_url, allow_loopback=allow_loopback),
        description=f"REST hook subscribed with the API key {key.name!r}"[:300],
        event_types=types,
        secret=new_secret(),
        created_by=key.created_by,
        created_at=utcnow(),
        hook_api_key_id=key.id,
    )
    hooks.add_endpoint(hook)
    return hook


def unsubscribe(hooks: WebhookRepository, key: ApiKey, hook_id: str) -> None:
    """Only a REST hook: an endpoint a recruiter registered is not the inbound API's to remove."""
    found = hooks.endpoint(key.company_id, hook_id)
    if found is None or not found[0].rest_hook:
        raise NotFound(f"hook {hook_id} not found")
    hooks.delete_endpoint(key.company_id, hook_id)


def list_hooks(hooks: WebhookRepository, company_id: str) -> list[WebhookEndpoint]:
    """The company's REST hooks (not the endpoints recruiters registered), oldest first."""
    found = [e for e, _ in hooks.endpoints(company_id) if e.rest_hook]
    return sorted(found, key=lambda e: (e.created_at, e.id))


def unsubscribe_key(hooks: WebhookRepository, key: ApiKey) -> int:
    """Remove every hook this key subscribed (when the key is revoked); how many there were."""
    mine = [e for e, _ in hooks.endpoints(key.company_id) if e.hook_api_key_id == key.id]
    for hook in mine:
        hooks.delete_endpoint(key.company_id, hook.id)
    return len(mine)


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
    "interview.deadline_extended": {
        "interview_id": _IDS["interview_id"],
        "candidate": _CANDIDATE,
        "previous_deadline": _WHEN,
        "deadline": _WHEN,
        "extended_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
        "reopened": False,
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
    "candidate.erased": {
        "erasure_id": "0190f3a1b2c3d4e5f6a7b8c9e1",
        "candidate_ids": ["x3f1c0ffee0123456789abcdef"],
        "interview_ids": [_IDS["interview_id"]],
        "external": [_EXTERNAL],
        "erased_at": _WHEN,
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
    "billing.payment_succeeded": {"plan": "Plus", "amount": "29.00 EUR"},
    "billing.payment_failed": {"plan": "Plus", "amount": "29.00 EUR", "grace_until": _WHEN},
    "billing.quota_warning": {
        "plan": "Plus",
        "used": 80,
        "limit": 100,
        "percent": 80,
        "month": "2026-01",
    },
    "reviewer.assigned": {
        "interview_id": _IDS["interview_id"],
        "user_id": "0190f3a1b2c3d4e5f6a7b8c9d8",
        "assigned_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
    },
    "comment.created": {
        "comment_id": "0190f3a1b2c3d4e5f6a7b8c9d9",
        "interview_id": _IDS["interview_id"],
        "answer_id": _IDS["answer_id"],
        "parent_id": None,
        "at_seconds": 42.5,
        "author_id": "0190f3a1b2c3d4e5f6a7b8c9d4",
        "mentioned_user_ids": ["0190f3a1b2c3d4e5f6a7b8c9d8"],
    },
    "comment.mentioned": {
        "comment_id": "0190f3a1b2c3d4e5f6a7b8c9d9",
        "interview_id": _IDS["interview_id"],
        "answer_id": _IDS["answer_id"],
        "author_id": "0190f3a1b2c3d4e5f6a7b8c9d4",
        "mentioned_user_id": "0190f3a1b2c3d4e5f6a7b8c9d8",
    },
    "scorecard.submitted": {
        "interview_id": _IDS["interview_id"],
        "reviewer_id": "0190f3a1b2c3d4e5f6a7b8c9d8",
        "scorecard_template_id": "0190f3a1b2c3d4e5f6a7b8c9da",
        "recommendation": "yes",
        "ratings": {"communication": 4, "ownership": 3, "craft": 5},
        "first_submission": True,
    },
    "live_interview.scheduled": {
        "live_interview_id": "0190f3a1b2c3d4e5f6a7b8c9db",
        "candidate": _CANDIDATE,
        "candidate_url": "https://app.example.com/i/live/8Jq2mX0pTz",
        "starts_at": _WHEN,
        "duration_minutes": 45,
        "interviewer_ids": ["0190f3a1b2c3d4e5f6a7b8c9d8"],
        "template_id": "0190f3a1b2c3d4e5f6a7b8c9d3",
        "scheduled_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
    },
    "live_interview.cancelled": {
        "live_interview_id": "0190f3a1b2c3d4e5f6a7b8c9db",
        "cancelled_at": _WHEN,
        "cancelled_by": "0190f3a1b2c3d4e5f6a7b8c9d4",
    },
    "live_interview.started": {
        "live_interview_id": "0190f3a1b2c3d4e5f6a7b8c9db",
        "started_at": _WHEN,
    },
    "live_interview.ended": {
        "live_interview_id": "0190f3a1b2c3d4e5f6a7b8c9db",
        "ended_at": _WHEN,
        "ended_by": "0190f3a1b2c3d4e5f6a7b8c9d8",
        "duration_seconds": 2520,
    },
    "live_interview.analyzed": {
        "live_interview_id": "0190f3a1b2c3d4e5f6a7b8c9db",
        "overall_score": 74,
        "recommendation": "consider",
        "analysis_version": 1,
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
