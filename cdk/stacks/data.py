"""Data: the customer-managed KMS key, the DynamoDB table(s) and the S3 bucket(s) of the catalog."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import CATALOG, Bucket, Table, resource_name

# Presigned PUT / POST and multipart uploads from the browser; ETag is needed to complete a
# multipart upload.
CORS_METHODS = (
    s3.HttpMethods.GET,
    s3.HttpMethods.PUT,
    s3.HttpMethods.POST,
    s3.HttpMethods.HEAD,
)


def _pascal(base: str) -> str:
    return "".join(part.capitalize() for part in base.split("-"))


class DataStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        stage = config.stage

        self.key = kms.Key(
            self,
            "DataKey",
            alias=CATALOG.kms_alias_name(stage),
            description=f"{resource_name(stage, CATALOG.kms_alias)}: tables",
            enable_key_rotation=True,
            pending_window=config.kms_pending_window,
            removal_policy=config.removal_policy,
        )
        # Recordings and what is derived from them (transcripts, frames) are candidates' PII:
        # their own key, so a grant on the table never decrypts them. It also wraps the data
        # keys of the table's sealed names and emails (functions/storage/pii.py), granted only
        # with those keys' encryption contexts (cdk/access.py), never S3's.
        self.pii_key = kms.Key(
            self,
            "PiiKey",
            alias=CATALOG.pii_kms_alias_name(stage),
            description=f"{resource_name(stage, CATALOG.pii_kms_alias)}: recordings, data keys",
            enable_key_rotation=True,
            pending_window=config.kms_pending_window,
            removal_policy=config.removal_policy,
        )
        self.tables = {table.base: self._table(table) for table in CATALOG.tables}
        self.access_logs = self._access_logs_bucket()
        self.buckets = {bucket.base: self._bucket(bucket) for bucket in CATALOG.buckets}
        self._suppress_nag_findings()

    def _table(self, spec: Table) -> dynamodb.Table:
        # The catalog's keys are all strings (pk = "COMPANY#<id>", ...).
        # The keys table (spec.backups False) keeps no point-in-time backup: a candidate key
        # deleted by erasure must not survive in one (crypto-shredding). The price: losing the
        # table loses every name and email sealed under its keys (not recordings, transcripts
        # or scores, which are not sealed under them), so it is protected in every stage.
        protected = not spec.backups
        table = dynamodb.Table(
            self,
            f"{_pascal(spec.base)}Table",
            table_name=spec.name(self.config.stage),
            partition_key=dynamodb.Attribute(
                name=spec.partition_key, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(name=spec.sort_key, type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=self.config.point_in_time_recovery and spec.backups
            ),
            time_to_live_attribute=spec.ttl_attribute,
            # The transactional outbox: the publisher reads new OUTBOX# items from the stream.
            stream=dynamodb.StreamViewType.NEW_IMAGE if spec.stream else None,
            deletion_protection=self.config.deletion_protection or protected,
            removal_policy=RemovalPolicy.RETAIN if protected else self.config.removal_policy,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=dynamodb.Attribute(
                    name=index.partition_key, type=dynamodb.AttributeType.STRING
                ),
                sort_key=dynamodb.Attribute(
                    name=index.sort_key, type=dynamodb.AttributeType.STRING
                ),
                projection_type=(
                    dynamodb.ProjectionType.KEYS_ONLY
                    if index.projection == "keys_only"
                    else dynamodb.ProjectionType.ALL
                ),
            )
        return table

    def _access_logs_bucket(self) -> s3.Bucket:
        # S3 server access logs cannot be delivered to an SSE-KMS bucket: S3-managed keys here.
        return s3.Bucket(
            self,
            "AccessLogsBucket",
            bucket_name=f"{resource_name(self.config.stage, 'access-logs')}-{self.account}",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=self.config.access_log_expiration)],
            removal_policy=self.config.removal_policy,
        )

    def _bucket(self, spec: Bucket) -> s3.Bucket:
        cors = None
        if spec.browser_uploads:
            cors = [
                s3.CorsRule(
                    allowed_methods=list(CORS_METHODS),
                    allowed_origins=list(self.config.cors_origins),
                    allowed_headers=["*"],
                    exposed_headers=["ETag"],
                    max_age=3000,
                )
            ]
        bucket = s3.Bucket(
            self,
            f"{_pascal(spec.base)}Bucket",
            bucket_name=spec.name(self.config.stage, self.account),
            encryption=s3.BucketEncryption.KMS,
            encryption_key=self.pii_key if spec.holds_pii else self.key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=spec.versioned,
            cors=cors,
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix=f"{spec.base}/",
            lifecycle_rules=[
                s3.LifecycleRule(
                    id="cleanup",
                    abort_incomplete_multipart_upload_after=Duration.days(1),
                    noncurrent_version_expiration=(
                        self.config.noncurrent_version_expiration if spec.versioned else None
                    ),
                ),
                # Retention: recordings and what is derived from them (answers/, media/) expire
                # this long after upload; with versioning the current version becomes
                # noncurrent and is removed by the rule above, then its delete marker goes.
                s3.LifecycleRule(id="retention", expiration=self.config.recording_retention),
                s3.LifecycleRule(id="delete-markers", expired_object_delete_marker=True),
            ],
            removal_policy=self.config.removal_policy,
        )
        if spec.event_bridge_notifications:
            # Native CloudFormation property rather than `event_bridge_enabled=True`, which
            # deploys a notifications custom resource (an extra Lambda with broad S3 rights).
            cfn_bucket = bucket.node.default_child
            assert isinstance(cfn_bucket, s3.CfnBucket)
            cfn_bucket.notification_configuration = s3.CfnBucket.NotificationConfigurationProperty(
                event_bridge_configuration=s3.CfnBucket.EventBridgeConfigurationProperty(
                    event_bridge_enabled=True
                )
            )
        return bucket

    def _suppress_nag_findings(self) -> None:
        for spec in CATALOG.tables:
            if not spec.backups:
                NagSuppressions.add_resource_suppressions(
                    self.tables[spec.base],
                    [
                        NagPackSuppression(
                            id="AwsSolutions-DDB3",
                            reason="The personal-data keys table keeps no point-in-time backup "
                            "on purpose: erasure deletes a candidate's key (crypto-shredding), "
                            "and no backup may keep it. Deletion protection and RETAIN guard it.",
                        )
                    ],
                )
        NagSuppressions.add_resource_suppressions(
            self.access_logs,
            [
                NagPackSuppression(
                    id="AwsSolutions-S1",
                    reason="This is the server access log destination; logging it to itself "
                    "would loop.",
                )
            ],
        )
