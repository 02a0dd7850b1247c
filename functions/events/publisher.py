"""The outbox publisher: new OUTBOX# items from the table's stream, put on the platform bus.

The same code runs in the cloud (a DynamoDB Streams event source mapping with bisect-on-error
and an on-failure destination) and locally (functions/local/event_sources.py polls the stream
through the dynamodbstreams API). A failed PutEvents entry raises, so the batch is retried from
the stream. Published events leave the outbox's pending index; the sweeper (`sweep`, on a
schedule) publishes whatever stayed pending too long (the stream retried past its 24 hours, the
record went to the on-failure queue, or the publisher crashed between PutEvents and marking).
So an event is published at least once, never dropped; consumers de-duplicate on the envelope's
id.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from functions.events.catalog import SOURCE, Event
from functions.observability import event_processed
from functions.storage.records import Record, as_dict
from functions.storage.repositories import OutboxRepository

if TYPE_CHECKING:
    from mypy_boto3_events import EventBridgeClient

PUT_EVENTS_MAX = 10


class PublishFailed(Exception):
    """Some entries were refused by PutEvents; the batch is retried."""


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def outbox_events(records: list[dict[str, Any]]) -> list[Event]:
    """The envelopes of the stream records that inserted outbox items (others are skipped)."""
    found = []
    for record in records:
        image = record.get("dynamodb", {}).get("NewImage")
        if record.get("eventName") != "INSERT" or not image:
            continue
        if image.get("kind", {}).get("S") != "outbox":
            continue
        # Through the table's model, which opens the sealed payload (functions/storage/sealing.py).
        data = as_dict(Record.from_raw_data(image).data)
        found.append(Event.model_validate(json.loads(json.dumps(data, default=_plain))))
    return found


def entry(event: Event, bus_name: str) -> dict[str, Any]:
    return {
        "Source": SOURCE,
        "DetailType": event.type,
        "Detail": event.model_dump_json(),
        "EventBusName": bus_name,
        "Time": event.time,
    }


def publish(client: EventBridgeClient, bus_name: str, events: list[Event]) -> int:
    """PutEvents in chunks of ten; raise PublishFailed when any entry was refused."""
    for start in range(0, len(events), PUT_EVENTS_MAX):
        chunk = events[start : start + PUT_EVENTS_MAX]
        response = client.put_events(Entries=[entry(e, bus_name) for e in chunk])  # type: ignore[misc]
        if response.get("FailedEntryCount", 0):
            refused = [
                f"{e.id}: {r.get('ErrorCode')}"
                for e, r in zip(chunk, response["Entries"], strict=True)
                if r.get("ErrorCode")
            ]
            raise PublishFailed(f"PutEvents refused {', '.join(refused)}")
        for event in chunk:
            event_processed("outbox-publisher", event.time)
    return len(events)


def publish_and_mark(
    client: EventBridgeClient, bus_name: str, outbox: OutboxRepository, events: list[Event]
) -> int:
    """PutEvents, then take the events out of the outbox's pending index."""
    published = publish(client, bus_name, events)
    outbox.mark_published(events)
    return published


# Longer than the stream path ever takes when it works (seconds), shorter than anyone waits.
SWEEP_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 100


def sweep(
    client: EventBridgeClient,
    bus_name: str,
    outbox: OutboxRepository,
    *,
    now: datetime,
    older_than: timedelta = SWEEP_AFTER,
) -> int:
    """Publish every event still pending `older_than` after it was written; how many."""
    swept = 0
    batch: list[Event] = []
    for event in outbox.pending(written_before=now - older_than):
        batch.append(event)
        if len(batch) == SWEEP_BATCH:
            swept += publish_and_mark(client, bus_name, outbox, batch)
            batch = []
    if batch:
        swept += publish_and_mark(client, bus_name, outbox, batch)
    return swept
