"""The data stack builds the catalog's table(s), key and bucket(s) exactly."""

from __future__ import annotations

import json

import pytest
from cdk_synth import Synthesized, get_att_arn, role_statements

from functions.resources import CATALOG, PII_KEYS_TABLE, PLATFORM_TABLE


def _key_id(synth: Synthesized, alias: str | None = None) -> str:
    """The logical id of the data stack's key with this alias (default: the data key)."""
    name = alias or CATALOG.kms_alias_name(synth.stage)
    _, found = synth.one(synth.platform.data, "AWS::KMS::Alias", AliasName=name)
    target: str = found["Properties"]["TargetKeyId"]["Fn::GetAtt"][0]
    assert found["Properties"]["TargetKeyId"] == get_att_arn(target)  # the key's ARN
    return target


def test_the_data_and_pii_keys_have_the_catalog_aliases_and_rotate(synth: Synthesized) -> None:
    keys = synth.resources(synth.platform.data, "AWS::KMS::Key")
    data_key = _key_id(synth)
    pii_key = _key_id(synth, CATALOG.pii_kms_alias_name(synth.stage))
    assert sorted(keys) == sorted({data_key, pii_key})  # two keys, not one
    for key_id in (data_key, pii_key):
        assert keys[key_id]["Properties"]["EnableKeyRotation"]


def test_tables_match_the_catalog(synth: Synthesized) -> None:
    data = synth.platform.data
    assert len(synth.resources(data, "AWS::DynamoDB::Table")) == len(CATALOG.tables)
    for spec in CATALOG.tables:
        _, table = synth.one(data, "AWS::DynamoDB::Table", TableName=spec.name(synth.stage))
        props = table["Properties"]
        assert props["KeySchema"] == [
            {"AttributeName": spec.partition_key, "KeyType": "HASH"},
            {"AttributeName": spec.sort_key, "KeyType": "RANGE"},
        ]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        gsis = {
            gsi["IndexName"]: (gsi["KeySchema"], gsi["Projection"])
            for gsi in props.get("GlobalSecondaryIndexes", [])
        }
        assert gsis == {
            index.name: (
                [
                    {"AttributeName": index.partition_key, "KeyType": "HASH"},
                    {"AttributeName": index.sort_key, "KeyType": "RANGE"},
                ],
                {"ProjectionType": index.projection.upper()},
            )
            for index in spec.indexes
        }
        key_names = {spec.partition_key, spec.sort_key} | {
            name for i in spec.indexes for name in (i.partition_key, i.sort_key)
        }
        assert {a["AttributeName"] for a in props["AttributeDefinitions"]} == key_names
        if spec.ttl_attribute:
            assert props["TimeToLiveSpecification"] == {
                "AttributeName": spec.ttl_attribute,
                "Enabled": True,
            }
        else:
            assert "TimeToLiveSpecification" not in props
        pitr = props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
        assert pitr is spec.backups
        assert props["SSESpecification"] == {
            "SSEEnabled": True,
            "SSEType": "KMS",
            "KMSMasterKeyId": get_att_arn(_key_id(synth)),
        }


