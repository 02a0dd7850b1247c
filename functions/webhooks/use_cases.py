"""Webhook endpoints (the recruiter's side) and delivering events to them (the workers' side).

Delivery: EventBridge -> webhook-events queue -> fan_out (one Delivery per subscribed endpoint,
keyed by the event id) -> webhook-deliveries queue -> deliver (one signed POST per message).
A failed attempt is not a Lambda failure: deliver re-sends the message with the next delay of
the schedule (SQS delays up to 15 min; longer waits hop until `due_at`). A message the
deliverer crashes on lands in the dead-letter queue after five receives, and
replay_dead_letter puts it back a bounded number of times. Zapier/Make REST hooks
(functions/integrations/hooks.py) are endpoints too, so they are delivered the same way.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from aws_lambda_powertools.metrics import MetricUnit
from standardwebhooks.webhooks import Webhook

from functions.domain.clock import utcnow
from functions.domain.companies import User
from functions.domain.errors import Conflict, NotFound
from functions.domain.ids import new_id
from functions.events import producers
from functions.events.catalog import Event, InterviewStarted
from functions.metrics_catalog import WEBHOOK_DELIVERIES_FAILED, WEBHOOK_ENDPOINTS_DISABLED
from functions.observability import event_processed, logger, metrics
from functions.settings import Settings
from functions.storage.pages import Page
from functions.webhooks import sender, ssrf
from functions.webhooks.domain import (
    Attempt,
    Delivery,
    DeliveryMessage,
    DeliveryStatus,
    WebhookEndpoint,
    new_secret,
    retry_delay,
)
from functions.webhooks.queue import DeliveryQueue

if TYPE_CHECKING:
    from functions.webhooks.repository import WebhookRepository

ROTATION_OVERLAP = timedelta(hours=24)
USER_AGENT = "interviews-webhooks/1"

# -- endpoints (API) ------------------------------------------------------------------------


def create_endpoint(
    repo: WebhookRepository,
    settings: Settings,
    user: User,
    *,
    url: str,
    description: str,
    event_types: list[str],
) -> WebhookEndpoint:
    ssrf.check_url(url, allow_loopback=settings.webhooks_allow_loopback)
    endpoint = WebhookEndpoint(
        company_id=user.company_id,
        id=new_id(),
        url=url,
        description=description,
        event_types=sorted(set(event_types)),
        secret=new_secret(),
        created_by=user.id,
        created_at=utcnow(),
    )
    repo.add_endpoint(endpoint)
    return endpoint


def get_endpoint(
    repo: WebhookRepository, company_id: str, endpoint_id: str
) -> tuple[WebhookEndpoint, int]:
    found = repo.endpoint(company_id, endpoint_id)
    if found is None:
        raise NotFound(f"webhook endpoint {endpoint_id} not found")
    return found


def list_endpoints(repo: WebhookRepository, company_id: str) -> list[WebhookEndpoint]:
    return [e for e, _ in repo.endpoints(company_id)]


def update_endpoint(
    repo: WebhookRepository,
    settings: Settings,
    user: User,
    endpoint_id: str,
    changes: dict[str, object],
) -> WebhookEndpoint:
    endpoint, revision = get_endpoint(repo, user.company_id, endpoint_id)
    if "url" in changes:
        ssrf.check_url(str(changes["url"]), allow_loopback=settings.webhooks_allow_loopback)
    if "event_types" in changes:
        changes = {**changes, "event_types": sorted(set(changes["event_types"]))}  # type: ignore[call-overload]
    if changes.get("enabled") is True:  # re-enabling starts the failure clock afresh
        changes = {**changes, "failing_since": None, "disabled_reason": None}
    updated = endpoint.model_copy(update=changes)
    repo.save_endpoint(updated, revision)
    return updated


def delete_endpoint(repo: WebhookRepository, user: User, endpoint_id: str) -> None:
    get_endpoint(repo, user.company_id, endpoint_id)
    repo.delete_endpoint(user.company_id, endpoint_id)


def rotate_secret(repo: WebhookRepository, user: User, endpoint_id: str) -> WebhookEndpoint:
    """A new secret; the old one keeps signing beside it for 24 h (both signatures are sent)."""
    endpoint, revision = get_endpoint(repo, user.company_id, endpoint_id)
    rotated = endpoint.model_copy(
        update={
            "secret": new_secret(),
            "previous_secret": endpoint.secret,
            "previous_secret_expires_at": utcnow() + ROTATION_OVERLAP,
        }
    )
    repo.save_endpoint(rotated, revision)
    return rotated


def send_test(
    repo: WebhookRepository, queue: DeliveryQueue, user: User, endpoint_id: str
) -> Delivery:
    """Queue a sample interview.started event to this endpoint only (the delivery log shows it)."""
    endpoint, _ = get_endpoint(repo, user.company_id, endpoint_id)
    sample = producers.emit(
        InterviewStarted(interview_id="test", started_at=utcnow()), user.company_id
    )
    return _enqueue(repo, queue, endpoint, sample)


def list_deliveries(
    repo: WebhookRepository, user: User, endpoint_id: str, *, limit: int, cursor: str | None
) -> Page[Delivery]:
    get_endpoint(repo, user.company_id, endpoint_id)
    return repo.deliveries(user.company_id, endpoint_id, limit=limit, cursor=cursor)


def replay_delivery(
    repo: WebhookRepository, queue: DeliveryQueue, user: User, endpoint_id: str, event_id: str
) -> Delivery:
    """Send a delivery again from the first attempt (same webhook-id: receivers de-duplicate)."""
    found = repo.delivery(user.company_id, endpoint_id, event_id)
    if found is None:
        raise NotFound(f"delivery {event_id} of endpoint {endpoint_id} not found")
    delivery, revision = found
    if delivery.status is DeliveryStatus.PENDING:
        raise Conflict("this delivery is still being attempted; replay it once it has finished")
    now = utcnow()
    replayed = delivery.model_copy(
        update={
            "status": DeliveryStatus.PENDING,
            "attempt_count": 0,
            "next_attempt_at": now,
            "finished_at": None,
            "replays": delivery.replays + 1,
        }
    )
    repo.save_delivery(replayed, revision)
    queue.send(_message(replayed, 1, now), 0)
    return replayed


# -- fan-out and delivery (workers) ----------------------------------------------------------


def _message(delivery: Delivery, attempt: int, due_at: datetime) -> DeliveryMessage:
    return DeliveryMessage(
        company_id=delivery.company_id,
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        attempt=attempt,
        due_at=due_at,
    )


def _enqueue(
    repo: WebhookRepository, queue: DeliveryQueue, endpoint: WebhookEndpoint, event: Event
) -> Delivery:
    now = utcnow()
    delivery = Delivery(
        company_id=event.company_id,
        endpoint_id=endpoint.id,
        event_id=event.id,
        event_type=event.type,
        event=event.model_dump(mode="json"),
        next_attempt_at=now,
        created_at=now,
    )
    if repo.add_delivery(delivery):  # a re-sent event finds its delivery and sends nothing
        queue.send(_message(delivery, 1, now), 0)
    return delivery


def fan_out(repo: WebhookRepository, queue: DeliveryQueue, event: Event) -> int:
    """One delivery per enabled endpoint of the event's company that subscribes to its type."""
    count = 0
    for endpoint, _ in repo.endpoints(event.company_id):
        if endpoint.subscribes(event.type):
            _enqueue(repo, queue, endpoint, event)
            count += 1
    return count


