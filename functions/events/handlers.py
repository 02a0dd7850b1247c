"""Lambda entry points of the event platform: the outbox publisher and its sweeper."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.domain.clock import utcnow
from functions.events.publisher import outbox_events, publish_and_mark, sweep
from functions.metrics_catalog import OUTBOX_EVENTS_SWEPT
from functions.observability import lambda_handler, logger, metrics
from functions.settings import get_settings


@lambda_handler()
def publish_outbox(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    """DynamoDB stream batch -> PutEvents. Raising retries the batch (bisected in the cloud)."""
    events = outbox_events(event.get("Records", []))
    bus = get_settings().event_bus_name
    published = publish_and_mark(wiring.events(), bus, wiring.outbox(), events)
    logger.info("outbox published", extra={"published": published})
    return {"published": published}


@lambda_handler()
def sweep_outbox(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    """Scheduled: publish the outbox events the stream path left pending (normally none)."""
    swept = sweep(wiring.events(), get_settings().event_bus_name, wiring.outbox(), now=utcnow())
    if swept:
        # Each one waited at least SWEEP_AFTER: worth a look (PutEvents failing? the stream?).
        logger.warning("outbox events published by the sweeper", extra={"swept": swept})
    metrics.add_metric(name=OUTBOX_EVENTS_SWEPT, unit=MetricUnit.Count, value=swept)
    return {"swept": swept}
