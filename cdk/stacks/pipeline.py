"""Pipeline: the catalog's worker Lambdas, state machines and EventBridge rules.

Every state machine is deployed from the very ASL file the local platform runs, with the
catalog's DefinitionSubstitutions; every rule uses the catalog's event pattern and sends what
it cannot deliver to an encrypted SQS dead-letter queue.
"""

from __future__ import annotations

from typing import Any, cast

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk import access, nag
from cdk.config import StageConfig
from cdk.constructs.asl_state_machine import AslStateMachine
from cdk.constructs.layers import PlatformLayers
from cdk.constructs.python_function import PythonFunction
from cdk.environment import app_environment
from cdk.stacks.data import DataStack
from cdk.stacks.events import EventsStack
from cdk.stacks.identity import IdentityStack
from cdk.stacks.integrations import IntegrationsStack
from functions.resources import (
    API_FUNCTION,
    CATALOG,
    LIVE_SIGNALLING_FUNCTIONS,
    EventSource,
    Queue,
    Rule,
    Schedule,
    StateMachine,
    Target,
    resource_name,
)

# Catalog pattern keys -> EventPattern fields (CDK renders them back to the same keys).
PATTERN_FIELDS = {
    "source": "source",
    "detail-type": "detail_type",
    "detail": "detail",
    "account": "account",
    "region": "region",
    "resources": "resources",
    "id": "id",
    "version": "version",
    "time": "time",
}


def event_pattern(pattern: dict[str, object]) -> events.EventPattern:
    unknown = set(pattern) - set(PATTERN_FIELDS)
    if unknown:
        raise ValueError(f"event pattern keys CDK cannot express: {sorted(unknown)}")
    return events.EventPattern(**{PATTERN_FIELDS[k]: cast(Any, v) for k, v in pattern.items()})


class PipelineStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        data: DataStack,
        events_stack: EventsStack,
        identity: IdentityStack,
        integrations: IntegrationsStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.data = data
        self.events_stack = events_stack
        environment = app_environment(config, data=data, events=events_stack, identity=identity)
        layers = PlatformLayers(self, "Layers")
        self.functions: dict[str, PythonFunction] = {
            spec.base: access.function_for(
                self, spec, config=config, environment=environment, layers=layers
            )
            for spec in CATALOG.functions
            # The API and the live signalling routes are built by their own stacks.
            if spec.base != API_FUNCTION.base and spec not in LIVE_SIGNALLING_FUNCTIONS
        }
        self.state_machines = {
            spec.base: self._state_machine(spec) for spec in CATALOG.state_machines
        }
        # Catalog queues live here, beside the rules that feed them (a queue policy naming a
        # rule in another stack would make the two stacks depend on each other).
        self.queues = {spec.base: self._queue(spec) for spec in CATALOG.queues}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        self._async_failures_configured: set[str] = set()
        self.rules = {rule.base: self._rule(rule) for rule in CATALOG.rules}
        self.schedules = {
            spec.base: self._schedule(spec, integrations) for spec in CATALOG.schedules
        }
        resources = access.Resources(
            data=data,
            events=events_stack,
            identity=identity,
            integrations=integrations,
            state_machines=self.state_machines,
            queues=self.queues,
            stage=config.stage,
        )
        for function in self.functions.values():
            access.grant(resources, function, config)
        self._add_event_sources()
        self._suppress_nag_findings()

    # -- state machines -------------------------------------------------------------------------

    def _state_machine(self, spec: StateMachine) -> sfn.StateMachine:
        invoked = {base: self.functions[base].function for base in spec.functions}
        # "-machine": a state machine may share its base name with a function (analyze-interview).
        return AslStateMachine(
            self, f"{spec.base}-machine", spec=spec, config=self.config, functions=invoked
        ).state_machine

    # -- rules ----------------------------------------------------------------------------------

    def _rule(self, spec: Rule) -> events.Rule:
        bus = self.events_stack.bus if spec.bus == "platform" else None  # None: default bus
        rule = events.Rule(
            self,
            f"{spec.base}-rule",
            rule_name=spec.name(self.config.stage),
            event_bus=bus,
            event_pattern=event_pattern(spec.pattern(self.config.stage, self.account)),
        )
        for target in spec.targets:
            rule.add_target(self._target(spec, target))
        return rule

    def _target(self, rule: Rule, target: Target) -> events.IRuleTarget:
        dlq = self._dead_letter_queue(f"{rule.base}-{target.ref}")
        options: dict[str, Any] = {
            "dead_letter_queue": dlq,
            "retry_attempts": self.config.rule_retry_attempts,
            "max_event_age": self.config.rule_max_event_age,
        }
        if target.kind == "function":
            fn = self.functions[target.ref].function
            self._route_async_failures(fn, dlq)
            return targets.LambdaFunction(fn, **options)
        if target.kind == "state_machine":
            return targets.SfnStateMachine(self.state_machines[target.ref], **options)
        return targets.SqsQueue(self.queues[target.ref], **options)

    def _encrypted_queue(self, construct_id: str, name: str, **props: Any) -> sqs.Queue:
        return sqs.Queue(
            self,
            construct_id,
            queue_name=name,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            **props,
        )

    def _dead_letter_queue(self, base: str) -> sqs.Queue:
        queue = self._encrypted_queue(
            f"{base}-dlq",
            resource_name(self.config.stage, f"{base}-dlq"),
            retention_period=self.config.dlq_retention,
        )
        self.dead_letter_queues[base] = queue
        return queue

    def _queue(self, spec: Queue) -> sqs.Queue:
        stage = self.config.stage
        dead_letters = self._encrypted_queue(
            f"{spec.base}-dlq",
            spec.dead_letter_name(stage),
            retention_period=self.config.dlq_retention,
            # A function may consume the dead letters (an event source): over its timeout.
            visibility_timeout=Duration.seconds(spec.visibility_timeout_seconds),
        )
        return self._encrypted_queue(
            spec.base,
            spec.name(stage),
            visibility_timeout=Duration.seconds(spec.visibility_timeout_seconds),
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=dead_letters, max_receive_count=spec.max_receive_count
            ),
        )

    def _route_async_failures(self, fn: lambda_.Function, dlq: sqs.Queue) -> None:
        """EventBridge invokes Lambda asynchronously: failed runs land in the same DLQ."""
        if fn.node.path in self._async_failures_configured:
            return
        self._async_failures_configured.add(fn.node.path)
        fn.configure_async_invoke(
            on_failure=destinations.SqsDestination(dlq),
            retry_attempts=2,
            max_event_age=self.config.rule_max_event_age,
        )

    # -- schedules ------------------------------------------------------------------------------

    def _schedule(self, spec: Schedule, integrations: IntegrationsStack) -> scheduler.CfnSchedule:
        """EventBridge Scheduler invokes the catalog function on the catalog's rate."""
        fn = self.functions[spec.function].function
        role = iam.Role(
            self,
            f"{spec.base}-role",
            assumed_by=iam.ServicePrincipal("scheduler.amazonaws.com"),
            description=f"EventBridge Scheduler: invoke {spec.function}",
        )
        role.add_to_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[fn.function_arn])
        )
        return scheduler.CfnSchedule(
            self,
            spec.base,
            name=spec.name(self.config.stage),
            group_name=integrations.schedule_group.ref,
            schedule_expression=spec.expression,
            flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(mode="OFF"),
            target=scheduler.CfnSchedule.TargetProperty(
                arn=fn.function_arn,
                role_arn=role.role_arn,
                retry_policy=scheduler.CfnSchedule.RetryPolicyProperty(
                    maximum_retry_attempts=2, maximum_event_age_in_seconds=600
                ),
            ),
        )

    # -- event source mappings -------------------------------------------------------------------

    def _add_event_sources(self) -> None:
        for spec in CATALOG.event_sources:
            self.functions[spec.function].function.add_event_source(self._event_source(spec))

    def _event_source(self, spec: EventSource) -> lambda_.IEventSource:
        if spec.kind == "table_stream":
            # Retried until the record leaves the stream (never skipped), bisecting a failing
            # batch; what still fails is recorded in a DLQ for replay. Only outbox inserts.
            return sources.DynamoEventSource(
                self.data.tables[spec.source],
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=spec.batch_size,
                bisect_batch_on_error=True,
                on_failure=sources.SqsDlq(self._dead_letter_queue(f"{spec.function}-stream")),
                filters=[
                    lambda_.FilterCriteria.filter(
                        {
                            "eventName": lambda_.FilterRule.is_equal("INSERT"),
                            "dynamodb": {
                                "NewImage": {"kind": {"S": lambda_.FilterRule.is_equal("outbox")}}
                            },
                        }
                    )
                ],
            )
        queue: sqs.IQueue = self.queues[spec.source]
        if spec.kind == "dead_letters":
            dead_letters = self.queues[spec.source].dead_letter_queue
            assert dead_letters is not None  # every catalog queue has one (_queue)
            queue = dead_letters.queue
        return sources.SqsEventSource(
            queue, batch_size=spec.batch_size, report_batch_item_failures=True
        )

    # -- cdk-nag ----------------------------------------------------------------------------------

    def _suppress_nag_findings(self) -> None:
        for spec in CATALOG.state_machines:
            NagSuppressions.add_resource_suppressions(
                self.state_machines[spec.base].role,
                [
                    nag.state_machine_logging_and_tracing(),
                    nag.lambda_invoke(*(self.functions[b].function for b in spec.functions)),
                ],
                apply_to_children=True,
            )
        for base, queue in self.dead_letter_queues.items():
            NagSuppressions.add_resource_suppressions(
                queue,
                [
                    NagPackSuppression(
                        id="AwsSolutions-SQS3",
                        reason=f"This queue is itself a dead-letter queue ({base}: what the "
                        "rule could not deliver, and a function target's failed async runs).",
                    )
                ],
            )
