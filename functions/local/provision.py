"""Create every resource of `functions.resources.CATALOG` in the embedded AWS, idempotently.

Safe on every start and after restoring a snapshot: each step looks before it creates and
re-applies the settings that are plain puts (versioning, CORS, notifications, rules, targets,
handlers, definitions). The names, keys, patterns and handler strings come from the catalog,
the same declarations the CDK app deploys, so the local platform cannot drift from the cloud.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

from functions.resources import (
    CATALOG,
    FUNCTIONS_BY_BASE,
    STATE_MACHINES_BY_BASE,
    Bucket,
    Catalog,
    Function,
    Queue,
    Rule,
    StateMachine,
    Table,
    Target,
    UserPool,
)
from functions.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
STATE_MACHINES_DIR = REPO_ROOT / "statemachines"
LAMBDA_RUNTIME = "python3.12"
ROLE_NAME = "local-platform"  # moto checks that a function's role exists; one role serves all
_PLACEHOLDER = re.compile(r"\$\{[A-Za-z0-9_]+\}")


@dataclass(frozen=True)
class LocalResources:
    stage: str
    region: str
    account: str
    table_name: str
    uploads_bucket: str
    event_bus_name: str
    user_pool_id: str
    user_pool_client_id: str
    kms_key_id: str
    pii_kms_key_id: str
    state_machine_arns: dict[str, str] = field(default_factory=dict)  # by StateMachine.base
    function_arns: dict[str, str] = field(default_factory=dict)  # by Function.base
    queue_urls: dict[str, str] = field(default_factory=dict)  # by Queue.base


def local_settings_env(resources: LocalResources, endpoint_url: str) -> dict[str, str]:
    """The APP_* variables that point the rest of this process at the embedded resources."""
    env = {
        "APP_STAGE": resources.stage,
        "APP_AWS_REGION": resources.region,
        "APP_AWS_ACCOUNT_ID": resources.account,
        "APP_AWS_ENDPOINT_URL": endpoint_url,
        "APP_TABLE_NAME": resources.table_name,
        "APP_UPLOADS_BUCKET": resources.uploads_bucket,
        "APP_EVENT_BUS_NAME": resources.event_bus_name,
        "APP_USER_POOL_ID": resources.user_pool_id,
        "APP_USER_POOL_CLIENT_ID": resources.user_pool_client_id,
        "APP_JWKS_URL": f"{endpoint_url}/{resources.user_pool_id}/.well-known/jwks.json",
    }
    process_answer = resources.state_machine_arns.get("process-answer")
    if process_answer:
        env["APP_PROCESS_ANSWER_STATE_MACHINE_ARN"] = process_answer
    return env


def lambda_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:lambda:{region}:{account}:function:{name}"


def state_machine_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:states:{region}:{account}:stateMachine:{name}"


def render_definition(machine: StateMachine, stage: str, region: str, account: str) -> str:
    """The ASL file with its ${...} placeholders replaced by local ARNs; fails on leftovers."""
    text = (STATE_MACHINES_DIR / machine.definition_file).read_text()
    subs = machine.substitutions(lambda fn: lambda_arn(region, account, fn.name(stage)))
    for key, value in subs.items():
        text = text.replace("${" + key + "}", value)
    leftover = sorted(set(_PLACEHOLDER.findall(text)))
    if leftover:
        raise ValueError(f"{machine.definition_file}: no substitution for {', '.join(leftover)}")
    json.loads(text)  # the file must stay JSON after substitution
    return text


def provision(settings: Settings, catalog: Catalog = CATALOG) -> LocalResources:
    return Provisioner(settings, catalog).run()


def _dummy_zip() -> bytes:
    # moto stores the code but never runs it: the in-process runtime imports the handler.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Handlers run in-process from the functions package.\n")
    return buffer.getvalue()


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class Provisioner:
    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.stage = settings.stage
        self.region = settings.aws_region
        self.account = settings.aws_account_id
        self.cors_origins = list(settings.cors_origins)
        self.catalog = catalog
        if not settings.aws_endpoint_url:
            # The cloud is provisioned by CDK; this must never create resources in an account.
            raise ValueError("provision() needs settings.aws_endpoint_url (the embedded AWS)")
        self._session = boto3.session.Session(region_name=self.region)
        self._endpoint = settings.aws_endpoint_url

    def client(self, service: str) -> Any:
        return self._session.client(service, endpoint_url=self._endpoint)  # type: ignore[call-overload]

    def run(self) -> LocalResources:
        role_arn = self.ensure_role()
        for table in self.catalog.tables:
            self.ensure_table(table)
        for bucket in self.catalog.buckets:
            self.ensure_bucket(bucket)
        self.ensure_event_bus(self.catalog.event_bus_name(self.stage))
        queue_urls = {queue.base: self.ensure_queue(queue) for queue in self.catalog.queues}
        function_arns = {
            fn.base: self.ensure_function(fn, role_arn) for fn in self.catalog.functions
        }
        machine_arns = {
            sm.base: self.ensure_state_machine(sm, role_arn) for sm in self.catalog.state_machines
        }
        for rule in self.catalog.rules:
            self.ensure_rule(rule, role_arn)
        pool_id, client_id = self.ensure_user_pool(self.catalog.user_pool)
        return LocalResources(
            stage=self.stage,
            region=self.region,
            account=self.account,
            table_name=self.catalog.tables[0].name(self.stage),
            uploads_bucket=self.catalog.buckets[0].name(self.stage, self.account),
            event_bus_name=self.catalog.event_bus_name(self.stage),
            user_pool_id=pool_id,
            user_pool_client_id=client_id,
            kms_key_id=self.ensure_kms_key(self.catalog.kms_alias_name(self.stage)),
            pii_kms_key_id=self.ensure_kms_key(self.catalog.pii_kms_alias_name(self.stage)),
            state_machine_arns=machine_arns,
            function_arns=function_arns,
            queue_urls=queue_urls,
        )

    # -- IAM -------------------------------------------------------------------------------

    def ensure_role(self) -> str:
        iam = self.client("iam")
        try:
            return str(iam.get_role(RoleName=ROLE_NAME)["Role"]["Arn"])
        except ClientError as error:
            if _error_code(error) != "NoSuchEntity":
                raise
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {
                        "Service": [
                            "lambda.amazonaws.com",
                            "states.amazonaws.com",
                            "events.amazonaws.com",
                        ]
                    },
                    "Action": "sts:AssumeRole",
                }
            ],
        }
        role = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))
        return str(role["Role"]["Arn"])

    # -- DynamoDB --------------------------------------------------------------------------

    def ensure_table(self, table: Table) -> None:
        dynamodb = self.client("dynamodb")
        name = table.name(self.stage)
        try:
            existing = dynamodb.describe_table(TableName=name)["Table"]
        except ClientError as error:
            if _error_code(error) != "ResourceNotFoundException":
                raise
            dynamodb.create_table(**self.table_spec(table))
        else:
            self._add_missing_indexes(table, existing)
        if table.ttl_attribute:
            self.ensure_ttl(name, table.ttl_attribute)

    def _add_missing_indexes(self, table: Table, existing: dict[str, Any]) -> None:
        """A table from saved state made before an index was declared gets it (as a deployed
        table would, one index per update); its items enter the index when next written."""
        have = {index["IndexName"] for index in existing.get("GlobalSecondaryIndexes", [])}
        spec = self.table_spec(table)
        for index in spec.get("GlobalSecondaryIndexes", []):
            if index["IndexName"] in have:
                continue
            self.client("dynamodb").update_table(
                TableName=spec["TableName"],
                AttributeDefinitions=spec["AttributeDefinitions"],
                GlobalSecondaryIndexUpdates=[{"Create": index}],
            )

    def table_spec(self, table: Table) -> dict[str, Any]:
        keys = [table.partition_key, table.sort_key]
        for index in table.indexes:
            keys += [index.partition_key, index.sort_key]
        spec: dict[str, Any] = {
            "TableName": table.name(self.stage),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": key, "AttributeType": "S"} for key in dict.fromkeys(keys)
            ],
            "KeySchema": _key_schema(table.partition_key, table.sort_key),
        }
        if table.stream:
            spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
        if table.indexes:
            spec["GlobalSecondaryIndexes"] = [
                {
                    "IndexName": index.name,
                    "KeySchema": _key_schema(index.partition_key, index.sort_key),
                    "Projection": {"ProjectionType": index.projection.upper()},
                }
                for index in table.indexes
            ]
        return spec

    def ensure_ttl(self, table_name: str, attribute: str) -> None:
        dynamodb = self.client("dynamodb")
        ttl = dynamodb.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
        if ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING"):
            return
        dynamodb.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
        )

    # -- S3 --------------------------------------------------------------------------------

    def ensure_bucket(self, bucket: Bucket) -> None:
        s3 = self.client("s3")
        name = bucket.name(self.stage, self.account)
        try:
            s3.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.region}
            )
        except ClientError as error:
            if _error_code(error) not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise
        if bucket.versioned:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if bucket.event_bridge_notifications:
            s3.put_bucket_notification_configuration(
                Bucket=name, NotificationConfiguration={"EventBridgeConfiguration": {}}
            )
        if bucket.browser_uploads:
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [self.cors_rule()]})

    def cors_rule(self) -> dict[str, Any]:
        return {
            "AllowedOrigins": self.cors_origins,
            "AllowedMethods": ["GET", "PUT", "POST", "HEAD"],
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],  # multipart uploads need each part's ETag in the browser
            "MaxAgeSeconds": 3000,
        }

    # -- EventBridge, SQS ------------------------------------------------------------------

    def ensure_event_bus(self, name: str) -> None:
        try:
            self.client("events").create_event_bus(Name=name)
        except ClientError as error:
            if _error_code(error) != "ResourceAlreadyExistsException":
                raise

    def ensure_queue(self, queue: Queue) -> str:
        sqs = self.client("sqs")
        dlq_url = sqs.create_queue(QueueName=queue.dead_letter_name(self.stage))["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        attributes = {
            "VisibilityTimeout": str(queue.visibility_timeout_seconds),
            "RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(queue.max_receive_count)}
            ),
        }
        url = sqs.create_queue(QueueName=queue.name(self.stage))["QueueUrl"]
        # create_queue refuses changed attributes on an existing queue; set them separately.
        sqs.set_queue_attributes(QueueUrl=url, Attributes=attributes)
        return str(url)

    def ensure_rule(self, rule: Rule, role_arn: str) -> None:
        events = self.client("events")
        bus = "default" if rule.bus == "default" else self.catalog.event_bus_name(self.stage)
        name = rule.name(self.stage)
        events.put_rule(
            Name=name,
            EventBusName=bus,
            EventPattern=json.dumps(rule.pattern(self.stage, self.account)),
            State="ENABLED",
        )
        events.put_targets(
            Rule=name,
            EventBusName=bus,
            Targets=[self.target_spec(target, role_arn) for target in rule.targets],
        )

    def target_spec(self, target: Target, role_arn: str) -> dict[str, Any]:
        spec: dict[str, Any] = {"Id": target.ref, "Arn": self.target_arn(target)}
        if target.kind == "state_machine":
            spec["RoleArn"] = role_arn  # EventBridge needs a role to start executions
        return spec

    def target_arn(self, target: Target) -> str:
        if target.kind == "function":
            return lambda_arn(
                self.region, self.account, FUNCTIONS_BY_BASE[target.ref].name(self.stage)
            )
        if target.kind == "state_machine":
            machine = STATE_MACHINES_BY_BASE[target.ref]
            return state_machine_arn(self.region, self.account, machine.name(self.stage))
        queue = next(q for q in self.catalog.queues if q.base == target.ref)
        return f"arn:aws:sqs:{self.region}:{self.account}:{queue.name(self.stage)}"

    # -- Lambda, Step Functions ------------------------------------------------------------

    def ensure_function(self, fn: Function, role_arn: str) -> str:
        lam = self.client("lambda")
        settings = {
            "FunctionName": fn.name(self.stage),
            "Runtime": LAMBDA_RUNTIME,
            "Role": role_arn,
            "Handler": fn.handler,
            "Description": fn.description,
            "Timeout": fn.timeout_seconds,
            "MemorySize": fn.memory_mb,
        }
        try:
            lam.get_function(FunctionName=fn.name(self.stage))
        except ClientError as error:
            if _error_code(error) != "ResourceNotFoundException":
                raise
            created = lam.create_function(**settings, Code={"ZipFile": _dummy_zip()})
            return str(created["FunctionArn"])
        updated = lam.update_function_configuration(**settings)
        return str(updated["FunctionArn"])

    def ensure_state_machine(self, machine: StateMachine, role_arn: str) -> str:
        sfn = self.client("stepfunctions")
        definition = render_definition(machine, self.stage, self.region, self.account)
        arn = state_machine_arn(self.region, self.account, machine.name(self.stage))
        try:
            sfn.describe_state_machine(stateMachineArn=arn)
        except ClientError as error:
            if _error_code(error) != "StateMachineDoesNotExist":
                raise
            created = sfn.create_state_machine(
                name=machine.name(self.stage), definition=definition, roleArn=role_arn
            )
            return str(created["stateMachineArn"])
        sfn.update_state_machine(stateMachineArn=arn, definition=definition)
        return arn

    # -- Cognito, KMS ----------------------------------------------------------------------

    def ensure_user_pool(self, pool: UserPool) -> tuple[str, str]:
        cognito = self.client("cognito-idp")
        pool_id = self.find_user_pool(pool.name(self.stage)) or self.create_user_pool(pool)
        cognito.set_user_pool_mfa_config(
            UserPoolId=pool_id,
            SoftwareTokenMfaConfiguration={"Enabled": True},
            MfaConfiguration="OPTIONAL",  # required per group (mfa_groups) by the app
        )
        for group in pool.groups:
            try:
                cognito.create_group(UserPoolId=pool_id, GroupName=group)
            except ClientError as error:
                if _error_code(error) != "GroupExistsException":
                    raise
        return pool_id, self.ensure_user_pool_client(pool_id, pool.client_name(self.stage))

    def find_user_pool(self, name: str) -> str | None:
        paginator = self.client("cognito-idp").get_paginator("list_user_pools")
        for page in paginator.paginate(MaxResults=60):
            for summary in page["UserPools"]:
                if summary["Name"] == name:
                    return str(summary["Id"])
        return None

    def create_user_pool(self, pool: UserPool) -> str:
        # Always the same arguments: with the HASH id strategy the pool id derives from them.
        created = self.client("cognito-idp").create_user_pool(
            PoolName=pool.name(self.stage),
            Policies={"PasswordPolicy": {"MinimumLength": pool.password_min_length}},
            MfaConfiguration="OPTIONAL",
        )
        return str(created["UserPool"]["Id"])

    def ensure_user_pool_client(self, pool_id: str, name: str) -> str:
        cognito = self.client("cognito-idp")
        for client in cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)[
            "UserPoolClients"
        ]:
            if client["ClientName"] == name:
                return str(client["ClientId"])
        created = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName=name,
            GenerateSecret=False,  # a browser app cannot keep a secret
            ExplicitAuthFlows=[
                "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH",
            ],
        )
        return str(created["UserPoolClient"]["ClientId"])

    def ensure_kms_key(self, alias: str) -> str:
        kms = self.client("kms")
        for existing in kms.list_aliases()["Aliases"]:
            if existing["AliasName"] == alias and existing.get("TargetKeyId"):
                return str(existing["TargetKeyId"])
        key_id = str(kms.create_key(Description=f"{alias} (local)")["KeyMetadata"]["KeyId"])
        kms.create_alias(AliasName=alias, TargetKeyId=key_id)
        return key_id


def _key_schema(partition_key: str, sort_key: str) -> list[dict[str, str]]:
    return [
        {"AttributeName": partition_key, "KeyType": "HASH"},
        {"AttributeName": sort_key, "KeyType": "RANGE"},
    ]


def provision_environment(endpoint_url: str) -> LocalResources:
    """Provisions the catalog in the embedded AWS at `endpoint_url` and points this process's
    settings (environment) and wiring at it, as `make dev` does; returns what was made."""
    import os

    from functions import wiring
    from functions.settings import get_settings

    os.environ.update({"APP_STAGE": "local", "APP_AWS_ENDPOINT_URL": endpoint_url})
    wiring.reset()
    resources = provision(get_settings())
    os.environ.update(local_settings_env(resources, endpoint_url))
    wiring.reset()
    return resources
