"""The local platform's signalling WebSocket (/interviews/live/signal): the same handlers and
use cases as the cloud's routes, over the in-process connection gateway."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from functions.live.signalling_rules import FRAME_LIMIT_BYTES
from functions.local.aws import EmbeddedAws
from functions.local.live_signalling import PATH, with_live_signalling
from functions.local.provision import LocalResources
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import consent
from tests.integration.live.test_scheduling import _starts, schedule


@pytest.fixture(scope="module")
def sockets(platform: tuple[EmbeddedAws, LocalResources]) -> TestClient:
    from functions.api.main import create_app

    return TestClient(with_live_signalling(create_app()))


def _next(ws: Any, kind: str) -> dict[str, Any]:
    """The next frame of this type (others, e.g. presence, may come first)."""
    for _ in range(10):
        frame: dict[str, Any] = json.loads(ws.receive_text())
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


def test_two_participants_exchange_offer_answer_and_ice_and_a_dropped_candidate_resumes(
    client: TestClient, sockets: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)
    assert live["signalling_url"].endswith(PATH)
    panel_url = f"{PATH}?live_interview_id={live['id']}&access_token={tenant.interviewer.token}"
    with sockets.websocket_connect(panel_url) as panel:
        panel.send_text(json.dumps({"type": "join"}))
        assert _next(panel, "joined")["resumed"] is False
        with sockets.websocket_connect(f"{PATH}?token={live['token']}") as candidate:
            candidate.send_text(json.dumps({"type": "join"}))
            joined = _next(candidate, "joined")
            assert [p["participant_id"] for p in joined["participants"]] == [tenant.interviewer.id]
            assert _next(panel, "participant_joined")["participant"]["role"] == "candidate"
            offer = {"type": "offer", "to": "candidate", "payload": {"type": "offer", "sdp": "o"}}
            panel.send_text(json.dumps(offer))
            assert _next(candidate, "offer")["payload"]["sdp"] == "o"
            answer = {"type": "answer", "to": tenant.interviewer.id, "payload": {"sdp": "a"}}
            candidate.send_text(json.dumps(answer))
            assert _next(panel, "answer") == {
                "type": "answer",
                "from": "candidate",
                "payload": {"sdp": "a"},
            }
            ice = {"candidate": "candidate:1 1 udp 1 192.168.1.4 5000 typ host", "sdpMid": "0"}
            candidate.send_text(json.dumps({"type": "ice", "to": tenant.interviewer.id,
                                            "payload": ice}))  # fmt: skip
            assert _next(panel, "ice")["payload"] == ice
            panel.send_text(json.dumps({"type": "question", "index": 0}))
            assert _next(candidate, "question")["question"]["index"] == 0
            panel.send_text(json.dumps({"type": "followup", "text": "Why that one?"}))
            followup = _next(candidate, "question")["question"]
            assert (followup["number"], followup["kind"]) == (2, "followup")
            assert followup["index"] is None
            asked = [_next(panel, "question")["question"]["text"] for _ in range(2)]
            assert asked[1] == "Why that one?"
        # The candidate's connection dropped: the panel hears it, and the session goes on.
        assert _next(panel, "participant_left")["participant"]["participant_id"] == "candidate"
        with sockets.websocket_connect(f"{PATH}?token={live['token']}") as again:
            again.send_text(json.dumps({"type": "join"}))
            resumed = _next(again, "joined")
            assert resumed["resumed"] is True and resumed["status"] == "in_progress"
            assert resumed["question"]["number"] == 2 and len(resumed["timeline"]) == 2
            assert _next(panel, "participant_joined")["resumed"] is True
            panel.send_text(json.dumps({"type": "offer", "to": "candidate", "payload": {}}))
            assert _next(again, "offer")["from"] == tenant.interviewer.id
            again.send_text(json.dumps({"type": "ping"}))
            assert _next(again, "pong") == {"type": "pong"}
    got = client.get(f"/interviews/live/{live['id']}", headers=tenant.hr.headers).json()
    assert got["status"] == "in_progress" and got["started_at"] is not None


def test_a_message_over_the_frame_limit_is_refused_with_a_clear_error_frame(
    client: TestClient, sockets: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)
    with sockets.websocket_connect(f"{PATH}?token={live['token']}") as candidate:
        candidate.send_text(json.dumps({"type": "join"}))
        _next(candidate, "joined")
        huge = {"type": "ice", "to": "x", "payload": {"blob": "x" * FRAME_LIMIT_BYTES}}
        candidate.send_text(json.dumps(huge))
        error = _next(candidate, "error")
        assert error["code"] == "message_too_large" and "at most" in error["detail"]
        candidate.send_text(json.dumps({"type": "ping"}))  # the connection stays usable
        assert _next(candidate, "pong") == {"type": "pong"}


def test_a_bad_link_is_an_error_frame_then_a_close(
    client: TestClient, sockets: TestClient, tenant: Tenant
) -> None:
    live = schedule(client, tenant)  # starts in 30 hours: the room is not open yet
    with sockets.websocket_connect(f"{PATH}?token=made-up") as refused:
        assert _next(refused, "error")["code"] == "not-found"
        with pytest.raises(WebSocketDisconnect) as closed:
            refused.receive_text()
        assert closed.value.code == 4404
    with sockets.websocket_connect(f"{PATH}?token={live['token']}") as early:
        assert "open from 15 minutes before" in _next(early, "error")["detail"]
