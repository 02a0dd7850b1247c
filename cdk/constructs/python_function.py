"""The one construct that builds every Lambda of the platform.

Every function ships the same code asset (the `functions/` package, without the local platform
and tests) and differs only by its catalog entry: name, handler string, description, memory and
timeout. Each gets its own role (no managed policies: the stacks add explicit grants), its own
log group with the stage's retention, X-Ray tracing and the Powertools environment.

With `snap_start`, Lambda snapshots each published version after its initialisation and resumes
new instances from that snapshot: the function publishes a version whenever its code or
configuration changes (the replaced version is deleted, with its snapshot) and callers invoke
the `live` alias (`invocable`), since SnapStart never applies to $LATEST.

Third-party packages come from layers (cdk/constructs/layers.py): the asset stays first-party
code only, so a code change never rebuilds or re-uploads the dependencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from aws_cdk import Annotations, Duration, IgnoreMode, RemovalPolicy, Size
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
        snap_start: bool = False,
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
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snap_start else None,
            # Each deploy publishes a version; the one it replaces goes (SnapStart bills a
            # cached snapshot for as long as its version exists).
            current_version_options=lambda_.VersionOptions(removal_policy=RemovalPolicy.DESTROY)
            if snap_start
            else None,
            environment={
                **environment,
                "POWERTOOLS_SERVICE_NAME": spec.base,
                "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
                "LOG_LEVEL": config.log_level,
            },
        )

        self.alias: lambda_.Alias | None = None
        if snap_start:
            self.alias = lambda_.Alias(
                self, "Live", alias_name="live", version=self.function.current_version
            )
            Annotations.of(self.function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish",
                "callers invoke the live alias, which points at the current published version",
            )

        NagSuppressions.add_resource_suppressions(
            self, [nag.python_runtime(), nag.xray_tracing()], apply_to_children=True
        )

    @property
    def invocable(self) -> lambda_.IFunction:
        """What callers invoke: the live alias with SnapStart, else the function."""
        return self.alias or self.function

    @property
    def function_arn(self) -> str:
        return self.function.function_arn
