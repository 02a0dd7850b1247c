"""rescoreInterview: after a rubric change (a newer published template version's ideal-answer
hints, criteria weights) the stored transcripts are scored again by the real analyze-interview
state machine (offline analyzer, no media steps) as the next analysis version, and the earlier
version stays readable beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.interviews import AnswerStatus
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media import scoring
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.integration.api.conftest import Tenant, assert_problem, invite, published_template
from tests.integration.pipeline.analysis_setup import (
    Transcribed,
    score,
    transcribed_interview,
)
from tests.integration.pipeline.conftest import entered, sfn_client, wait_for_execution

OFF_TOPIC_HINT = "Explain Kubernetes pod scheduling, etcd quorum and rolling deployments."
ON_TOPIC_HINT = (
    "Listen to the angry customer first, repeat the problem back, offer a refund and follow "
    "up the next day to make sure the problem was solved."
)
DEPTH_HEAVY = {"relevance": 0, "completeness": 0, "clarity": 0, "depth": 5}


def _analyzed(
    client: TestClient, tenant: Tenant, aws: EmbeddedAws, resources: LocalResources
) -> tuple[Transcribed, str]:
    interview = transcribed_interview(
        client, tenant, resources, questions=2, ideal_answer=OFF_TOPIC_HINT, candidate_language="en"
    )
    arn = resources.state_machine_arns["analyze-interview"]
    for ref in interview.refs:
        score(ref)
    request = scoring.request_interview_analysis(
        wiring.interviews(), sfn_client(aws), arn, interview.refs[-1]
    )
    assert request.started
    run = wait_for_execution(aws, arn, f"{interview.interview_id}-v1")
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    return interview, arn


def _new_hint_version(client: TestClient, tenant: Tenant, template_id: str) -> None:
    template = client.get(f"/templates/{template_id}", headers=tenant.hr.headers).json()
    questions = [
        {"id": q["id"], "text": q["text"], "ideal_answer": ON_TOPIC_HINT}
        for q in template["questions"]
    ]
    edited = client.patch(
        f"/templates/{template_id}", json={"questions": questions}, headers=tenant.hr.headers
    )
    assert edited.status_code == 200, edited.text
    published = client.post(f"/templates/{template_id}/publish", headers=tenant.hr.headers)
    assert published.status_code == 200, published.text
    assert published.json()["version"] == 2


def _answer_overalls(version: dict[str, Any]) -> dict[str, int]:
    return {answer_id: a["overall"] for answer_id, a in version["answers"].items()}


def test_a_rescore_with_new_hints_and_weights_is_version_2_beside_version_1(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    aws, resources = platform
    interview, arn = _analyzed(client, tenant, aws, resources)
    path = f"/interviews/{interview.interview_id}"
    before = client.get(path, headers=tenant.hr.headers).json()
    assert before["analysis"]["version"] == 1
    v1_answers = {a["id"]: a["analysis"]["overall"] for a in before["answers"]}
    _new_hint_version(client, tenant, before["template_id"])

    accepted = client.post(
        f"{path}/rescore",
        json={"template_version": 2, "weights": DEPTH_HEAVY},
        headers=tenant.hr.headers,
    )
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["analysis_version"] == 2
    assert accepted.json()["rubric"]["template_version"] == 2
    run = wait_for_execution(aws, arn, f"{interview.interview_id}-v2")
    assert run["status"] == "SUCCEEDED", entered(run["history"])

    latest = client.get(path, headers=tenant.hr.headers).json()
    assert latest["analysis"]["version"] == 2
    assert latest["analysis"]["rubric"]["weights"]["depth"] == 5
    listed = client.get(f"{path}/analyses", headers=tenant.interviewer.headers)
    assert listed.status_code == 404  # the interviewer is not assigned to this interview
    listed = client.get(f"{path}/analyses", headers=tenant.hr.headers)
    assert listed.status_code == 200, listed.text
    v2, v1 = listed.json()["items"]
    assert (v2["version"], v1["version"]) == (2, 1)
    assert v1["rubric"] is None and v2["rubric"]["template_version"] == 2
    assert _answer_overalls(v1) == v1_answers  # the earlier scores are kept as they were
    assert set(_answer_overalls(v2)) == set(v1_answers)
    assert all(_answer_overalls(v2)[a] > v1_answers[a] for a in v1_answers)  # on-topic hint
    assert v2["analysis"]["overall_score"] != v1["analysis"]["overall_score"]
    assert latest["analysis"] == v2["analysis"]
    one = client.get(f"{path}/analyses/1", headers=tenant.admin.headers)
    assert one.status_code == 200 and one.json() == v1
    assert_problem(client.get(f"{path}/analyses/3", headers=tenant.hr.headers), 404)


def test_rescore_refusals(
    client: TestClient,
    tenant: Tenant,
    make_tenant: Callable[[], Tenant],
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    aws, resources = platform
    other_tenant = make_tenant()
    interview, _ = _analyzed(client, tenant, aws, resources)
    path = f"/interviews/{interview.interview_id}"

    assert_problem(client.post(f"{path}/rescore", headers=tenant.interviewer.headers), 403)
    assert_problem(client.post(f"{path}/rescore", headers=other_tenant.hr.headers), 404)
    assert_problem(client.get(f"{path}/analyses", headers=other_tenant.hr.headers), 404)
    for body, field in (
        ({"template_version": 7}, "template_version"),
        ({"weights": {"relevance": 0, "completeness": 0, "clarity": 0, "depth": 0}}, "weights"),
    ):
        refused = client.post(f"{path}/rescore", json=body, headers=tenant.hr.headers)
        assert_problem(refused, 422)
        assert field in refused.text

    # An answer being processed again (reprocessAnswer): its new score is not in yet.
    repo = wiring.interviews()
    processing = repo.answer(tenant.company_id, interview.interview_id, interview.refs[0].answer_id)
    assert processing is not None
    scored_answer, answer_revision = processing
    repo.save_answer(
        scored_answer.model_copy(update={"status": AnswerStatus.PROCESSING}), answer_revision
    )
    assert_problem(
        client.post(f"{path}/rescore", headers=tenant.hr.headers),
        409,
        detail_contains="processed again",
    )
    repo.save_answer(scored_answer, answer_revision + 1)

    # A claimed version not yet recorded (the pipeline's or a re-score's run under way).
    found = repo.get(tenant.company_id, interview.interview_id)
    assert found is not None
    repo.save(found[0].model_copy(update={"analysis_version": 2}), found[1])
    assert_problem(
        client.post(f"{path}/rescore", headers=tenant.hr.headers),
        409,
        detail_contains="still running",
    )

    template = published_template(client, tenant.hr)
    fresh = invite(client, tenant.hr, template["id"])
    assert_problem(
        client.post(f"/interviews/{fresh['id']}/rescore", headers=tenant.admin.headers),
        409,
        detail_contains="not been analyzed",
    )


def _analyzed_events(company_id: str, interview_id: str) -> list[int]:
    """The interview.analyzed events in the outbox (what webhooks hear): their versions."""
    records = Record.query(company_pk(company_id), Record.sk.startswith("OUTBOX#"))
    events = [r.data.as_dict() for r in records]
    return sorted(
        int(e["data"]["analysis_version"])
        for e in events
        if e["type"] == "interview.analyzed" and e["data"]["interview_id"] == interview_id
    )


def test_a_retried_rescore_with_the_same_idempotency_key_claims_one_version(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    """Also: an analysis recorded before versions were kept as items (none for version 1) is
    kept as version 1 when the re-score claims version 2, with its answers' scores."""
    aws, resources = platform
    interview, arn = _analyzed(client, tenant, aws, resources)
    Record(company_pk(tenant.company_id), f"ANALYSIS#{interview.interview_id}#00001").delete()
    before = client.get(f"/interviews/{interview.interview_id}", headers=tenant.hr.headers)
    v1_answers = {a["id"]: a["analysis"]["overall"] for a in before.json()["answers"]}
    path = f"/interviews/{interview.interview_id}/rescore"
    headers = {**tenant.hr.headers, "Idempotency-Key": "rescore-once"}
    first = client.post(path, json={"weights": DEPTH_HEAVY}, headers=headers)
    again = client.post(path, json={"weights": DEPTH_HEAVY}, headers=headers)
    assert first.status_code == 202, first.text
    assert again.status_code == 202, again.text
    assert again.json() == first.json()
    run = wait_for_execution(aws, arn, f"{interview.interview_id}-v2")
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    found = wiring.interviews().get(tenant.company_id, interview.interview_id)
    assert found is not None and found[0].analysis_version == 2
    assert found[0].analysis is not None and found[0].analysis["version"] == 2
    listed = client.get(
        f"/interviews/{interview.interview_id}/analyses", headers=tenant.hr.headers
    ).json()["items"]
    assert [v["version"] for v in listed] == [2, 1]
    assert _answer_overalls(listed[1]) == v1_answers
    assert _analyzed_events(tenant.company_id, interview.interview_id) == [1, 2]
