"""S3 -> EventBridge -> Lambda -> Step Functions (the real ASL file) -> Lambda, in moto: the
S3 event alone drives an answer; a mismatched upload fails at once; duplicates start one run."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import httpx
from fastapi.testclient import TestClient

from functions.domain.audio_chunks import TRANSCRIPT_SUFFIX, chunk_key
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.resources import ANSWER_UPLOADED_RULE, AUDIO_CHUNK_UPLOADED_RULE
from tests.integration.api.conftest import Tenant, candidate_headers, invite, published_template


def _wait_for_execution(
    aws: EmbeddedAws, resources: LocalResources, name: str, timeout: float = 120
) -> dict[str, Any]:
    sfn = boto3.client("stepfunctions", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    arn = (
        resources.state_machine_arns["process-answer"].replace(":stateMachine:", ":execution:")
        + f":{name}"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        aws.wait_idle(5)
        try:
            execution = sfn.describe_execution(executionArn=arn)
        except sfn.exceptions.ExecutionDoesNotExist:
            time.sleep(0.1)
            continue
        if execution["status"] != "RUNNING":
            history = sfn.get_execution_history(executionArn=arn)["events"]
            return {"status": execution["status"], "history": history}
        time.sleep(0.1)
    raise AssertionError(f"execution {name} did not finish in {timeout}s")


def _entered(history: list[dict[str, Any]]) -> list[str]:
    return [
        e["stateEnteredEventDetails"]["name"] for e in history if "stateEnteredEventDetails" in e
    ]


def _session_question(client: TestClient, invitation: dict[str, Any]) -> str:
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    return str(session["current_question"]["id"])


def _upload_grant(client: TestClient, invitation: dict[str, Any], size_bytes: int) -> Any:
    """The candidate's upload grant for a WebM recording of the current question."""
    grant = client.post(
        "/candidate/answers",
        json={
            "question_id": _session_question(client, invitation),
            "content_type": "video/webm",
            "size_bytes": size_bytes,
        },
        headers=candidate_headers(invitation),
    )
    assert grant.status_code == 201, grant.text
    return grant.json()


