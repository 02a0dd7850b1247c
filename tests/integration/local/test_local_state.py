"""Items, objects and users survive a stop/start through save_state / restore_state."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest

from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources, provision
from functions.local.state import BLOBS_DIR, SNAPSHOT_FILE, StateKeeper, restore_state, save_state
from functions.resources import CATALOG, PII_KEYS_TABLE
from functions.settings import Settings

PASSWORD = "Correct-Horse-9-Battery"
USER = "recruiter@example.com"
ITEM = {
    "pk": {"S": "COMPANY#c1"},
    "sk": {"S": "INTERVIEW#i1"},
    "title": {"S": "Backend"},
    "score": {"N": "4.5"},
    "tags": {"SS": ["a", "b"]},
}


def client(aws: EmbeddedAws, service: str) -> Any:
    return boto3.client(service, endpoint_url=aws.endpoint_url, region_name="eu-west-1")  # type: ignore[call-overload]


def start_platform() -> tuple[EmbeddedAws, LocalResources]:
    aws = EmbeddedAws(port=0, reset=True).start()
    return aws, provision(Settings(aws_endpoint_url=aws.endpoint_url))


def sign_in(aws: EmbeddedAws, resources: LocalResources) -> dict[str, Any]:
    auth = client(aws, "cognito-idp").initiate_auth(
        ClientId=resources.user_pool_client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": USER, "PASSWORD": PASSWORD},
    )
    claims: dict[str, Any] = jwt.decode(
        auth["AuthenticationResult"]["IdToken"], options={"verify_signature": False}
    )
    return claims


def create_data(aws: EmbeddedAws, resources: LocalResources) -> dict[str, Any]:
    client(aws, "dynamodb").put_item(TableName=resources.table_name, Item=ITEM)
    client(aws, "s3").put_object(
        Bucket=resources.uploads_bucket,
        Key="answers/a1/attempt-1.webm",
        Body=b"\x1a\x45video",
        ContentType="video/webm",
        Metadata={"answer-id": "a1"},
    )
    cognito = client(aws, "cognito-idp")
    cognito.admin_create_user(
        UserPoolId=resources.user_pool_id,
        Username=USER,
        UserAttributes=[{"Name": "email", "Value": USER}, {"Name": "name", "Value": "Ada"}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=resources.user_pool_id, Username=USER, Password=PASSWORD, Permanent=True
    )
    cognito.admin_add_user_to_group(
        UserPoolId=resources.user_pool_id, Username=USER, GroupName="hr"
    )
    return {**sign_in(aws, resources), "wrapped": _wrapped_data_key(aws)}


COMPANY_KEY = {"pk": {"S": "COMPANY#c1"}, "sk": {"S": "DEK#COMPANY"}}


def _wrapped_data_key(aws: EmbeddedAws) -> str:
    """A data key wrapped under the PII key's alias, stored in the keys table as
    functions/storage/pii.py stores one."""
    made = client(aws, "kms").generate_data_key(
        KeyId=CATALOG.pii_kms_alias_name("local"),
        KeySpec="AES_256",
        EncryptionContext={"purpose": "pii", "company_id": "c1"},
    )
    wrapped = base64.b64encode(made["CiphertextBlob"]).decode()
    client(aws, "dynamodb").put_item(
        TableName=PII_KEYS_TABLE.name("local"), Item={**COMPANY_KEY, "wrapped": {"S": wrapped}}
    )
    return wrapped + ":" + made["Plaintext"].hex()


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, LocalResources, dict[str, Any]]:
    """One platform run that creates data and saves it, then stops."""
    aws, resources = start_platform()
    try:
        claims = create_data(aws, resources)
        save_state(tmp_path, aws.endpoint_url)
    finally:
        aws.stop()
    return tmp_path, resources, claims


def test_data_survives_a_restart(saved: tuple[Path, LocalResources, dict[str, Any]]) -> None:
    state_dir, before, claims_before = saved
    aws, resources = start_platform()
    try:
        assert client(aws, "dynamodb").scan(TableName=resources.table_name)["Items"] == []
        assert restore_state(state_dir, aws.endpoint_url)
        provision(Settings(aws_endpoint_url=aws.endpoint_url))  # after a restore: still fine

        item = client(aws, "dynamodb").get_item(
            TableName=resources.table_name, Key={"pk": ITEM["pk"], "sk": ITEM["sk"]}
        )["Item"]
        assert item == ITEM
        obj = client(aws, "s3").get_object(
            Bucket=resources.uploads_bucket, Key="answers/a1/attempt-1.webm"
        )
        assert obj["Body"].read() == b"\x1a\x45video"
        assert obj["ContentType"] == "video/webm"
        assert obj["Metadata"] == {"answer-id": "a1"}
        assert resources.user_pool_id == before.user_pool_id
        assert resources.user_pool_client_id == before.user_pool_client_id
        claims = sign_in(aws, resources)
        assert claims["iss"] == claims_before["iss"]
        assert claims["iss"].endswith(f"/{before.user_pool_id}")
        assert claims["sub"] == claims_before["sub"]
        assert claims["cognito:groups"] == ["hr"]
        user = client(aws, "cognito-idp").admin_get_user(
            UserPoolId=resources.user_pool_id, Username=USER
        )
        assert {"Name": "name", "Value": "Ada"} in user["UserAttributes"]
        assert user["Enabled"] is True
        assert user["UserStatus"] == "CONFIRMED"
        # Data keys wrapped before the restart are back in the keys table and still unwrap
        # (sealed names stay readable).
        wrapped, plaintext = claims_before["wrapped"].split(":")
        stored = client(aws, "dynamodb").get_item(
            TableName=PII_KEYS_TABLE.name("local"), Key=COMPANY_KEY
        )["Item"]
        assert stored["wrapped"]["S"] == wrapped
        opened = client(aws, "kms").decrypt(
            CiphertextBlob=base64.b64decode(wrapped),
            EncryptionContext={"purpose": "pii", "company_id": "c1"},
        )
        assert opened["Plaintext"].hex() == plaintext
        assert opened["KeyId"].endswith(before.pii_kms_key_id)  # the key has its id back
        client(aws, "kms").generate_data_key(  # the alias still works for new data keys
            KeyId=CATALOG.pii_kms_alias_name("local"), KeySpec="AES_256"
        )
    finally:
        aws.stop()


def test_restore_does_not_replay_uploads(
    saved: tuple[Path, LocalResources, dict[str, Any]],
) -> None:
    state_dir, _, _ = saved
    aws, resources = start_platform()
    try:
        sqs, events = client(aws, "sqs"), client(aws, "events")
        queue_url = sqs.create_queue(QueueName="uploads-seen")["QueueUrl"]
        pattern = {"source": ["aws.s3"], "detail": {"bucket": {"name": [resources.uploads_bucket]}}}
        events.put_rule(Name="uploads-seen", EventPattern=json.dumps(pattern))
        queue_arn = "arn:aws:sqs:eu-west-1:123456789012:uploads-seen"
        events.put_targets(Rule="uploads-seen", Targets=[{"Id": "q", "Arn": queue_arn}])

        restore_state(state_dir, aws.endpoint_url)

        assert aws.wait_idle(5)
        assert "Messages" not in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)
        # ...while a real upload still notifies: the pause ended with the restore.
        client(aws, "s3").put_object(Bucket=resources.uploads_bucket, Key="later", Body=b"x")
        assert "Messages" in sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)
    finally:
        aws.stop()


def test_unchanged_objects_are_not_written_again(
    saved: tuple[Path, LocalResources, dict[str, Any]],
) -> None:
    state_dir, _, _ = saved
    (blob,) = (state_dir / BLOBS_DIR).iterdir()
    written = blob.stat().st_mtime_ns
    aws, resources = start_platform()
    try:
        restore_state(state_dir, aws.endpoint_url)
        client(aws, "s3").put_object(Bucket=resources.uploads_bucket, Key="answers/new", Body=b"x")
        StateKeeper(state_dir, aws.endpoint_url).stop()  # stop() saves once
    finally:
        aws.stop()
    assert blob.stat().st_mtime_ns == written
    assert len(list((state_dir / BLOBS_DIR).iterdir())) == 2
    assert not [p for p in state_dir.iterdir() if p.name.startswith(".")]  # no temp files left
    assert (state_dir / SNAPSHOT_FILE).exists()


def test_state_keeper_saves_periodically(tmp_path: Path) -> None:
    aws, resources = start_platform()
    keeper = StateKeeper(tmp_path, aws.endpoint_url, interval_seconds=0.2).start()
    try:
        client(aws, "dynamodb").put_item(TableName=resources.table_name, Item=ITEM)
        snapshot = tmp_path / SNAPSHOT_FILE
        for _ in range(50):
            if snapshot.exists() and "INTERVIEW#i1" in snapshot.read_text():
                break
            time.sleep(0.1)
        assert "INTERVIEW#i1" in snapshot.read_text()
    finally:
        keeper.stop()
        aws.stop()


def test_no_snapshot_means_nothing_to_restore(tmp_path: Path) -> None:
    assert restore_state(tmp_path / "missing", "http://127.0.0.1:1") is False


def test_the_snapshot_reads_tables_in_process_not_by_scanning_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Scan through moto's server pages from the table's start again for every page (25 s
    for 8,000 items here), and the Ctrl-C save holds every request back while it reads: the
    snapshot reads moto's tables in this process, in a Scan's very wire format."""
    aws, resources = start_platform()
    try:
        dynamodb = client(aws, "dynamodb")
        nested = {"M": {"l": {"L": [{"S": "x"}, {"N": "2"}, {"BOOL": True}, {"NULL": True}]}}}
        for n in range(30):
            item = {**ITEM, "sk": {"S": f"INTERVIEW#i{n:02d}"}, "data": nested}
            dynamodb.put_item(TableName=resources.table_name, Item=item)
        scanned = dynamodb.scan(TableName=resources.table_name)["Items"]
        requests: list[str] = []
        monkeypatch.setattr(
            "botocore.client.BaseClient._make_api_call",
            _recording(requests),
        )
        save_state(tmp_path, aws.endpoint_url)
        monkeypatch.undo()
        assert "Scan" not in requests
        snapshot = json.loads((tmp_path / SNAPSHOT_FILE).read_text())
        key = lambda item: item["sk"]["S"]  # noqa: E731
        saved = snapshot["dynamodb"][resources.table_name]
        assert sorted(saved, key=key) == sorted(scanned, key=key)
        assert len(saved) == 30
    finally:
        aws.stop()


def _recording(requests: list[str]) -> Any:
    from botocore.client import BaseClient

    original = BaseClient._make_api_call

    def record(self: Any, operation_name: str, api_params: Any) -> Any:
        requests.append(operation_name)
        return original(self, operation_name, api_params)

    return record
