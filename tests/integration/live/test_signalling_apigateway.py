"""The WebSocket API's Lambda routes against moto's apigatewaymanagementapi: frames reach the
connections through PostToConnection; a 410 (moto never answers one: a stub raises
GoneException) removes that stale connection, and the sender's frame still reaches the rest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fastapi.testclient import TestClient
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends

from functions import wiring
from functions.live import handlers
from functions.live.adapters.apigateway import ApiGatewayConnections
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import consent
from tests.integration.live.test_scheduling import _starts, schedule
from tests.integration.notifications.test_notifier import Context


@pytest.fixture
def cloud_gateway(
    platform: tuple[EmbeddedAws, LocalResources], monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("APP_LIVE_GATEWAY_KIND", "apigateway")
    wiring.reset()
    yield
    monkeypatch.delenv("APP_LIVE_GATEWAY_KIND")
    wiring.reset()


def _event(connection_id: str, body: str | None = None, **query: str) -> dict[str, Any]:
    return {
        "requestContext": {"connectionId": connection_id, "requestId": f"r-{connection_id}"},
        "queryStringParameters": query or None,
        "body": body,
    }


def received(connection_id: str) -> list[dict[str, Any]]:
    """Every frame moto's Management API stored for the connection (it concatenates them)."""
    data = apigatewaymanagementapi_backends["123456789012"]["eu-west-1"]
    raw = data.connections[connection_id].data.decode() if connection_id in data.connections else ""
    frames, decoder, at = [], json.JSONDecoder(), 0
    while at < len(raw):
        frame, at = decoder.raw_decode(raw, at)
        frames.append(frame)
    return frames


def _say(connection_id: str, message: dict[str, Any]) -> None:
    assert handlers.message(_event(connection_id, json.dumps(message)), Context()) == {
        "statusCode": 200
    }


def _room(client: TestClient, tenant: Tenant) -> dict[str, Any]:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)
    return live


def test_routes_relay_through_the_management_api(
    client: TestClient, tenant: Tenant, cloud_gateway: None
) -> None:
    live = _room(client, tenant)
    panel = handlers.connect(
        _event("ws-int", live_interview_id=live["id"], access_token=tenant.interviewer.token),
        Context(),
    )
    assert panel == {"statusCode": 200}
    assert handlers.connect(_event("ws-cand", token=live["token"]), Context()) == {
        "statusCode": 200
    }
    _say("ws-int", {"type": "join"})
    _say("ws-cand", {"type": "join"})
    assert received("ws-cand")[-1]["participants"][0]["participant_id"] == tenant.interviewer.id
    _say("ws-int", {"type": "offer", "to": "candidate", "payload": {"sdp": "v=0"}})
    assert received("ws-cand")[-1] == {
        "type": "offer",
        "from": tenant.interviewer.id,
        "payload": {"sdp": "v=0"},
    }
    # The connections are one Query of the session's keys (the repository's only read).
    session = wiring.live_connections().in_session(tenant.company_id, live["id"])
    assert {c.connection_id for c in session} == {"ws-int", "ws-cand"}
    handlers.disconnect(_event("ws-cand"), Context())
    assert received("ws-int")[-1]["type"] == "participant_left"
    # Refused credentials are the handshake's status: no connection is remembered.
    refused = handlers.connect(_event("ws-bad", token="made-up"), Context())
    assert refused["statusCode"] == 404 and wiring.live_connections().get("ws-bad") is None
    stranger = handlers.connect(_event("ws-none"), Context())
    assert stranger["statusCode"] == 401


class GoneFor:
    """A Management API client that answers 410 GoneException for some connections (moto
    never does) and passes every other call to moto's."""

    def __init__(self, real: Any, gone: set[str]) -> None:
        self._real = real
        self.exceptions = real.exceptions
        self.gone = gone

    def post_to_connection(self, *, ConnectionId: str, Data: bytes) -> Any:  # noqa: N803
        if ConnectionId in self.gone:
            error = {"Error": {"Code": "GoneException", "Message": "gone"}}
            raise self.exceptions.GoneException(error, "PostToConnection")
        return self._real.post_to_connection(ConnectionId=ConnectionId, Data=Data)


def test_a_stale_connection_is_removed_not_the_sender_and_the_others_still_hear(
    client: TestClient,
    tenant: Tenant,
    cloud_gateway: None,
    platform: tuple[EmbeddedAws, LocalResources],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = _room(client, tenant)
    aws, _ = platform
    real = boto3.client(
        "apigatewaymanagementapi", endpoint_url=aws.endpoint_url, region_name="eu-west-1"
    )
    stub = GoneFor(real, gone=set())
    with monkeypatch.context() as patched:
        patched.setattr(wiring, "connection_gateway", lambda: ApiGatewayConnections(stub))
        _stale_connection_removed(tenant, live, stub)


def _stale_connection_removed(tenant: Tenant, live: dict[str, Any], stub: GoneFor) -> None:
    for connection_id, query in (
        ("g-int", {"live_interview_id": live["id"], "access_token": tenant.interviewer.token}),
        ("g-hr", {"live_interview_id": live["id"], "access_token": tenant.hr.token}),
        ("g-cand", {"token": live["token"]}),
    ):
        assert handlers.connect(_event(connection_id, **query), Context())["statusCode"] == 200
        _say(connection_id, {"type": "join"})
    stub.gone.add("g-cand")  # closed without its $disconnect having run yet
    _say("g-int", {"type": "question", "index": 0})
    assert received("g-hr")[-1]["type"] == "question"
    assert received("g-int")[-1]["type"] == "question"
    session = wiring.live_connections().in_session(tenant.company_id, live["id"])
    assert {c.connection_id for c in session} == {"g-int", "g-hr"}
    assert wiring.live_connections().get("g-cand") is None
