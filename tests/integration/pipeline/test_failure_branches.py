"""The failure branches of the analysis steps in both state machines, with Groq (transcription
and analysis) replayed over HTTP from tests/fixtures/groq: ScoreAnswer's 429 wait loop and its
give-up, ScoreAnswer's 5xx retries → dead letter → reprocessAnswer, RequestInterviewAnalysis's
Catch, and analyze-interview's 429 wait loop and RecordAnalysisFailure → AnalysisFailed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media import scoring
from tests.fixtures.groq_replay import ReplayServer, load
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.pipeline.analysis_setup import score, transcribed_interview
from tests.integration.pipeline.conftest import (
    answer_of,
    audio_path,
    entered,
    replayed_groq,
    sfn_client,
    upload,
    wait_for_execution,
)

QUESTION = {"text": "How do you calm an angry customer?", "time_limit_seconds": 15}
THROTTLE_LOOP = [
    "ScoringThrottled",
    "ScoringRetryAfter",
    "ScoringTooOften",
    "ScoringWaitRetryAfter",
]
CHAT = "/openai/v1/chat/completions"


@pytest.fixture
def groq(request: pytest.FixtureRequest) -> Iterator[ReplayServer]:
    """Groq for transcription and analysis, replayed (the cassette's last exchange repeats)."""
    with replayed_groq(request.param, analyzer="groq") as server:
        yield server


def _chat_calls(server: ReplayServer) -> int:
    return sum(1 for r in server.replay.requests if r["path"] == CHAT)


def _process(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources], data: bytes
) -> tuple[dict[str, Any], str, dict[str, Any]]:
    aws, resources = platform
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, data)
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)
    return invitation, answer_id, run


def _interview(client: TestClient, tenant: Tenant, interview_id: str) -> Any:
    return client.get(f"/interviews/{interview_id}", headers=tenant.hr.headers).json()


def _analysis_runs(aws: EmbeddedAws, resources: LocalResources, interview_id: str) -> list[str]:
    executions = sfn_client(aws).list_executions(
        stateMachineArn=resources.state_machine_arns["analyze-interview"]
    )["executions"]
    return sorted(e["name"] for e in executions if e["name"].startswith(interview_id))


# --- process-answer: ScoreAnswer ------------------------------------------------------------


