"""Lambda entry points of the event platform: the outbox publisher."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.events.publisher import outbox_events, publish
from functions.observability import logger, metrics, tracer
from functions.settings import get_settings


@logger.inject_lambda_context
@metrics.log_metrics
@tracer.capture_lambda_handler(capture_response=False)
def publish_outbox(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    """DynamoDB stream batch -> PutEvents. Raising retries the batch (bisected in the cloud)."""
    events = outbox_events(event.get("Records", []))
    published = publish(wiring.events(), get_settings().event_bus_name, events)
    logger.info("outbox published", extra={"published": published})
    return {"published": published}
