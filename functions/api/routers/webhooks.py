"""Outbound webhooks: endpoints, their secrets, test events and the delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from functions import wiring
from functions.api.deps import AppSettings, Manager, Webhooks
from functions.api.params import ResourceId
from functions.api.schemas.webhooks import (
    DeliveryList,
    DeliveryPublic,
    WebhookCreate,
    WebhookList,
    WebhookPublic,
    WebhookUpdate,
    WebhookWithSecret,
)
from functions.webhooks import use_cases
from functions.webhooks.domain import Delivery, WebhookEndpoint
from functions.webhooks.queue import DeliveryQueue

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

Queue = Annotated[DeliveryQueue, Depends(wiring.delivery_queue)]


def _public(endpoint: WebhookEndpoint) -> WebhookPublic:
    return WebhookPublic.model_validate(endpoint.model_dump())


def _with_secret(endpoint: WebhookEndpoint) -> WebhookWithSecret:
    return WebhookWithSecret.model_validate(endpoint.model_dump())


def _delivery(delivery: Delivery) -> DeliveryPublic:
    return DeliveryPublic.model_validate(delivery.model_dump())


@router.post(
    "",
    operation_id="createWebhook",
    response_model=WebhookWithSecret,
    status_code=status.HTTP_201_CREATED,
)
def create_webhook(
    body: WebhookCreate, user: Manager, repo: Webhooks, settings: AppSettings
) -> WebhookWithSecret:
    endpoint = use_cases.create_endpoint(
        repo,
        settings,
        user,
        url=body.url,
        description=body.description,
        event_types=list(body.event_types),
    )
    return _with_secret(endpoint)


@router.get("", operation_id="listWebhooks", response_model=WebhookList)
def list_webhooks(user: Manager, repo: Webhooks) -> WebhookList:
    return WebhookList(items=[_public(e) for e in use_cases.list_endpoints(repo, user.company_id)])


@router.patch("/{webhook_id}", operation_id="updateWebhook", response_model=WebhookPublic)
def update_webhook(
    webhook_id: ResourceId,
    body: WebhookUpdate,
    user: Manager,
    repo: Webhooks,
    settings: AppSettings,
) -> WebhookPublic:
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    return _public(use_cases.update_endpoint(repo, settings, user, webhook_id, changes))


@router.delete(
    "/{webhook_id}", operation_id="deleteWebhook", status_code=status.HTTP_204_NO_CONTENT
)
def delete_webhook(webhook_id: ResourceId, user: Manager, repo: Webhooks) -> Response:
    use_cases.delete_endpoint(repo, user, webhook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{webhook_id}/rotate-secret",
    operation_id="rotateWebhookSecret",
    response_model=WebhookWithSecret,
)
def rotate_webhook_secret(
    webhook_id: ResourceId, user: Manager, repo: Webhooks
) -> WebhookWithSecret:
    """A new secret; for 24 h deliveries carry signatures with both the new and the old one."""
    return _with_secret(use_cases.rotate_secret(repo, user, webhook_id))


@router.post(
    "/{webhook_id}/test",
    operation_id="sendTestWebhook",
    response_model=DeliveryPublic,
    status_code=status.HTTP_202_ACCEPTED,
)
def send_test_webhook(
    webhook_id: ResourceId, user: Manager, repo: Webhooks, queue: Queue
) -> DeliveryPublic:
    return _delivery(use_cases.send_test(repo, queue, user, webhook_id))


@router.get(
    "/{webhook_id}/deliveries", operation_id="listWebhookDeliveries", response_model=DeliveryList
)
def list_webhook_deliveries(
    webhook_id: ResourceId,
    user: Manager,
    repo: Webhooks,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
) -> DeliveryList:
    page = use_cases.list_deliveries(repo, user, webhook_id, limit=limit, cursor=cursor)
    return DeliveryList(items=[_delivery(d) for d in page.items], next_cursor=page.next_cursor)


@router.post(
    "/{webhook_id}/deliveries/{event_id}/replay",
    operation_id="replayWebhookDelivery",
    response_model=DeliveryPublic,
    status_code=status.HTTP_202_ACCEPTED,
)
def replay_webhook_delivery(
    webhook_id: ResourceId, event_id: ResourceId, user: Manager, repo: Webhooks, queue: Queue
) -> DeliveryPublic:
    return _delivery(use_cases.replay_delivery(repo, queue, user, webhook_id, event_id))
