"""Lambda entry point: the analytics projector, an SQS consumer of bus events."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.analytics.projector import project
from functions.batches import process_sqs_batch
from functions.events.catalog import Event
from functions.observability import event_processed, lambda_handler, logger


def _record(record: SQSRecord) -> None:
    # EventBridge -> SQS: the body is the EventBridge event; our envelope is its detail.
    envelope = Event.model_validate(json.loads(record.body)["detail"])
    logger.append_keys(correlation_id=envelope.correlation_id, event_id=envelope.id)
    outcome = project(envelope, wiring.analytics_store())
    logger.debug("analytics event", extra={"outcome": outcome.value, "type": envelope.type})
    event_processed("analytics", envelope.time)


@lambda_handler()
def project_events(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return process_sqs_batch(event, context, _record)
