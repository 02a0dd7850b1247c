"""The SPA and the API behind one CloudFront distribution, guarded by a us-east-1 WAF."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from cdk_synth import REPO_ROOT, Synthesized, role_statements

from cdk.site import page_csp, signalling_origin, spa_csp, upload_origins
from cdk.stacks.waf import MANAGED_RULE_GROUPS
from cdk.stacks.web import API_CSP, CANDIDATE_PAGES, ORIGIN_VERIFY_HEADER, api_path_patterns
from functions.api import origin
from functions.resources import API_FUNCTION

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


def _distribution(synth: Synthesized) -> dict[str, Any]:
    (distribution,) = synth.resources(synth.platform.web, "AWS::CloudFront::Distribution").values()
    config: dict[str, Any] = distribution["Properties"]["DistributionConfig"]
    return config


def _behaviors(config: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(the API's behaviours, the candidate pages' behaviour)."""
    behaviors = config["CacheBehaviors"]
    (pages,) = [b for b in behaviors if b["PathPattern"] == CANDIDATE_PAGES]
    return [b for b in behaviors if b is not pages], pages


def _headers_policy(synth: Synthesized, behavior: dict[str, Any]) -> dict[str, Any]:
    policies = synth.resources(synth.platform.web, "AWS::CloudFront::ResponseHeadersPolicy")
    policy = policies[behavior["ResponseHeadersPolicyId"]["Ref"]]
    config: dict[str, Any] = policy["Properties"]["ResponseHeadersPolicyConfig"]
    return config


SIGNALLING_API_ID = "LIVE-SIGNALLING-API-ID"


def _csp_text(synth: Synthesized, value: Any) -> str:
    """A policy CloudFormation joins from tokens, as text: the live stack's WebSocket API id
    (imported from its export, which must be that API) as SIGNALLING_API_ID."""
    if isinstance(value, str):
        return value
    parts = []
    for part in value["Fn::Join"][1]:
        if isinstance(part, str):
            parts.append(part)
        elif part == {"Ref": "AWS::URLSuffix"}:
            parts.append("amazonaws.com")
        else:
            parts.append(_signalling_api_id(synth, part))
    return "".join(parts)


def _signalling_api_id(synth: Synthesized, reference: dict[str, Any]) -> str:
    """Checks that `reference` (a weak cross-stack reference) reads the live stack's WebSocket
    API id, and names it SIGNALLING_API_ID."""
    live = synth.json(synth.platform.live)
    (api_id,) = [
        k
        for k, r in live["Resources"].items()
        if r["Type"] == "AWS::ApiGatewayV2::Api"
        and r["Properties"].get("ProtocolType") == "WEBSOCKET"
    ]
    output = reference["Fn::GetStackOutput"]
    assert output["StackName"] == synth.platform.live.stack_name
    assert live["Outputs"][output["OutputName"]]["Value"] == {"Ref": api_id}
    return SIGNALLING_API_ID


def _origin_ids(config: dict[str, Any]) -> tuple[str, str]:
    """(SPA bucket origin id, API origin id)."""
    spa = next(o["Id"] for o in config["Origins"] if "S3OriginConfig" in o)
    api = next(o["Id"] for o in config["Origins"] if "CustomOriginConfig" in o)
    return spa, api


