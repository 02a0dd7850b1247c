"""The stage's Route 53 zone, imported by id and name (no lookup: synthesis stays offline)."""

from __future__ import annotations

from aws_cdk import aws_route53 as route53
from constructs import Construct

from cdk.config import StageConfig


def hosted_zone(scope: Construct, config: StageConfig) -> route53.IHostedZone | None:
    """The public zone that holds `config.domain_name`, or None when the stage has no domain."""
    if not config.domain_name:
        return None
    return route53.HostedZone.from_hosted_zone_attributes(
        scope,
        "HostedZone",
        hosted_zone_id=config.hosted_zone_id,
        zone_name=config.hosted_zone_name,
    )
