"""Everything that differs between dev, staging and prod, in one place.

The stacks read a `StageConfig` and never branch on the stage name themselves. Context keys
(`cdk synth -c stage=prod -c public_base_url=https://app.example.org`) override the defaults.
The account-wide delivery role (GitHub OIDC) has its own `DeliveryConfig`, built only when
`-c github_repository=<org>/<repo>` is given.
"""

from __future__ import annotations

import os
import re
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


HOST_NAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
HOSTED_ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,32}$")
SECRET_VERSION_ID = re.compile(r"^[A-Za-z0-9-]{32,64}$")
GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
GITHUB_ENVIRONMENT = re.compile(r"^[A-Za-z0-9._-]{1,255}$")


def _check_domain(config: StageConfig) -> None:
    """A domain needs its Route 53 zone (by id and name, so synthesis needs no lookup)."""
    domain, zone = config.domain_name, config.hosted_zone_name
    if not domain:
        if config.hosted_zone_id or zone:
            raise ValueError("hosted_zone_id and hosted_zone_name need a domain_name")
        return
    if not HOST_NAME.match(domain):
        raise ValueError(f"domain_name {domain!r} is not a lower-case host name")
    if not config.hosted_zone_id or not zone:
        raise ValueError(
            "domain_name needs hosted_zone_id and hosted_zone_name (the Route 53 public zone "
            "that holds it: -c hosted_zone_id=Z... -c hosted_zone_name=example.com)"
        )
    if not HOSTED_ZONE_ID.match(config.hosted_zone_id):
        raise ValueError(f"hosted_zone_id {config.hosted_zone_id!r} is not a Route 53 zone id")
    if domain != zone and not domain.endswith(f".{zone}"):
        raise ValueError(f"domain_name {domain!r} is not in the hosted zone {zone!r}")
    if config.public_base_url != f"https://{domain}":
        raise ValueError(
            f"public_base_url {config.public_base_url!r} contradicts domain_name {domain!r}: "
            "leave public_base_url unset, it follows the domain"
        )


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
    # The backstop: recordings (and everything derived from them) are deleted this long after
    # upload whatever happens. Each company's own period after the decision is applied by the
    # daily purge (functions/recordings/retention.py); prod's backstop must outlast the longest
    # one a company may choose.
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
    # Stripe price ids of the paid plans (account-specific, so from context).
    stripe_price_plus: str = ""
    stripe_price_pro: str = ""
    # EventBridge rule targets: retries before a failed event goes to the target's DLQ.
    rule_retry_attempts: int = 8
    rule_max_event_age: Duration = field(default_factory=lambda: Duration.hours(6))
    dlq_retention: Duration = field(default_factory=lambda: Duration.days(14))
    point_in_time_recovery: bool = True  # always on, in every stage
    # Custom domain (optional; account-specific, so from context): CloudFront answers on it with
    # an ACM certificate (us-east-1, DNS-validated in the Route 53 zone) and A/AAAA alias
    # records, and public_base_url is https://<domain_name>. Empty: CloudFront's own domain.
    domain_name: str = ""
    hosted_zone_id: str = ""
    hosted_zone_name: str = ""
    # CloudFront's copy of the origin-verify secret is pinned to this Secrets Manager version
    # when set (rotation, docs/deploy.md); empty: the current version at deploy time.
    origin_secret_version: str = ""
    # Live interviews' ICE servers (from context, comma-separated): STUN, and coturn's TURN
    # URLs, whose short-lived credentials are signed with the stack's TURN secret.
    live_stun_urls: tuple[str, ...] = ()
    live_turn_urls: tuple[str, ...] = ()
    # The signalling WebSocket stage's throttle (messages and connects per second).
    live_throttle_rate_limit: float = 200
    live_throttle_burst_limit: int = 400

    def __post_init__(self) -> None:
        _check_domain(self)

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
        # 24 months (the longest company period) after the latest deadline an invitation may
        # have (365 days), and a month to spare.
        recording_retention=Duration.days(365 + 2 * 365 + 31),
        waf_rate_limit_per_5_minutes=2000,
    ),
}


def _context(node: Node, key: str) -> str | None:
    value = node.try_get_context(key)
    return str(value).strip() if value else None


def _host(value: str) -> str:
    return value.strip().lower().rstrip(".")


def _with_domain(config: StageConfig, node: Node) -> StageConfig:
    domain = _host(_context(node, "domain_name") or config.domain_name)
    zone_id = (_context(node, "hosted_zone_id") or config.hosted_zone_id).removeprefix(
        "/hostedzone/"
    )
    zone_name = _host(_context(node, "hosted_zone_name") or config.hosted_zone_name)
    public_base_url = _context(node, "public_base_url")
    if public_base_url and not public_base_url.startswith("https://"):
        raise ValueError("public_base_url must be https")
    url = public_base_url.rstrip("/") if public_base_url else config.public_base_url
    if domain and not public_base_url:
        url = f"https://{domain}"  # the URL follows the domain
    return replace(
        config,
        domain_name=domain,
        hosted_zone_id=zone_id,
        hosted_zone_name=zone_name,
        public_base_url=url,
    )


