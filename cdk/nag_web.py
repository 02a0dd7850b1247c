"""cdk-nag suppressions of the web stack, each with its reason.

The site deployment runs CDK's own BucketDeployment handler (a singleton Lambda CDK writes and
versions); its role and runtime are CDK's, so its findings are suppressed on it alone.
"""

from __future__ import annotations

from aws_cdk import Stack
from cdk_nag import NagPackSuppression, NagSuppressions

BUCKET_DEPLOYMENT_HANDLER = "Custom::CDKBucketDeployment"


def suppress_web_findings(
    stack: Stack, *, site_bucket_arn: str, distribution: object, custom_certificate: bool
) -> None:
    suppressions = [
        NagPackSuppression(
            id="AwsSolutions-CFR1",
            reason="Candidates are invited from any country; a geo restriction would lock out "
            "legitimate candidates. Abuse is handled by WAF (rate limit, IP reputation).",
        )
    ]
    if not custom_certificate:  # with a domain: its ACM certificate and TLSv1.2_2021
        suppressions.append(
            NagPackSuppression(
                id="AwsSolutions-CFR4",
                reason="A stage without a custom domain uses the default *.cloudfront.net "
                "certificate, whose viewer TLS policy CloudFront fixes; set domain_name (with "
                "its hosted zone) for an ACM certificate with TLSv1.2_2021.",
            )
        )
    NagSuppressions.add_resource_suppressions(
        distribution,  # type: ignore[arg-type]
        suppressions,
        apply_to_children=True,
    )
    handlers = [c for c in stack.node.children if c.node.id.startswith(BUCKET_DEPLOYMENT_HANDLER)]
    for handler in handlers:
        NagSuppressions.add_resource_suppressions(
            handler,
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM4",
                    reason="CDK's BucketDeployment handler role uses AWSLambdaBasicExecutionRole "
                    "(logs only); CDK creates and owns that role.",
                    applies_to=[
                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                        "AWSLambdaBasicExecutionRole"
                    ],
                ),
                NagPackSuppression(
                    id="AwsSolutions-IAM5",
                    reason="CDK's BucketDeployment handler copies the SPA from the CDK assets "
                    "bucket into the site bucket and replaces what was there (object and action "
                    "wildcards on exactly those two buckets); CloudFront invalidations take no "
                    "resource-level permission ('*').",
                    applies_to=[
                        "Action::s3:GetBucket*",
                        "Action::s3:GetObject*",
                        "Action::s3:List*",
                        "Action::s3:Abort*",
                        "Action::s3:DeleteObject*",
                        f"Resource::arn:aws:s3:::cdk-hnb659fds-assets-{stack.account}-"
                        f"{stack.region}/*",
                        f"Resource::{site_bucket_arn}/*",
                        "Resource::*",
                    ],
                ),
                NagPackSuppression(
                    id="AwsSolutions-L1",
                    reason="The runtime of CDK's BucketDeployment handler is chosen by CDK and "
                    "moves with the pinned aws-cdk-lib version.",
                ),
            ],
            apply_to_children=True,
        )
