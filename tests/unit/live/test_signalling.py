"""The room's use cases over in-memory ports: join, relay, questions, end, heartbeat, leave,
resume after a dropped connection, a gone connection removed (not the sender), limits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.domain.consent import Consent
from functions.domain.errors import Conflict, Gone, NotFound
from functions.domain.interviews import Candidate, hash_token
from functions.domain.templates import Question
from functions.events.catalog import Event
from functions.live import signalling
from functions.live.domain import LiveInterview, LiveStatus, join_token
from functions.live.ice import IceServer, ice_servers, turn_credentials
from functions.live.ports import ConnectionGone
from functions.live.signalling_rules import MAX_MESSAGE_BYTES, Connection

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


class Lives:
    def __init__(self, live: LiveInterview) -> None:
        self.items = {live.id: (live, 0)}
        self.events: list[Event] = []

    def get(self, company_id: str, live_id: str) -> tuple[LiveInterview, int] | None:
        return self.items.get(live_id)

    def by_token_hash(self, token_hash: str) -> LiveInterview | None:
        return next((x for x, _ in self.items.values() if x.token_hash == token_hash), None)

    def save(self, live: LiveInterview, revision: int | None, events: Any = ()) -> int:
        current = self.items.get(live.id)
        if current is not None and current[1] != revision:
            raise Conflict("changed")
        self.items[live.id] = (live, (revision or 0) + 1)
        self.events.extend(events)
        return (revision or 0) + 1


class Connections:
    def __init__(self) -> None:
        self.items: dict[str, Connection] = {}

    def put(self, connection: Connection) -> None:
        self.items[connection.connection_id] = connection

    def get(self, connection_id: str) -> Connection | None:
        return self.items.get(connection_id)

    def in_session(self, company_id: str, live_id: str) -> list[Connection]:
        return [c for c in self.items.values() if c.live_id == live_id]

    def remove(self, connection: Connection) -> None:
        self.items.pop(connection.connection_id, None)


@dataclass
class Gateway:
    frames: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)

    def send(self, connection_id: str, frame: str) -> None:
        if connection_id in self.gone:
            raise ConnectionGone(connection_id)
        self.frames.setdefault(connection_id, []).append(json.loads(frame))

    def last(self, connection_id: str) -> dict[str, Any]:
        return self.frames[connection_id][-1]


def _live(**changes: Any) -> LiveInterview:
    question = Question(id="q1", text="Tell us about a hard bug.", ideal_answer="Method")
    live = LiveInterview(
        company_id="co1",
        id="lv1",
        candidate=Candidate(name="Cara", email="cara@example.com"),
        title="Backend",
        questions=[question],
        starts_at=NOW + timedelta(minutes=5),
        duration_minutes=45,
        interviewer_ids=["us1"],
        token_hash=hash_token(join_token("key", "co1", "lv1", 1)),
        created_by="us9",
        created_at=NOW - timedelta(days=1),
        # The candidate consented on the link's page (the room refuses their join before).
        consent=Consent(
            consented_at=NOW - timedelta(minutes=1),
            text_version="v1-en",
            language="en",
            recording_and_ai_analysis=True,
        ),
    )
    return live.model_copy(update=changes)


@pytest.fixture
def room() -> signalling.Room:
    return signalling.Room(
        lives=Lives(_live()),  # type: ignore[arg-type]
        connections=Connections(),  # type: ignore[arg-type]
        gateway=Gateway(),
        ice=lambda who: [IceServer(urls=["stun:stun.example.com:3478"])],
    )


def _gw(room: signalling.Room) -> Gateway:
    assert isinstance(room.gateway, Gateway)
    return room.gateway


def _enter(room: signalling.Room, connection_id: str, who: str) -> None:
    live = room.lives.get("co1", "lv1")
    assert live is not None
    role = "candidate" if who == "candidate" else "interviewer"
    identity = signalling.Identity(live[0], who, role, who.title())
    signalling.connect(room, connection_id, identity, NOW)
    send(room, connection_id, {"type": "join"})


def send(room: signalling.Room, connection_id: str, message: dict[str, Any]) -> None:
    signalling.receive(room, connection_id, json.dumps(message), NOW)


def test_two_participants_join_and_exchange_offer_answer_and_ice(room: signalling.Room) -> None:
    gateway = _gw(room)
    _enter(room, "c-int", "us1")
    first = gateway.last("c-int")
    assert first["type"] == "joined" and first["participants"] == []
    assert first["ice_servers"] == [{"urls": ["stun:stun.example.com:3478"]}]
    assert first["resumed"] is False and first["heartbeat_seconds"] < 600
    _enter(room, "c-cand", "candidate")
    assert gateway.last("c-cand")["participants"][0]["participant_id"] == "us1"
    assert gateway.last("c-int") == {
        "type": "participant_joined",
        "participant": {"participant_id": "candidate", "role": "candidate", "name": "Candidate"},
        "resumed": False,
    }
    send(room, "c-int", {"type": "offer", "to": "candidate", "payload": {"sdp": "v=0 o"}})
    assert gateway.last("c-cand") == {"type": "offer", "from": "us1", "payload": {"sdp": "v=0 o"}}
    send(room, "c-cand", {"type": "answer", "to": "us1", "payload": {"sdp": "v=0 a"}})
    assert gateway.last("c-int")["type"] == "answer"
    ice = {"candidate": "candidate:1 1 udp 2122260223 10.0.0.2 5000 typ host", "sdpMid": "0"}
    send(room, "c-cand", {"type": "ice", "to": "us1", "payload": ice})
    assert gateway.last("c-int") == {"type": "ice", "from": "candidate", "payload": ice}
    # The first join started the interview, once.
    lives = room.lives
    assert isinstance(lives, Lives)
    assert lives.items["lv1"][0].status is LiveStatus.IN_PROGRESS
    assert [e.type for e in lives.events] == ["live_interview.started"]


def test_a_dropped_candidate_who_rejoins_continues_the_same_session(
    room: signalling.Room,
) -> None:
    gateway = _gw(room)
    _enter(room, "c-int", "us1")
    _enter(room, "c-cand", "candidate")
    send(room, "c-int", {"type": "question", "index": 0})
    signalling.disconnect(room, "c-cand")
    assert gateway.last("c-int")["type"] == "participant_left"
    _enter(room, "c-cand-2", "candidate")
    rejoined = gateway.last("c-cand-2")
    assert rejoined["resumed"] is True and rejoined["status"] == "in_progress"
    assert rejoined["question"]["id"] == "q1" and "ideal_answer" not in rejoined["question"]
    assert gateway.last("c-int")["resumed"] is True
    send(room, "c-int", {"type": "offer", "to": "candidate", "payload": {"sdp": "again"}})
    assert gateway.last("c-cand-2")["payload"] == {"sdp": "again"}
    lives = room.lives
    assert isinstance(lives, Lives)
    assert [e.type for e in lives.events] == ["live_interview.started"]  # not a second start


def test_a_rejoin_before_the_old_connection_closed_replaces_it(room: signalling.Room) -> None:
    _enter(room, "c-int", "us1")
    _enter(room, "c-cand", "candidate")
    _enter(room, "c-cand-2", "candidate")
    connections = room.connections
    assert isinstance(connections, Connections)
    assert set(connections.items) == {"c-int", "c-cand-2"}


def test_a_gone_connection_is_removed_and_the_others_still_get_the_frame(
    room: signalling.Room,
) -> None:
    gateway = _gw(room)
    _enter(room, "c-int", "us1")
    _enter(room, "c-cand", "candidate")
    live = room.lives.get("co1", "lv1")
    assert live is not None
    signalling.connect(room, "c-hr", signalling.Identity(live[0], "us2", "interviewer", "H"), NOW)
    send(room, "c-hr", {"type": "join"})
    gateway.gone.add("c-cand")
    send(room, "c-int", {"type": "question", "index": 0})
    assert gateway.last("c-hr")["type"] == "question"
    assert gateway.last("c-int")["type"] == "question"  # the sender too: it is not removed
    connections = room.connections
    assert isinstance(connections, Connections)
    assert set(connections.items) == {"c-int", "c-hr"}


def test_only_interviewers_choose_questions_or_end_and_the_candidate_never_sees_hints(
    room: signalling.Room,
) -> None:
    gateway = _gw(room)
    _enter(room, "c-int", "us1")
    _enter(room, "c-cand", "candidate")
    send(room, "c-cand", {"type": "question", "index": 0})
    assert gateway.last("c-cand")["code"] == "forbidden"
    send(room, "c-cand", {"type": "end"})
    assert gateway.last("c-cand")["code"] == "forbidden"
    send(room, "c-int", {"type": "question", "index": 3})
    assert gateway.last("c-int")["code"] == "invalid_message"
    send(room, "c-int", {"type": "question", "index": 0})
    assert gateway.last("c-int")["question"]["ideal_answer"] == "Method"
    assert "ideal_answer" not in gateway.last("c-cand")["question"]
    send(room, "c-int", {"type": "end"})
    assert gateway.last("c-cand") == {"type": "ended", "by": "us1"}
    lives = room.lives
    assert isinstance(lives, Lives)
    ended = lives.items["lv1"][0]
    assert ended.status is LiveStatus.ENDED and ended.ended_by == "us1"
    assert [e.type for e in lives.events][-1] == "live_interview.ended"
    send(room, "c-cand", {"type": "join"})
    assert gateway.last("c-cand")["code"] == "not_connected"


def test_heartbeat_limits_and_bad_frames_answer_with_an_error_frame(
    room: signalling.Room,
) -> None:
    gateway = _gw(room)
    _enter(room, "c-int", "us1")
    send(room, "c-int", {"type": "ping"})
    assert gateway.last("c-int") == {"type": "pong"}
    huge = {"type": "offer", "to": "candidate", "payload": {"sdp": "x" * MAX_MESSAGE_BYTES}}
    send(room, "c-int", huge)
    refused = gateway.last("c-int")
    assert refused["code"] == "message_too_large" and str(MAX_MESSAGE_BYTES) in refused["detail"]
    signalling.receive(room, "c-int", "not json", NOW)
    assert gateway.last("c-int")["code"] == "invalid_message"
    send(room, "c-int", {"type": "offer", "payload": {}})
    assert "to" in gateway.last("c-int")["detail"]
    send(room, "c-int", {"type": "offer", "to": "candidate", "payload": {}})
    assert gateway.last("c-int")["code"] == "not_in_room"
    live = room.lives.get("co1", "lv1")
    assert live is not None
    identity = signalling.Identity(live[0], "candidate", "candidate", "C")
    signalling.connect(room, "c-new", identity, NOW)
    send(room, "c-new", {"type": "offer", "to": "us1", "payload": {}})
    assert gateway.last("c-new")["code"] == "not_joined"


def test_who_may_connect() -> None:
    token = join_token("key", "co1", "lv1", 1)
    lives: Any = Lives(_live())
    assert signalling.candidate_identity(lives, token, NOW).participant_id == "candidate"
    with pytest.raises(NotFound):
        signalling.candidate_identity(lives, "made-up", NOW)
    with pytest.raises(Conflict):  # the room opens 15 minutes before the start
        signalling.candidate_identity(lives, token, NOW - timedelta(hours=1))
    cancelled: Any = Lives(_live(status=LiveStatus.CANCELLED))
    with pytest.raises(Gone):
        signalling.candidate_identity(cancelled, token, NOW)


def test_turn_credentials_are_coturns_rest_credentials_and_expire() -> None:
    servers = ice_servers(
        stun_urls=["stun:turn.example.com:3478"],
        turn_urls=["turn:turn.example.com:3478?transport=udp"],
        turn_secret="s3cret",
        ttl_seconds=600,
        participant="lv1.candidate",
        now=NOW,
    )
    stun, turn = servers
    assert stun.username is None
    expiry = int(NOW.timestamp()) + 600
    assert turn.username == f"{expiry}:lv1.candidate"
    # coturn's check: base64(HMAC-SHA1(secret, username)), computed independently here.
    import base64
    import hashlib
    import hmac

    expected = base64.b64encode(
        hmac.new(b"s3cret", turn.username.encode(), hashlib.sha1).digest()
    ).decode()
    assert turn.credential == expected
    assert turn_credentials("other", "lv1.candidate", expiry)[1] != expected
    assert (
        ice_servers(
            stun_urls=[], turn_urls=[], turn_secret=None, ttl_seconds=600, participant="x", now=NOW
        )
        == []
    )