def test_spa_bucket_is_private_and_read_through_origin_access_control(
    synth: Synthesized,
) -> None:
    web = synth.platform.web
    config = _distribution(synth)
    spa_origin = next(o for o in config["Origins"] if "S3OriginConfig" in o)
    assert spa_origin["OriginAccessControlId"]
    assert spa_origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    (oac,) = synth.resources(web, "AWS::CloudFront::OriginAccessControl").values()
    assert oac["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    for bucket in synth.resources(web, "AWS::S3::Bucket").values():
        block = bucket["Properties"]["PublicAccessBlockConfiguration"]
        assert all(block.values())


def test_default_behaviour_serves_the_spa_with_client_side_routing(synth: Synthesized) -> None:
    config = _distribution(synth)
    spa_origin, _ = _origin_ids(config)
    default = config["DefaultCacheBehavior"]
    assert default["TargetOriginId"] == spa_origin
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
    (association,) = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert config["DefaultRootObject"] == "index.html"
    # Distribution-wide error pages would turn the API's 403/404 into index.html.
    assert "CustomErrorResponses" not in config


def test_every_api_path_goes_to_the_api_uncached_with_viewer_headers(
    synth: Synthesized,
) -> None:
    config = _distribution(synth)
    _, api_origin = _origin_ids(config)
    assert len(config["CacheBehaviors"]) + 1 <= 25, "CloudFront's default quota of behaviours"
    behaviors, _ = _behaviors(config)
    for behavior in behaviors:
        assert behavior["TargetOriginId"] == api_origin
        assert behavior["CachePolicyId"] == CACHING_DISABLED
        assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
        assert set(behavior["AllowedMethods"]) >= {"GET", "POST", "PATCH", "PUT", "DELETE"}
        assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
        # The viewer's address, for the sign-in limits (API Gateway sees only CloudFront).
        (association,) = behavior["FunctionAssociations"]
        assert association["EventType"] == "viewer-request"
        functions = synth.resources(synth.platform.web, "AWS::CloudFront::Function")
        code = functions[association["FunctionARN"]["Fn::GetAtt"][0]]["Properties"]["FunctionCode"]
        assert "request.headers['x-viewer-address'] = { value: event.viewer.ip }" in code
    patterns = [b["PathPattern"] for b in behaviors]
    assert patterns == api_path_patterns()
    openapi = json.loads((REPO_ROOT / "docs" / "openapi.json").read_text())
    for path in openapi["paths"]:
        concrete = path.replace("{", "").replace("}", "")
        assert any(fnmatch.fnmatchcase(concrete, p) for p in patterns), path
    api = next(o for o in config["Origins"] if o["Id"] == api_origin)
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert api["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]


def test_responses_carry_the_security_headers(synth: Synthesized) -> None:
    policies = synth.resources(synth.platform.web, "AWS::CloudFront::ResponseHeadersPolicy")
    assert len(policies) == 3  # the SPA's, the API's and the candidate pages'
    config = synth.platform.config
    _, pages = _behaviors(_distribution(synth))
    for policy_id, policy in policies.items():
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        csp = _csp_text(synth, headers["ContentSecurityPolicy"]["ContentSecurityPolicy"])
        assert "frame-ancestors" in csp
        assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31_536_000
        assert headers["StrictTransportSecurity"]["IncludeSubdomains"] is True
        assert headers["ContentTypeOptions"]["Override"] is True
        assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
        if policy_id == pages["ResponseHeadersPolicyId"]["Ref"]:
            continue  # test_candidate_pages_are_the_api_s_with_its_frame_ancestors
        assert headers["FrameOptions"]["FrameOption"] == "SAMEORIGIN"
        assert headers["ContentSecurityPolicy"]["Override"] is True
        if "default-src 'none'" not in csp:  # the SPA's: it may reach the uploads bucket
            assert "object-src 'none'" in csp
            ancestors = " ".join(("'self'", *config.embed_origins))
            assert f"frame-ancestors {ancestors}" in csp
            assert ".s3." in csp.split("connect-src")[1].split(";")[0]
    config_ = _distribution(synth)
    used = {config_["DefaultCacheBehavior"]["ResponseHeadersPolicyId"]["Ref"]} | {
        b["ResponseHeadersPolicyId"]["Ref"] for b in config_["CacheBehaviors"]
    }
    assert used == set(policies)


def test_candidate_pages_are_the_api_s_with_its_frame_ancestors(synth: Synthesized) -> None:
    """/i/* goes to the API (per-company frame-ancestors), uncached, and CloudFront keeps the
    CSP the API sends and adds no X-Frame-Options, which would forbid that framing."""
    config = _distribution(synth)
    _, api_origin = _origin_ids(config)
    _, pages = _behaviors(config)
    assert pages["TargetOriginId"] == api_origin  # with its origin-verify header
    assert pages["CachePolicyId"] == CACHING_DISABLED
    assert pages["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert set(pages.get("AllowedMethods", ["GET", "HEAD"])) == {"GET", "HEAD"}
    assert pages["ViewerProtocolPolicy"] == "redirect-to-https"
    assert "FunctionAssociations" not in pages  # no rewrite to /index.html: the API answers
    policy = _headers_policy(synth, pages)
    headers = policy["SecurityHeadersConfig"]
    assert headers["ContentSecurityPolicy"] == {"ContentSecurityPolicy": API_CSP, "Override": False}
    assert "FrameOptions" not in headers
    assert headers["StrictTransportSecurity"]["Override"] is True
    (permissions,) = policy["CustomHeadersConfig"]["Items"]
    spa = _headers_policy(synth, config["DefaultCacheBehavior"])
    assert spa["CustomHeadersConfig"]["Items"] == [permissions]  # camera and microphone
    # The page's CSP is the SPA's (the API adds the frame-ancestors).
    page = _csp_text(
        synth, spa["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    )
    uploads = upload_origins(synth.stage, synth.account, synth.platform.web.region)
    # The rooms' WebSocket (issue 13): the live stack's API, in its region, over wss only.
    signalling = signalling_origin(SIGNALLING_API_ID, synth.platform.live.region)
    assert page == spa_csp(uploads, synth.platform.config.embed_origins, (signalling,))
    assert page.startswith(page_csp(uploads, (signalling,)) + "; frame-ancestors 'self'")
    (connect,) = [d for d in page.split("; ") if d.startswith("connect-src ")]
    assert (
        connect.split()[-1]
        == f"wss://{SIGNALLING_API_ID}.execute-api.{synth.platform.live.region}.amazonaws.com"
    )


def test_api_function_serves_the_candidate_page_from_the_site_bucket(
    synth: Synthesized,
) -> None:
    _, function = synth.one(
        synth.platform.api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    variables = function["Properties"]["Environment"]["Variables"]
    bucket = variables["APP_SITE_BUCKET"]
    synth.one(synth.platform.web, "AWS::S3::Bucket", BucketName=bucket)  # the SPA's bucket
    csp = _csp_text(synth, variables["APP_CANDIDATE_PAGE_CSP"])
    uploads = upload_origins(synth.stage, synth.account, synth.platform.api.region)
    signalling = signalling_origin(SIGNALLING_API_ID, synth.platform.live.region)
    assert csp == page_csp(uploads, (signalling,)) and "frame-ancestors" not in csp
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    reads = [
        s for s in role_statements(synth, synth.platform.api, role_id) if bucket in json.dumps(s)
    ]
    assert reads == [
        {
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Resource": f"arn:aws:s3:::{bucket}/index.html",
        }
    ]
    # By name: the api stack must not depend on the web stack, which depends on it.
    assert synth.platform.web not in synth.platform.api.dependencies


def test_distribution_is_guarded_by_the_waf_and_logs(synth: Synthesized) -> None:
    config = _distribution(synth)
    assert config["WebACLId"]  # read across regions from the waf stack
    assert config["Logging"]["Bucket"]
    assert config["HttpVersion"] == "http2and3"


def test_waf_lives_in_us_east_1_with_rate_limit_and_managed_rules(synth: Synthesized) -> None:
    waf = synth.platform.waf
    assert waf.region == "us-east-1"
    (acl,) = synth.resources(waf, "AWS::WAFv2::WebACL").values()
    props = acl["Properties"]
    assert props["Scope"] == "CLOUDFRONT"
    assert props["DefaultAction"] == {"Allow": {}}
    rules = {rule["Name"]: rule for rule in props["Rules"]}
    rate = rules["rate-limit-per-ip"]["Statement"]["RateBasedStatement"]
    assert rate["Limit"] == synth.platform.config.waf_rate_limit_per_5_minutes
    assert rate["AggregateKeyType"] == "IP"
    assert rules["rate-limit-per-ip"]["Action"] == {"Block": {}}
    for group in MANAGED_RULE_GROUPS:
        statement = rules[group]["Statement"]["ManagedRuleGroupStatement"]
        assert statement["VendorName"] == "AWS"
        assert rules[group]["OverrideAction"] == {"None": {}}
    assert set(MANAGED_RULE_GROUPS) == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    }
    assert len({rule["Priority"] for rule in props["Rules"]}) == len(props["Rules"])


def test_site_is_deployed_even_without_a_built_frontend(synth: Synthesized) -> None:
    deployments = synth.resources(synth.platform.web, "Custom::CDKBucketDeployment")
    (deployment,) = deployments.values()
    assert deployment["Properties"]["DistributionPaths"] == ["/*"]
    # The previous build's hashed assets stay for pages (and the API's cached index.html)
    # that still name them.
    assert deployment["Properties"]["Prune"] is False


def test_waf_logs_to_an_aws_waf_logs_group_with_retention_and_redaction(
    synth: Synthesized,
) -> None:
    waf = synth.platform.waf
    group_id, group = synth.one(
        waf, "AWS::Logs::LogGroup", LogGroupName=f"aws-waf-logs-interviews-{synth.stage}-web"
    )
    # The stage's log retention, like the API's access logs.
    _, access_logs = synth.one(
        synth.platform.api,
        "AWS::Logs::LogGroup",
        LogGroupName=f"/aws/apigateway/{API_FUNCTION.name(synth.stage)}",
    )
    assert group["Properties"]["RetentionInDays"] == access_logs["Properties"]["RetentionInDays"]
    (acl_id,) = synth.resources(waf, "AWS::WAFv2::WebACL")
    (logging,) = synth.resources(waf, "AWS::WAFv2::LoggingConfiguration").values()
    props = logging["Properties"]
    assert props["ResourceArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    (destination,) = props["LogDestinationConfigs"]
    # WAF takes the group's ARN without the ":*" that Fn::GetAtt would add.
    assert destination == {
        "Fn::Join": ["", [f"arn:aws:logs:us-east-1:{synth.account}:log-group:", {"Ref": group_id}]]
    }
    redacted = {field["SingleHeader"]["Name"] for field in props["RedactedFields"]}
    assert redacted == {"authorization", "cookie"}


def test_cloudfront_sends_the_origin_secret_to_the_api_by_dynamic_reference(
    synth: Synthesized,
) -> None:
    config = _distribution(synth)
    _, api_origin = _origin_ids(config)
    api = next(o for o in config["Origins"] if o["Id"] == api_origin)
    (header,) = api["OriginCustomHeaders"]
    assert header["HeaderName"] == ORIGIN_VERIFY_HEADER == origin.HEADER  # what the API checks
    name = f"interviews-{synth.stage}-origin-verify"
    # Resolved by CloudFormation at deploy time: the template never holds the value.
    assert header["HeaderValue"] == f"{{{{resolve:secretsmanager:{name}:SecretString:::}}}}"
    spa_origin = next(o for o in config["Origins"] if "S3OriginConfig" in o)
    assert "OriginCustomHeaders" not in spa_origin
    # The secret is generated by Secrets Manager; the web stack is deployed after it exists.
    secret_id, secret = synth.one(
        synth.platform.integrations, "AWS::SecretsManager::Secret", Name=name
    )
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    assert "SecretString" not in secret["Properties"]
    assert synth.platform.integrations in synth.platform.web.dependencies
    assert secret_id


def test_api_function_reads_the_origin_secret_and_gets_its_arn(synth: Synthesized) -> None:
    integrations, api = synth.platform.integrations, synth.platform.api
    secret_id, _ = synth.one(
        integrations,
        "AWS::SecretsManager::Secret",
        Name=f"interviews-{synth.stage}-origin-verify",
    )
    _, function = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    arn = function["Properties"]["Environment"]["Variables"]["APP_ORIGIN_VERIFY_SECRET_ARN"]
    assert secret_id in json.dumps(arn)  # a reference to that secret (weak, across stacks)
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    reads = [
        s
        for s in role_statements(synth, api, role_id)
        if "secretsmanager:GetSecretValue" in s["Action"]
        and arn in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    ]
    assert len(reads) == 1
    # Only the API reads it, and no function is given the value itself.
    for stack, _, other in synth.all_resources("AWS::Lambda::Function"):
        variables = other["Properties"].get("Environment", {}).get("Variables", {})
        assert "APP_ORIGIN_VERIFY_SECRET" not in variables, stack.stack_name
        if other["Properties"].get("FunctionName") != API_FUNCTION.name(synth.stage):
            assert "APP_ORIGIN_VERIFY_SECRET_ARN" not in variables, stack.stack_name
