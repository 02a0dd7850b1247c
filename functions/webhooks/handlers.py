"""Lambda entry points of outbound webhooks: SQS consumers with partial batch responses.

Each record is idempotent without a separate idempotency store: a delivery's key is
(endpoint, event id), so a re-sent event creates nothing new, and a delivery records the
number of its last attempt, so a re-sent attempt message sends nothing.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.batches import process_sqs_batch
from functions.events.catalog import Event
from functions.observability import lambda_handler, logger
from functions.settings import get_settings
from functions.webhooks import use_cases
from functions.webhooks.domain import DeliveryMessage


def _fan_out_record(record: SQSRecord) -> None:
    event = Event.model_validate(json.loads(record.body)["detail"])  # EventBridge -> SQS
    logger.set_correlation_id(event.correlation_id)
    use_cases.fan_out(wiring.webhooks(), wiring.delivery_queue(), event)


def _deliver_record(record: SQSRecord) -> None:
    message = DeliveryMessage.model_validate_json(record.body)
    status = use_cases.deliver(wiring.webhooks(), wiring.delivery_queue(), get_settings(), message)
    logger.info("webhook attempt", extra={"event_id": message.event_id, "status": status})


def _replay_record(record: SQSRecord) -> None:
    message = DeliveryMessage.model_validate_json(record.body)
    use_cases.replay_dead_letter(
        wiring.webhooks(), wiring.delivery_queue(), get_settings(), message
    )


@lambda_handler()
def fan_out(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_sqs_batch(event, context, _fan_out_record)


@lambda_handler()
def deliver(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_sqs_batch(event, context, _deliver_record)


@lambda_handler()
def replay_dead_letters(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_sqs_batch(event, context, _replay_record)