def stage_config(node: Node) -> StageConfig:
    """The configuration of the stage named by `-c stage=...` (default dev)."""
    stage = _context(node, "stage") or "dev"
    if stage not in DEPLOY_STAGES:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(DEPLOY_STAGES)}")
    config = _with_domain(STAGES[stage], node)
    origin_secret_version = _context(node, "origin_secret_version")
    if origin_secret_version:
        if not SECRET_VERSION_ID.match(origin_secret_version):
            raise ValueError("origin_secret_version must be a Secrets Manager VersionId")
        config = replace(config, origin_secret_version=origin_secret_version)
    mail_domain = _context(node, "mail_domain")
    if mail_domain:
        config = replace(config, mail_domain=mail_domain)
    alarm_email = _context(node, "alarm_email")
    if alarm_email:
        config = replace(config, alarm_email=alarm_email)
    # The paid plans' Stripe price ids (price_...).
    plus, pro = _context(node, "stripe_price_plus"), _context(node, "stripe_price_pro")
    config = replace(
        config,
        stripe_price_plus=plus or config.stripe_price_plus,
        stripe_price_pro=pro or config.stripe_price_pro,
    )
    embed_origins = _context(node, "embed_origins")  # comma-separated https origins
    if embed_origins:
        origins = tuple(o.strip().rstrip("/") for o in embed_origins.split(",") if o.strip())
        if not all(o.startswith("https://") for o in origins):
            raise ValueError("embed_origins must be https origins")
        config = replace(config, embed_origins=origins)
    return _with_ice(config, node)


ICE_URL = re.compile(
    r"^(stun|stuns|turn|turns):[A-Za-z0-9.\-]+(:\d{1,5})?(\?transport=(udp|tcp))?$"
)


def _with_ice(config: StageConfig, node: Node) -> StageConfig:
    """`-c live_stun_urls=stun:turn.example.com:3478` `-c live_turn_urls=turns:...:5349,...`."""
    return replace(
        config,
        live_stun_urls=_ice_urls(node, "live_stun_urls") or config.live_stun_urls,
        live_turn_urls=_ice_urls(node, "live_turn_urls") or config.live_turn_urls,
    )


def _ice_urls(node: Node, key: str) -> tuple[str, ...]:
    listed = _context(node, key) or ""
    urls = tuple(u.strip() for u in listed.split(",") if u.strip())
    if not all(ICE_URL.match(u) for u in urls):
        raise ValueError(f"{key} must be comma-separated stun:/turn: URLs")
    return urls


@dataclass(frozen=True)
class DeliveryConfig:
    """Who may deploy from CI: a GitHub repository's deployment environments, through OIDC."""

    repository: str  # <org>/<repo>
    environments: tuple[str, ...] = ("staging", "production")
    # An account has one provider per URL: reuse one that already exists (its ARN), else create.
    oidc_provider_arn: str = ""

    @property
    def subjects(self) -> tuple[str, ...]:
        """The OIDC `sub` of a job that runs in one of the environments."""
        return tuple(f"repo:{self.repository}:environment:{e}" for e in self.environments)


def delivery_config(node: Node) -> DeliveryConfig | None:
    """`-c github_repository=<org>/<repo>` [`-c github_environments=staging,production`]
    [`-c github_oidc_provider_arn=arn:aws:iam::...`]; None without a repository."""
    repository = _context(node, "github_repository")
    if not repository:
        return None
    if not GITHUB_REPOSITORY.match(repository):
        raise ValueError(f"github_repository {repository!r} must be <org>/<repo>")
    listed = _context(node, "github_environments")
    environments = (
        tuple(e.strip() for e in listed.split(",") if e.strip())
        if listed
        else DeliveryConfig.environments
    )
    if not environments or not all(GITHUB_ENVIRONMENT.match(e) for e in environments):
        raise ValueError("github_environments must be comma-separated environment names")
    provider = _context(node, "github_oidc_provider_arn") or ""
    if provider and not re.match(
        r"^arn:aws[a-z-]*:iam::\d{12}:oidc-provider/token\.actions\.githubusercontent\.com$",
        provider,
    ):
        raise ValueError("github_oidc_provider_arn must be the ARN of GitHub's OIDC provider")
    return DeliveryConfig(repository, environments, provider)


def environment(node: Node) -> Environment:
    """Account and region: context first, then the CLI's defaults, then neutral placeholders."""
    account = (
        _context(node, "account") or os.environ.get("CDK_DEFAULT_ACCOUNT") or PLACEHOLDER_ACCOUNT
    )
    region = _context(node, "region") or os.environ.get("CDK_DEFAULT_REGION") or DEFAULT_REGION
    return Environment(account=account, region=region)
