"""The deliveries queue: a port and its SQS adapter (the same in the cloud and locally)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

from functions.webhooks.domain import DeliveryMessage

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

SQS_MAX_DELAY_SECONDS = 900


class DeliveryQueue(Protocol):
    def send(self, message: DeliveryMessage, delay_seconds: float) -> None: ...

    def dead_letter(self, message: DeliveryMessage) -> None: ...


class SqsDeliveryQueue:
    def __init__(self, client: SQSClient, queue_url: str, dead_letters_url: str) -> None:
        self._client = client
        self._url = queue_url
        self._dead_letters_url = dead_letters_url

    def send(self, message: DeliveryMessage, delay_seconds: float) -> None:
        # SQS delays at most 15 minutes; a longer wait is a chain of hops (see due_at).
        delay = min(SQS_MAX_DELAY_SECONDS, max(0, math.ceil(delay_seconds)))
        self._client.send_message(
            QueueUrl=self._url, MessageBody=message.model_dump_json(), DelaySeconds=delay
        )

    def dead_letter(self, message: DeliveryMessage) -> None:
        self._client.send_message(
            QueueUrl=self._dead_letters_url, MessageBody=message.model_dump_json()
        )
