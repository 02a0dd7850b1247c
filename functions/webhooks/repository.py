"""Webhook endpoints and deliveries in the platform table.

    endpoint  pk=COMPANY#<cid>  sk=WEBHOOK#<endpoint id>
    delivery  pk=COMPANY#<cid>  sk=WHDELIVERY#<endpoint id>#<event id>   (TTL 30 days)
A delivery's key comes from the event id, so fanning one event out twice creates it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import PutError, TransactWriteError

from functions.domain.errors import Conflict
from functions.storage.pages import Page, decode_cursor, encode_cursor
from functions.storage.records import Record
from functions.storage.repositories import (
    _is_condition_failure,
    company_pk,
    delete_audited,
    put_audited,
    write_record,
)
from functions.webhooks.domain import Delivery, WebhookEndpoint

if TYPE_CHECKING:
    from functions.events.catalog import Event

DELIVERY_TTL = timedelta(days=30)


def _data(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = record.data.as_dict()  # type: ignore[no-untyped-call]
    return data


def _endpoint_sk(endpoint_id: str) -> str:
    return f"WEBHOOK#{endpoint_id}"


def _delivery_sk(endpoint_id: str, event_id: str) -> str:
    return f"WHDELIVERY#{endpoint_id}#{event_id}"


class WebhookRepository:
    # Endpoints ---------------------------------------------------------------------------

    def _endpoint_record(self, endpoint: WebhookEndpoint) -> Record:
        return Record(
            company_pk(endpoint.company_id),
            _endpoint_sk(endpoint.id),
            kind="webhook_endpoint",
            status="enabled" if endpoint.enabled else "disabled",
            data=endpoint.model_dump(mode="json"),
        )

    def add_endpoint(self, endpoint: WebhookEndpoint) -> None:
        write_record(self._endpoint_record(endpoint), None, "webhook endpoint", ())

    def save_endpoint(
        self, endpoint: WebhookEndpoint, revision: int, events: Sequence[Event] = ()
    ) -> int:
        return write_record(
            self._endpoint_record(endpoint), revision, f"webhook endpoint {endpoint.id}", events
        )

    def endpoint(self, company_id: str, endpoint_id: str) -> tuple[WebhookEndpoint, int] | None:
        try:
            record = Record.get(company_pk(company_id), _endpoint_sk(endpoint_id))
        except Record.DoesNotExist:
            return None
        return WebhookEndpoint.model_validate(_data(record)), int(record.revision)

    def endpoints(self, company_id: str) -> list[tuple[WebhookEndpoint, int]]:
        records = Record.query(company_pk(company_id), Record.sk.startswith("WEBHOOK#"))
        return [(WebhookEndpoint.model_validate(_data(r)), int(r.revision)) for r in records]

    def delete_endpoint(self, company_id: str, endpoint_id: str) -> None:
        delete_audited(
            Record(company_pk(company_id), _endpoint_sk(endpoint_id), kind="webhook_endpoint")
        )

    # Deliveries --------------------------------------------------------------------------

    def _delivery_record(self, delivery: Delivery) -> Record:
        return Record(
            company_pk(delivery.company_id),
            _delivery_sk(delivery.endpoint_id, delivery.event_id),
            kind="webhook_delivery",
            status=delivery.status.value,
            data=delivery.model_dump(mode="json"),
            expires_at=int((delivery.created_at + DELIVERY_TTL).timestamp()),
        )

    def add_delivery(self, delivery: Delivery) -> bool:
        """False when this event was already fanned out to this endpoint."""
        record = self._delivery_record(delivery)
        try:
            record.save(condition=Record.pk.does_not_exist())
        except PutError as error:
            if getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def save_delivery(self, delivery: Delivery, revision: int) -> int:
        record = self._delivery_record(delivery)
        record.revision = revision + 1
        try:
            put_audited(record, condition=Record.revision == revision)
        except (PutError, TransactWriteError) as error:
            if _is_condition_failure(error):
                raise Conflict(f"delivery {delivery.event_id} changed meanwhile") from None
            raise
        return revision + 1

    def delivery(
        self, company_id: str, endpoint_id: str, event_id: str
    ) -> tuple[Delivery, int] | None:
        try:
            record = Record.get(
                company_pk(company_id), _delivery_sk(endpoint_id, event_id), consistent_read=True
            )
        except Record.DoesNotExist:
            return None
        return Delivery.model_validate(_data(record)), int(record.revision)

    def deliveries(
        self, company_id: str, endpoint_id: str, *, limit: int, cursor: str | None
    ) -> Page[Delivery]:
        pk = company_pk(company_id)
        results = Record.query(
            pk,
            Record.sk.startswith(f"WHDELIVERY#{endpoint_id}#"),
            limit=limit,
            page_size=limit,
            scan_index_forward=False,
            last_evaluated_key=decode_cursor(cursor, partition=("pk", pk)),
        )
        items = [Delivery.model_validate(_data(r)) for r in results]
        next_cursor = encode_cursor(results.last_evaluated_key) if len(items) >= limit else None
        return Page(items=items, next_cursor=next_cursor)
