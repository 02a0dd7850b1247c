"""Alarms on every catalog resource to one encrypted topic, and the dashboard."""

from __future__ import annotations

import json
from typing import Any

from cdk_synth import Synthesized

from cdk.stacks.observability import BUSINESS_METRICS
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


def test_dashboard_shows_the_business_metrics(synth: Synthesized) -> None:
    (dashboard,) = synth.resources(
        synth.platform.observability, "AWS::CloudWatch::Dashboard"
    ).values()
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    for name in BUSINESS_METRICS:
        assert name in body
    assert "Interviews" in body
    assert set(BUSINESS_METRICS) == {
        "InterviewsCreated",
        "InterviewsCompleted",
        "AnalysisScore",
        "AnalysisDurationMs",
    }
