"""Web: the SPA in a private bucket and the API, both behind one CloudFront distribution + WAF.

- The SPA (frontend/dist, or a placeholder page when it is not built) is read by CloudFront
  through origin access control; the bucket is private and refuses plain HTTP.
- SPA routing: a CloudFront Function on the SPA behaviour sends every path without a file
  extension to /index.html. Not distribution-wide 403/404 error responses: those would also
  replace the API's own 403/404 problem+json answers with index.html.
- The API keeps its paths (the SPA calls `/templates`, exactly as on `make dev`'s single port):
  each top-level segment of docs/openapi.json (`/templates`, `/templates/*`, ...) routes to the
  HTTP API origin with caching disabled and every viewer header except Host forwarded (the
  execute-api endpoint needs its own Host). SPA client routes must not start with those segments.
- Candidate pages (`/i/*`) go to the API too (functions/api/routers/candidate_page.py): it
  serves the SPA's index.html with the SPA's CSP plus the frame-ancestors of the link's
  company (its embed origins), which one static headers policy cannot vary per company.
- Response-headers policies: the SPA's CSP (cdk/site.py) allows only itself, the uploads bucket
  (presigned uploads and playback) and, as frame ancestors, the configured embed origins; the
  API's forbids everything (it serves JSON); the candidate page's keeps the CSP the API sends
  (the restrictive API one only when it sends none, i.e. on errors) and sets no
  X-Frame-Options, which would forbid the framing the CSP allows.
- The SPA deployment does not prune: hashed assets of the previous build stay, so a page
  loaded before a deploy (or the API's few-minute cache of index.html) still finds them.
- CloudFront adds the origin-verify secret to every API request (X-Origin-Verify, overwriting
  any viewer value); the template holds a CloudFormation dynamic reference to the secret, never
  its value. The API refuses requests without it, so the execute-api endpoint cannot bypass WAF.
- With a custom domain (StageConfig.domain_name): the distribution answers on it with the
  certificate from the waf stack (us-east-1) and A/AAAA alias records in the stage's zone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import Aws, CfnOutput, Duration, SecretValue, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from cdk import nag
from cdk.config import StageConfig
from cdk.constructs.domain import hosted_zone
from cdk.nag_web import suppress_web_findings
from cdk.site import site_bucket_name, spa_csp, upload_origins
from cdk.stacks.api import ApiStack
from cdk.stacks.data import DataStack
from cdk.stacks.integrations import IntegrationsStack
from functions.resources import resource_name

REPO_ROOT = Path(__file__).resolve().parents[2]
FRONTEND_DIST = REPO_ROOT / "frontend" / "dist"
OPENAPI = REPO_ROOT / "docs" / "openapi.json"
PLACEHOLDER_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Interviews</title>"
    "<p>The web app is not built yet: run <code>make frontend</code>, then deploy again.</p>"
)
# The header CloudFront adds to API requests; functions/api/origin.py checks it.
ORIGIN_VERIFY_HEADER = "X-Origin-Verify"
# What the API answers with JSON: nothing may load or frame it.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
# Candidate pages, served by the API with their company's frame-ancestors.
CANDIDATE_PAGES = "/i/*"

# Viewer request on the SPA behaviour: client-side routes get the app shell.
SPA_REWRITE = """function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }
  return request;
}"""


# The viewer's address for the API's per-address limits (functions/api/client.py): API Gateway
# sees only CloudFront, and a viewer's own X-Viewer-Address is overwritten here.
VIEWER_ADDRESS = """function handler(event) {
  var request = event.request;
  request.headers['x-viewer-address'] = { value: event.viewer.ip };
  return request;
}"""


def api_path_patterns(openapi: Path = OPENAPI) -> list[str]:
    """`/x/*` for every top-level segment of the committed OpenAPI document, and `/x` when the
    document has that path itself (CloudFront allows 25 behaviours, the default one included)."""
    paths = set(json.loads(openapi.read_text())["paths"])
    segments = sorted({path.split("/")[1] for path in paths if path.count("/") >= 1})
    return [
        pattern
        for s in segments
        for pattern in ((f"/{s}", f"/{s}/*") if f"/{s}" in paths else (f"/{s}/*",))
    ]


class WebStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        data: DataStack,
        api: ApiStack,
        integrations: IntegrationsStack,
        web_acl_arn: str,
        certificate_arn: str | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        # The origin-verify secret is read by name (a dynamic reference), so say the order.
        self.add_stack_dependency(integrations)
        self.origin_verify = SecretValue.secrets_manager(
            integrations.origin_verify_secret_name,
            version_id=config.origin_secret_version or None,
        )
        stage = config.stage
        self.logs_bucket = s3.Bucket(
            self,
            "LogsBucket",
            bucket_name=f"{resource_name(stage, 'web-logs')}-{self.account}",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            # CloudFront standard logs are delivered with an ACL.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=config.access_log_expiration)],
            removal_policy=config.removal_policy,
            auto_delete_objects=False,
        )
        self.site_bucket = s3.Bucket(
            self,
            "SiteBucket",
            bucket_name=site_bucket_name(stage, self.account),
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            enforce_ssl=True,
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(noncurrent_version_expiration=config.noncurrent_version_expiration)
            ],
            server_access_logs_bucket=self.logs_bucket,
            server_access_logs_prefix="site/",
            removal_policy=config.removal_policy,
        )
        self.upload_origins = upload_origins(stage, self.account, self.region)
        self.certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
            if certificate_arn
            else None
        )
        self.distribution = self._distribution(api, web_acl_arn)
        self._alias_records()
        self._deploy_site()
        CfnOutput(
            self,
            "WebUrl",
            value=config.public_base_url
            if config.domain_name
            else f"https://{self.distribution.distribution_domain_name}",
        )
        CfnOutput(self, "DistributionDomainName", value=self.distribution.distribution_domain_name)
        CfnOutput(self, "DistributionId", value=self.distribution.distribution_id)
        suppress_web_findings(
            self,
            site_bucket_arn=nag.arn_of(self.site_bucket),
            distribution=self.distribution,
            custom_certificate=self.certificate is not None,
        )

    # -- the distribution -------------------------------------------------------------------------

    def _distribution(self, api: ApiStack, web_acl_arn: str) -> cloudfront.Distribution:
        spa = cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(self.site_bucket),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=self._headers(
                "spa",
                spa_csp(self.upload_origins, self.config.embed_origins, (api.signalling_origin,)),
                frame_options=True,
            ),
            compress=True,
            function_associations=[
                self._viewer_request("SpaRewrite", SPA_REWRITE, "SPA routes -> /index.html")
            ],
        )
        api_origin = origins.HttpOrigin(
            f"{api.http_api.api_id}.execute-api.{api.region}.{Aws.URL_SUFFIX}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            read_timeout=Duration.seconds(30),
            # {{resolve:secretsmanager:...}}: CloudFormation resolves it at deploy time.
            custom_headers={ORIGIN_VERIFY_HEADER: self.origin_verify.unsafe_unwrap()},
        )
        api_behavior = cloudfront.BehaviorOptions(
            origin=api_origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=self._headers("api", API_CSP, frame_options=True),
            function_associations=[
                self._viewer_request(
                    "ViewerAddress", VIEWER_ADDRESS, "the viewer's address for the API's limits"
                )
            ],
        )
        candidate_pages = cloudfront.BehaviorOptions(
            origin=api_origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            # The page's own CSP (its company's frame-ancestors) passes through; the fallback
            # covers only answers without one: the API's problem+json errors.
            response_headers_policy=self._headers(
                "candidate-page", API_CSP, frame_options=False, override_csp=False
            ),
        )
        return cloudfront.Distribution(
            self,
            "Distribution",
            comment=resource_name(self.config.stage, "web"),
            default_behavior=spa,
            additional_behaviors={
                **dict.fromkeys(api_path_patterns(), api_behavior),
                CANDIDATE_PAGES: candidate_pages,
            },
            default_root_object="index.html",
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            web_acl_id=web_acl_arn,
            domain_names=[self.config.domain_name] if self.certificate else None,
            certificate=self.certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021
            if self.certificate
            else None,
            enable_logging=True,
            log_bucket=self.logs_bucket,
            log_file_prefix="cloudfront/",
        )

    def _alias_records(self) -> None:
        """<domain> A and AAAA -> the distribution (IPv6 is on by default)."""
        zone = hosted_zone(self, self.config)
        if zone is None:
            return
        target = route53.RecordTarget.from_alias(targets.CloudFrontTarget(self.distribution))
        route53.ARecord(
            self, "AliasIpv4", zone=zone, record_name=self.config.domain_name, target=target
        )
        route53.AaaaRecord(
            self, "AliasIpv6", zone=zone, record_name=self.config.domain_name, target=target
        )

    def _viewer_request(self, name: str, code: str, comment: str) -> cloudfront.FunctionAssociation:
        """A CloudFront function (JS 2.0) run on each viewer request of a behaviour."""
        return cloudfront.FunctionAssociation(
            event_type=cloudfront.FunctionEventType.VIEWER_REQUEST,
            function=cloudfront.Function(
                self,
                name,
                code=cloudfront.FunctionCode.from_inline(code),
                runtime=cloudfront.FunctionRuntime.JS_2_0,
                comment=comment,
            ),
        )

    def _headers(
        self, name: str, csp: str, *, frame_options: bool, override_csp: bool = True
    ) -> cloudfront.ResponseHeadersPolicy:
        """Security headers; `override_csp=False`: `csp` only where the origin sent none."""
        allow_media = " ".join(("self", *(f'"{o}"' for o in self.config.embed_origins)))
        return cloudfront.ResponseHeadersPolicy(
            self,
            f"{name.title().replace('-', '')}Headers",
            response_headers_policy_name=resource_name(self.config.stage, f"{name}-headers"),
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=csp, override=override_csp
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(365 * 2),
                    include_subdomains=True,
                    preload=True,
                    override=True,
                ),
                # Browsers that know CSP frame-ancestors (all current ones) ignore this in its
                # favour, so the embed origins can frame the app; older ones get SAMEORIGIN.
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.SAMEORIGIN, override=True
                )
                if frame_options
                else None,
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value=f"camera=({allow_media}), microphone=({allow_media}), "
                        "geolocation=(), payment=()",
                        override=True,
                    )
                ]
            ),
        )

    # -- the SPA's files ---------------------------------------------------------------------

    def _deploy_site(self) -> None:
        built = (FRONTEND_DIST / "index.html").is_file()
        source = (
            s3deploy.Source.asset(str(FRONTEND_DIST))
            if built
            else s3deploy.Source.data("index.html", PLACEHOLDER_PAGE)
        )
        s3deploy.BucketDeployment(
            self,
            "Site",
            sources=[source],
            destination_bucket=self.site_bucket,
            distribution=self.distribution,
            distribution_paths=["/*"],
            prune=False,  # the previous build's hashed assets stay (see the module docstring)
            memory_limit=512,
            log_group=logs.LogGroup(
                self,
                "SiteDeploymentLogs",
                retention=self.config.log_retention,
                removal_policy=self.config.removal_policy,
            ),
        )
