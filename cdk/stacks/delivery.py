"""Delivery: the role GitHub Actions deploys with, through OIDC (no long-lived keys anywhere).

Deployed once per account, apart from the stages (`interviews-delivery`), and only synthesized
when `-c github_repository=<org>/<repo>` is given. The role:

- trusts GitHub's OIDC provider for tokens whose audience is STS and whose subject is a job in
  one of the repository's deployment environments (`repo:<org>/<repo>:environment:staging` ...),
  the environments whose required reviewers gate production;
- may do one thing: assume the CDK bootstrap roles that `cdk deploy` uses (deploy and
  file-publishing) in the main region and us-east-1. CloudFormation does the rest with the
  bootstrap execution role, so this role grants no service permissions itself.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from cdk.config import DeliveryConfig
from functions.resources import APP

GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com"
GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
STS_AUDIENCE = "sts.amazonaws.com"
# What `cdk deploy` assumes (no Docker images, no context lookups in this app).
BOOTSTRAP_ROLES = ("deploy-role", "file-publishing-role")


class DeliveryStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        delivery: DeliveryConfig,
        regions: tuple[str, ...],
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        provider_arn = delivery.oidc_provider_arn or self._provider().oidc_provider_arn
        self.role = iam.Role(
            self,
            "GitHubDeployRole",
            role_name=f"{APP}-github-deploy",
            description=f"GitHub Actions in {delivery.repository} "
            f"({', '.join(delivery.environments)}) deploy the CDK app",
            assumed_by=iam.WebIdentityPrincipal(
                provider_arn,
                conditions={
                    "StringEquals": {
                        f"{GITHUB_OIDC_HOST}:aud": STS_AUDIENCE,
                        f"{GITHUB_OIDC_HOST}:sub": list(delivery.subjects),
                    }
                },
            ),
            max_session_duration=Duration.hours(1),
        )
        qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER
        self.role.add_to_policy(
            iam.PolicyStatement(
                sid="AssumeCdkBootstrapRoles",
                actions=["sts:AssumeRole", "sts:TagSession"],
                resources=[
                    f"arn:{self.partition}:iam::{self.account}:role/"
                    f"cdk-{qualifier}-{role}-{self.account}-{region}"
                    for role in BOOTSTRAP_ROLES
                    for region in regions
                ],
            )
        )
        CfnOutput(self, "DeployRoleArn", value=self.role.role_arn)

    def _provider(self) -> iam.OidcProviderNative:
        """GitHub's provider (AWS::IAM::OIDCProvider, no custom resource). IAM trusts GitHub's
        certificate through its own root CAs, so no thumbprint needs pinning."""
        provider = iam.OidcProviderNative(
            self,
            "GitHubOidcProvider",
            url=GITHUB_OIDC_URL,
            client_ids=[STS_AUDIENCE],
            removal_policy=RemovalPolicy.RETAIN,  # other roles in the account may trust it
        )
        CfnOutput(self, "OidcProviderArn", value=provider.oidc_provider_arn)
        return provider
