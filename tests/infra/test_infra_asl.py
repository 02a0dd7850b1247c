"""Every state machine file is JSON whose every Task retries, and catches or says why not.

A Task may go without its own Catch when:
- it runs inside a Parallel or Map branch whose enclosing state catches (the branch's error
  surfaces there, so one Catch covers the whole fan-out);
- it is a failure path itself (a Catch target, or reached only from one): catching there would
  loop, and when recording a failure fails the execution fails, which the observability stack's
  ExecutionsFailed alarm reports;
- it is listed in NO_CATCH below with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdk_synth import REPO_ROOT

ASL_FILES = sorted((REPO_ROOT / "statemachines").glob("*.asl.json"))

# RequestInterviewAnalysis used to be listed here; it now catches to
# RecordAnalysisRequestFailure, which records the reason on the interview.
NO_CATCH: dict[tuple[str, str], str] = {}

State = dict[str, Any]


def _tasks(states: dict[str, State], caught_above: bool) -> Iterator[tuple[str, State, bool]]:
    for name, state in states.items():
        if state["Type"] == "Task":
            yield name, state, caught_above
        catches = caught_above or bool(state.get("Catch"))
        for branch in state.get("Branches", []):
            yield from _tasks(branch["States"], catches)
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor:
            yield from _tasks(processor["States"], catches)


def _reach(states: dict[str, State], start: set[str], *, skip_catch: bool = False) -> set[str]:
    seen: set[str] = set()
    pending = list(start)
    while pending:
        name = pending.pop()
        if name in seen or name not in states:
            continue
        seen.add(name)
        state = states[name]
        pending += [n for n in (state.get("Next"), state.get("Default")) if n]
        pending += [c["Next"] for c in state.get("Choices", [])]
        if not skip_catch:
            pending += [c["Next"] for c in state.get("Catch", [])]
    return seen


def test_there_are_state_machine_files() -> None:
    assert ASL_FILES


@pytest.mark.parametrize("path", ASL_FILES, ids=lambda p: p.name)
def test_every_task_retries_and_catches_or_says_why_not(path: Path) -> None:
    definition = json.loads(path.read_text())
    top = definition["States"]
    failure_path = _failure_states(definition)
    problems = []
    for name, state, caught_above in _tasks(top, caught_above=False):
        if not state.get("Retry"):
            problems.append(f"{name}: no Retry")
        if state.get("Catch") or caught_above or name in failure_path:
            continue
        if (path.name, name) not in NO_CATCH:
            problems.append(f"{name}: no Catch and no reason in NO_CATCH")
    assert problems == []


@pytest.mark.parametrize("path", ASL_FILES, ids=lambda p: p.name)
def test_retries_back_off_with_jitter_and_stop(path: Path) -> None:
    for name, state, _ in _tasks(json.loads(path.read_text())["States"], caught_above=False):
        for retry in state.get("Retry", []):
            assert 1 <= retry.get("MaxAttempts", 3) <= 10, name
            assert retry.get("BackoffRate", 2.0) >= 1, name


def test_no_catch_reasons_name_real_tasks() -> None:
    for file, task in NO_CATCH:
        definition = json.loads((REPO_ROOT / "statemachines" / file).read_text())
        assert task in {name for name, _, _ in _tasks(definition["States"], False)}


def _failure_states(definition: dict[str, Any]) -> set[str]:
    states: dict[str, State] = definition["States"]
    targets = {c["Next"] for s in states.values() for c in s.get("Catch", [])}
    normal = _reach(states, {definition["StartAt"]}, skip_catch=True)
    return _reach(states, targets) - normal
