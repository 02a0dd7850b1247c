"""Lambda entry point of the recordings retention purge (a daily schedule)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.domain.clock import utcnow
from functions.live.retention import purge_due_live_recordings
from functions.metrics_catalog import RECORDING_PURGES_FAILED, RECORDINGS_PURGED
from functions.observability import lambda_handler, logger, metrics
from functions.recordings import retention


@lambda_handler()
def purge_recordings(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    """Scheduled: delete the recordings whose company's retention period has run out."""
    now = utcnow()
    result = retention.purge_due_recordings(
        wiring.interviews(), wiring.companies(), wiring.recordings(), now=now
    )
    # Live interviews' recordings (issue 13), by the same periods.
    live = purge_due_live_recordings(
        wiring.live_interviews(), wiring.companies(), wiring.recordings(), now=now
    )
    result = retention.Purge(
        **{
            name: getattr(result, name) + getattr(live, name)
            for name in retention.Purge.model_fields
        }
    )
    logger.info("recordings retention purge", extra=result.model_dump())
    metrics.add_metric(name=RECORDINGS_PURGED, unit=MetricUnit.Count, value=result.purged)
    metrics.add_metric(name=RECORDING_PURGES_FAILED, unit=MetricUnit.Count, value=result.failed)
    return result.model_dump()
