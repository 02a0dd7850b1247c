"""The WebSocket API's Lambda routes against moto's apigatewaymanagementapi: frames reach the
connections through PostToConnection; a 410 (moto never answers one: a stub raises
GoneException) removes that stale connection, and the sender's frame still reaches the rest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
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


def test_questions_and_follow_ups_make_the_timeline_the_candidate_sees_without_ideal_answers(
    client: TestClient, tenant: Tenant, cloud_gateway: None
) -> None:
    questions = [{"text": "Design a queue.", "ideal_answer": "Idempotent consumers."}]
    live = schedule(client, tenant, starts_at=_starts(hours=0.1), questions=questions)
    consent(client, live)
    for connection_id, query in (
        ("t-int", {"live_interview_id": live["id"], "access_token": tenant.interviewer.token}),
        ("t-cand", {"token": live["token"]}),
    ):
        assert handlers.connect(_event(connection_id, **query), Context())["statusCode"] == 200
        _say(connection_id, {"type": "join"})
    joined = next(f for f in received("t-cand") if f["type"] == "joined")
    assert joined["timeline"] == [] and joined["question"] is None
    assert joined["started_at"] and joined["server_time"]
    ends_at = datetime.fromisoformat(live["ends_at"].replace("Z", "+00:00"))
    assert datetime.fromisoformat(joined["ends_at"]) == ends_at
    _say("t-int", {"type": "question", "index": 0})
    _say("t-int", {"type": "followup", "text": "  And under load?  "})
    seen = [f["question"] for f in received("t-cand") if f["type"] == "question"]
    assert [(q["number"], q["kind"], q["index"], q["text"]) for q in seen] == [
        (1, "template", 0, "Design a queue."),
        (2, "followup", None, "And under load?"),
    ]
    assert all("ideal_answer" not in q and "asked_by" not in q for q in seen)
    panel = [f["question"] for f in received("t-int") if f["type"] == "question"]
    assert panel[0]["ideal_answer"] == "Idempotent consumers."
    assert panel[1]["asked_by"] == tenant.interviewer.id and panel[0]["asked_at"]
    # Only interviewers ask; a follow-up is 1..1000 characters, not blank.
    _say("t-cand", {"type": "followup", "text": "Me?"})
    assert received("t-cand")[-1]["code"] == "forbidden"
    for text in ("   ", "x" * 1001):
        _say("t-int", {"type": "followup", "text": text})
        refused = received("t-int")[-1]
        assert refused["code"] == "invalid_message" and "text" in refused["detail"]
    # Joining again: the whole timeline, as the candidate may see it.
    handlers.disconnect(_event("t-cand"), Context())
    assert handlers.connect(_event("t-cand2", token=live["token"]), Context())["statusCode"] == 200
    _say("t-cand2", {"type": "join"})
    again = next(f for f in received("t-cand2") if f["type"] == "joined")
    assert [set(e) for e in again["timeline"]] == [{"number", "kind", "text", "asked_at"}] * 2
    assert again["question"]["number"] == 2 and again["question"]["kind"] == "followup"
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert [(e["number"], e["kind"], e["asked_by"]) for e in got["timeline"]] == [
        (1, "template", tenant.interviewer.id),
        (2, "followup", tenant.interviewer.id),
    ]
