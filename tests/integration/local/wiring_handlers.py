"""Lambda handlers for the wiring tests, imported by the in-process runtime by handler string.

The tests point them at the embedded AWS by setting the module globals below; each handler
records its calls so the tests can count retries.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

ENDPOINT_URL = ""
STATE_MACHINE_ARN = ""
CALLS: list[tuple[str, Any]] = []


class UploadRejected(Exception):
    """The domain error the state machine catches by class name."""


def start_processing(event: dict[str, Any], context: Any) -> dict[str, str]:
    CALLS.append(("start_processing", event))
    detail = event["detail"]
    sfn = boto3.client("stepfunctions", endpoint_url=ENDPOINT_URL)
    execution = sfn.start_execution(
        stateMachineArn=STATE_MACHINE_ARN,
        name=f"upload-{event['id']}",
        input=json.dumps({"bucket": detail["bucket"]["name"], "key": detail["object"]["key"]}),
    )
    return {"executionArn": execution["executionArn"]}


def inspect_upload(event: dict[str, Any], context: Any) -> dict[str, Any]:
    CALLS.append(("inspect_upload", event))
    s3 = boto3.client("s3", endpoint_url=ENDPOINT_URL)
    head = s3.head_object(Bucket=event["bucket"], Key=event["key"])
    return {
        "size": head["ContentLength"],
        "function": context.function_name,
        "remaining_ms": context.get_remaining_time_in_millis(),
    }


def reject_upload(event: dict[str, Any], context: Any) -> dict[str, Any]:
    CALLS.append(("reject_upload", event))
    raise UploadRejected(f"{event['key']} is not a video")


def record_rejection(event: dict[str, Any], context: Any) -> dict[str, bool]:
    CALLS.append(("record_rejection", event))
    return {"recorded": True}


def broken(event: dict[str, Any], context: Any) -> None:
    CALLS.append(("broken", event))
    raise ValueError("broken on purpose")
