"""SQS batches with partial responses (Powertools batch processing), for every queue consumer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext


def process_sqs_batch(
    event: dict[str, Any], context: LambdaContext, record_handler: Callable[[SQSRecord], None]
) -> dict[str, Any]:
    """Each record through `record_handler`; the failed ones are reported for SQS to retry."""
    # A processor per invocation: it holds the batch being processed, and the local platform
    # runs several invocations at once in one process (as Lambda runs several environments).
    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(
        process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
    )
