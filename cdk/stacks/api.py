"""Api: the catalog's api function (FastAPI behind Mangum) behind an HTTP API.

One `$default` route sends every request to the Lambda; the app routes, verifies Cognito JWTs
and answers CORS itself, so API Gateway has no authorizer (public routes such as /health,
/auth/login, /candidate/* and /openapi.json need none, and the app is the one place that
decides). The default stage is throttled and writes JSON access logs.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as apigw_integrations
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk import access
from cdk.config import StageConfig
from cdk.constructs.access_logs import stage_access_logs
from cdk.constructs.layers import PlatformLayers
from cdk.environment import app_environment
from cdk.site import page_csp, upload_origins
from cdk.stacks.data import DataStack
from cdk.stacks.events import EventsStack
from cdk.stacks.identity import IdentityStack
from cdk.stacks.integrations import IntegrationsStack
from functions.resources import API_FUNCTION

if TYPE_CHECKING:
    from cdk.stacks.live import LiveStack

ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "path": "$context.path",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationLatency": "$context.integrationLatency",
    "integrationError": "$context.integrationErrorMessage",
    "userAgent": "$context.identity.userAgent",
}


class ApiStack(Stack):
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
        live: LiveStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        environment = {
            **app_environment(config, data=data, events=events_stack, identity=identity),
            "APP_CORS_ORIGINS": json.dumps(list(config.cors_origins)),
            # The candidate page's CSP: the SPA's, to which the API adds frame-ancestors.
            "APP_CANDIDATE_PAGE_CSP": page_csp(
                upload_origins(config.stage, self.account, self.region), (live.signalling_origin,)
            ),
            # Live interviews' responses tell the web app where the room's signalling is.
            "APP_LIVE_SIGNALLING_URL": live.stage.url,
        }
        self.signalling_origin = live.signalling_origin  # the web stack's CSP allows it too
        self.handler = access.function_for(
            self,
            API_FUNCTION,
            config=config,
            environment=environment,
            layers=PlatformLayers(self, "Layers"),
        )
        resources = access.Resources(
            data=data,
            events=events_stack,
            identity=identity,
            integrations=integrations,
            state_machines={},
            stage=config.stage,
        )
        access.grant(resources, self.handler, config)

        self.http_api = apigwv2.HttpApi(
            self,
            "HttpApi",
            api_name=API_FUNCTION.name(config.stage),
            description="Recruiter and candidate API",
            create_default_stage=False,
            default_integration=apigw_integrations.HttpLambdaIntegration(
                "Lambda", self.handler.invocable
            ),
        )
        self.stage = apigwv2.HttpStage(
            self,
            "DefaultStage",
            http_api=self.http_api,
            auto_deploy=True,
            throttle=apigwv2.ThrottleSettings(
                rate_limit=config.api_throttle_rate_limit,
                burst_limit=config.api_throttle_burst_limit,
            ),
        )
        self.access_logs = stage_access_logs(
            self, config, API_FUNCTION.name(config.stage), self.stage, ACCESS_LOG_FORMAT
        )

        CfnOutput(self, "ApiUrl", value=self.http_api.api_endpoint)
        CfnOutput(self, "UserPoolId", value=identity.user_pool.user_pool_id)
        CfnOutput(self, "UserPoolClientId", value=identity.client.user_pool_client_id)
        self._suppress_nag_findings()

    def _suppress_nag_findings(self) -> None:
        NagSuppressions.add_resource_suppressions(
            self.http_api,
            [
                NagPackSuppression(
                    id="AwsSolutions-APIG4",
                    reason="The app verifies Cognito JWTs itself (one place for auth rules) and "
                    "serves public routes (/health, /auth/login, /candidate/*, /openapi.json) "
                    "behind the same $default route.",
                ),
            ],
            apply_to_children=True,
        )
