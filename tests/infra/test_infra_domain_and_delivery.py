"""A custom domain (certificate in us-east-1, aliases, records) and the GitHub deploy role, from
the custom synthesis; the default one has neither."""

from __future__ import annotations

from typing import Any

from aws_cdk import App, Environment
from aws_cdk.assertions import Template
from cdk_synth import CUSTOM_CONTEXT, Synthesized

from cdk.config import DeliveryConfig
from cdk.stacks.delivery import DeliveryStack

DOMAIN = CUSTOM_CONTEXT["domain_name"]
ZONE_ID = CUSTOM_CONTEXT["hosted_zone_id"]


def _distribution(synth: Synthesized) -> dict[str, Any]:
    (distribution,) = synth.resources(synth.platform.web, "AWS::CloudFront::Distribution").values()
    config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
    return config


def test_without_a_domain_cloudfront_keeps_its_own(synth: Synthesized) -> None:
    config = _distribution(synth)
    assert "Aliases" not in config
    assert "ViewerCertificate" not in config  # CloudFront's default certificate
    assert synth.resources(synth.platform.waf, "AWS::CertificateManager::Certificate") == {}
    assert synth.resources(synth.platform.web, "AWS::Route53::RecordSet") == {}
    outputs = synth.json(synth.platform.web)["Outputs"]
    assert outputs["WebUrl"]["Value"] == {
        "Fn::Join": ["", ["https://", outputs["DistributionDomainName"]["Value"]]]
    }


def test_the_default_synthesis_has_no_delivery_stack(synth: Synthesized) -> None:
    assert synth.platform.delivery is None
    assert all("delivery" not in stack.stack_name for stack in synth.platform.stacks)


def test_certificate_is_in_us_east_1_and_validated_in_the_zone(synth_custom: Synthesized) -> None:
    waf = synth_custom.platform.waf
    assert waf.region == "us-east-1"
    (certificate,) = synth_custom.resources(waf, "AWS::CertificateManager::Certificate").values()
    props = certificate["Properties"]
    assert props["DomainName"] == DOMAIN
    assert props["ValidationMethod"] == "DNS"
    assert props["DomainValidationOptions"] == [{"DomainName": DOMAIN, "HostedZoneId": ZONE_ID}]


def test_distribution_answers_on_the_domain_with_the_certificate(
    synth_custom: Synthesized,
) -> None:
    config = _distribution(synth_custom)
    assert config["Aliases"] == [DOMAIN]
    viewer = config["ViewerCertificate"]
    assert viewer["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert viewer["SslSupportMethod"] == "sni-only"
    # Read across regions from the waf stack, like the web ACL.
    reference = viewer["AcmCertificateArn"]["Fn::GetStackOutput"]
    assert reference["StackName"] == synth_custom.platform.waf.stack_name
    assert reference["Region"] == "us-east-1"
    assert config["WebACLId"]["Fn::GetStackOutput"]["Region"] == "us-east-1"


def test_a_and_aaaa_aliases_point_at_the_distribution(synth_custom: Synthesized) -> None:
    web = synth_custom.platform.web
    (distribution_id,) = synth_custom.resources(web, "AWS::CloudFront::Distribution")
    records = synth_custom.resources(web, "AWS::Route53::RecordSet").values()
    assert sorted(r["Properties"]["Type"] for r in records) == ["A", "AAAA"]
    for record in records:
        props = record["Properties"]
        assert props["HostedZoneId"] == ZONE_ID
        assert props["Name"] == f"{DOMAIN}."
        assert props["AliasTarget"]["DNSName"] == {"Fn::GetAtt": [distribution_id, "DomainName"]}


def test_the_public_url_follows_the_domain(synth_custom: Synthesized) -> None:
    config = synth_custom.platform.config
    assert config.public_base_url == f"https://{DOMAIN}"
    assert config.sender_domain == DOMAIN  # SES sends from the domain too
    outputs = synth_custom.json(synth_custom.platform.web)["Outputs"]
    assert outputs["WebUrl"]["Value"] == f"https://{DOMAIN}"
    _, function = synth_custom.one(
        synth_custom.platform.api,
        "AWS::Lambda::Function",
        FunctionName="interviews-prod-api",
    )
    assert function["Properties"]["Environment"]["Variables"]["APP_PUBLIC_BASE_URL"] == (
        f"https://{DOMAIN}"
    )


def _deploy_role(synth: Synthesized) -> tuple[str, dict[str, Any]]:
    delivery = synth.platform.delivery
    assert delivery is not None
    return synth.one(delivery, "AWS::IAM::Role", RoleName="interviews-github-deploy")


def test_github_may_assume_the_deploy_role_only_from_the_repository_environments(
    synth_custom: Synthesized,
) -> None:
    delivery = synth_custom.platform.delivery
    assert delivery is not None
    assert delivery.stack_name == "interviews-delivery"  # once per account, not per stage
    (provider_id, provider), *others = synth_custom.resources(
        delivery, "AWS::IAM::OIDCProvider"
    ).items()
    assert others == []
    assert provider["Properties"]["Url"] == "https://token.actions.githubusercontent.com"
    assert provider["Properties"]["ClientIdList"] == ["sts.amazonaws.com"]
    _, role = _deploy_role(synth_custom)
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Principal"] == {"Federated": {"Ref": provider_id}}
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
                "repo:acme/interviews:environment:staging",
                "repo:acme/interviews:environment:production",
            ],
        }
    }
    assert "DeployRoleArn" in synth_custom.json(delivery)["Outputs"]


def test_the_deploy_role_may_only_assume_the_cdk_bootstrap_roles(
    synth_custom: Synthesized,
) -> None:
    delivery = synth_custom.platform.delivery
    assert delivery is not None
    role_id, role = _deploy_role(synth_custom)
    assert "ManagedPolicyArns" not in role["Properties"]
    assert "Policies" not in role["Properties"]
    (policy,) = synth_custom.resources(delivery, "AWS::IAM::Policy").values()
    assert policy["Properties"]["Roles"] == [{"Ref": role_id}]
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == ["sts:AssumeRole", "sts:TagSession"]
    account = synth_custom.account
    assert sorted(statement["Resource"]) == sorted(
        f"arn:aws:iam::{account}:role/cdk-hnb659fds-{role}-{account}-{region}"
        for role in ("deploy-role", "file-publishing-role")
        for region in ("eu-west-1", "us-east-1")
    )


def test_an_existing_github_provider_is_reused_not_created() -> None:
    """An account has one provider per URL: with its ARN the stack creates none (no full synth:
    the stack alone)."""
    provider = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    app = App()
    stack = DeliveryStack(
        app,
        "delivery",
        delivery=DeliveryConfig("acme/interviews", ("production",), provider),
        regions=("eu-west-1", "us-east-1"),
        env=Environment(account="111122223333", region="eu-west-1"),
    )
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::IAM::OIDCProvider", 0)
    (role,) = template.find_resources("AWS::IAM::Role").values()
    (statement,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Federated": provider}
    assert statement["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"] == [
        "repo:acme/interviews:environment:production"
    ]
