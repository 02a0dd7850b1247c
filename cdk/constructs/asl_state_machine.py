"""A catalog state machine, deployed from the very ASL file the local platform executes.

The definition is `statemachines/<definition_file>` verbatim (DefinitionString); the catalog's
`StateMachine.substitutions` fills its `${...FunctionArn}` placeholders with the functions'
ARNs (tokens), and the state machine's role is granted invoke on exactly those functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import StateMachine

STATEMACHINES_DIR = Path(__file__).resolve().parents[2] / "statemachines"


def definition_file(spec: StateMachine) -> Path:
    return STATEMACHINES_DIR / spec.definition_file


class AslStateMachine(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: StateMachine,
        config: StageConfig,
        functions: Mapping[str, lambda_.IFunction],  # by Function.base, the ones spec invokes
    ) -> None:
        super().__init__(scope, construct_id)
        name = spec.name(config.stage)
        # Vended-logs prefix: keeps the CloudWatch Logs resource policy small.
        self.log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"/aws/vendedlogs/states/{name}",
            retention=config.log_retention,
            removal_policy=config.removal_policy,
        )
        self.state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            # from_string keeps the file inline as the DefinitionString (from_file would
            # upload it as an S3 asset and the template would no longer show the flow).
            definition_body=sfn.DefinitionBody.from_string(definition_file(spec).read_text()),
            definition_substitutions=spec.substitutions(lambda fn: functions[fn.base].function_arn),
            logs=sfn.LogOptions(
                destination=self.log_group, level=sfn.LogLevel.ALL, include_execution_data=True
            ),
            tracing_enabled=True,
            removal_policy=config.removal_policy,
        )
        for base in spec.functions:
            functions[base].grant_invoke(self.state_machine)
