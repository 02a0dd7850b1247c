"""S3 -> EventBridge -> Lambda -> Step Functions (real ASL) -> Lambda, all in this process."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest

from functions.local.aws import EmbeddedAws
from tests.integration.local import wiring_handlers

HANDLERS = "tests.integration.local.wiring_handlers"
REGION = "eu-west-1"
ACCOUNT = "123456789012"
BUCKET = "wiring-uploads"


def lambda_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def invoke_task(function: str, **extra: Any) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": lambda_arn(function), "Payload.$": "$"},
        **extra,
    }


# A small flow using what the real ones use: ResultSelector/ResultPath, Choice, Retry, Catch.
TEST_ASL = {
    "StartAt": "Inspect",
    "States": {
        "Inspect": invoke_task(
            "inspect",
            ResultSelector={"size.$": "$.Payload.size", "function.$": "$.Payload.function"},
            ResultPath="$.inspection",
            Next="IsVideo",
        ),
        "IsVideo": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.key", "StringMatches": "answers/*", "Next": "Done"}],
            "Default": "Reject",
        },
        "Reject": invoke_task(
            "reject",
            Retry=[
                {
                    "ErrorEquals": ["UploadRejected"],
                    "IntervalSeconds": 1,
                    "MaxAttempts": 2,
                    "BackoffRate": 1.0,
                }
            ],
            Catch=[
                {
                    "ErrorEquals": ["UploadRejected"],
                    "ResultPath": "$.error",
                    "Next": "RecordRejection",
                }
            ],
            End=True,
        ),
        "RecordRejection": invoke_task("record", ResultPath=None, Next="Rejected"),
        "Rejected": {"Type": "Fail", "Error": "Rejected", "Cause": "not a video"},
        "Done": {"Type": "Succeed"},
    },
}


def client(aws: EmbeddedAws, service: str) -> Any:
    return boto3.client(service, endpoint_url=aws.endpoint_url, region_name=REGION)  # type: ignore[call-overload]


def dummy_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", "")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def wiring(embedded_aws: EmbeddedAws, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Bucket, rule, functions and state machine; returns the state machine ARN."""
    aws = embedded_aws
    role = client(aws, "iam").create_role(RoleName="wiring", AssumeRolePolicyDocument="{}")
    role_arn = role["Role"]["Arn"]
    lam = client(aws, "lambda")
    for name, handler in [
        ("start", "start_processing"),
        ("inspect", "inspect_upload"),
        ("reject", "reject_upload"),
        ("record", "record_rejection"),
        ("broken", "broken"),
    ]:
        lam.create_function(
            FunctionName=name,
            Runtime="python3.12",
            Role=role_arn,
            Handler=f"{HANDLERS}.{handler}",
            Code={"ZipFile": dummy_zip()},
        )
    asl_file: Path = tmp_path_factory.mktemp("asl") / "wiring.asl.json"
    asl_file.write_text(json.dumps(TEST_ASL))
    machine = client(aws, "stepfunctions").create_state_machine(
        name="wiring", definition=asl_file.read_text(), roleArn=role_arn
    )
    s3 = client(aws, "s3")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    events = client(aws, "events")
    pattern = {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [BUCKET]}},
    }
    events.put_rule(Name="uploaded", EventPattern=json.dumps(pattern))
    events.put_targets(Rule="uploaded", Targets=[{"Id": "start", "Arn": lambda_arn("start")}])
    wiring_handlers.ENDPOINT_URL = aws.endpoint_url
    wiring_handlers.STATE_MACHINE_ARN = machine["stateMachineArn"]
    return str(machine["stateMachineArn"])


@pytest.fixture(autouse=True)
def fresh_calls() -> None:
    wiring_handlers.CALLS.clear()


def calls(name: str) -> list[Any]:
    return [event for handler, event in wiring_handlers.CALLS if handler == name]


def upload_and_wait(aws: EmbeddedAws, key: str) -> dict[str, Any]:
    """PutObject, let EventBridge deliver, then wait for the execution it started."""
    client(aws, "s3").put_object(Bucket=BUCKET, Key=key, Body=b"0123456789")
    assert aws.wait_idle(10)
    assert not aws.delivery_failures
    (started,) = calls("start_processing")
    sfn = client(aws, "stepfunctions")
    execution_arn = sfn.list_executions(stateMachineArn=wiring_handlers.STATE_MACHINE_ARN)[
        "executions"
    ]
    arn = next(e["executionArn"] for e in execution_arn if e["name"] == f"upload-{started['id']}")
    return wait_for_execution(aws, arn)