def signed_headers(
    endpoint: WebhookEndpoint, delivery: Delivery, body: str, now: datetime
) -> dict[str, str]:
    signatures = [
        Webhook(secret).sign(delivery.event_id, now, body)
        for secret in endpoint.signing_secrets(now)
    ]
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


def deliver(
    repo: WebhookRepository, queue: DeliveryQueue, settings: Settings, message: DeliveryMessage
) -> DeliveryStatus | None:
    """Handle one deliveries-queue message; None when there was nothing to do (a duplicate,
    a delivery already finished, or a wait not yet over)."""
    now = utcnow()
    if message.due_at > now + timedelta(seconds=1):
        queue.send(message, (message.due_at - now).total_seconds())  # the next hop of a long wait
        return None
    found = repo.delivery(message.company_id, message.endpoint_id, message.event_id)
    endpoint_found = repo.endpoint(message.company_id, message.endpoint_id)
    if found is None or endpoint_found is None:
        return None
    delivery, revision = found
    if delivery.status is not DeliveryStatus.PENDING or delivery.attempt_count >= message.attempt:
        return None  # finished, or this attempt was made already (SQS sends at least once)
    endpoint, endpoint_revision = endpoint_found
    if not endpoint.enabled:
        _finish(repo, delivery, revision, DeliveryStatus.FAILED, now)
        return DeliveryStatus.FAILED
    response = _attempt(endpoint, delivery, settings, now)
    attempted = delivery.with_attempt(
        Attempt(
            number=message.attempt,
            at=now,
            status_code=response.status_code,
            error=response.error,
            duration_ms=response.duration_ms,
        )
    )
    return _after_attempt(
        repo,
        queue,
        settings,
        (endpoint, endpoint_revision),
        (attempted, revision),
        message,
        response,
    )


