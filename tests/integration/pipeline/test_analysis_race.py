"""analyze-interview starts exactly once when the last two answers of an interview finish
together: two threads run ScoreAnswer's and RequestInterviewAnalysis's use cases for the two
answers against the same interview, forced into the worst interleaving with barriers (both
answers written "scored" before either looks; both claims attempted over the same revision)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.errors import Conflict
from functions.domain.interviews import Interview
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media import scoring
from functions.media.use_cases import AnswerRef
from functions.storage.repositories import InterviewRepository
from tests.integration.api.conftest import Tenant
from tests.integration.pipeline.analysis_setup import score, transcribed_interview
from tests.integration.pipeline.conftest import entered, sfn_client, wait_for_execution


class ClaimsTogether:
    """The interview repository, but each thread's first claim (interview save) waits until
    the other thread is about to write its claim too, so both write over the same revision."""

    def __init__(self, inner: InterviewRepository, barrier: threading.Barrier) -> None:
        self._inner = inner
        self._barrier = barrier
        self._waited: set[int] = set()
        self.claims: list[str] = []  # "won" / "conflict", in order

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def save(self, interview: Interview, revision: int, events: Sequence[Any] = ()) -> int:
        if threading.get_ident() not in self._waited:
            self._waited.add(threading.get_ident())
            self._barrier.wait()
        try:
            saved = self._inner.save(interview, revision, events)
        except Conflict:
            self.claims.append("conflict")
            raise
        self.claims.append("won")
        return saved


def test_the_last_two_answers_finishing_together_start_one_analysis(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    aws, resources = platform
    interview = transcribed_interview(client, tenant, resources, questions=2)
    arn = resources.state_machine_arns["analyze-interview"]
    scored_both = threading.Barrier(2, timeout=30)
    repository = ClaimsTogether(wiring.interviews(), threading.Barrier(2, timeout=30))

    def last_steps(ref: AnswerRef) -> scoring.AnalysisRequest:
        score(ref)  # ScoreAnswer
        scored_both.wait()  # each answer is scored before either checks the others
        claims = cast(InterviewRepository, repository)  # duck-typed wrapper
        return scoring.request_interview_analysis(claims, sfn_client(aws), arn, ref)

    with ThreadPoolExecutor(max_workers=2) as pool:
        requests = list(pool.map(last_steps, interview.refs))

    assert sorted(repository.claims) == ["conflict", "won"]  # the race really happened
    assert sorted(r.started for r in requests) == [False, True]
    loser = next(r for r in requests if not r.started)
    assert loser.reason == "already started"
    name = f"{interview.interview_id}-v1"
    assert {r.execution_name for r in requests} == {name}

    run = wait_for_execution(aws, arn, name)
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    executions = sfn_client(aws).list_executions(stateMachineArn=arn)["executions"]
    assert [e["name"] for e in executions if e["name"].startswith(interview.interview_id)] == [name]
    found = wiring.interviews().get(tenant.company_id, interview.interview_id)
    assert found is not None
    stored = found[0]
    assert stored.analysis_version == 1
    assert stored.analysis is not None and stored.analysis["version"] == 1
    assert sorted(stored.analysis_requested_for or []) == sorted(
        f"{ref.answer_id}:1" for ref in interview.refs
    )

    # A retried RequestInterviewAnalysis (same answer, same claim) starts nothing new.
    again = scoring.request_interview_analysis(
        wiring.interviews(), sfn_client(aws), arn, interview.refs[0]
    )
    assert again.started is False and again.execution_name == name
    detail = client.get(f"/interviews/{interview.interview_id}", headers=tenant.hr.headers)
    assert detail.json()["analysis"]["version"] == 1
