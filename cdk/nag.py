"""The cdk-nag suppressions the stacks use, each with its specific reason.

Stacks apply them in one `_suppress_nag_findings` method each. IAM5 (wildcard) suppressions name
the exact finding they accept (`applies_to`), built from the granted resource's logical id, so a
new wildcard elsewhere still fails synthesis.
"""

from __future__ import annotations

from typing import cast

from aws_cdk import CfnElement, Stack
from cdk_nag import NagPackSuppression
from constructs import IConstruct

IAM5 = "AwsSolutions-IAM5"


def arn_of(resource: IConstruct) -> str:
    """How cdk-nag prints the resource's ARN in a finding: <LogicalId.Arn>."""
    cfn = cast(CfnElement, resource.node.default_child)
    return f"<{Stack.of(cfn).get_logical_id(cfn)}.Arn>"


def python_runtime() -> NagPackSuppression:
    return NagPackSuppression(
        id="AwsSolutions-L1",
        reason="Python 3.12 is pinned on purpose: the dependency layer and the local toolchain "
        "are built for it, so moving runtime is a deliberate, tested change.",
    )


def xray_tracing() -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support "
        "no resource-level permissions, so their resource is '*'.",
        applies_to=["Resource::*"],
    )


def state_machine_logging_and_tracing() -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="Step Functions log delivery (logs:*LogDelivery, PutResourcePolicy, "
        "DescribeLogGroups...) and X-Ray actions support no resource-level permissions.",
        applies_to=["Resource::*"],
    )


def lambda_invoke(*functions: IConstruct) -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="lambda:InvokeFunction on the state machine's own catalog functions, including "
        "their versions and aliases (<arn>:*).",
        applies_to=[f"Resource::{arn_of(fn)}:*" for fn in functions],
    )


def table_data(table: IConstruct) -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="grant_*_data on the platform table also covers its catalog GSIs (<table>/index/*); "
        "the look-ups by user, token and status query them.",
        applies_to=[f"Resource::{arn_of(table)}/index/*"],
    )


def data_key() -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="KMS actions granted with the table/bucket grants on that resource's own "
        "customer-managed key only (the data key for the table, the PII key for recordings; its "
        "ARN is the resource); the wildcards are the GenerateDataKey* and "
        "ReEncrypt* action families DynamoDB and S3 use with SSE-KMS.",
        applies_to=["Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"],
    )


def bucket_objects(bucket: IConstruct, key_pattern: str, *actions: str) -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason=f"grant_* on objects {key_pattern} of the catalog bucket only; the S3 action "
        "families (GetObject*: versions, tagging; List*: multipart parts; Abort*: multipart "
        "uploads) are what presigned uploads and reads need.",
        applies_to=[
            f"Resource::{arn_of(bucket)}/{key_pattern}",
            *(f"Action::{action}" for action in actions),
        ],
    )


def answer_runs(executions_arn: str) -> NagPackSuppression:
    return NagPackSuppression(
        id=IAM5,
        reason="states:DescribeExecution on the runs of process-answer only (<machine>:*): each "
        "run is named after an answer (and attempt), so whether an answer's run exists or is "
        "under way is read by that name before re-driving or reprocessing it.",
        applies_to=[f"Resource::{executions_arn}"],
    )
