"""Alarms on every catalog resource to one encrypted topic, and the dashboard."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cdk_synth import Synthesized

from cdk.stacks.observability import AI_FAILURE_RATE_PERCENT, AI_MIN_CALLS, BUSINESS_METRICS
from functions.metrics_catalog import (
    AI_OPERATIONS,
    AI_PROVIDER_CALLS,
    AI_PROVIDER_FAILURES,
    ANSWERS_REDRIVEN,
    ANSWERS_STUCK,
    BASE_DIMENSIONS,
    EVENT_CONSUMERS,
    EVENT_PROCESSING_TIME,
    NAMESPACE,
    OUTBOX_EVENTS_SWEPT,
    PAYMENTS_FAILED,
    STRIPE_SIGNATURES_REFUSED,
    WEBHOOK_DELIVERIES_FAILED,
    WEBHOOK_ENDPOINTS_DISABLED,
    ai_provider_dimensions,
)
from functions.resources import CATALOG


def _alarms(synth: Synthesized) -> dict[str, dict[str, Any]]:
    found = synth.resources(synth.platform.observability, "AWS::CloudWatch::Alarm").values()
    return {alarm["Properties"]["AlarmName"]: alarm["Properties"] for alarm in found}


def test_every_alarm_notifies_the_encrypted_topic(synth: Synthesized) -> None:
    observability = synth.platform.observability
    (topic_id, topic), *_ = synth.resources(observability, "AWS::SNS::Topic").items()
    assert topic["Properties"]["KmsMasterKeyId"]
    for name, alarm in _alarms(synth).items():
        assert alarm["AlarmActions"] == [{"Ref": topic_id}], name
        assert alarm["TreatMissingData"] == "notBreaching"


def test_every_catalog_function_has_error_and_throttle_alarms(synth: Synthesized) -> None:
    alarms = _alarms(synth)
    for spec in CATALOG.functions:
        for suffix, metric in (("errors", "Errors"), ("throttles", "Throttles")):
            alarm = alarms[f"interviews-{synth.stage}-{spec.base}-{suffix}"]
            assert alarm["MetricName"] == metric
            assert alarm["Namespace"] == "AWS/Lambda"
            assert alarm["Threshold"] == 1


def test_every_dead_letter_queue_and_state_machine_is_watched(synth: Synthesized) -> None:
    alarms = _alarms(synth)
    pipeline = synth.platform.pipeline
    dlq_alarms = [
        a for a in alarms.values() if a.get("MetricName") == "ApproximateNumberOfMessagesVisible"
    ]
    dead_letter_queues = len(pipeline.dead_letter_queues) + len(CATALOG.queues)
    assert len(dlq_alarms) == dead_letter_queues
    for spec in CATALOG.state_machines:
        alarm = alarms[f"interviews-{synth.stage}-{spec.base}-failed"]
        assert alarm["MetricName"] == "ExecutionsFailed"
        assert alarm["Namespace"] == "AWS/States"


def test_api_5xx_rate_alarm(synth: Synthesized) -> None:
    alarm = _alarms(synth)[f"interviews-{synth.stage}-api-5xx-rate"]
    expressions = [m for m in alarm["Metrics"] if "Expression" in m]
    assert "errors / requests" in expressions[0]["Expression"]
    names = {m["MetricStat"]["Metric"]["MetricName"] for m in alarm["Metrics"] if "MetricStat" in m}
    assert names == {"5xx", "Count"}


def _dimensions(stat: dict[str, Any]) -> dict[str, str]:
    return {d["Name"]: d["Value"] for d in stat["Metric"].get("Dimensions", [])}


def test_ai_provider_failure_rate_alarm(synth: Synthesized) -> None:
    """Failures in % of calls over every operation, with exactly the emitted dimensions."""
    alarm = _alarms(synth)[f"interviews-{synth.stage}-ai-provider-failure-rate"]
    assert alarm["Threshold"] == AI_FAILURE_RATE_PERCENT
    assert alarm["EvaluationPeriods"] == 2
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    (expression,) = [m for m in alarm["Metrics"] if "Expression" in m]
    assert expression["ReturnData"] is True
    assert expression["Expression"].startswith("IF((FILL(calls_")
    assert f">= {AI_MIN_CALLS}, 100 * (FILL(failures_" in expression["Expression"]
    stats = [m["MetricStat"] for m in alarm["Metrics"] if "MetricStat" in m]
    assert len(stats) <= 10  # CloudWatch's limit for an alarm's metric math
    watched = {
        (m["Namespace"], m["MetricName"], s["Stat"], _dimensions(s)["operation"])
        for s in stats
        for m in (s["Metric"],)
    }
    assert watched == {
        (NAMESPACE, name, "Sum", operation)
        for name in (AI_PROVIDER_CALLS, AI_PROVIDER_FAILURES)
        for operation in AI_OPERATIONS
    }
    for stat in stats:
        operation = _dimensions(stat)["operation"]
        assert _dimensions(stat) == ai_provider_dimensions(operation)  # as the adapters emit
        assert stat["Period"] == 300


@pytest.mark.parametrize(
    ("name", "metric"),
    [
        ("webhook-endpoints-disabled", WEBHOOK_ENDPOINTS_DISABLED),
        ("outbox-events-swept", OUTBOX_EVENTS_SWEPT),
        ("answers-redriven", ANSWERS_REDRIVEN),
        ("answers-stuck", ANSWERS_STUCK),
    ],
)
def test_a_disabled_webhook_endpoint_or_a_swept_event_alarms(
    synth: Synthesized, name: str, metric: str
) -> None:
    alarm = _alarms(synth)[f"interviews-{synth.stage}-{name}"]
    assert (alarm["Namespace"], alarm["MetricName"]) == (NAMESPACE, metric)
    assert {d["Name"]: d["Value"] for d in alarm["Dimensions"]} == BASE_DIMENSIONS
    assert alarm["Statistic"] == "Sum" and alarm["Period"] == 300
    assert alarm["Threshold"] == 1
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


@pytest.mark.parametrize(
    ("name", "metric", "threshold"),
    [
        ("payments-failed", PAYMENTS_FAILED, 1),
        ("stripe-signatures-refused", STRIPE_SIGNATURES_REFUSED, 5),
    ],
)
def test_a_failed_payment_or_refused_stripe_signatures_alarm(
    synth: Synthesized, name: str, metric: str, threshold: int
) -> None:
    alarm = _alarms(synth)[f"interviews-{synth.stage}-{name}"]
    assert (alarm["Namespace"], alarm["MetricName"]) == (NAMESPACE, metric)
    assert {d["Name"]: d["Value"] for d in alarm["Dimensions"]} == BASE_DIMENSIONS
    assert alarm["Statistic"] == "Sum" and alarm["Period"] == 300
    assert alarm["Threshold"] == threshold
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"


def test_dashboard_shows_the_business_metrics(synth: Synthesized) -> None:
    (dashboard,) = synth.resources(
        synth.platform.observability, "AWS::CloudWatch::Dashboard"
    ).values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for name in (
        *BUSINESS_METRICS,
        EVENT_PROCESSING_TIME,
        AI_PROVIDER_CALLS,
        WEBHOOK_ENDPOINTS_DISABLED,
        WEBHOOK_DELIVERIES_FAILED,
    ):
        assert name in body
    for consumer in EVENT_CONSUMERS:
        assert consumer in body
    assert "p95" in body
    assert set(BUSINESS_METRICS) == {
        "InterviewsCreated",
        "InterviewsCompleted",
        "AnswerScore",
        "AnalysisScore",
        "AnalysisDurationMs",
    }
