"""The cloud's live transcript through the WebSocket API's $default Lambda (moto's table and
Management API): chunks stored, each complete 3 s window sent once to Groq Whisper (the replay
harness: tests/fixtures/groq/live_windows.json, written by hand) with the speaker's previous
text as the prompt, confirmed lines stored and pushed to the room."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.live import handlers
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.storage.records import Record
from functions.storage.repositories import company_pk
from tests.fixtures.groq_replay import ReplayServer, load
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import consent
from tests.integration.live.test_scheduling import _starts, schedule
from tests.integration.live.test_signalling_apigateway import _event, _say, received
from tests.integration.notifications.test_notifier import Context


@pytest.fixture
def groq_windows(
    platform: tuple[EmbeddedAws, LocalResources],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[ReplayServer]:
    exchanges = getattr(request, "param", "live_windows")
    with ReplayServer(load(exchanges)) as server:
        monkeypatch.setenv("APP_LIVE_GATEWAY_KIND", "apigateway")
        monkeypatch.setenv("APP_LIVE_TRANSCRIBER", "groq")
        monkeypatch.setenv("APP_GROQ_API_KEY", "gsk_test")
        monkeypatch.setenv("APP_GROQ_BASE_URL", server.url)
        wiring.reset()
        yield server
        server.replay.verify()
    monkeypatch.undo()
    wiring.reset()


def _chunk(seq: int, stream: str = "mic-1") -> dict[str, object]:
    data = base64.b64encode(bytes([0xFF, 0x7F]) * 8000).decode()  # 1 s (near silence)
    return {"type": "audio", "stream": stream, "seq": seq, "encoding": "mulaw", "rate": 16000,
            "data": data}  # fmt: skip


def test_complete_windows_are_transcribed_once_with_the_previous_text_as_prompt(
    client: TestClient, tenant: Tenant, groq_windows: ReplayServer
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)  # the room refuses the candidate's join without it (LIVE-BACKEND)
    assert handlers.connect(
        _event("tx-int", live_interview_id=live["id"], access_token=tenant.interviewer.token),
        Context(),
    ) == {"statusCode": 200}
    assert handlers.connect(_event("tx-cand", token=live["token"]), Context()) == {
        "statusCode": 200
    }
    _say("tx-int", {"type": "join"})
    _say("tx-cand", {"type": "join"})
    # Out of order, as concurrent Lambdas may take them; a repeat changes nothing.
    for seq in (1, 0, 2, 2, 4, 3):
        _say("tx-cand", _chunk(seq))
    assert len(groq_windows.replay.requests) == 1  # window 0 only: window 1 lacks seq 5
    _say("tx-cand", _chunk(5))
    assert len(groq_windows.replay.requests) == 2
    _say("tx-cand", _chunk(6))  # window 2 is not complete: not sent

    lines = [f["line"] for f in received("tx-int") if f["type"] == "transcript"]
    assert [(line["text"], line["seq"], line["final"]) for line in lines] == [
        ("I calmed the angry customer.", 0, True),
        ("Then I", 1, True),
        ("offered a refund the next day.", 2, True),
    ]
    assert [f["line"] for f in received("tx-cand") if f["type"] == "transcript"] == lines
    assert {(line["speaker"], line["role"], line["name"]) for line in lines} == {
        ("candidate", "candidate", "Lena Live")
    }
    stored = wiring.live_transcripts().confirmed(tenant.company_id, live["id"])
    assert [s.text for s in stored] == [line["text"] for line in lines]
    assert all(s.language == "en" for s in stored)
    # Window 1 starts 3 s into the stream (chunk n starts n seconds in): on the server clock.
    assert (stored[2].start - stored[0].start).total_seconds() == pytest.approx(3.1, abs=0.01)
    assert stored[0].end <= stored[1].start
    # The chunks wait under a TTL; nothing else keeps audio.
    prefix = f"LIVEAUDIO#{live['id']}#candidate#mic-1#0"
    chunks = list(Record.query(company_pk(tenant.company_id), Record.sk.startswith(prefix)))
    assert len(chunks) == 7 and all(c.expires_at for c in chunks)


def test_audio_from_a_connection_that_has_not_joined_is_refused(
    client: TestClient, tenant: Tenant, groq_windows: ReplayServer
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)  # the room refuses the candidate's join without it (LIVE-BACKEND)
    assert handlers.connect(_event("tx-early", token=live["token"]), Context()) == {
        "statusCode": 200
    }
    _say("tx-early", _chunk(0))
    _say("tx-early", {**_chunk(0), "data": "@@@", "rate": 8000})
    errors = [f for f in received("tx-early") if f["type"] == "error"]
    assert errors[0]["code"] == "not_joined"
    assert errors[1]["code"] == "invalid_message"
    assert "rate" in errors[1]["detail"] and "data" in errors[1]["detail"]
    assert groq_windows.replay.requests == []


@pytest.mark.parametrize("groq_windows", ["transcription_500"], indirect=True)
def test_a_window_groq_fails_on_is_an_error_frame_to_the_speaker_not_a_failed_lambda(
    client: TestClient, tenant: Tenant, groq_windows: ReplayServer
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)  # the room refuses the candidate's join without it (LIVE-BACKEND)
    assert handlers.connect(_event("tx-fail", token=live["token"]), Context()) == {
        "statusCode": 200
    }
    _say("tx-fail", {"type": "join"})
    for seq in range(3):
        _say("tx-fail", _chunk(seq))  # the Lambda answers 200 each time
    assert len(groq_windows.replay.requests) == 1
    errors = [f for f in received("tx-fail") if f["type"] == "error"]
    assert [e["code"] for e in errors] == ["transcription_failed"]
    assert "0-3" in errors[0]["detail"]
    assert wiring.live_transcripts().confirmed(tenant.company_id, live["id"]) == []
