"""The one construct that builds every Lambda of the platform.

Every function ships the same code asset (the `functions/` package, without the local platform
and tests) and differs only by its catalog entry: name, handler string, description, memory and
timeout. Each gets its own role (no managed policies: the stacks add explicit grants), its own
log group with the stage's retention, X-Ray tracing and the Powertools environment.

Third-party packages come from layers (cdk/constructs/layers.py): the asset stays first-party
code only, so a code change never rebuilds or re-uploads the dependencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from aws_cdk import Duration, IgnoreMode, Size
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from cdk_nag import NagSuppressions
from constructs import Construct

from cdk import nag
from cdk.config import StageConfig
from cdk.constructs.layers import ARCHITECTURE, RUNTIME
from functions.metrics_catalog import NAMESPACE
from functions.resources import Function

REPO_ROOT = Path(__file__).resolve().parents[2]
# Business metrics (Powertools Metrics) land here; the dashboard and alarms read this namespace.
METRICS_NAMESPACE = NAMESPACE

# The asset is the repo root filtered down to functions/ (gitignore syntax), so the zip holds
# the `functions` package at its root and handler strings read "functions.api.main.handler".
CODE_EXCLUDES = (
    "/*",
    "!/functions",
    "/functions/local",
    "__pycache__",
    "*.pyc",
    "tests",
    "test_*.py",
    "*_test.py",
    "conftest.py",
    ".mypy_cache",
    ".pytest_cache",
)


def functions_code() -> lambda_.Code:
    """The one code asset; CDK stages it once per content hash, however many functions use it."""
    return lambda_.Code.from_asset(
        str(REPO_ROOT), exclude=list(CODE_EXCLUDES), ignore_mode=IgnoreMode.GIT
    )


class PythonFunction(Construct):
    """A catalog function: `PythonFunction(self, "VerifyUpload", spec=VERIFY_UPLOAD, ...)`."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: Function,
        config: StageConfig,
        environment: Mapping[str, str],
        layers: Sequence[lambda_.ILayerVersion] = (),
        ephemeral_storage_mb: int = 512,
    ) -> None:
        super().__init__(scope, construct_id)
        self.spec = spec
        name = spec.name(config.stage)

        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/lambda/{name}",
            retention=config.log_retention,
            removal_policy=config.removal_policy,
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs {name}",
        )
        # Instead of AWSLambdaBasicExecutionRole: write to this function's log group only.
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[self.log_group.log_group_arn],
            )
        )

        self.function = lambda_.Function(
            self,
            "Function",
            function_name=name,
            description=spec.description,
            code=functions_code(),
            handler=spec.handler,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_seconds),
            role=self.role,
            log_group=self.log_group,
            tracing=lambda_.Tracing.ACTIVE,
            layers=list(layers),
            ephemeral_storage_size=Size.mebibytes(ephemeral_storage_mb),
            environment={
                **environment,
                "POWERTOOLS_SERVICE_NAME": spec.base,
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": config.log_level,
            },
        )

        NagSuppressions.add_resource_suppressions(
            self, [nag.python_runtime(), nag.xray_tracing()], apply_to_children=True
        )

    @property
    def function_arn(self) -> str:
        return self.function.function_arn
