"""The data stack builds the catalog's table(s), key and bucket(s) exactly."""

from __future__ import annotations

from cdk_synth import Synthesized, get_att_arn

from functions.resources import CATALOG


def _key_id(synth: Synthesized) -> str:
    (key_id,) = synth.resources(synth.platform.data, "AWS::KMS::Key")
    return key_id


def test_kms_key_has_the_catalog_alias_and_rotates(synth: Synthesized) -> None:
    data = synth.platform.data
    key_id = _key_id(synth)
    assert synth.resources(data, "AWS::KMS::Key")[key_id]["Properties"]["EnableKeyRotation"]
    synth.one(
        data,
        "AWS::KMS::Alias",
        AliasName=CATALOG.kms_alias_name(synth.stage),
        TargetKeyId=get_att_arn(key_id),
    )


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
                {"ProjectionType": "ALL"},
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
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
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
        assert encryption["ServerSideEncryptionByDefault"] == {
            "SSEAlgorithm": "aws:kms",
            "KMSMasterKeyID": get_att_arn(_key_id(synth)),
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
