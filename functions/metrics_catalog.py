"""The business metrics the functions emit, declared once.

The functions emit them with Powertools (functions/observability.py); the CDK app's alarms and
dashboard (cdk/stacks/observability.py) read the very same names, namespace and dimensions from
here. A CloudWatch alarm on a metric whose dimensions differ from what is emitted never fires, so
tests/unit/test_business_metrics.py compares what the real code paths print (EMF) with the
metrics the stack builds. Plain data, no Powertools import: the CDK app reads it for free.

Dimensions:
- Metrics added to the shared `metrics` object and flushed at the end of each invocation carry
  `service` only (one dimension set per flush, see BASE_DIMENSIONS).
- AIProviderCalls / AIProviderFailures carry `service` and `operation`, EventProcessingTime
  carries `service` and `consumer`: each is published at once as its own EMF document
  (Powertools' single_metric), so those dimensions never leak onto other metrics of the flush.
"""

from __future__ import annotations

from typing import Literal, get_args

NAMESPACE = "Interviews"
SERVICE = "interviews"  # Powertools' `service` dimension, the same for every function
BASE_DIMENSIONS: dict[str, str] = {"service": SERVICE}

# Counts (unit Count), flushed with BASE_DIMENSIONS.
INTERVIEWS_CREATED = "InterviewsCreated"
INTERVIEWS_COMPLETED = "InterviewsCompleted"
WEBHOOK_ENDPOINTS_DISABLED = "WebhookEndpointsDisabled"
WEBHOOK_DELIVERIES_FAILED = "WebhookDeliveriesFailed"
# Outbox events the sweeper had to publish (the stream path left them pending): normally 0.
OUTBOX_EVENTS_SWEPT = "OutboxEventsSwept"
# Answers the scheduled re-drive found uploaded without a run (it started one: their S3 event
# was lost), and those whose run ended without moving them (a recruiter reprocesses): both 0.
ANSWERS_REDRIVEN = "AnswersRedriven"
ANSWERS_STUCK = "AnswersStuck"
# Billing: deliveries to the Stripe webhook whose signature was refused (a wrong signing
# secret, or someone forging events), and failed payments Stripe told us about.
STRIPE_SIGNATURES_REFUSED = "StripeSignaturesRefused"
PAYMENTS_FAILED = "PaymentsFailed"
# Retention: interviews whose recordings the daily purge deleted, and those it could not
# (retried the next day; the alarm asks someone to look before recordings outstay their period).
RECORDINGS_PURGED = "RecordingsPurged"
RECORDING_PURGES_FAILED = "RecordingPurgesFailed"
# Scores 0-100 (unit None) and durations (Milliseconds), flushed with BASE_DIMENSIONS.
ANSWER_SCORE = "AnswerScore"
ANALYSIS_SCORE = "AnalysisScore"
ANALYSIS_DURATION = "AnalysisDurationMs"

# The AI provider (Groq): one count per call, one more per failed call, by operation.
AI_PROVIDER_CALLS = "AIProviderCalls"
AI_PROVIDER_FAILURES = "AIProviderFailures"
AIOperation = Literal["transcription", "answer_analysis", "interview_summary", "preparation_tips"]
AI_OPERATIONS: tuple[AIOperation, ...] = get_args(AIOperation)

# Milliseconds from an event's envelope `time` until a consumer finished with it, by consumer.
EVENT_PROCESSING_TIME = "EventProcessingTime"
EventConsumer = Literal["outbox-publisher", "webhook-delivery", "notifier", "analytics"]
EVENT_CONSUMERS: tuple[EventConsumer, ...] = get_args(EventConsumer)


def ai_provider_dimensions(operation: AIOperation) -> dict[str, str]:
    return {**BASE_DIMENSIONS, "operation": operation}


def event_consumer_dimensions(consumer: EventConsumer) -> dict[str, str]:
    return {**BASE_DIMENSIONS, "consumer": consumer}
