"""The outbox publisher: new OUTBOX# items from the table's stream, put on the platform bus.

The same code runs in the cloud (a DynamoDB Streams event source mapping with bisect-on-error
and an on-failure destination) and locally (functions/local/event_sources.py polls the stream
through the dynamodbstreams API). A failed PutEvents entry raises, so the batch is retried from
the stream: an event is published at least once, never dropped; consumers de-duplicate on the
envelope's id.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer

from functions.events.catalog import SOURCE, Event

if TYPE_CHECKING:
    from mypy_boto3_events import EventBridgeClient

PUT_EVENTS_MAX = 10
_deserializer = TypeDeserializer()


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
        data = _deserializer.deserialize(image["data"])
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
    return len(events)
