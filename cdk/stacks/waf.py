"""Waf: what CloudFront needs from us-east-1 (the only region where it can read them).

- The web ACL (scope CLOUDFRONT): a per-IP rate limit and AWS managed rule groups. CloudFront is
  the platform's only public entrance that WAF can guard (API Gateway HTTP APIs cannot take a web
  ACL), so the SPA and the API both come through the distribution this ACL protects (and the API
  refuses requests that bypass it: the origin-verify header, cdk/stacks/web.py).
- Its logs: a CloudWatch Logs group named aws-waf-logs-* (WAF's required prefix) with the stage's
  retention; the Authorization header and cookies are redacted (tokens, sessions).
- With a custom domain: the distribution's ACM certificate, DNS-validated in the stage's zone.

The web stack reads the ACL's and the certificate's ARNs through CDK's weak cross-stack
references (Fn::GetStackOutput with this stack's region): no SSM parameters, no custom-resource
Lambdas, no export lock.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from cdk.config import StageConfig
from cdk.constructs.domain import hosted_zone
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
# Never written to the WAF logs (lower case, as WAF requires): bearer tokens (staff, candidates,
# API keys) and cookies.
REDACTED_HEADERS = ("authorization", "cookie")


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
        self.log_group = self._logging(config, name)
        self.certificate = self._certificate(config)

    def _logging(self, config: StageConfig, name: str) -> logs.LogGroup:
        log_group = logs.LogGroup(
            self,
            "Logs",
            log_group_name=f"aws-waf-logs-{name}",
            retention=config.log_retention,
            removal_policy=config.removal_policy,
        )
        wafv2.CfnLoggingConfiguration(
            self,
            "Logging",
            resource_arn=self.web_acl.attr_arn,
            # WAF wants the group's ARN without the trailing ":*" that Fn::GetAtt returns.
            log_destination_configs=[
                self.format_arn(
                    service="logs",
                    resource="log-group",
                    resource_name=log_group.log_group_name,
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            ],
            redacted_fields=[
                wafv2.CfnLoggingConfiguration.FieldToMatchProperty(single_header={"Name": header})
                for header in REDACTED_HEADERS
            ],
        )
        return log_group

    def _certificate(self, config: StageConfig) -> acm.Certificate | None:
        zone = hosted_zone(self, config)
        if zone is None:
            return None
        return acm.Certificate(
            self,
            "Certificate",
            domain_name=config.domain_name,
            certificate_name=resource_name(config.stage, "web"),
            validation=acm.CertificateValidation.from_dns(zone),
        )

    @property
    def web_acl_arn(self) -> str:
        return self.web_acl.attr_arn

    @property
    def certificate_arn(self) -> str | None:
        return self.certificate.certificate_arn if self.certificate else None
