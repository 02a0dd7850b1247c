"""Waf: the web ACL in front of CloudFront (scope CLOUDFRONT, so this stack lives in us-east-1).

CloudFront is the platform's only public entrance that WAF can guard (API Gateway HTTP APIs cannot
take a web ACL), so the SPA and the API both come through the distribution this ACL protects.
The web stack reads the ACL's ARN through CDK's cross-region references (SSM parameters written
by this stack into the web stack's region, read there at deploy time).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from cdk.config import StageConfig
from functions.resources import resource_name

WAF_REGION = "us-east-1"

# AWS managed rule groups, in evaluation order after the rate limit (cheapest first), each with
# the rules it only counts. The common set blocks bodies over 8 KB; the API takes JSON only
# (recordings go straight to S3), validates sizes itself, and a long template is larger.
MANAGED_RULE_GROUPS: dict[str, tuple[str, ...]] = {
    "AWSManagedRulesAmazonIpReputationList": (),
    "AWSManagedRulesKnownBadInputsRuleSet": (),
    "AWSManagedRulesCommonRuleSet": ("SizeRestrictions_BODY",),
}


def _visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


def _managed(
    group: str, counted: tuple[str, ...]
) -> wafv2.CfnWebACL.ManagedRuleGroupStatementProperty:
    return wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
        vendor_name="AWS",
        name=group,
        rule_action_overrides=[
            wafv2.CfnWebACL.RuleActionOverrideProperty(
                name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
            )
            for rule in counted
        ]
        or None,
    )


class WafStack(Stack):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: StageConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        name = resource_name(config.stage, "web")
        rules = [
            wafv2.CfnWebACL.RuleProperty(
                name="rate-limit-per-ip",
                priority=0,
                action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        aggregate_key_type="IP",
                        limit=config.waf_rate_limit_per_5_minutes,
                        evaluation_window_sec=300,
                    )
                ),
                visibility_config=_visibility(f"{name}-rate-limit"),
            ),
            *(
                wafv2.CfnWebACL.RuleProperty(
                    name=group,
                    priority=priority,
                    override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=_managed(group, MANAGED_RULE_GROUPS[group])
                    ),
                    visibility_config=_visibility(f"{name}-{group}"),
                )
                for priority, group in enumerate(MANAGED_RULE_GROUPS, start=1)
            ),
        ]
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="CLOUDFRONT",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            rules=rules,
            visibility_config=_visibility(name),
        )

    @property
    def web_acl_arn(self) -> str:
        return self.web_acl.attr_arn
