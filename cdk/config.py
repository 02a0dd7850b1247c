"""Everything that differs between dev, staging and prod, in one place.

The stacks read a `StageConfig` and never branch on the stage name themselves. Context keys
(`cdk synth -c stage=prod -c public_base_url=https://app.example.org`) override the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Literal, get_args
from urllib.parse import urlparse

from aws_cdk import Duration, Environment, RemovalPolicy
from aws_cdk import aws_logs as logs
from constructs import Node

DeployStage = Literal["dev", "staging", "prod"]
DEPLOY_STAGES: tuple[DeployStage, ...] = get_args(DeployStage)

# Synthesis must work offline: without credentials the CLI sets no CDK_DEFAULT_ACCOUNT, so a
# neutral account id stands in. `cdk deploy` with credentials always sets the real one.
PLACEHOLDER_ACCOUNT = "000000000000"
DEFAULT_REGION = "eu-west-1"


@dataclass(frozen=True)
class StageConfig:
    stage: DeployStage
    # Stateful resources (table, key, buckets, user pool) and log groups.
    removal_policy: RemovalPolicy
    deletion_protection: bool  # DynamoDB and Cognito deletion protection
    termination_protection: bool  # CloudFormation stack termination protection
    kms_pending_window: Duration
    log_retention: logs.RetentionDays
    access_log_expiration: Duration  # S3 server access logs
    noncurrent_version_expiration: Duration  # old versions of uploaded objects
    # Where the web app lives: candidate links, CORS for browser uploads.
    public_base_url: str
    extra_cors_origins: tuple[str, ...]
    log_level: str
    api_throttle_rate_limit: float  # steady requests per second on the default stage
    api_throttle_burst_limit: int
    # Recordings (and everything derived from them) are deleted this long after upload.
    recording_retention: Duration
    # WAF: requests one IP may send in any 5 minutes before it is blocked for a while.
    waf_rate_limit_per_5_minutes: int
    # Which analyzer scores answers: "groq" refuses to run without the key (never fake scores).
    analyzer: Literal["auto", "groq"] = "groq"
    # Career sites allowed to frame the embeddable interview (CSP frame-ancestors).
    embed_origins: tuple[str, ...] = ()
    # SES sending identity (DKIM records to publish); default: the web app's host name.
    mail_domain: str = ""
    # Who receives alarm notifications (an email subscription on the alarm topic), if anyone.
    alarm_email: str = ""
    # EventBridge rule targets: retries before a failed event goes to the target's DLQ.
    rule_retry_attempts: int = 8
    rule_max_event_age: Duration = field(default_factory=lambda: Duration.hours(6))
    dlq_retention: Duration = field(default_factory=lambda: Duration.days(14))
    point_in_time_recovery: bool = True  # always on, in every stage

    @property
    def cors_origins(self) -> tuple[str, ...]:
        return (self.public_base_url, *self.extra_cors_origins)

    @property
    def sender_domain(self) -> str:
        return self.mail_domain or urlparse(self.public_base_url).hostname or ""


STAGES: dict[DeployStage, StageConfig] = {
    "dev": StageConfig(
        stage="dev",
        removal_policy=RemovalPolicy.DESTROY,
        deletion_protection=False,
        termination_protection=False,
        kms_pending_window=Duration.days(7),
        log_retention=logs.RetentionDays.ONE_WEEK,
        access_log_expiration=Duration.days(30),
        noncurrent_version_expiration=Duration.days(7),
        public_base_url="https://dev.interviews.example.com",
        # The SPA's dev server may talk to the dev stack.
        extra_cors_origins=("http://localhost:5173",),
        log_level="DEBUG",
        api_throttle_rate_limit=50,
        api_throttle_burst_limit=100,
        recording_retention=Duration.days(30),
        waf_rate_limit_per_5_minutes=1000,
        analyzer="auto",  # the offline analyzer when no Groq key is set
    ),
    "staging": StageConfig(
        stage="staging",
        removal_policy=RemovalPolicy.RETAIN,
        deletion_protection=True,
        termination_protection=True,
        kms_pending_window=Duration.days(30),
        log_retention=logs.RetentionDays.ONE_MONTH,
        access_log_expiration=Duration.days(90),
        noncurrent_version_expiration=Duration.days(30),
        public_base_url="https://staging.interviews.example.com",
        extra_cors_origins=(),
        log_level="INFO",
        api_throttle_rate_limit=100,
        api_throttle_burst_limit=200,
        recording_retention=Duration.days(90),
        waf_rate_limit_per_5_minutes=1000,
    ),
    "prod": StageConfig(
        stage="prod",
        removal_policy=RemovalPolicy.RETAIN,
        deletion_protection=True,
        termination_protection=True,
        kms_pending_window=Duration.days(30),
        log_retention=logs.RetentionDays.ONE_YEAR,
        access_log_expiration=Duration.days(365),
        noncurrent_version_expiration=Duration.days(90),
        public_base_url="https://interviews.example.com",
        extra_cors_origins=(),
        log_level="INFO",
        api_throttle_rate_limit=500,
        api_throttle_burst_limit=1000,
        recording_retention=Duration.days(365),
        waf_rate_limit_per_5_minutes=2000,
    ),
}


def _context(node: Node, key: str) -> str | None:
    value = node.try_get_context(key)
    return str(value) if value else None


def stage_config(node: Node) -> StageConfig:
    """The configuration of the stage named by `-c stage=...` (default dev)."""
    stage = _context(node, "stage") or "dev"
    if stage not in DEPLOY_STAGES:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(DEPLOY_STAGES)}")
    config = STAGES[stage]
    public_base_url = _context(node, "public_base_url")
    if public_base_url:
        if not public_base_url.startswith("https://"):
            raise ValueError("public_base_url must be https")
        config = replace(config, public_base_url=public_base_url.rstrip("/"))
    mail_domain = _context(node, "mail_domain")
    if mail_domain:
        config = replace(config, mail_domain=mail_domain)
    alarm_email = _context(node, "alarm_email")
    if alarm_email:
        config = replace(config, alarm_email=alarm_email)
    embed_origins = _context(node, "embed_origins")  # comma-separated https origins
    if embed_origins:
        origins = tuple(o.strip().rstrip("/") for o in embed_origins.split(",") if o.strip())
        if not all(o.startswith("https://") for o in origins):
            raise ValueError("embed_origins must be https origins")
        config = replace(config, embed_origins=origins)
    return config


def environment(node: Node) -> Environment:
    """Account and region: context first, then the CLI's defaults, then neutral placeholders."""
    account = (
        _context(node, "account") or os.environ.get("CDK_DEFAULT_ACCOUNT") or PLACEHOLDER_ACCOUNT
    )
    region = _context(node, "region") or os.environ.get("CDK_DEFAULT_REGION") or DEFAULT_REGION
    return Environment(account=account, region=region)
