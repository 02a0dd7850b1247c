"""The live interviews' signalling stack: a WebSocket API whose three routes are catalog
functions, Management API access on its own stage only, coturn's secret for the one function
that signs TURN credentials, and the URL the HTTP API hands to the web app."""

from __future__ import annotations

import json
from typing import Any

from cdk_synth import Synthesized, role_statements

from functions.resources import (
    API_FUNCTION,
    CATALOG,
    LIVE_CONNECT,
    LIVE_DISCONNECT,
    LIVE_MESSAGE,
    LIVE_SIGNALLING_FUNCTIONS,
)


def _function(synth: Synthesized, base: str) -> tuple[str, dict[str, Any]]:
    live = synth.platform.live
    spec = next(f for f in CATALOG.functions if f.base == base)
    return synth.one(live, "AWS::Lambda::Function", FunctionName=spec.name(synth.stage))


def _statements(synth: Synthesized, base: str) -> list[dict[str, Any]]:
    _, function = _function(synth, base)
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    return role_statements(synth, synth.platform.live, role_id)


def test_the_three_routes_invoke_their_catalog_functions(synth: Synthesized) -> None:
    live = synth.platform.live
    [(api_id, api)] = list(synth.resources(live, "AWS::ApiGatewayV2::Api").items())
    assert api["Properties"]["ProtocolType"] == "WEBSOCKET"
    integrations = synth.resources(live, "AWS::ApiGatewayV2::Integration")
    routes = {
        r["Properties"]["RouteKey"]: integrations[
            r["Properties"]["Target"]["Fn::Join"][1][1]["Ref"]
        ]
        for r in synth.resources(live, "AWS::ApiGatewayV2::Route").values()
    }
    assert set(routes) == {"$connect", "$default", "$disconnect"}
    for key, spec in (("$connect", LIVE_CONNECT), ("$default", LIVE_MESSAGE),
                      ("$disconnect", LIVE_DISCONNECT)):  # fmt: skip
        function_id, _ = _function(synth, spec.base)
        assert function_id in json.dumps(routes[key]["Properties"]["IntegrationUri"]), key
    # The pipeline stack does not build them a second time.
    names = {
        r["Properties"].get("FunctionName")
        for r in synth.resources(synth.platform.pipeline, "AWS::Lambda::Function").values()
    }
    assert not names & {f.name(synth.stage) for f in LIVE_SIGNALLING_FUNCTIONS}
    stage = next(iter(synth.resources(live, "AWS::ApiGatewayV2::Stage").values()))
    assert stage["Properties"]["ApiId"] == {"Ref": api_id}
    assert stage["Properties"]["AccessLogSettings"]["DestinationArn"]
    assert stage["Properties"]["DefaultRouteSettings"]["ThrottlingRateLimit"] > 0


def test_only_the_posting_functions_manage_connections_and_only_on_their_own_stage(
    synth: Synthesized,
) -> None:
    [api_id] = list(synth.resources(synth.platform.live, "AWS::ApiGatewayV2::Api"))
    for spec in (LIVE_MESSAGE, LIVE_DISCONNECT):
        manages = [
            s for s in _statements(synth, spec.base) if "execute-api" in json.dumps(s["Action"])
        ]
        assert len(manages) == 1, spec.base
        assert manages[0]["Action"] == "execute-api:ManageConnections"
        parts = manages[0]["Resource"]["Fn::Join"][1]
        assert {"Ref": api_id} in parts and parts[-1] == "/live/POST/@connections/*"
        _, function = _function(synth, spec.base)
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["APP_LIVE_GATEWAY_KIND"] == "apigateway"
        assert "APP_LIVE_MANAGEMENT_ENDPOINT" in variables
    connect = _statements(synth, LIVE_CONNECT.base)
    assert not [s for s in connect if "execute-api" in json.dumps(s["Action"])]


def test_coturns_secret_is_read_by_the_message_function_only(synth: Synthesized) -> None:
    live = synth.platform.live
    [secret_id] = list(synth.resources(live, "AWS::SecretsManager::Secret"))
    readers = [
        spec.base
        for spec in LIVE_SIGNALLING_FUNCTIONS
        if any(_names({"Ref": secret_id}, s) for s in _statements(synth, spec.base))
    ]
    assert readers == [LIVE_MESSAGE.base]
    _, message = _function(synth, LIVE_MESSAGE.base)
    variables = message["Properties"]["Environment"]["Variables"]
    assert variables["APP_LIVE_TURN_SECRET_ARN"] == {"Ref": secret_id}
    assert json.loads(variables["APP_LIVE_TURN_URLS"]) == []  # none configured for dev


def test_the_http_api_tells_the_web_app_the_signalling_url(synth: Synthesized) -> None:
    api = synth.platform.api
    _, function = synth.one(
        api, "AWS::Lambda::Function", FunctionName=API_FUNCTION.name(synth.stage)
    )
    url = function["Properties"]["Environment"]["Variables"]["APP_LIVE_SIGNALLING_URL"]
    assert "wss://" in json.dumps(url)
    outputs = synth.json(synth.platform.live)["Outputs"]
    assert "wss://" in json.dumps(outputs["SignallingUrl"])


def test_the_message_function_transcribes_with_groq_and_alone_reads_its_key(
    synth: Synthesized,
) -> None:
    _, message = _function(synth, LIVE_MESSAGE.base)
    variables = message["Properties"]["Environment"]["Variables"]
    assert variables["APP_LIVE_TRANSCRIBER"] == "groq"
    assert "APP_GROQ_API_KEY_SECRET_ARN" in variables
    # Groq answers within the Lambda's time (API Gateway's integration limit is 29 s).
    assert float(variables["APP_GROQ_TIMEOUT_SECONDS"]) < message["Properties"]["Timeout"] < 29
    key = json.dumps(variables["APP_GROQ_API_KEY_SECRET_ARN"])
    readers = [
        spec.base
        for spec in LIVE_SIGNALLING_FUNCTIONS
        if any(
            "secretsmanager:GetSecretValue" in json.dumps(s["Action"])
            and _names(json.loads(key), s)
            for s in _statements(synth, spec.base)
        )
    ]
    assert readers == [LIVE_MESSAGE.base]


def _names(resource: object, statement: dict[str, Any]) -> bool:
    """The statement covers the resource (alone, or among others it was merged with)."""
    found = statement.get("Resource")
    return resource == found or (isinstance(found, list) and resource in found)
