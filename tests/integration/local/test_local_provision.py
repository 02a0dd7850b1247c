"""provision() creates what functions.resources.CATALOG declares, and can run again."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import boto3
import pytest

from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources, local_settings_env, provision
from functions.resources import CATALOG, FUNCTIONS_BY_BASE, STATE_MACHINES_BY_BASE
from functions.settings import Settings


@pytest.fixture(scope="module")
def settings(embedded_aws: EmbeddedAws) -> Settings:
    return Settings(aws_endpoint_url=embedded_aws.endpoint_url)


@pytest.fixture(scope="module")
def resources(settings: Settings) -> LocalResources:
    return provision(settings)


def client(settings: Settings, service: str) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service, endpoint_url=settings.aws_endpoint_url, region_name=settings.aws_region
    )


def test_tables_have_the_catalog_keys_indexes_and_ttl(
    settings: Settings, resources: LocalResources
) -> None:
    dynamodb = client(settings, "dynamodb")
    for table in CATALOG.tables:
        described = dynamodb.describe_table(TableName=table.name("local"))["Table"]
        assert described["KeySchema"] == [
            {"AttributeName": table.partition_key, "KeyType": "HASH"},
            {"AttributeName": table.sort_key, "KeyType": "RANGE"},
        ]
        indexes = {
            gsi["IndexName"]: (gsi["KeySchema"], gsi["Projection"]["ProjectionType"])
            for gsi in described.get("GlobalSecondaryIndexes", [])
        }
        assert indexes == {
            index.name: (
                [
                    {"AttributeName": index.partition_key, "KeyType": "HASH"},
                    {"AttributeName": index.sort_key, "KeyType": "RANGE"},
                ],
                index.projection.upper(),
            )
            for index in table.indexes
        }
        ttl = dynamodb.describe_time_to_live(TableName=table.name("local"))["TimeToLiveDescription"]
        assert ttl.get("AttributeName") == table.ttl_attribute  # none on the keys table
    assert resources.table_name == settings.table_name
    assert settings.pii_keys_table_name in {table.name("local") for table in CATALOG.tables}


def test_buckets_are_versioned_notify_eventbridge_and_allow_browser_uploads(
    settings: Settings, resources: LocalResources
) -> None:
    from moto.s3.models import s3_backends

    s3 = client(settings, "s3")
    for bucket in CATALOG.buckets:
        name = bucket.name("local", settings.aws_account_id)
        assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
        (rule,) = s3.get_bucket_cors(Bucket=name)["CORSRules"]
        assert rule["AllowedOrigins"] == settings.cors_origins
        assert sorted(rule["AllowedMethods"]) == ["GET", "HEAD", "POST", "PUT"]
        assert rule["AllowedHeaders"] == ["*"]
        assert rule["ExposeHeaders"] == ["ETag"]
        # moto's GetBucketNotificationConfiguration omits EventBridgeConfiguration: ask the model.
        stored = s3_backends[settings.aws_account_id]["global"].get_bucket(name)
        assert stored.notification_configuration is not None
        assert stored.notification_configuration.event_bridge == {}
    assert resources.uploads_bucket == settings.uploads_bucket


def test_rules_have_the_catalog_patterns_and_targets(
    settings: Settings, resources: LocalResources
) -> None:
    events = client(settings, "events")
    assert events.describe_event_bus(Name=resources.event_bus_name)["Name"] == (
        settings.event_bus_name
    )
    for rule in CATALOG.rules:
        bus = "default" if rule.bus == "default" else settings.event_bus_name
        described = events.describe_rule(Name=rule.name("local"), EventBusName=bus)
        assert json.loads(described["EventPattern"]) == rule.pattern(
            "local", settings.aws_account_id
        )
        targets = events.list_targets_by_rule(Rule=rule.name("local"), EventBusName=bus)
        arns = {target["Arn"] for target in targets["Targets"]}
        assert arns == {expected_arn(settings, t.kind, t.ref) for t in rule.targets}


def expected_arn(settings: Settings, kind: str, ref: str) -> str:
    prefix = f"arn:aws:{{}}:{settings.aws_region}:{settings.aws_account_id}"
    if kind == "function":
        return f"{prefix.format('lambda')}:function:{FUNCTIONS_BY_BASE[ref].name('local')}"
    if kind == "state_machine":
        return f"{prefix.format('states')}:stateMachine:{STATE_MACHINES_BY_BASE[ref].name('local')}"
    return f"{prefix.format('sqs')}:interviews-local-{ref}"


def test_functions_carry_the_catalog_handlers(
    settings: Settings, resources: LocalResources
) -> None:
    lam = client(settings, "lambda")
    for fn in CATALOG.functions:
        config = lam.get_function_configuration(FunctionName=fn.name("local"))
        assert (config["Handler"], config["Runtime"]) == (fn.handler, "python3.12")
        assert (config["Timeout"], config["MemorySize"]) == (fn.timeout_seconds, fn.memory_mb)
        assert resources.function_arns[fn.base] == config["FunctionArn"]


def test_state_machines_run_the_repo_files_with_every_placeholder_replaced(
    settings: Settings, resources: LocalResources
) -> None:
    sfn = client(settings, "stepfunctions")
    for machine in CATALOG.state_machines:
        described = sfn.describe_state_machine(
            stateMachineArn=resources.state_machine_arns[machine.base]
        )
        definition = described["definition"]
        assert "${" not in definition
        for base in machine.functions:
            assert resources.function_arns[base] in definition
    assert resources.state_machine_arns["process-answer"] == (
        settings.process_answer_state_machine_arn
    )


def test_user_pool_has_the_groups_client_flows_and_mfa(
    settings: Settings, resources: LocalResources
) -> None:
    cognito = client(settings, "cognito-idp")
    pool = cognito.describe_user_pool(UserPoolId=resources.user_pool_id)["UserPool"]
    assert pool["Name"] == CATALOG.user_pool.name("local")
    password = pool["Policies"]["PasswordPolicy"]
    assert password["MinimumLength"] == CATALOG.user_pool.password_min_length
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=resources.user_pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    groups = cognito.list_groups(UserPoolId=resources.user_pool_id)["Groups"]
    assert sorted(g["GroupName"] for g in groups) == sorted(CATALOG.user_pool.groups)
    app = cognito.describe_user_pool_client(
        UserPoolId=resources.user_pool_id, ClientId=resources.user_pool_client_id
    )["UserPoolClient"]
    assert "ClientSecret" not in app
    assert set(app["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }


def test_kms_aliases_name_the_data_and_pii_keys(
    settings: Settings, resources: LocalResources
) -> None:
    aliases = client(settings, "kms").list_aliases()["Aliases"]
    targets = {a["AliasName"]: a["TargetKeyId"] for a in aliases}
    assert targets[CATALOG.kms_alias_name("local")] == resources.kms_key_id
    assert targets[CATALOG.pii_kms_alias_name("local")] == resources.pii_kms_key_id
    assert resources.kms_key_id != resources.pii_kms_key_id


def test_provisioning_again_changes_nothing(settings: Settings, resources: LocalResources) -> None:
    assert provision(settings) == resources
    cognito = client(settings, "cognito-idp")
    assert len(cognito.list_user_pools(MaxResults=60)["UserPools"]) == 1


def test_queues_get_a_dead_letter_queue(settings: Settings) -> None:
    from functions.resources import Queue

    queue = Queue(base="test-deliveries", max_receive_count=3)
    # Only the test queue: the catalog's rules and event sources point at queues left out here.
    catalog = dataclasses.replace(
        CATALOG, queues=(queue,), rules=(), event_sources=(), schedules=()
    )
    first = provision(settings, catalog)
    assert provision(settings, catalog).queue_urls == first.queue_urls
    sqs = client(settings, "sqs")
    attributes = sqs.get_queue_attributes(
        QueueUrl=first.queue_urls[queue.base], AttributeNames=["All"]
    )["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(queue.dead_letter_name("local"))
    assert int(redrive["maxReceiveCount"]) == 3


def test_settings_env_points_the_app_at_the_resources(
    embedded_aws: EmbeddedAws, resources: LocalResources, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in local_settings_env(resources, embedded_aws.endpoint_url).items():
        monkeypatch.setenv(name, value)
    loaded = Settings()
    assert loaded.user_pool_id == resources.user_pool_id
    assert loaded.resolved_jwks_url.startswith(embedded_aws.endpoint_url)
    assert loaded.table_name == resources.table_name


def test_a_table_from_older_saved_state_gets_the_indexes_declared_since(
    settings: Settings, resources: LocalResources
) -> None:
    """`make dev` over state saved before an index was declared (gsi4, the retention purge's)
    adds it instead of leaving queries on it to fail."""
    from functions.local.provision import Provisioner
    from functions.resources import Table

    full = dataclasses.replace(CATALOG.tables[0], base="older-state")
    older = dataclasses.replace(full, indexes=full.indexes[:2], stream=False)
    provisioner = Provisioner(settings, CATALOG)
    provisioner.ensure_table(older)
    dynamodb = client(settings, "dynamodb")

    def indexes(table: Table) -> set[str]:
        described = dynamodb.describe_table(TableName=table.name("local"))["Table"]
        return {gsi["IndexName"] for gsi in described["GlobalSecondaryIndexes"]}

    assert indexes(older) == {"gsi1", "gsi2"}
    provisioner.ensure_table(full)
    assert indexes(full) == {index.name for index in full.indexes}
