"""The live transcript on the local endpoint: a participant's microphone as `audio` frames,
transcribed by faster-whisper (LocalAgreement-2), pushed to the room and stored."""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from functions import wiring
from functions.live.adapters.whisper_stream import LocalStreamingTranscriber, WhisperDecoder
from functions.live.lines import word_key
from functions.live.signalling_rules import AUDIO_RATE, encode
from functions.live.streaming import float_to_mulaw
from functions.local.aws import EmbeddedAws
from functions.local.live_signalling import PATH, with_live_signalling
from functions.local.provision import LocalResources
from functions.transcription.local import LocalWhisperTranscriber
from tests.fixtures.media import SPEECH, sentence_wav, speech_wav, wav_samples
from tests.fixtures.polling import eventually
from tests.integration.api.conftest import Tenant
from tests.integration.live.test_participation import consent
from tests.integration.live.test_scheduling import _starts, schedule


@pytest.fixture(scope="module")
def sockets(platform: tuple[EmbeddedAws, LocalResources]) -> Iterator[TestClient]:
    from functions.api.main import create_app

    saved = wiring.get_settings().live_stream_idle_seconds
    os.environ["APP_LIVE_STREAM_IDLE_SECONDS"] = "2"  # finish the stream soon after the speech
    wiring.reset()
    yield TestClient(with_live_signalling(create_app()))
    os.environ["APP_LIVE_STREAM_IDLE_SECONDS"] = str(saved)
    wiring.reset()


def _frames(ws: Any) -> list[dict[str, Any]]:
    """Every frame already sent to this socket: a ping's pong comes after them."""
    ws.send_text(json.dumps({"type": "ping"}))
    frames = []
    while (frame := json.loads(ws.receive_text()))["type"] != "pong":
        frames.append(frame)
    return frames


def _chunks(path: Path) -> list[str]:
    """The WAV as 1 s mu-law chunks at 16 kHz, base64 (as the browser sends them)."""
    samples = np.concatenate([wav_samples(path), np.zeros(2 * AUDIO_RATE)])  # a pause after it
    return [
        base64.b64encode(float_to_mulaw(samples[i : i + AUDIO_RATE])).decode()
        for i in range(0, len(samples), AUDIO_RATE)
    ]


def _words(text: str) -> set[str]:
    return {w.strip(".,?!").lower() for w in text.split()}


def test_the_candidates_speech_reaches_the_panel_as_transcript_lines_and_is_stored(
    client: TestClient, sockets: TestClient, tenant: Tenant, tmp_path: Path
) -> None:
    live = schedule(client, tenant, starts_at=_starts(hours=0.1))
    consent(client, live)  # the room refuses the candidate's join without it (LIVE-BACKEND)
    chunks = _chunks(speech_wav("en", tmp_path))
    panel_url = f"{PATH}?live_interview_id={live['id']}&access_token={tenant.interviewer.token}"
    with sockets.websocket_connect(panel_url) as panel:
        panel.send_text(json.dumps({"type": "join"}))
        with sockets.websocket_connect(f"{PATH}?token={live['token']}") as candidate:
            # Audio before joining is refused, as is a broken frame; neither ends the socket.
            audio = {"type": "audio", "stream": "mic-1", "encoding": "mulaw", "rate": 16000}
            candidate.send_text(encode({**audio, "seq": 0, "data": chunks[0]}))
            assert json.loads(candidate.receive_text())["code"] == "not_joined"
            candidate.send_text(json.dumps({"type": "join"}))
            candidate.send_text(encode({**audio, "seq": -1, "data": "%%%"}))
            refused = [f for f in _frames(candidate) if f["type"] == "error"]
            assert refused[0]["code"] == "invalid_message" and "seq" in refused[0]["detail"]
            assert "data" in refused[0]["detail"]
            for seq, data in enumerate(chunks):  # at about real-time pace
                candidate.send_text(encode({**audio, "seq": seq, "data": data}))
                time.sleep(0.5)
            transcriber = wiring.live_transcriber()
            assert isinstance(transcriber, LocalStreamingTranscriber)
            eventually(lambda: transcriber.busy() == 0, "the stream finished", timeout=300)
            heard = [f["line"] for f in _frames(panel) if f["type"] == "transcript"]
            spoken = [f["line"] for f in _frames(candidate) if f["type"] == "transcript"]
    confirmed = [line for line in heard if line["final"]]
    assert confirmed and spoken == heard  # both sides get the same lines
    assert {line["speaker"] for line in heard} == {"candidate"}
    assert {line["role"] for line in heard} == {"candidate"} and heard[0]["name"] == "Lena Live"
    text = " ".join(line["text"] for line in confirmed)
    assert len(_words(text) & _words(SPEECH["en"])) >= 8, text
    assert [line["seq"] for line in confirmed] == list(range(len(confirmed)))
    stored = wiring.live_transcripts().confirmed(tenant.company_id, live["id"])
    assert [s.text for s in stored] == [line["text"] for line in confirmed]
    assert all(s.final and s.language == "en" and s.start <= s.end for s in stored)
    assert stored[0].start.isoformat() == confirmed[0]["start"]


def test_a_phrase_said_twice_in_one_buffer_is_heard_twice(tmp_path: Path) -> None:
    # A live decode may not say the same run of tokens twice (a repetition loop ends in its
    # second round instead of at the token cap); a phrase a speaker says again in the same
    # few seconds is not such a run (with runs of four tokens barred, the second "team" was
    # heard as "TeamCold").
    said = "We called the customer support team on Monday, and the customer support team "
    audio = wav_samples(
        sentence_wav("en", said + "called us back on Monday.", tmp_path / "twice.wav")
    )
    s = wiring.get_settings()
    model = LocalWhisperTranscriber(s.whisper_model_dir, s.whisper_cpu_threads).model()
    keys = [word_key(w) for w in WhisperDecoder(lambda: model, "en")(audio, "")]
    phrase = ["customer", "support", "team"]
    assert sum(keys[at : at + 3] == phrase for at in range(len(keys))) == 2, keys