def _attempt(
    endpoint: WebhookEndpoint, delivery: Delivery, settings: Settings, now: datetime
) -> sender.Response:
    allow = settings.webhooks_allow_loopback
    try:
        target = ssrf.parse_url(endpoint.url, allow_loopback=allow)
        address = ssrf.resolve(target, allow_loopback=allow)  # DNS checked again, then pinned
    except ssrf.UnsafeUrl as refusal:
        return sender.Response(None, f"refused: {refusal}", None, 0)
    body = Event.model_validate(delivery.event).model_dump_json()
    headers = signed_headers(endpoint, delivery, body, now)
    return sender.post(target, address, body.encode(), headers, settings.webhook_timeout_seconds)


def _after_attempt(
    repo: WebhookRepository,
    queue: DeliveryQueue,
    settings: Settings,
    endpoint_at: tuple[WebhookEndpoint, int],
    delivery_at: tuple[Delivery, int],
    message: DeliveryMessage,
    response: sender.Response,
) -> DeliveryStatus:
    endpoint, endpoint_revision = endpoint_at
    delivery, revision = delivery_at
    now = utcnow()
    code = response.status_code
    if code is not None and 200 <= code < 300:
        _finish(repo, delivery, revision, DeliveryStatus.SUCCEEDED, now)
        if endpoint.failing_since is not None:
            _save_quietly(
                repo, endpoint.model_copy(update={"failing_since": None}), endpoint_revision
            )
        return DeliveryStatus.SUCCEEDED
    if code == 410:
        _finish(repo, delivery, revision, DeliveryStatus.FAILED, now)
        _gone(repo, endpoint, endpoint_revision)
        return DeliveryStatus.FAILED
    if _failing_too_long(repo, settings, endpoint, endpoint_revision, now):
        _finish(repo, delivery, revision, DeliveryStatus.FAILED, now)
        return DeliveryStatus.FAILED
    retry_after = response.retry_after if code == 429 else None
    delay = retry_delay(message.attempt, settings.webhook_retry_delays, retry_after)
    if delay is None:
        _finish(repo, delivery, revision, DeliveryStatus.FAILED, now)
        return DeliveryStatus.FAILED
    due = now + timedelta(seconds=delay)
    repo.save_delivery(delivery.model_copy(update={"next_attempt_at": due}), revision)
    queue.send(message.model_copy(update={"attempt": message.attempt + 1, "due_at": due}), delay)
    return DeliveryStatus.PENDING


