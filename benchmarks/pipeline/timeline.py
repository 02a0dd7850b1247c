"""Where an answer's time goes: its execution history (moto's interpreter stamps every event)
and the in-process Lambda runtime's own timing of each handler call."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from functions.local import lambda_runtime


@dataclass(frozen=True)
class HandlerCall:
    function: str
    started: float  # epoch seconds
    ended: float


@dataclass
class HandlerClock:
    """Wraps the runtime's `run_handler` (what every invocation calls): when each handler ran,
    to tell the handler's work from the invocation around it (the interpreter's client, HTTP
    to moto's Lambda API, the runtime)."""

    calls: list[HandlerCall] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self) -> None:
        original = lambda_runtime.run_handler

        def timed(spec: lambda_runtime.FunctionSpec, body: Any) -> Any:
            started = time.time()
            try:
                return original(spec, body)
            finally:
                with self._lock:
                    self.calls.append(HandlerCall(spec.name, started, time.time()))

        lambda_runtime.run_handler = timed  # type: ignore[assignment]

    def within(self, function: str, started: float, ended: float) -> list[HandlerCall]:
        with self._lock:
            return [
                c
                for c in self.calls
                if c.function == function
                and c.started >= started - 0.01
                and c.ended <= ended + 0.01
            ]


@dataclass(frozen=True)
class Step:
    name: str
    entered: float
    exited: float
    handler_seconds: float  # the handlers this state called (Tasks), 0 for the others

    @property
    def seconds(self) -> float:
        return self.exited - self.entered


def stamp(event: dict[str, Any]) -> float:
    return float(event["timestamp"].timestamp())


def state_exit(history: list[dict[str, Any]], name: str) -> float | None:
    """When the state `name` was left (its last exit), epoch seconds."""
    found = [stamp(e) for e in history if e.get("stateExitedEventDetails", {}).get("name") == name]
    return max(found) if found else None


def task_functions(history: list[dict[str, Any]]) -> dict[str, str]:
    """Task state name -> the Lambda function it invoked (the TaskScheduled's FunctionName;
    its state is the StateEntered event up its chain of previous events)."""
    by_id = {e["id"]: e for e in history}
    functions: dict[str, str] = {}
    for event in history:
        if event["type"] != "TaskScheduled":
            continue
        parameters = json.loads(event["taskScheduledEventDetails"]["parameters"])
        node = by_id.get(event.get("previousEventId", 0))
        while node is not None and "stateEnteredEventDetails" not in node:
            node = by_id.get(node.get("previousEventId", 0))
        if node is not None:
            name = node["stateEnteredEventDetails"]["name"]
            functions[name] = str(parameters["FunctionName"]).rsplit(":", 1)[-1]
    return functions


def steps(
    history: list[dict[str, Any]], names: set[str], clock: HandlerClock | None = None
) -> list[Step]:
    """The states among `names`, in the order entered, with their handlers' time."""
    functions = task_functions(history)
    entered: dict[str, float] = {}
    out: list[Step] = []
    for event in history:
        if (name := event.get("stateEnteredEventDetails", {}).get("name")) in names:
            entered[name] = stamp(event)
        elif (name := event.get("stateExitedEventDetails", {}).get("name")) in entered:
            start, end = entered.pop(name), stamp(event)
            function = functions.get(name)
            calls = clock.within(function, start, end) if clock and function else []
            out.append(Step(name, start, end, sum(c.ended - c.started for c in calls)))
    return out


def execution_started(history: list[dict[str, Any]]) -> float:
    return stamp(next(e for e in history if e["type"] == "ExecutionStarted"))
