"""The committed state machine files are what cdk/asl_definitions.py writes, and every Task in
them carries the shared Retry and is caught by the shared Catch (or says where it goes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cdk import asl_definitions as asl

State = dict[str, Any]


@pytest.mark.parametrize("name", sorted(asl.DEFINITIONS))
def test_the_committed_file_is_what_the_definition_writes(name: str) -> None:
    committed = (asl.STATEMACHINES_DIR / name).read_text()
    assert committed == asl.render(name), f"run `make asl` and commit statemachines/{name}"


def _tasks(states: dict[str, State], catch: list[State] | None) -> Iterator[tuple[str, State, Any]]:
    """Every Task with the Catch of its enclosing Parallel / Map (None at the top)."""
    for name, state in states.items():
        if state["Type"] == "Task":
            yield name, state, catch
        inner = state.get("Catch") or catch
        for branch in state.get("Branches", []):
            yield from _tasks(branch["States"], inner)
        if "ItemProcessor" in state:
            yield from _tasks(state["ItemProcessor"]["States"], inner)


def test_every_task_has_the_shared_retry_and_catch() -> None:
    machine = asl.process_answer()
    # Failure-recording tasks retry anything and end the execution when that fails too.
    recorders = {"RecordFailure", "DeadLetter", "RecordAnalysisRequestFailure"}
    # Tasks whose errors never reach the answer: they catch into a state of their own.
    own_catch = {
        "Transcode": "VideoNotMade",
        "MakeImages": "ImagesNotMade",
        "RecordMedia": "MediaNotRecorded",
        "RequestInterviewAnalysis": "RecordAnalysisRequestFailure",
        "RecordAnalysisRequestFailure": "AnalysisRequestFailed",
        # Chunks that cannot be stitched: the whole recording is transcribed (issue 18).
        "StitchChunks": "ExtractAudio",
    }
    tasks = list(_tasks(machine["States"], None))
    assert len(tasks) == 14
    for name, state, catch in tasks:
        retry = state["Retry"]
        assert retry[0] == (asl.RECORD_RETRY if name in recorders | {"RequestInterviewAnalysis"}
                            else asl.LAMBDA_RETRY), name  # fmt: skip
        if name in own_catch:
            assert state["Catch"][-1]["Next"] == own_catch[name], name
        elif name not in recorders:
            # Its own Catch is the answer's, or only waits out throttling and leaves the rest
            # to the enclosing state's, which is the answer's.
            own = state.get("Catch", [])
            if own != asl.ANSWER_CATCH:
                assert own in ([], [asl.throttled("Part")], [asl.throttled("Scoring")]), name
                assert catch == asl.ANSWER_CATCH, name


def test_the_interview_analysis_uses_the_shared_retries() -> None:
    states = asl.analyze_interview()["States"]
    assert states["AnalyzeInterview"]["Retry"] == [asl.LAMBDA_RETRY, asl.PROVIDER_RETRY]
    assert states["AnalyzeInterview"]["Catch"][-1] == asl.catch_all("RecordAnalysisFailure")
    assert states["RecordAnalysisFailure"]["Retry"] == [asl.RECORD_RETRY]
