"""An API Gateway stage's access log: its log group and the stage's JSON log format (the HTTP
API's and the live WebSocket API's stages share this wiring)."""

from __future__ import annotations

import json
from typing import Any, cast

from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs
from constructs import Construct

from cdk.config import StageConfig


def stage_access_logs(
    scope: Construct,
    config: StageConfig,
    api_name: str,
    stage: apigwv2.HttpStage | apigwv2.WebSocketStage,
    log_format: dict[str, Any],
) -> logs.LogGroup:
    """The log group `/aws/apigateway/<api_name>` (construct id "AccessLogs" in `scope`) and
    `stage` writing one JSON line per request to it."""
    group = logs.LogGroup(
        scope,
        "AccessLogs",
        log_group_name=f"/aws/apigateway/{api_name}",
        retention=config.log_retention,
        removal_policy=config.removal_policy,
    )
    cfn_stage = cast(apigwv2.CfnStage, stage.node.default_child)
    cfn_stage.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
        destination_arn=group.log_group_arn,
        format=json.dumps(log_format, separators=(",", ":")),
    )
    return group
