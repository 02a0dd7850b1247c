"""EventBridge rule targets moto does not deliver to: Lambda functions and Step Functions.

moto's `Rule.send_to_targets` delivers to SQS, Logs, buses and API destinations and raises on
anything else. We wrap it once: Lambda and state machine targets are taken out, rendered with
the target's Input / InputPath / InputTransformer, and delivered asynchronously (as EventBridge
does); the remaining targets go to moto's own code unchanged.

Two moto quirks are corrected here because every consumer would otherwise trip on them:
- S3 notifications carry one fixed event id, which would defeat idempotency on the event id;
  each S3 event gets a fresh id (the same for every rule it reaches).
- moto sends S3 events to rules on every bus; AWS sends them to the default bus only.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from functions.local.async_dispatch import AsyncDispatcher, Redrive
from functions.local.lambda_runtime import FunctionSpec, run_or_raise

_MOTO_FIXED_EVENT_ID = "17793124-05d4-b198-2fde-7ededc63b103"


def target_service(arn: str) -> str:
    """'lambda' or 'states' for the targets handled here, otherwise the ARN's service."""
    parts = arn.split(":")
    return parts[2] if len(parts) > 2 else ""


def iso_time(value: Any) -> Any:
    """moto keeps `time` as epoch seconds; EventBridge delivers an ISO 8601 string."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def json_path(document: Any, path: str) -> Any:
    """The simple `$.a.b` paths InputPath uses."""
    node = document
    for part in path.removeprefix("$").strip(".").split("."):
        if part:
            node = node[part]
    return node


def render_input(target: dict[str, Any], event: dict[str, Any]) -> Any:
    """What a target receives: Input, InputPath, InputTransformer or the whole event."""
    if "Input" in target:
        return json.loads(target["Input"])
    if "InputPath" in target:
        return json_path(event, target["InputPath"])
    transformer = target.get("InputTransformer")
    if transformer:
        from moto.events.utils import EventTemplateParser

        with_ingestion: Any = {"ingestion-time": event["time"], **event}
        return EventTemplateParser.parse(
            input_template=transformer.get("InputTemplate"),
            input_paths_map=transformer.get("InputPathsMap", {}),
            event=with_ingestion,
        )
    return event


class EventBridgeTargetAdapter:
    """Installs the wrapper around moto's `Rule.send_to_targets`; `uninstall` removes it."""

    def __init__(self, dispatcher: AsyncDispatcher) -> None:
        self._dispatcher = dispatcher
        self._original: Any = None

    def install(self) -> None:
        from moto.events.models import Rule

        if self._original is not None:
            return
        original = self._original = Rule.__dict__["send_to_targets"]
        adapter = self

        def send_to_targets(rule: Any, event: dict[str, Any], transform_input: bool = True) -> None:
            theirs = adapter.deliver(rule, event)
            if theirs:
                # A shallow copy keeps moto's delivery code untouched for its own targets.
                clone = copy.copy(rule)
                clone.targets = theirs
                original(clone, event, transform_input)

        Rule.send_to_targets = send_to_targets  # type: ignore[method-assign,assignment]

    def uninstall(self) -> None:
        from moto.events.models import Rule

        if self._original is not None:
            Rule.send_to_targets = self._original  # type: ignore[method-assign]
            self._original = None

    def deliver(self, rule: Any, event: dict[str, Any]) -> list[dict[str, Any]]:
        """Dispatch our targets of a matching rule; return the targets left for moto."""
        if not self._reaches(rule, event):
            return []
        if event.get("id") == _MOTO_FIXED_EVENT_ID:
            event["id"] = str(uuid.uuid4())  # mutating: every rule then sees the same id
        delivered = {**event, "time": iso_time(event.get("time"))}
        theirs = []
        for target in rule.targets:
            service = target_service(target["Arn"])
            if service == "lambda":
                self._to_lambda(rule, target, render_input(target, delivered))
            elif service == "states":
                self._to_state_machine(rule, target, render_input(target, delivered))
            else:
                theirs.append(target)
        return theirs

    @staticmethod
    def _reaches(rule: Any, event: dict[str, Any]) -> bool:
        if rule.state != "ENABLED" or not rule.event_pattern.matches_event(event):
            return False
        return not (event.get("source") == "aws.s3" and rule.event_bus_name != "default")

    def _to_lambda(self, rule: Any, target: dict[str, Any], payload: Any) -> None:
        from moto.awslambda.utils import get_backend

        backend = get_backend(rule.account_id, rule.region_name)

        def invoke() -> None:
            fn = backend.get_function(target["Arn"])
            run_or_raise(FunctionSpec.from_moto(fn), json.dumps(payload))

        redrive = Redrive("lambda", target["Arn"].split(":")[6], json.dumps(payload))
        self._dispatcher.submit(f"rule {rule.name} -> {target['Arn']}", invoke, redrive)

    def _to_state_machine(self, rule: Any, target: dict[str, Any], payload: Any) -> None:
        from moto.stepfunctions.responses import get_backend

        backend = get_backend(rule.account_id, rule.region_name)

        def start() -> None:
            # EventBridge names the executions it starts with a fresh id, as here.
            backend.start_execution(
                target["Arn"], name=str(uuid.uuid4()), execution_input=json.dumps(payload)
            )

        redrive = Redrive("states", target["Arn"], json.dumps(payload))
        self._dispatcher.submit(f"rule {rule.name} -> {target['Arn']}", start, redrive)
