"""A human-only review (issue 17 item 2) at the level of the pipeline's use cases: whatever
calls them, no AI score, interview analysis request or analysis is made (the state machine's
path is tested in test_process_answer.py)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.analyses import InterviewRef
from functions.domain.errors import HumanReviewOnly
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media import scoring
from tests.integration.api.conftest import Tenant
from tests.integration.pipeline.analysis_setup import transcribed_interview
from tests.integration.pipeline.conftest import sfn_client


class NoAnalyzer:
    """Fails the test if the AI is asked anything."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the analyzer was asked for {name} on a human-only review")


def test_a_human_only_review_is_never_scored_requested_or_analyzed(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    aws, resources = platform
    done = transcribed_interview(client, tenant, resources, human_review_only=True)
    ref = done.refs[0]
    result = scoring.score_answer(wiring.interviews(), NoAnalyzer(), ref)  # type: ignore[arg-type]
    assert result.skipped is True and result.overall is None
    answer = wiring.interviews().answer(ref.company_id, ref.interview_id, ref.answer_id)
    assert answer is not None
    assert answer[0].status.value == "transcribed" and answer[0].analysis is None

    arn = resources.state_machine_arns["analyze-interview"]
    request = scoring.request_interview_analysis(wiring.interviews(), sfn_client(aws), arn, ref)
    assert request.started is False and "human" in request.reason
    interview = wiring.interviews().get(ref.company_id, ref.interview_id)
    assert interview is not None and interview[0].analysis_requested_for == []

    analysis = InterviewRef(
        company_id=ref.company_id,
        interview_id=ref.interview_id,
        version=1,
        correlation_id="corr-human",
    )
    with pytest.raises(HumanReviewOnly):
        scoring.analyze_interview(
            wiring.interviews(),
            wiring.companies(),
            NoAnalyzer(),  # type: ignore[arg-type]
            analysis,
        )