def wait_for_execution(aws: EmbeddedAws, arn: str, timeout: float = 20) -> dict[str, Any]:
    sfn = client(aws, "stepfunctions")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if execution["status"] != "RUNNING":
            return execution
        time.sleep(0.1)
    raise AssertionError(f"{arn} still running after {timeout}s")


def history(aws: EmbeddedAws, arn: str) -> list[dict[str, Any]]:
    sfn = client(aws, "stepfunctions")
    events: list[dict[str, Any]] = sfn.get_execution_history(executionArn=arn)["events"]
    return events


def entered_states(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e
    ]


def test_upload_runs_the_state_machine_through_eventbridge_and_lambda(
    embedded_aws: EmbeddedAws, wiring: str
) -> None:
    execution = upload_and_wait(embedded_aws, "answers/a1/attempt-1.webm")

    assert execution["status"] == "SUCCEEDED"
    output = json.loads(execution["output"])
    assert output["inspection"] == {"size": 10, "function": "inspect"}
    events = history(embedded_aws, execution["executionArn"])
    assert entered_states(events) == ["Inspect", "IsVideo", "Done"]
    assert events[-1]["type"] == "ExecutionSucceeded"
    (s3_event,) = calls("start_processing")
    assert s3_event["detail"]["object"]["key"] == "answers/a1/attempt-1.webm"
    assert s3_event["time"].endswith("Z")  # delivered as ISO 8601, as EventBridge does


def test_domain_error_is_retried_then_caught_by_its_class_name(
    embedded_aws: EmbeddedAws, wiring: str
) -> None:
    execution = upload_and_wait(embedded_aws, "other/notes.txt")

    assert execution["status"] == "FAILED"
    events = history(embedded_aws, execution["executionArn"])
    assert entered_states(events) == ["Inspect", "IsVideo", "Reject", "RecordRejection", "Rejected"]
    failures = [e["taskFailedEventDetails"] for e in events if e["type"] == "TaskFailed"]
    assert [f["error"] for f in failures] == ["UploadRejected"] * 3  # first try + 2 retries
    cause = json.loads(failures[0]["cause"])
    assert cause["errorType"] == "UploadRejected"
    assert cause["errorMessage"] == "other/notes.txt is not a video"
    assert "wiring_handlers.py" in cause["stackTrace"][0]
    assert len(calls("reject_upload")) == 3
    (recorded,) = calls("record_rejection")
    assert recorded["error"]["Error"] == "UploadRejected"


def test_unhandled_error_looks_like_lambdas(embedded_aws: EmbeddedAws, wiring: str) -> None:
    response = client(embedded_aws, "lambda").invoke(FunctionName="broken", Payload=b'{"a": 1}')

    assert response["FunctionError"] == "Unhandled"
    payload = json.loads(response["Payload"].read())
    assert payload["errorType"] == "ValueError"
    assert payload["errorMessage"] == "broken on purpose"
    assert isinstance(payload["stackTrace"], list)


def test_event_invocation_returns_at_once_and_runs_in_the_background(
    embedded_aws: EmbeddedAws, wiring: str
) -> None:
    lam = client(embedded_aws, "lambda")
    response = lam.invoke(FunctionName="record", InvocationType="Event", Payload=b'{"n": 1}')

    assert response["StatusCode"] == 202
    assert embedded_aws.wait_idle(10)
    assert calls("record_rejection") == [{"n": 1}]


def test_failure_of_an_asynchronous_target_is_logged_and_kept(
    embedded_aws: EmbeddedAws, wiring: str, caplog: pytest.LogCaptureFixture
) -> None:
    events = client(embedded_aws, "events")
    events.put_rule(Name="broken", EventPattern=json.dumps({"source": ["wiring.test"]}))
    events.put_targets(Rule="broken", Targets=[{"Id": "b", "Arn": lambda_arn("broken")}])
    before = len(embedded_aws.delivery_failures)

    events.put_events(Entries=[{"Source": "wiring.test", "DetailType": "t", "Detail": "{}"}])

    assert embedded_aws.wait_idle(10)
    assert len(calls("broken")) == 1
    assert len(embedded_aws.delivery_failures) == before + 1
    assert "broken on purpose" in caplog.text
    events.remove_targets(Rule="broken", Ids=["b"])
    embedded_aws.delivery_failures.clear()
