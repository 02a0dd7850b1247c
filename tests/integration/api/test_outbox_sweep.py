"""The outbox sweeper: an event the stream path did not publish (here no publisher runs at all)
reaches the bus later, once; a refused PutEvents leaves it pending for the next run."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.publisher import PublishFailed, sweep
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.resources import WEBHOOK_EVENTS_QUEUE
from tests.integration.api.conftest import Tenant, published_template


class RefusingEventBridge:
    """PutEvents answering as EventBridge does when it refuses every entry (throttled)."""

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:  # noqa: N803
        return {
            "FailedEntryCount": len(Entries),
            "Entries": [{"ErrorCode": "ThrottlingException"} for _ in Entries],
        }


def _later() -> datetime:
    """Past every event written so far (the platform's clock has whole seconds)."""
    return utcnow() + timedelta(seconds=1)


def _pending_ids(company_id: str) -> set[str]:
    pending = wiring.outbox().pending(written_before=_later())
    return {e.id for e in pending if e.company_id == company_id}


def _on_the_bus(aws: EmbeddedAws, resources: LocalResources) -> list[dict[str, Any]]:
    """What the webhook-events rule delivered to its queue (every event type goes there)."""
    sqs = boto3.client("sqs", endpoint_url=aws.endpoint_url, region_name=resources.region)
    url = resources.queue_urls[WEBHOOK_EVENTS_QUEUE.base]
    found: list[dict[str, Any]] = []
    while messages := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1
    ).get("Messages", []):
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            found.append(json.loads(m["Body"])["detail"])
    return found


def test_pending_events_are_published_by_the_sweeper_once(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    aws, resources = platform
    _on_the_bus(aws, resources)  # start from an empty queue
    template = published_template(client, tenant.hr)
    [pending] = _pending_ids(tenant.company_id)
    bus = resources.event_bus_name

    # Not yet due: written less than the sweep delay ago (older events of other tests may go).
    sweep(wiring.events(), bus, wiring.outbox(), now=utcnow())
    assert pending in _pending_ids(tenant.company_id)

    refusing: Any = RefusingEventBridge()
    with pytest.raises(PublishFailed, match="ThrottlingException"):
        sweep(refusing, bus, wiring.outbox(), now=_later(), older_than=timedelta(0))
    assert pending in _pending_ids(tenant.company_id)  # still there for the next run

    assert sweep(wiring.events(), bus, wiring.outbox(), now=_later(), older_than=timedelta(0)) >= 1
    assert _pending_ids(tenant.company_id) == set()
    mine = [e for e in _on_the_bus(aws, resources) if e["company_id"] == tenant.company_id]
    assert [(e["id"], e["type"]) for e in mine] == [(pending, "template.published")]
    assert mine[0]["data"]["template_id"] == template["id"]

    # Published means out of the index: the next run sends nothing again.
    assert sweep(wiring.events(), bus, wiring.outbox(), now=_later(), older_than=timedelta(0)) == 0
    assert _on_the_bus(aws, resources) == []
