"""Answers that stopped moving (issue 11): an upload whose S3 event was lost stays `uploaded`
until the scheduled re-drive starts its run, under the name the event would have used; a
recruiter may reprocess a stuck answer (uploaded or processing, no run under way), not only a
failed one. Real ASL, FFmpeg and Whisper."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.interviews import AnswerStatus
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.media.redrive import redrive_uploaded_answers
from functions.resources import ANSWER_UPLOADED_RULE, REDRIVE_ANSWERS
from tests.integration.api.conftest import Tenant, invite, published_template
from tests.integration.pipeline.conftest import (
    answer_of,
    entered,
    sfn_client,
    upload,
    wait_for_execution,
)

QUESTION = {"text": "How do you calm an angry customer?", "time_limit_seconds": 15}


@pytest.fixture
def upload_events_lost(platform: tuple[EmbeddedAws, LocalResources]) -> Iterator[None]:
    """The S3 → EventBridge → start-answer-processing path drops the uploads made meanwhile."""
    aws, _ = platform
    events = boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    rule = ANSWER_UPLOADED_RULE.name("local")
    events.disable_rule(Name=rule, EventBusName="default")
    yield
    events.enable_rule(Name=rule, EventBusName="default")


def _uploaded_without_run(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources], data: bytes
) -> tuple[dict[str, Any], str]:
    aws, _ = platform
    template = published_template(client, tenant.hr, questions=[QUESTION])
    invitation = invite(client, tenant.hr, template["id"])
    answer_id = upload(client, invitation, data)  # completeAnswerUpload confirms it
    aws.wait_idle(5)
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "uploaded"
    return invitation, answer_id


def _runs(platform: tuple[EmbeddedAws, LocalResources], answer_id: str) -> list[str]:
    aws, resources = platform
    executions = sfn_client(aws).list_executions(
        stateMachineArn=resources.state_machine_arns["process-answer"]
    )["executions"]
    return sorted(e["name"] for e in executions if e["name"].startswith(answer_id))


def _redrive(platform: tuple[EmbeddedAws, LocalResources], minutes_later: int) -> Any:
    aws, resources = platform
    return redrive_uploaded_answers(
        wiring.interviews(),
        sfn_client(aws),
        resources.state_machine_arns["process-answer"],
        resources.uploads_bucket,
        now=utcnow() + timedelta(minutes=minutes_later),
        correlation_id="redrive-test",
    )


def _age(company_id: str, interview_id: str, answer_id: str, **update: Any) -> None:
    """The answer as it would read `STUCK_AFTER` later (uploaded 10 minutes ago)."""
    repo = wiring.interviews()
    found = repo.answer(company_id, interview_id, answer_id)
    assert found is not None
    answer, revision = found
    assert answer.uploaded_at is not None
    older = {"uploaded_at": answer.uploaded_at - timedelta(minutes=10), **update}
    repo.save_answer(answer.model_copy(update=older), revision)


@pytest.mark.usefixtures("upload_events_lost")
def test_an_upload_whose_event_was_lost_is_re_driven_once_after_a_few_minutes(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation, answer_id = _uploaded_without_run(
        client, tenant, platform, english_webm.read_bytes()
    )
    assert _runs(platform, answer_id) == []

    _redrive(platform, minutes_later=0)  # not yet: the S3 event may still come
    assert _runs(platform, answer_id) == []

    assert _redrive(platform, minutes_later=6).started >= 1
    run = wait_for_execution(aws, resources.state_machine_arns["process-answer"], answer_id)
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"

    again = _redrive(platform, minutes_later=6)  # idempotent: it left the index once it moved
    assert _runs(platform, answer_id) == [answer_id]
    assert again.started == 0


def test_the_scheduled_function_runs_the_re_drive(
    platform: tuple[EmbeddedAws, LocalResources],
) -> None:
    aws, _ = platform
    lambdas = boto3.client("lambda", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    response = lambdas.invoke(FunctionName=REDRIVE_ANSWERS.name("local"), Payload=b"{}")
    assert "FunctionError" not in response, response["Payload"].read()
    result = json.loads(response["Payload"].read())
    assert set(result) == {"started", "running", "stuck"}


@pytest.mark.usefixtures("upload_events_lost")
def test_a_recruiter_reprocesses_a_stuck_answer_once_it_has_waited_a_few_minutes(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    machine = resources.state_machine_arns["process-answer"]
    invitation, answer_id = _uploaded_without_run(
        client, tenant, platform, english_webm.read_bytes()
    )
    url = f"/interviews/{invitation['id']}/answers/{answer_id}/reprocess"
    early = client.post(url, headers=tenant.hr.headers)
    assert early.status_code == 409, early.text  # just uploaded: its run may yet start

    _age(tenant.company_id, invitation["id"], answer_id)
    first = client.post(url, headers=tenant.hr.headers)
    assert first.status_code == 202, first.text
    assert first.json()["processing_attempt"] == 1  # no run had started: the run it lacked
    assert client.post(url, headers=tenant.hr.headers).status_code in (202, 409)  # double click
    run = wait_for_execution(aws, machine, answer_id)
    assert run["status"] == "SUCCEEDED", entered(run["history"])
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"
    assert _runs(platform, answer_id) == [answer_id]

    # A run that ended without moving the answer on (it reads processing, nothing under way).
    _age(tenant.company_id, invitation["id"], answer_id, status=AnswerStatus.PROCESSING)
    second = client.post(url, headers=tenant.hr.headers)
    assert second.status_code == 202, second.text
    assert second.json()["processing_attempt"] == 2
    rerun = wait_for_execution(aws, machine, f"{answer_id}-2")
    assert rerun["status"] == "SUCCEEDED", entered(rerun["history"])
    assert answer_of(client, tenant, invitation["id"], answer_id)["status"] == "scored"
    assert _runs(platform, answer_id) == [answer_id, f"{answer_id}-2"]
