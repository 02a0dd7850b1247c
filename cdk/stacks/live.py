"""Live: the signalling WebSocket API of live interviews (functions/live).

Three routes, each its own catalog Lambda: $connect (authenticates the candidate's link token
or a member's access token itself), $default (every message: the protocol's `type` routes it in
the use case) and $disconnect. The message and disconnect functions post to connections through
the Management API of this API's stage only (execute-api:ManageConnections on
<api>/<stage>/POST/@connections/*). TURN is coturn with REST credentials: the shared secret is
generated here, read by the message function (which signs each participant's credentials) and
set as coturn's static-auth-secret; the TURN and STUN URLs come from context (docs/deploy.md).
"""

from __future__ import annotations

import json
from typing import Any, cast

from aws_cdk import Aws, CfnOutput, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations_
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk import access
from cdk.config import StageConfig
from cdk.constructs.access_logs import stage_access_logs
from cdk.constructs.layers import PlatformLayers
from cdk.environment import app_environment
from cdk.site import signalling_origin
from cdk.stacks.api import ACCESS_LOG_FORMAT
from cdk.stacks.data import DataStack
from cdk.stacks.events import EventsStack
from cdk.stacks.identity import IdentityStack
from cdk.stacks.integrations import IntegrationsStack
from functions.resources import (
    LIVE_CONNECT,
    LIVE_DISCONNECT,
    LIVE_MESSAGE,
    LIVE_SIGNALLING_FUNCTIONS,
    resource_name,
)

STAGE_NAME = "live"
# A WebSocket access log: which connection, which route, what status (never the query string).
WEBSOCKET_LOG_FORMAT = {
    **{k: v for k, v in ACCESS_LOG_FORMAT.items() if k not in {"httpMethod", "path", "protocol"}},
    "connectionId": "$context.connectionId",
    "eventType": "$context.eventType",
}


class LiveStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        data: DataStack,
        events_stack: EventsStack,
        identity: IdentityStack,
        integrations: IntegrationsStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        environment = {
            **app_environment(config, data=data, events=events_stack, identity=identity),
            "APP_LIVE_GATEWAY_KIND": "apigateway",
        }
        layers = PlatformLayers(self, "Layers")
        self.functions = {
            spec.base: access.function_for(
                self, spec, config=config, environment=environment, layers=layers
            )
            for spec in LIVE_SIGNALLING_FUNCTIONS
        }
        resources = access.Resources(
            data=data,
            events=events_stack,
            identity=identity,
            integrations=integrations,
            state_machines={},
            stage=config.stage,
        )
        for function in self.functions.values():
            access.grant(resources, function, config)

        def route(spec: Any) -> apigwv2.WebSocketRouteOptions:
            handler = self.functions[spec.base].invocable
            return apigwv2.WebSocketRouteOptions(
                integration=integrations_.WebSocketLambdaIntegration(spec.base, handler)
            )

        self.web_socket_api = apigwv2.WebSocketApi(
            self,
            "SignallingApi",
            api_name=resource_name(config.stage, "live-signalling"),
            description="Live interviews' signalling (WebRTC offers, answers, ICE candidates)",
            connect_route_options=route(LIVE_CONNECT),
            default_route_options=route(LIVE_MESSAGE),
            disconnect_route_options=route(LIVE_DISCONNECT),
        )
        self.stage = apigwv2.WebSocketStage(
            self,
            "Stage",
            web_socket_api=self.web_socket_api,
            stage_name=STAGE_NAME,
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=config.live_throttle_rate_limit,
                burst_limit=config.live_throttle_burst_limit,
            ),
        )
        # The origin browsers open the room's WebSocket on: the SPA's CSP allows it (connect-src).
        self.signalling_origin = signalling_origin(
            self.web_socket_api.api_id, self.region, Aws.URL_SUFFIX
        )
        self.access_logs = stage_access_logs(
            self,
            config,
            resource_name(config.stage, "live-signalling"),
            self.stage,
            WEBSOCKET_LOG_FORMAT,
        )
        # PostToConnection only (POST), on this API's stage only; connection ids are API
        # Gateway's, made at connect time.
        self.connections_arn = self.format_arn(
            service="execute-api",
            resource=self.web_socket_api.api_id,
            resource_name=f"{STAGE_NAME}/POST/@connections/*",
        )
        for spec in (LIVE_MESSAGE, LIVE_DISCONNECT):
            poster = self.functions[spec.base].function
            poster.add_to_role_policy(
                iam.PolicyStatement(
                    actions=["execute-api:ManageConnections"], resources=[self.connections_arn]
                )
            )
            poster.add_environment("APP_LIVE_MANAGEMENT_ENDPOINT", self.stage.callback_url)
        self.turn_secret = self._turn(config)
        CfnOutput(self, "SignallingUrl", value=self.stage.url)
        self._suppress_nag_findings()

    def _turn(self, config: StageConfig) -> secretsmanager.Secret:
        """coturn's static-auth-secret; the message function signs TURN credentials with it."""
        secret = secretsmanager.Secret(
            self,
            "TurnSecret",
            secret_name=resource_name(config.stage, "live-turn-secret"),
            description="coturn static-auth-secret: signs live interviews' short-lived TURN "
            "credentials (REST API authentication)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                exclude_punctuation=True, password_length=48
            ),
            removal_policy=config.removal_policy,
        )
        message = self.functions[LIVE_MESSAGE.base].function
        secret.grant_read(message)
        message.add_environment("APP_LIVE_TURN_SECRET_ARN", secret.secret_arn)
        message.add_environment("APP_LIVE_TURN_URLS", json.dumps(list(config.live_turn_urls)))
        message.add_environment("APP_LIVE_STUN_URLS", json.dumps(list(config.live_stun_urls)))
        return secret

    def _suppress_nag_findings(self) -> None:
        NagSuppressions.add_resource_suppressions(
            self.web_socket_api,
            [
                NagPackSuppression(
                    id="AwsSolutions-APIG4",
                    reason="The $connect Lambda authenticates every connection itself (a "
                    "candidate's link token or a member's Cognito access token, the same rules "
                    "as the HTTP API's); $default and $disconnect only serve connections it "
                    "accepted.",
                ),
            ],
            apply_to_children=True,
        )
        for spec in (LIVE_MESSAGE, LIVE_DISCONNECT):
            NagSuppressions.add_resource_suppressions(
                self.functions[spec.base],
                [
                    NagPackSuppression(
                        id="AwsSolutions-IAM5",
                        reason="execute-api:ManageConnections on this API's own stage only: "
                        "connection ids are made by API Gateway at connect time, so the "
                        "resource ends in @connections/*.",
                        applies_to=[
                            f"Resource::arn:{self.partition}:execute-api:{self.region}:"
                            f"{self.account}:<{self._api_logical_id()}>/{STAGE_NAME}/POST/"
                            "@connections/*"
                        ],
                    )
                ],
                apply_to_children=True,
            )
        NagSuppressions.add_resource_suppressions(
            self.turn_secret,
            [
                NagPackSuppression(
                    id="AwsSolutions-SMG4",
                    reason="coturn holds a copy as its static-auth-secret; rotating it is the "
                    "runbook in docs/deploy.md (set the new value on the TURN servers as a "
                    "second secret, then here), since credentials signed with the old one "
                    "stay in use for up to their 3-hour lifetime.",
                )
            ],
        )

    def _api_logical_id(self) -> str:
        cfn = cast(apigwv2.CfnApi, self.web_socket_api.node.default_child)
        return self.get_logical_id(cfn)