@pytest.mark.parametrize("groq", ["scoring_429_then_ok"], indirect=True)
def test_a_throttled_scoring_waits_out_retry_after_then_scores_and_the_analysis_runs(
    groq: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    path = audio_path(run["history"])
    assert run["status"] == "SUCCEEDED", path
    assert path.count("ScoreAnswer") == 2
    assert [s for s in path if s in THROTTLE_LOOP] == THROTTLE_LOOP  # once round the loop
    assert path[-3:] == ["RequestInterviewAnalysis", "AnalysisRequested", "AnswerProcessed"]
    wait = next(e for e in run["history"] if e["type"] == "WaitStateEntered")
    throttle = json.loads(wait["stateEnteredEventDetails"]["input"])["throttle"]
    assert throttle["count"] == 1 and throttle["wait"]["retry_after_seconds"] == 1

    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "scored"
    assert set(answer["analysis"]["criteria"]) == {"relevance", "completeness", "clarity", "depth"}
    analysis = wait_for_execution(
        aws, resources.state_machine_arns["analyze-interview"], f"{invitation['id']}-v1"
    )
    assert analysis["status"] == "SUCCEEDED", entered(analysis["history"])
    assert _chat_calls(groq) == 3  # the 429, the score, the interview analysis
    detail = _interview(client, tenant, invitation["id"])
    assert detail["analysis"]["version"] == 1 and detail["analysis_error"] is None


@pytest.mark.parametrize("groq", ["scoring_429_always"], indirect=True)
def test_scoring_gives_up_after_four_waits_and_dead_letters_the_answer(
    groq: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    path = audio_path(run["history"])
    assert run["status"] == "FAILED", path
    assert path.count("ScoringWaitRetryAfter") == 4  # four waits, the fifth 429 gives up
    assert path.count("ScoreAnswer") == 5
    assert path[-4:] == ["ScoringTooOften", "ScoringGaveUp", "DeadLetter", "AnswerDeadLettered"]
    assert "RecordFailure" not in path and "RequestInterviewAnalysis" not in path
    assert _chat_calls(groq) == 5
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "failed" and answer["failure_kind"] == "provider"
    assert answer["failure_reason"].startswith("ProviderThrottled"), answer["failure_reason"]
    assert _analysis_runs(aws, resources, invitation["id"]) == []


@pytest.mark.parametrize("groq", ["scoring_500"], indirect=True)
def test_scoring_5xx_is_retried_then_dead_lettered_and_reprocessing_scores_it(
    groq: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    path = audio_path(run["history"])
    assert run["status"] == "FAILED", path
    assert path[-3:] == ["ScoreAnswer", "DeadLetter", "AnswerDeadLettered"]
    assert _chat_calls(groq) == 4  # the first try and three ASL retries (the SDK retries none)
    answer = answer_of(client, tenant, invitation["id"], answer_id)
    assert answer["status"] == "failed" and answer["failure_kind"] == "provider"
    assert answer["failure_reason"].startswith("ProviderUnavailable"), answer["failure_reason"]
    assert answer["transcript"]  # the transcript made before scoring failed is kept

    groq.replay.exchanges[:] = load("scoring_ok")
    groq.replay.requests.clear()
    url = f"/interviews/{invitation['id']}/answers/{answer_id}/reprocess"
    again = client.post(url, headers=tenant.hr.headers)
    assert again.status_code == 202, again.text
    rerun = wait_for_execution(
        aws, resources.state_machine_arns["process-answer"], f"{answer_id}-2"
    )
    assert rerun["status"] == "SUCCEEDED", entered(rerun["history"])
    assert "DeadLetter" not in entered(rerun["history"])
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"
    analysis = wait_for_execution(
        aws, resources.state_machine_arns["analyze-interview"], f"{invitation['id']}-v1"
    )
    assert analysis["status"] == "SUCCEEDED"
    assert _interview(client, tenant, invitation["id"])["analysis"]["version"] == 1


# --- process-answer: RequestInterviewAnalysis's Catch ---------------------------------------


@pytest.fixture
def analysis_machine_missing() -> Iterator[None]:
    """RequestInterviewAnalysis points at a state machine that does not exist."""
    saved = dict(os.environ)
    os.environ["APP_ANALYZE_INTERVIEW_STATE_MACHINE_ARN"] = (
        "arn:aws:states:eu-west-1:123456789012:stateMachine:no-such-machine"
    )
    wiring.reset()
    yield
    os.environ.clear()
    os.environ.update(saved)
    wiring.reset()


@pytest.mark.usefixtures("analysis_machine_missing")
def test_when_the_analysis_cannot_be_requested_the_answer_stays_scored_and_the_interview_says_why(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id, run = _process(client, tenant, platform, english_webm.read_bytes())
    path = audio_path(run["history"])
    assert run["status"] == "FAILED", path
    assert path[-5:] == [
        "RequestInterviewAnalysis",
        "RecordAnalysisRequestFailure",
        "AnalysisRequestFailed",
        "AnalysisRequested",
        "AnalysisNotRequested",
    ]
    assert run["error"] == "InterviewAnalysisNotRequested"
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"
    detail = _interview(client, tenant, invitation["id"])
    assert detail["analysis"] is None
    assert "StateMachineDoesNotExist" in detail["analysis_error"], detail["analysis_error"]
    assert _analysis_runs(aws, resources, invitation["id"]) == []


# --- analyze-interview ----------------------------------------------------------------------


def _analyze(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> tuple[str, dict[str, Any]]:
    """A scored one-answer interview (no media), then RequestInterviewAnalysis's use case."""
    aws, resources = platform
    interview = transcribed_interview(client, tenant, resources)
    score(interview.refs[0])
    arn = resources.state_machine_arns["analyze-interview"]
    request = scoring.request_interview_analysis(
        wiring.interviews(), sfn_client(aws), arn, interview.refs[0]
    )
    assert request.started and request.execution_name == f"{interview.interview_id}-v1"
    return interview.interview_id, wait_for_execution(aws, arn, request.execution_name)


@pytest.mark.parametrize("groq", ["analysis_429_then_ok"], indirect=True)
def test_a_throttled_interview_analysis_waits_out_retry_after_then_succeeds(
    groq: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    interview_id, run = _analyze(client, tenant, platform)
    path = entered(run["history"])
    assert run["status"] == "SUCCEEDED", path
    assert path == [
        "Prepare",
        "AnalyzeInterview",
        "AnalysisThrottled",
        "AnalysisRetryAfter",
        "AnalysisTooOften",
        "AnalysisWaitRetryAfter",
        "AnalyzeInterview",
    ]
    assert _chat_calls(groq) == 2
    output = json.loads(run["output"])
    assert output["throttle"]["count"] == 1
    assert output["analysis"]["recommendation"] in {"hire", "consider", "reject"}
    detail = _interview(client, tenant, interview_id)
    assert detail["analysis"]["version"] == 1 and detail["analysis_error"] is None


@pytest.mark.parametrize(
    ("groq", "calls", "reason"),
    [
        ("analysis_invalid_twice", 2, "AnalysisFailed: groq openai/gpt-oss-120b returned invalid"),
        ("analysis_500", 4, "ProviderUnavailable: groq HTTP 500"),
    ],
    indirect=["groq"],
)
def test_an_interview_analysis_that_fails_records_why_on_the_interview(
    groq: ReplayServer,
    calls: int,
    reason: str,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    interview_id, run = _analyze(client, tenant, platform)
    path = entered(run["history"])
    assert run["status"] == "FAILED", path
    assert path == ["Prepare", "AnalyzeInterview", "RecordAnalysisFailure", "AnalysisFailed"]
    assert run["error"] == "InterviewAnalysisFailed"
    assert _chat_calls(groq) == calls  # invalid output: asked twice; 5xx: 1 + 3 ASL retries
    detail = _interview(client, tenant, interview_id)
    assert detail["analysis"] is None
    assert detail["analysis_error"].startswith(reason), detail["analysis_error"]


@pytest.mark.parametrize("groq", ["analysis_429_always"], indirect=True)
def test_an_interview_analysis_throttled_past_four_waits_gives_up_and_records_why(
    groq: ReplayServer,
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    interview_id, run = _analyze(client, tenant, platform)
    path = entered(run["history"])
    assert run["status"] == "FAILED", path
    assert path.count("AnalysisWaitRetryAfter") == 4 and path.count("AnalyzeInterview") == 5
    assert path[-4:] == [
        "AnalysisTooOften",
        "AnalysisGaveUp",
        "RecordAnalysisFailure",
        "AnalysisFailed",
    ]
    assert _chat_calls(groq) == 5
    detail = _interview(client, tenant, interview_id)
    assert detail["analysis"] is None
    assert detail["analysis_error"].startswith("ProviderThrottled"), detail["analysis_error"]
