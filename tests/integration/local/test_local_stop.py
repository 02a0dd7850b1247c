"""Ctrl-C on `make dev` after use (issue 11): the process exits promptly, and a restarted platform
has the data and the work that was still queued. The snapshot is read at one instant: while
it is taken, no write to DynamoDB, S3 or Cognito runs (functions/local/snapshot_gate.py)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from functions.local.aws import EmbeddedAws
from functions.resources import QUEUES_BY_BASE
from tests.integration.platform.test_dev_platform import DevPlatform

EXIT_SECONDS = 10  # the bound for Ctrl-C after use; it used to take most of a minute
STAGE = "local"
START_SECONDS = 180  # a start on a busy machine (not what is tested)


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[DevPlatform]:
    platform = DevPlatform(tmp_path / "state")
    yield platform
    if platform.process and platform.process.poll() is None:
        platform.process.kill()


def _interrupt(dev: DevPlatform) -> tuple[int, str]:
    """Ctrl-C, and the exit code once the process has ended (within the issue's bound)."""
    assert dev.process is not None
    dev.process.send_signal(signal.SIGINT)
    code = dev.process.wait(timeout=EXIT_SECONDS)
    if dev.reader is not None:
        dev.reader.join(timeout=10)
    return code, "".join(dev.output)


def _sign_in(api: httpx.Client) -> None:
    from functions.local.seed import DEMO_PASSWORD, RECRUITER_EMAIL

    login = api.post("/auth/login", json={"email": RECRUITER_EMAIL, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.text
    api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"


def _post(api: httpx.Client, path: str, body: dict[str, Any]) -> Any:
    response = api.post(path, json=body)
    assert response.is_success, response.text
    return response.json()


def _sqs(dev: DevPlatform) -> tuple[Any, str]:
    sqs = boto3.client(
        "sqs",
        endpoint_url=f"http://127.0.0.1:{dev.aws_port}",
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    name = QUEUES_BY_BASE["notifications"].name(STAGE)
    return sqs, sqs.get_queue_url(QueueName=name)["QueueUrl"]


def _delayed(dev: DevPlatform) -> int:
    sqs, url = _sqs(dev)
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesDelayed"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessagesDelayed"])


def test_ctrl_c_exits_promptly_and_a_restart_has_the_data_and_the_queued_work(
    dev: DevPlatform,
) -> None:
    dev.start(timeout=START_SECONDS)
    with httpx.Client(base_url=dev.url, timeout=30) as api:
        _sign_in(api)
        template = _post(
            api, "/templates", {"name": "Stop test", "questions": [{"text": "Why us?"}]}
        )
        _post(api, f"/templates/{template['id']}/publish", {})
        candidate = {"name": "Ida", "email": "ida@example.com"}
        interview = _post(
            api, "/interviews", {"template_id": template["id"], "candidate": candidate}
        )
    sqs, url = _sqs(dev)
    sqs.send_message(QueueUrl=url, MessageBody='{"queued": "work"}', DelaySeconds=600)

    code, output = _interrupt(dev)
    assert code == 0, output
    assert "state saved" in output

    dev.start(timeout=START_SECONDS)
    try:
        with httpx.Client(base_url=dev.url, timeout=30) as api:
            _sign_in(api)  # Cognito's user and password
            listed = api.get("/interviews").json()["items"]
            assert interview["id"] in [i["id"] for i in listed]  # DynamoDB's items
        assert _delayed(dev) == 1  # the queued message, not dropped
    finally:
        _interrupt(dev)


def test_no_write_runs_while_the_snapshot_is_read(embedded_aws: EmbeddedAws) -> None:
    from functions.local.state import snapshot_client

    url = embedded_aws.endpoint_url
    dynamodb = boto3.client("dynamodb", endpoint_url=url)
    dynamodb.create_table(
        TableName="gated",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    written = threading.Event()

    def write() -> None:
        dynamodb.put_item(TableName="gated", Item={"pk": {"S": "during"}})
        written.set()

    with embedded_aws.gate.closed():
        writer = threading.Thread(target=write)
        writer.start()
        snapshot = snapshot_client("dynamodb", url, embedded_aws.region)
        assert snapshot.scan(TableName="gated")["Items"] == []  # the snapshot's reads pass
        assert not written.wait(1.0)  # the write waits for the snapshot
    writer.join(timeout=30)
    assert written.is_set()
