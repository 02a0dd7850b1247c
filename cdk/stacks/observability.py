"""Observability: one encrypted alarm topic, alarms on every catalog resource, one dashboard.

Alarms: the API's 5xx rate; errors and throttles of every catalog function; any message in any
dead-letter queue; any failed state machine execution; the AI provider's failure rate; any
webhook endpoint disabled. All go to the one SNS topic (KMS key of this stack, which CloudWatch
may use). The dashboard shows the API, the functions, the pipeline and the business metrics the
app emits with Powertools (names, namespace and dimensions: functions/metrics_catalog.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as cw_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from cdk.config import StageConfig
from cdk.stacks.api import ApiStack
from cdk.stacks.live import LiveStack
from cdk.stacks.pipeline import PipelineStack
from functions.metrics_catalog import (
    AI_OPERATIONS,
    AI_PROVIDER_CALLS,
    AI_PROVIDER_FAILURES,
    ANALYSIS_DURATION,
    ANALYSIS_SCORE,
    ANSWER_SCORE,
    ANSWERS_REDRIVEN,
    ANSWERS_STUCK,
    BASE_DIMENSIONS,
    EVENT_CONSUMERS,
    EVENT_PROCESSING_TIME,
    INTERVIEWS_COMPLETED,
    INTERVIEWS_CREATED,
    NAMESPACE,
    OUTBOX_EVENTS_SWEPT,
    PAYMENTS_FAILED,
    RECORDING_PURGES_FAILED,
    STRIPE_SIGNATURES_REFUSED,
    WEBHOOK_DELIVERIES_FAILED,
    WEBHOOK_ENDPOINTS_DISABLED,
    ai_provider_dimensions,
    event_consumer_dimensions,
)
from functions.resources import resource_name

PERIOD = Duration.minutes(5)
API_5XX_RATE_PERCENT = 5  # of requests in 5 minutes, with at least API_5XX_MIN_REQUESTS
API_5XX_MIN_REQUESTS = 20
STRIPE_REFUSALS_ALARM = 5  # refused Stripe webhook signatures in 5 minutes
AI_FAILURE_RATE_PERCENT = 10  # of calls to the AI provider in 5 minutes, with at least:
AI_MIN_CALLS = 10
BUSINESS_METRICS = {
    INTERVIEWS_CREATED: "Sum",
    INTERVIEWS_COMPLETED: "Sum",
    ANSWER_SCORE: "Average",
    ANALYSIS_SCORE: "Average",
    ANALYSIS_DURATION: "p90",
}


def app_metric(
    name: str,
    statistic: str,
    dimensions: Mapping[str, str] = BASE_DIMENSIONS,
    label: str | None = None,
) -> cw.Metric:
    """A metric the functions emit, with exactly the dimensions they emit it with (an alarm on
    any other dimension set watches a metric that does not exist)."""
    return cw.Metric(
        namespace=NAMESPACE,
        metric_name=name,
        dimensions_map=dict(dimensions),
        statistic=statistic,
        period=PERIOD,
        label=label,
    )


def ai_provider_metrics(name: str) -> dict[str, cw.Metric]:
    """AIProviderCalls or AIProviderFailures of each operation, keyed by an expression id."""
    prefix = "calls" if name == AI_PROVIDER_CALLS else "failures"
    return {
        f"{prefix}_{operation}": app_metric(
            name, "Sum", ai_provider_dimensions(operation), label=operation
        )
        for operation in AI_OPERATIONS
    }


def ai_provider_failure_rate() -> cw.MathExpression:
    """Failed calls in % of all calls to the AI provider, every operation together; 0 while
    there are fewer than AI_MIN_CALLS calls. An alarm's math may read at most 10 metrics: two
    per operation."""
    calls = ai_provider_metrics(AI_PROVIDER_CALLS)
    failures = ai_provider_metrics(AI_PROVIDER_FAILURES)
    total_calls = " + ".join(f"FILL({key}, 0)" for key in calls)
    total_failures = " + ".join(f"FILL({key}, 0)" for key in failures)
    return cw.MathExpression(
        label="AI provider failures % of calls",
        expression=f"IF(({total_calls}) >= {AI_MIN_CALLS}, "
        f"100 * ({total_failures}) / ({total_calls}), 0)",
        using_metrics={**calls, **failures},
        period=PERIOD,
    )


class ObservabilityStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        pipeline: PipelineStack,
        api: ApiStack,
        live: LiveStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        key = kms.Key(
            self,
            "AlarmsKey",
            description=f"{resource_name(config.stage, 'alarms')}: alarm topic",
            enable_key_rotation=True,
            pending_window=config.kms_pending_window,
            removal_policy=config.removal_policy,
        )
        # CloudWatch publishes alarms into the encrypted topic.
        key.grant(
            iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*"
        )
        self.topic = sns.Topic(
            self,
            "AlarmTopic",
            topic_name=resource_name(config.stage, "alarms"),
            master_key=key,
            enforce_ssl=True,
        )
        if config.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        self.alarms: list[cw.Alarm] = []
        functions = (
            {"api": api.handler.function}
            | {base: f.function for base, f in pipeline.functions.items()}
            | {base: f.function for base, f in live.functions.items()}
        )
        self._api_alarm(api)
        self._alarm(
            "ai-provider-failure-rate",
            ai_provider_failure_rate(),
            threshold=AI_FAILURE_RATE_PERCENT,
            evaluation_periods=2,
        )
        self._alarm("webhook-endpoints-disabled", app_metric(WEBHOOK_ENDPOINTS_DISABLED, "Sum"))
        # The stream path to the bus left events pending for 10 minutes (the sweeper sent them).
        self._alarm("outbox-events-swept", app_metric(OUTBOX_EVENTS_SWEPT, "Sum"))
        # Answers whose upload event was lost (re-driven) or whose run ended without them.
        self._alarm("answers-redriven", app_metric(ANSWERS_REDRIVEN, "Sum"))
        self._alarm("answers-stuck", app_metric(ANSWERS_STUCK, "Sum"))
        # Recordings the retention purge could not delete (it retries daily; they outstay).
        self._alarm("recording-purges-failed", app_metric(RECORDING_PURGES_FAILED, "Sum"))
        # Billing: a payment failed (the company is in its grace period), or the Stripe webhook
        # refused signatures (a few: the endpoint is public, so the odd stray request is noise;
        # more is a wrong signing secret refusing every real event, or forgery).
        self._alarm("payments-failed", app_metric(PAYMENTS_FAILED, "Sum"))
        self._alarm(
            "stripe-signatures-refused",
            app_metric(STRIPE_SIGNATURES_REFUSED, "Sum"),
            threshold=STRIPE_REFUSALS_ALARM,
        )
        for base, function in functions.items():
            self._alarm(f"{base}-errors", function.metric_errors(period=PERIOD, statistic="Sum"))
            self._alarm(
                f"{base}-throttles", function.metric_throttles(period=PERIOD, statistic="Sum")
            )
        for queue in self._dead_letter_queues(pipeline):
            self._alarm(
                f"{queue.node.id}-messages",
                queue.metric_approximate_number_of_messages_visible(
                    period=PERIOD, statistic="Maximum"
                ),
            )
        for base, machine in pipeline.state_machines.items():
            self._alarm(f"{base}-failed", machine.metric_failed(period=PERIOD, statistic="Sum"))
            self._alarm(
                f"{base}-timed-out", machine.metric_timed_out(period=PERIOD, statistic="Sum")
            )
        self._dashboard(api, functions, pipeline)

    @staticmethod
    def _dead_letter_queues(pipeline: PipelineStack) -> list[sqs.IQueue]:
        queues: list[sqs.IQueue] = list(pipeline.dead_letter_queues.values())
        for queue in pipeline.queues.values():
            if queue.dead_letter_queue is not None:
                queues.append(queue.dead_letter_queue.queue)
        return queues

    def _alarm(
        self, name: str, metric: cw.IMetric, threshold: float = 1, evaluation_periods: int = 1
    ) -> cw.Alarm:
        alarm = cw.Alarm(
            self,
            name,
            alarm_name=resource_name(self.config.stage, name),
            metric=metric,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(cw_actions.SnsAction(self.topic))
        alarm.add_ok_action(cw_actions.SnsAction(self.topic))
        self.alarms.append(alarm)
        return alarm

    def _api_alarm(self, api: ApiStack) -> None:
        http_api = api.http_api
        rate = cw.MathExpression(
            label="5xx % of requests",
            expression=f"IF(requests >= {API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)",
            using_metrics={
                "errors": http_api.metric_server_error(period=PERIOD, statistic="Sum"),
                "requests": http_api.metric_count(period=PERIOD, statistic="Sum"),
            },
            period=PERIOD,
        )
        self._alarm("api-5xx-rate", rate, threshold=API_5XX_RATE_PERCENT, evaluation_periods=2)

    def _dashboard(self, api: ApiStack, functions: dict[str, Any], pipeline: PipelineStack) -> None:
        http_api = api.http_api
        dashboard = cw.Dashboard(
            self, "Dashboard", dashboard_name=resource_name(self.config.stage, "overview")
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="API requests and errors",
                left=[http_api.metric_count(period=PERIOD, statistic="Sum")],
                right=[
                    http_api.metric_client_error(period=PERIOD, statistic="Sum"),
                    http_api.metric_server_error(period=PERIOD, statistic="Sum"),
                ],
                width=12,
            ),
            cw.GraphWidget(
                title="API latency (p50, p90, p99)",
                left=[
                    http_api.metric_latency(period=PERIOD, statistic=s)
                    for s in ("p50", "p90", "p99")
                ],
                width=12,
            ),
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="Function errors",
                left=[
                    f.metric_errors(period=PERIOD, statistic="Sum", label=b)
                    for b, f in functions.items()
                ],
                width=12,
            ),
            cw.GraphWidget(
                title="Function duration p90 (ms)",
                left=[
                    f.metric_duration(period=PERIOD, statistic="p90", label=b)
                    for b, f in functions.items()
                ],
                width=12,
            ),
        )
        dashboard.add_widgets(
            cw.GraphWidget(
                title="Pipeline executions",
                left=[
                    m.metric_succeeded(period=PERIOD, statistic="Sum", label=f"{b} succeeded")
                    for b, m in pipeline.state_machines.items()
                ],
                right=[
                    m.metric_failed(period=PERIOD, statistic="Sum", label=f"{b} failed")
                    for b, m in pipeline.state_machines.items()
                ],
                width=12,
            ),
            cw.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=12),
        )
        # The app's own metrics, four to a row.
        widgets = [
            cw.GraphWidget(
                title=f"{name} ({statistic})",
                left=[app_metric(name, statistic, label=name)],
                width=6,
            )
            for name, statistic in BUSINESS_METRICS.items()
        ] + self._flow_widgets()
        for row in range(0, len(widgets), 4):
            dashboard.add_widgets(*widgets[row : row + 4])

    @staticmethod
    def _flow_widgets() -> list[cw.IWidget]:
        """Events by consumer, the AI provider by operation, webhooks."""
        return [
            cw.GraphWidget(
                title="Event processing time p95 (ms since the event)",
                left=[
                    app_metric(EVENT_PROCESSING_TIME, "p95", event_consumer_dimensions(c), label=c)
                    for c in EVENT_CONSUMERS
                ],
                width=6,
            ),
            cw.GraphWidget(
                title="AI provider calls, failure %",
                left=list(ai_provider_metrics(AI_PROVIDER_CALLS).values()),
                right=[ai_provider_failure_rate()],
                width=6,
            ),
            cw.GraphWidget(
                title="Webhooks: endpoints disabled, deliveries failed",
                left=[
                    app_metric(WEBHOOK_ENDPOINTS_DISABLED, "Sum", label="endpoints disabled"),
                    app_metric(WEBHOOK_DELIVERIES_FAILED, "Sum", label="deliveries failed"),
                ],
                width=6,
            ),
        ]