def _finish(
    repo: WebhookRepository,
    delivery: Delivery,
    revision: int,
    status: DeliveryStatus,
    now: datetime,
) -> None:
    repo.save_delivery(
        delivery.model_copy(update={"status": status, "finished_at": now, "next_attempt_at": None}),
        revision,
    )
    if status is DeliveryStatus.FAILED:
        metrics.add_metric(name=WEBHOOK_DELIVERIES_FAILED, unit=MetricUnit.Count, value=1)
    elif delivery.replays == 0:
        # From the event to its delivery. A replay (by hand, or of a dead letter) comes hours or
        # days later by design, which says nothing about how fast events flow.
        event_processed("webhook-delivery", Event.model_validate(delivery.event).time)


def _save_quietly(repo: WebhookRepository, endpoint: WebhookEndpoint, revision: int) -> None:
    with suppress(Conflict):  # another delivery updated it first; its write is as good
        repo.save_endpoint(endpoint, revision)


def _failing_too_long(
    repo: WebhookRepository,
    settings: Settings,
    endpoint: WebhookEndpoint,
    revision: int,
    now: datetime,
) -> bool:
    """Start the failure clock, or disable the endpoint when it has run out."""
    since = endpoint.failing_since
    if since is None:
        _save_quietly(repo, endpoint.model_copy(update={"failing_since": now}), revision)
        return False
    if (now - since).total_seconds() < settings.webhook_disable_after_seconds:
        return False
    days = settings.webhook_disable_after_seconds / 86400
    _disable(repo, endpoint, revision, f"every delivery failed for {days:g} days")
    return True


def _gone(repo: WebhookRepository, endpoint: WebhookEndpoint, revision: int) -> None:
    """410 Gone: a REST hook is unsubscribed (Zapier and Make answer 410 when the Zap or
    scenario is turned off, and subscribe again when it is turned on); an endpoint a recruiter
    registered is disabled, and its owners are told."""
    if endpoint.rest_hook:
        repo.delete_endpoint(endpoint.company_id, endpoint.id)
        logger.info("REST hook unsubscribed by 410 Gone", extra={"endpoint_id": endpoint.id})
        return
    _disable(repo, endpoint, revision, "the endpoint answered 410 Gone")


def _disable(
    repo: WebhookRepository, endpoint: WebhookEndpoint, revision: int, reason: str
) -> None:
    """Disable and emit webhook.endpoint_disabled in the same write (the owner is emailed)."""
    disabled = endpoint.model_copy(update={"enabled": False, "disabled_reason": reason})
    event = producers.webhook_endpoint_disabled(
        endpoint.company_id, endpoint.id, endpoint.url, reason
    )
    try:
        repo.save_endpoint(disabled, revision, events=[event])
    except Conflict:
        return  # someone changed it meanwhile (re-enabled, edited): theirs wins
    metrics.add_metric(name=WEBHOOK_ENDPOINTS_DISABLED, unit=MetricUnit.Count, value=1)


def replay_dead_letter(
    repo: WebhookRepository, queue: DeliveryQueue, settings: Settings, message: DeliveryMessage
) -> bool:
    """Put a dead-lettered message back (after a delay), at most webhook_dead_letter_replays
    times; after that the delivery is marked failed, for a recruiter to replay by hand."""
    if message.dead_letter_replays < settings.webhook_dead_letter_replays:
        delay = settings.webhook_dead_letter_replay_delay_seconds
        back = message.model_copy(
            update={
                "dead_letter_replays": message.dead_letter_replays + 1,
                "due_at": utcnow() + timedelta(seconds=delay),
            }
        )
        queue.send(back, delay)
        return True
    found = repo.delivery(message.company_id, message.endpoint_id, message.event_id)
    if found is not None and found[0].status is DeliveryStatus.PENDING:
        _finish(repo, found[0], found[1], DeliveryStatus.FAILED, utcnow())
    return False