def test_buckets_match_the_catalog(synth: Synthesized) -> None:
    data = synth.platform.data
    config = synth.platform.config
    for spec in CATALOG.buckets:
        _, bucket = synth.one(
            data, "AWS::S3::Bucket", BucketName=spec.name(synth.stage, synth.account)
        )
        props = bucket["Properties"]
        notifications = props.get("NotificationConfiguration", {})
        assert (
            notifications.get("EventBridgeConfiguration", {}).get("EventBridgeEnabled", False)
            is spec.event_bridge_notifications
        )
        assert (props.get("VersioningConfiguration") == {"Status": "Enabled"}) is spec.versioned
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
        (encryption,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        key = CATALOG.pii_kms_alias_name(synth.stage) if spec.holds_pii else None
        assert encryption["ServerSideEncryptionByDefault"] == {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": get_att_arn(_key_id(synth, key)),
        }
        assert props["LoggingConfiguration"]["DestinationBucketName"]["Ref"]
        if spec.browser_uploads:
            (rule,) = props["CorsConfiguration"]["CorsRules"]
            assert sorted(rule["AllowedMethods"]) == ["GET", "HEAD", "POST", "PUT"]
            assert rule["AllowedHeaders"] == ["*"]
            assert rule["ExposedHeaders"] == ["ETag"]
            assert rule["AllowedOrigins"] == list(config.cors_origins)
        else:
            assert "CorsConfiguration" not in props


def test_every_bucket_refuses_plain_http(synth: Synthesized) -> None:
    data = synth.platform.data
    buckets = synth.resources(data, "AWS::S3::Bucket")
    policies = synth.resources(data, "AWS::S3::BucketPolicy")
    enforced = {
        policy["Properties"]["Bucket"]["Ref"]
        for policy in policies.values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if statement["Effect"] == "Deny"
        and statement.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    }
    assert enforced == set(buckets)
    for bucket in buckets.values():
        assert bucket["Properties"]["PublicAccessBlockConfiguration"]["BlockPublicPolicy"]


def _statements_of(synth: Synthesized, base: str) -> str:
    """Every inline policy statement of one catalog function's role, as JSON text."""
    spec = next(f for f in CATALOG.functions if f.base == base)
    for stack in (synth.platform.pipeline, synth.platform.api, synth.platform.live):
        found = [
            function
            for function in synth.resources(stack, "AWS::Lambda::Function").values()
            if function["Properties"].get("FunctionName") == spec.name(synth.stage)
        ]
        if found:
            role_id = found[0]["Properties"]["Role"]["Fn::GetAtt"][0]
            return json.dumps(role_statements(synth, stack, role_id))
    raise AssertionError(f"no function {base}")


@pytest.mark.parametrize(
    ("base", "decrypts_recordings"),
    [
        ("api", True),  # presigned uploads and playback
        ("transcode-answer", True),
        ("transcribe-audio-part", True),
        ("record-answer-media", False),
        ("notify", False),
        ("publish-outbox", False),
        ("deliver-webhook", False),
    ],
)
def test_only_the_functions_that_handle_recordings_may_use_the_pii_key(
    synth: Synthesized, base: str, decrypts_recordings: bool
) -> None:
    pii_key = _key_id(synth, CATALOG.pii_kms_alias_name(synth.stage))
    data_key = _key_id(synth)
    statements = _statements_of(synth, base)
    unbound = [s for s in _pii_key_statements(synth, base) if "Condition" not in s]
    assert bool(unbound) is decrypts_recordings, statements
    assert pii_key in statements  # the table's sealed fields (bound to their contexts, below)
    assert data_key in statements or base != "notify"  # the table: data key


def _pii_key_statements(synth: Synthesized, base: str) -> list[dict[str, object]]:
    pii_key = _key_id(synth, CATALOG.pii_kms_alias_name(synth.stage))
    statements = json.loads(_statements_of(synth, base))
    return [s for s in statements if pii_key in json.dumps(s.get("Resource"))]


def test_every_table_role_may_unwrap_the_sealed_fields_keys_and_no_recording(
    synth: Synthesized,
) -> None:
    """Issue 17: names and emails are sealed under data keys wrapped by the PII key; a role
    that reads the table gets Decrypt and GenerateDataKey on that key only with the contexts
    of those keys (functions/storage/pii.py), never a recording's (S3's aws:s3:arn)."""
    from cdk.access import PII_KEY_ACTIONS, PII_KEY_PURPOSES

    table_roles = 0
    for spec in CATALOG.functions:
        if '"dynamodb:PutItem"' not in _statements_of(synth, spec.base):  # not a table role
            continue
        table_roles += 1
        bound = [s for s in _pii_key_statements(synth, spec.base) if "Condition" in s]
        assert len(bound) == 1, (spec.base, bound)
        assert sorted(bound[0]["Action"]) == sorted(PII_KEY_ACTIONS)  # type: ignore[arg-type]
        assert bound[0]["Condition"] == {
            "StringEquals": {"kms:EncryptionContext:purpose": list(PII_KEY_PURPOSES)}
        }
    assert table_roles >= 15  # the loop saw the table roles (all but the media-only steps)


def test_no_role_that_writes_the_table_may_change_or_delete_an_audit_entry(
    synth: Synthesized,
) -> None:
    """Issue 17: audit entries are append-only. Every role allowed to write the table also
    carries an explicit Deny (which outranks any Allow) of updates and deletes on AUDIT#."""
    from cdk.access import AUDIT_DENIED_ACTIONS, AUDIT_PARTITIONS

    writers = 0
    for spec in CATALOG.functions:
        statements = json.loads(_statements_of(synth, spec.base))
        allowed = {
            action
            for s in statements
            if s["Effect"] == "Allow"
            for action in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
        }
        if not allowed & {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}:
            continue
        writers += 1
        denied = [
            s
            for s in statements
            if s["Effect"] == "Deny"
            and s.get("Condition")
            == {"ForAnyValue:StringLike": {"dynamodb:LeadingKeys": [AUDIT_PARTITIONS]}}
        ]
        assert len(denied) == 1, spec.base
        assert set(denied[0]["Action"]) == set(AUDIT_DENIED_ACTIONS), spec.base
    assert writers >= 10  # the API and the pipeline's writers, not a vacuous loop


def test_the_pii_keys_table_keeps_no_backup_and_cannot_be_deleted(synth: Synthesized) -> None:
    """Issue 17: the wrapped personal-data keys live in their own table with no point-in-time
    recovery, so a shredded candidate key survives in no backup; losing the table would lose
    every sealed name and email, so it is protected and retained even in dev."""
    data = synth.platform.data
    _, keys = synth.one(data, "AWS::DynamoDB::Table", TableName=PII_KEYS_TABLE.name(synth.stage))
    props = keys["Properties"]
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": False}
    assert props["DeletionProtectionEnabled"] is True
    assert keys["DeletionPolicy"] == keys["UpdateReplacePolicy"] == "Retain"
    assert "StreamSpecification" not in props and "GlobalSecondaryIndexes" not in props
    assert props["SSESpecification"]["KMSMasterKeyId"] == get_att_arn(_key_id(synth))
    _, platform = synth.one(
        data, "AWS::DynamoDB::Table", TableName=PLATFORM_TABLE.name(synth.stage)
    )
    pitr = platform["Properties"]["PointInTimeRecoverySpecification"]
    assert pitr == {"PointInTimeRecoveryEnabled": True}  # the ciphertext keeps its backups


def test_the_table_roles_may_only_get_put_and_delete_a_wrapped_key(synth: Synthesized) -> None:
    """Every role that may write the platform table gets GetItem, PutItem and DeleteItem on the
    keys table and nothing more: no scan, query, update or batch."""
    from cdk.access import PII_KEYS_TABLE_ACTIONS

    keys_id, _ = synth.one(
        synth.platform.data, "AWS::DynamoDB::Table", TableName=PII_KEYS_TABLE.name(synth.stage)
    )
    table_roles = 0
    for spec in CATALOG.functions:
        statements = json.loads(_statements_of(synth, spec.base))
        on_keys = [s for s in statements if keys_id in json.dumps(s.get("Resource"))]
        if '"dynamodb:PutItem"' not in json.dumps(statements):  # not a table role
            assert on_keys == [], spec.base
            continue
        table_roles += 1
        assert len(on_keys) == 1, (spec.base, on_keys)
        assert on_keys[0]["Effect"] == "Allow"
        assert sorted(on_keys[0]["Action"]) == sorted(PII_KEYS_TABLE_ACTIONS)
        assert "Condition" not in on_keys[0]
    assert table_roles >= 15
