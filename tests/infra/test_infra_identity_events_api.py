"""Identity, the event bus and the HTTP API, from the catalog."""

from __future__ import annotations

import json

from cdk_synth import Synthesized, role_statements

from functions.resources import ANALYZE_INTERVIEW, API_FUNCTION, CATALOG, PROCESS_ANSWER


def test_user_pool_matches_the_catalog(synth: Synthesized) -> None:
    identity = synth.platform.identity
    spec = CATALOG.user_pool
    pool_id, pool = synth.one(
        identity, "AWS::Cognito::UserPool", UserPoolName=spec.name(synth.stage)
    )
    props = pool["Properties"]
    assert props["MfaConfiguration"] == "OPTIONAL"
    assert props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    policy = props["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == spec.password_min_length
    assert all(
        policy[k]
        for k in ("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")
    )
    assert props["UserPoolTier"] == "PLUS"
    assert props["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    # Sign-up's admin is made with SignUp; Cognito sends no code of its own (ours goes out in
    # the admin's language: functions/accounts/verification.py).
    assert props["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert not props.get("AutoVerifiedAttributes")

    groups = synth.resources(identity, "AWS::Cognito::UserPoolGroup").values()
    assert sorted(g["Properties"]["GroupName"] for g in groups) == sorted(spec.groups)
    assert all(g["Properties"]["UserPoolId"] == {"Ref": pool_id} for g in groups)


def test_web_client_signs_in_with_password_and_has_no_secret(synth: Synthesized) -> None:
    identity = synth.platform.identity
    _, client = synth.one(
        identity,
        "AWS::Cognito::UserPoolClient",
        ClientName=CATALOG.user_pool.client_name(synth.stage),
    )
    props = client["Properties"]
    assert "ALLOW_USER_PASSWORD_AUTH" in props["ExplicitAuthFlows"]
    assert not props.get("GenerateSecret", False)


def test_platform_bus_is_named_by_the_catalog(synth: Synthesized) -> None:
    synth.one(
        synth.platform.events, "AWS::Events::EventBus", Name=CATALOG.event_bus_name(synth.stage)
    )


def test_api_sends_every_request_to_the_api_function(synth: Synthesized) -> None:
    api = synth.platform.api
    config = synth.platform.config
    function_id, _ = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    (api_id,) = synth.resources(api, "AWS::ApiGatewayV2::Api")
    assert (
        synth.resources(api, "AWS::ApiGatewayV2::Api")[api_id]["Properties"]["ProtocolType"]
        == "HTTP"
    )
    integration_id, integration = synth.one(api, "AWS::ApiGatewayV2::Integration")
    # Through the live alias: SnapStart restores published versions only.
    alias_id, alias = synth.one(api, "AWS::Lambda::Alias", Name="live")
    assert alias["Properties"]["FunctionName"] == {"Ref": function_id}
    assert integration["Properties"]["IntegrationUri"] == {"Ref": alias_id}
    _, route = synth.one(api, "AWS::ApiGatewayV2::Route", RouteKey="$default")
    assert route["Properties"]["Target"]["Fn::Join"][1][-1] == {"Ref": integration_id}
    _, stage = synth.one(api, "AWS::ApiGatewayV2::Stage", StageName="$default")
    assert stage["Properties"]["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": config.api_throttle_burst_limit,
        "ThrottlingRateLimit": config.api_throttle_rate_limit,
    }
    assert stage["Properties"]["AccessLogSettings"]["DestinationArn"]["Fn::GetAtt"][1] == "Arn"


def test_api_function_starts_from_a_snapshot_of_its_published_version(
    synth: Synthesized,
) -> None:
    """SnapStart (issue 18): a cold instance resumes after the import instead of running it.
    Each deploy publishes a version for the alias, and the version it replaces is deleted (its
    cached snapshot is billed while it exists). Only the API uses it."""
    api = synth.platform.api
    function_id, function = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    assert function["Properties"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert function["Properties"]["EphemeralStorage"] == {"Size": 512}  # SnapStart's limit
    version_id, version = synth.one(api, "AWS::Lambda::Version")
    assert version["Properties"]["FunctionName"] == {"Ref": function_id}
    assert version["DeletionPolicy"] == "Delete"
    alias_id, alias = synth.one(api, "AWS::Lambda::Alias", Name="live")
    assert alias["Properties"]["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}
    # API Gateway may invoke the alias, what its integration calls.
    invokers = [
        p["Properties"]["FunctionName"]
        for p in synth.resources(api, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    ]
    assert invokers == [{"Ref": alias_id}]
    others = [
        name
        for _, _, resource in synth.all_resources("AWS::Lambda::Function")
        if "SnapStart" in resource["Properties"]
        and (name := resource["Properties"].get("FunctionName")) != API_FUNCTION.name(synth.stage)
    ]
    assert others == []


def test_api_may_reprocess_an_answer_by_the_catalog_name(synth: Synthesized) -> None:
    """reprocessAnswer starts process-answer, rescoreInterview analyze-interview; the ARNs are
    built from the catalog names so the api stack does not depend on the pipeline stack."""
    api = synth.platform.api
    _, function = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = role_statements(synth, api, role_id)
    starts = [s for s in statements if s["Action"] == "states:StartExecution"]
    (start,) = starts
    assert PROCESS_ANSWER.name(synth.stage) in json.dumps(start["Resource"])
    assert ANALYZE_INTERVIEW.name(synth.stage) in json.dumps(start["Resource"])  # rescoreInterview
    assert "interviews-dev-pipeline" not in json.dumps(synth.json(api))


def test_api_may_describe_the_bus_for_health(synth: Synthesized) -> None:
    api = synth.platform.api
    _, function = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = role_statements(synth, api, role_id)
    actions = {str(s["Action"]) for s in statements}
    # CDK merges statements on the same resource: PutEvents (integrations) may share this one.
    flat = {
        a
        for s in statements
        for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    }
    assert "events:DescribeEventBus" in flat
    assert not any("cognito-idp:*" in a for a in actions)