def test_an_upload_is_processed_by_the_pipeline_without_any_further_call(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    data = english_webm.read_bytes()
    grant = _upload_grant(client, invitation, len(data))
    upload = httpx.post(
        grant["url"], data=grant["fields"], files={"file": ("a.webm", data, "video/webm")}
    )
    assert upload.status_code in (200, 204)
    # No completeAnswerUpload: the S3 event alone drives the answer forward.
    result = _wait_for_execution(aws, resources, grant["answer_id"])
    assert result["status"] == "SUCCEEDED"
    assert _entered(result["history"])[:2] == ["VerifyUpload", "Probe"]
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    [answer] = detail["answers"]
    assert answer["status"] == "scored" and answer["size_bytes"] == len(data)


def test_a_mismatched_upload_fails_cleanly_and_is_kept(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    qid = _session_question(client, invitation)
    grant = client.post(
        "/candidate/answers",
        json={"question_id": qid, "content_type": "video/webm", "size_bytes": 10},
        headers=candidate_headers(invitation),
    ).json()
    # Bytes of another type land at the answer's key (as a broken client could make happen).
    key = grant["fields"]["key"]
    s3 = boto3.client("s3", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    s3.put_object(
        Bucket=resources.uploads_bucket, Key=key, Body=b"%PDF-1.4", ContentType="application/pdf"
    )

    result = _wait_for_execution(aws, resources, grant["answer_id"])
    assert result["status"] == "FAILED"
    assert _entered(result["history"]) == ["VerifyUpload", "RecordFailure", "AnswerFailed"]
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    [answer] = detail["answers"]
    assert answer["status"] == "failed"
    assert "application/pdf" in answer["failure_reason"]
    kept = httpx.get(answer["media"]["original_url"])
    assert kept.content == b"%PDF-1.4"  # the original stays for the recruiter and support
    # A failed attempt does not use up the allowance: the candidate records again.
    session = client.get("/candidate/session", headers=candidate_headers(invitation)).json()
    assert session["current_question"]["id"] == qid
    retry = client.post(
        "/candidate/answers",
        json={"question_id": qid, "content_type": "video/webm", "size_bytes": 10},
        headers=candidate_headers(invitation),
    )
    assert retry.status_code == 201 and retry.json()["attempt"] == 2


def test_a_duplicate_s3_event_starts_no_second_execution(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    grant = _upload_grant(client, invitation, english_webm.stat().st_size)
    s3 = boto3.client("s3", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    for _ in range(2):  # the same object written twice: two Object Created events
        s3.put_object(
            Bucket=resources.uploads_bucket,
            Key=grant["fields"]["key"],
            Body=english_webm.read_bytes(),
            ContentType="video/webm",
        )
    assert _wait_for_execution(aws, resources, grant["answer_id"])["status"] == "SUCCEEDED"
    sfn = boto3.client("stepfunctions", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    executions = sfn.list_executions(
        stateMachineArn=resources.state_machine_arns["process-answer"]
    )["executions"]
    assert [e["name"] for e in executions].count(grant["answer_id"]) == 1


def test_an_upload_of_another_size_than_declared_is_rejected_by_the_pipeline_too(
    client: TestClient,
    tenant: Tenant,
    platform: tuple[EmbeddedAws, LocalResources],
    english_webm: Path,
) -> None:
    """The S3 event before (or without) completeAnswerUpload: VerifyUpload judges the size."""
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    data = english_webm.read_bytes()  # a good recording, but not the size announced
    grant = _upload_grant(client, invitation, len(data) + 1)
    s3 = boto3.client("s3", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    s3.put_object(
        Bucket=resources.uploads_bucket,
        Key=grant["fields"]["key"],
        Body=data,
        ContentType="video/webm",
    )
    result = _wait_for_execution(aws, resources, grant["answer_id"])
    assert result["status"] == "FAILED"
    assert _entered(result["history"]) == ["VerifyUpload", "RecordFailure", "AnswerFailed"]
    detail = client.get(f"/interviews/{invitation['id']}", headers=tenant.hr.headers).json()
    [answer] = detail["answers"]
    assert answer["status"] == "failed" and answer["failure_kind"] == "recording"
    assert answer["failure_reason"] == (
        f"the recording is {len(data)} bytes, not the {len(data) + 1} bytes "
        "that were announced (size_bytes); record the answer again"
    )


def test_a_completed_upload_the_api_refused_is_not_processed_by_the_pipeline(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    """completeAnswerUpload judged first (the answer is failed): VerifyUpload stops there."""
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    qid = _session_question(client, invitation)
    h = candidate_headers(invitation)
    declared = 40 * 1024 * 1024  # multipart: the parts may add up to any size
    grant = client.post(
        "/candidate/answers",
        json={"question_id": qid, "content_type": "video/webm", "size_bytes": declared},
        headers=h,
    ).json()
    put = httpx.put(grant["parts"][0]["url"], content=b"\x1aE\xdf\xa3 too small")
    parts = [{"part_number": 1, "etag": put.headers["etag"]}]
    done = client.post(
        f"/candidate/answers/{grant['answer_id']}/complete", json={"parts": parts}, headers=h
    )
    assert done.status_code == 422, done.text
    result = _wait_for_execution(aws, resources, grant["answer_id"])
    assert result["status"] == "FAILED"
    assert _entered(result["history"]) == ["VerifyUpload", "RecordFailure", "AnswerFailed"]


def test_only_the_recording_reaches_start_answer_processing(
    client: TestClient, tenant: Tenant, platform: tuple[EmbeddedAws, LocalResources]
) -> None:
    """The recorder's audio chunks and their transcripts, stored beside the recording under
    answers/, do not reach the answer rule; the recording does. What the rule delivers is seen
    through a second target (a queue) added to the provisioned rule for this test."""
    aws, resources = platform
    invitation = invite(client, tenant.hr, published_template(client, tenant.hr)["id"])
    grant = _upload_grant(client, invitation, 10)
    chunk = chunk_key(tenant.company_id, invitation["id"], grant["answer_id"], 0, 0)
    keys = [chunk, chunk.removesuffix(".wav") + TRANSCRIPT_SUFFIX, grant["fields"]["key"]]
    s3 = boto3.client("s3", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    events = boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    # The chunk rule is off meanwhile: its queue is test_audio_chunks's, these bytes no audio.
    chunk_rule = AUDIO_CHUNK_UPLOADED_RULE.name("local")
    events.disable_rule(Name=chunk_rule, EventBusName="default")
    try:
        with _rule_deliveries(aws, ANSWER_UPLOADED_RULE.name("local")) as delivered:
            for key in keys:  # the answer's bytes are not a recording: its run fails at once
                s3.put_object(Bucket=resources.uploads_bucket, Key=key, Body=b"%PDF-1.4")
            result = _wait_for_execution(aws, resources, grant["answer_id"])
    finally:
        events.enable_rule(Name=chunk_rule, EventBusName="default")
    assert result["status"] == "FAILED"
    assert delivered == [grant["fields"]["key"]]


@contextmanager
def _rule_deliveries(aws: EmbeddedAws, rule: str) -> Iterator[list[str]]:
    """The S3 keys a rule of the default bus delivers while inside, read from a queue target."""
    events = boto3.client("events", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    sqs = boto3.client("sqs", endpoint_url=aws.endpoint_url, region_name="eu-west-1")
    url = sqs.create_queue(QueueName=f"probe-{rule}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    events.put_targets(Rule=rule, Targets=[{"Id": "probe", "Arn": arn["QueueArn"]}])
    delivered: list[str] = []
    try:
        yield delivered
        aws.wait_idle(30)
        while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get(
            "Messages", []
        ):
            delivered += [json.loads(m["Body"])["detail"]["object"]["key"] for m in messages]
            sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[
                    {"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]}
                    for n, m in enumerate(messages)
                ],
            )
    finally:
        events.remove_targets(Rule=rule, Ids=["probe"])
        sqs.delete_queue(QueueUrl=url)
